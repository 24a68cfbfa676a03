from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from clinic.audit.services import record
from clinic.auth import services, two_factor
from clinic.auth.access import safe_next_url
from clinic.auth.forms import AppCodeForm, ChangePasswordForm, CodeForm, LoginForm
from clinic.auth.sessions import (
    abandon_second_factor,
    await_second_factor,
    keep_current_session,
    pending_next_url,
    pending_user,
    sign_in,
    sign_out,
)
from clinic.db import utcnow
from clinic.extensions import limiter

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = (
    "That email and password did not match an active account, or the account is locked "
    "for a few minutes after repeated attempts. Try again, or ask your clinic admin."
)
# The secret being enrolled waits here, sealed, until a code from it is confirmed.
ENROLMENT_KEY = "enrolling_totp"


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


# Passwords and codes share one budget per address.
sign_in_rate_limit = limiter.shared_limit(_login_rate_limit, scope="sign-in", methods=["POST"])


@bp.route("/login", methods=["GET", "POST"])
@sign_in_rate_limit
def login():
    if current_user.is_authenticated:
        return redirect(url_for("clients.caseload"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = services.authenticate(form.email.data, form.password.data)
        next_url = safe_next_url(request.args.get("next"))
        if attempt.needs_second_factor:
            await_second_factor(attempt.user, next_url)
            return redirect(url_for("auth.second_factor"))
        if attempt.succeeded:
            sign_in(attempt.user)
            return redirect(next_url or url_for("clients.caseload"))
        form.form_errors.append(SIGN_IN_FAILED)
    signed_out = request.args.get("signed_out") == "1"
    return render_template("auth/login.html", form=form, signed_out=signed_out)


@bp.route("/login/code", methods=["GET", "POST"])
@sign_in_rate_limit
def second_factor():
    user = pending_user()
    if user is None:
        abandon_second_factor()
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if user.is_locked(utcnow()):
            return _code_refused_by_lock_out()
        try:
            kind = two_factor.check_code(user, form.code.data)
        except two_factor.TwoFactorError as error:
            services.count_failed_code(user)
            if user.is_locked(utcnow()):
                return _code_refused_by_lock_out()
            form.code.errors.append(str(error))
        else:
            services.complete_sign_in(user, second_factor=kind)
            next_url = pending_next_url()
            sign_in(user)
            if kind == "recovery":
                left = two_factor.unused_recovery_codes(user)
                flash(f"You used a recovery code; {left} are left.", "info")
            return redirect(next_url or url_for("clients.caseload"))
    return render_template("auth/second_factor.html", form=form)


def _code_refused_by_lock_out():
    abandon_second_factor()
    flash(SIGN_IN_FAILED, "error")
    return redirect(url_for("auth.login"))


@bp.post("/logout")
def logout():
    sign_out()
    # The browser drops this site's cookies (a flashed message with them), storage and cached
    # pages; the login page says it from the URL instead.
    response = redirect(url_for("auth.login", signed_out=1))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


# The account page


@bp.get("/account")
@login_required
def account():
    return _account_page()


def _account_page(regenerate: AppCodeForm | None = None, disable: AppCodeForm | None = None):
    return render_template(
        "auth/account.html",
        regenerate_form=regenerate or AppCodeForm(prefix="regenerate"),
        disable_form=disable or AppCodeForm(prefix="disable"),
        two_factor_required=two_factor.is_required_for(current_user),
        recovery_codes_left=two_factor.unused_recovery_codes(current_user),
        idle_minutes=int(current_app.config["IDLE_TIMEOUT"].total_seconds() // 60),
        absolute_hours=int(current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds() // 3600),
    )


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    services.end_all_sessions(current_user)
    record("auth.signed_out_everywhere", object_type="user", object_id=current_user.id)
    keep_current_session(current_user)
    flash("Every other session of yours is signed out. This one carries on.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current.data, form.password.data, form.confirm.data
            )
        except services.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            keep_current_session(current_user)
            flash("Your password is changed. Other sessions have been signed out.", "success")
            return redirect(url_for("clients.caseload"))
    return render_template("auth/change_password.html", form=form)


# Two-factor sign-in on the account


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    if current_user.has_two_factor:
        return redirect(url_for("auth.account"))
    secret = _secret_being_enrolled()
    form = AppCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(current_user, secret, form.code.data)
        except two_factor.TwoFactorError as error:
            form.code.errors.append(str(error))
        else:
            user = current_user._get_current_object()
            # Sessions opened with the password alone end; this one starts afresh.
            services.end_all_sessions(user)
            sign_in(user)
            return render_template("auth/recovery_codes.html", codes=codes, first_time=True)
    uri = two_factor.provisioning_uri(current_user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr_code=two_factor.qr_code_svg(uri),
        secret=two_factor.readable_secret(secret),
        required=two_factor.is_required_for(current_user),
    )


def _secret_being_enrolled() -> str:
    """The secret shown to this session, the same on every visit until it is confirmed."""
    sealed = session.get(ENROLMENT_KEY)
    if sealed:
        try:
            return two_factor.unseal(sealed)
        except two_factor.TwoFactorError:
            pass
    secret = two_factor.new_secret()
    session[ENROLMENT_KEY] = two_factor.seal(secret)
    return secret


@bp.post("/account/two-factor/recovery-codes")
@login_required
def regenerate_recovery_codes():
    form = AppCodeForm(prefix="regenerate")
    if form.validate_on_submit() and current_user.has_two_factor:
        try:
            codes = two_factor.regenerate_recovery_codes(current_user, form.code.data)
        except two_factor.TwoFactorError as error:
            form.code.errors.append(str(error))
        else:
            return render_template("auth/recovery_codes.html", codes=codes, first_time=False)
    return _account_page(regenerate=form)


@bp.post("/account/two-factor/disable")
@login_required
def disable_two_factor():
    form = AppCodeForm(prefix="disable")
    if form.validate_on_submit() and current_user.has_two_factor:
        try:
            two_factor.disable(current_user, form.code.data)
        except two_factor.TwoFactorError as error:
            form.code.errors.append(str(error))
        else:
            flash("Two-factor sign-in is off.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(disable=form)
