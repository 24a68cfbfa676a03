from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional


class AuditFilterForm(FlaskForm):
    """Filters read from the query string; only known values are accepted."""

    class Meta:
        csrf = False

    action = SelectField("Action", validators=[Optional()], validate_choice=True)
    actor = SelectField("Who", validators=[Optional()], coerce=str, validate_choice=True)
    since = DateField("From", validators=[Optional()])
    until = DateField("To (inclusive)", validators=[Optional()])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)], default=1)
