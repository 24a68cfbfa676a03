from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError


def not_in_past(form, field):
    if field.data and field.data < date.today():
        raise ValidationError("Choose today or a later date.")


class AssignForm(FlaskForm):
    exercise = SelectField("Exercise", validators=[InputRequired()])
    instructions = TextAreaField(
        "Your instructions",
        validators=[Optional(), Length(max=2000)],
        description="Optional; shown above the exercise, e.g. which situation to try it in.",
    )
    due_on = DateField("Due", validators=[Optional(), not_in_past])
    measure = SelectField(
        "Questionnaire on the same link",
        validators=[Optional()],
        description="Optional; the client answers it on the same page as the homework.",
    )


class ReviewForm(FlaskForm):
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=5000)])
    share = BooleanField("Show this comment to the client on their homework page")


class ExtendForm(FlaskForm):
    days = IntegerField(
        "Extend by (days)", default=7, validators=[InputRequired(), NumberRange(1, 60)]
    )
