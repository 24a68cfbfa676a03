from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired, ValidationError


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("The date taken cannot be in the future.")


class AdministerForm(FlaskForm):
    """The date of a questionnaire entered in session; its answers are read from the same
    request by `services.read_answers`, one radio group per item."""

    taken_on = DateField(
        "Date taken", default=date.today, validators=[InputRequired(), not_in_future]
    )


class SendMeasureForm(FlaskForm):
    measure = SelectField("Questionnaire", validators=[InputRequired()])
