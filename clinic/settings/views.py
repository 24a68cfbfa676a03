from flask import Blueprint, flash, redirect, render_template, url_for

from clinic.auth.access import admin_required
from clinic.settings.forms import SettingsForm
from clinic.settings.models import PaperSize
from clinic.settings.services import clinic_settings, update_settings

bp = Blueprint("settings", __name__, url_prefix="/admin")


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def edit():
    settings = clinic_settings()
    form = SettingsForm(obj=settings)
    if form.validate_on_submit():
        update_settings(
            clinic_name=form.clinic_name.data,
            address=form.address.data,
            crisis_text=form.crisis_text.data,
            paper_size=PaperSize(form.paper_size.data),
            require_two_factor=form.require_two_factor.data,
        )
        flash("Settings saved.", "success")
        return redirect(url_for("settings.edit"))
    if not form.is_submitted():
        form.paper_size.data = settings.paper_size.value
    return render_template("settings/edit.html", form=form)
