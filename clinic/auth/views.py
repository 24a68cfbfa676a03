from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from clinic.auth import services
from clinic.auth.access import safe_next_url
from clinic.auth.forms import ChangePasswordForm, LoginForm
from clinic.auth.sessions import keep_current_session, sign_in, sign_out
from clinic.extensions import db, limiter

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = (
    "That email and password did not match an active account, or the account is locked "
    "for a few minutes after repeated attempts. Try again, or ask your clinic admin."
)


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("clients.caseload"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = services.authenticate(form.email.data, form.password.data)
        db.session.commit()
        if attempt.succeeded:
            sign_in(attempt.user)
            return redirect(safe_next_url(request.args.get("next")) or url_for("clients.caseload"))
        form.form_errors.append(SIGN_IN_FAILED)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


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
            db.session.commit()
            keep_current_session(current_user)
            flash("Your password is changed. Other sessions have been signed out.", "success")
            return redirect(url_for("clients.caseload"))
    return render_template("auth/change_password.html", form=form)
