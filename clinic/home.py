from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    if current_user.is_admin:
        return redirect(url_for("admin.users"))
    return redirect(url_for("auth.change_password"))
