"""The admin's account pages: list, create, deactivate, reactivate, reset a password or
two-factor sign-in."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from clinic.auth import services, two_factor
from clinic.auth.access import admin_required
from clinic.auth.forms import NewUserForm
from clinic.auth.models import Role, User
from clinic.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _get_user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/users")
@admin_required
def users():
    return render_template("admin/users.html", users=services.list_users())


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            services.check_new_password(
                form.email.data, form.name.data, form.password.data, form.confirm.data
            )
            user = services.create_user(
                form.email.data,
                form.name.data,
                form.password.data,
                role=Role.ADMIN if form.is_admin.data else Role.THERAPIST,
                by=current_user,
            )
        except services.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            user.must_change_password = True
            flash(f"Account created for {user.name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    return _apply(user_id, services.deactivate, "{name} is deactivated and signed out.")


@bp.post("/users/<int:user_id>/reactivate")
@admin_required
def reactivate(user_id: int):
    return _apply(user_id, services.reactivate, "{name} can sign in again.")


def _apply(user_id: int, change, message: str):
    user = _get_user_or_404(user_id)
    try:
        change(user, by=current_user)
    except services.AccountError as error:
        flash(str(error), "error")
    else:
        flash(message.format(name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-password")
@admin_required
def reset_password(user_id: int):
    user = _get_user_or_404(user_id)
    temporary = services.reset_password(user, by=current_user)
    return render_template("admin/password_reset.html", user=user, temporary=temporary)


@bp.post("/users/<int:user_id>/reset-two-factor")
@admin_required
def reset_two_factor(user_id: int):
    user = _get_user_or_404(user_id)
    two_factor.reset(user, by=current_user)
    flash(
        f"Two-factor sign-in is reset for {user.name}. They are signed out and set it up again "
        "if it is required.",
        "success",
    )
    return redirect(url_for("admin.users"))
