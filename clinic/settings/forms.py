from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from clinic.forms import options


class SettingsForm(FlaskForm):
    clinic_name = StringField("Clinic name", validators=[DataRequired(), Length(max=120)])
    address = StringField(
        "Address line for letterheads",
        validators=[Length(max=300)],
        description="Printed at the top of PDF documents.",
    )
    crisis_text = TextAreaField(
        "Crisis-support text",
        validators=[DataRequired(), Length(max=2000)],
        description="Shown on every client page and at the end of every handout.",
    )
    paper_size = RadioField(
        "Paper size",
        choices=options([("A4", "A4"), ("letter", "US Letter")]),
        validators=[DataRequired()],
    )
    require_two_factor = BooleanField(
        "Require two-factor sign-in for everyone",
        description="Admins always need it. Anyone without it is asked to set it up "
        "at their next page.",
    )
