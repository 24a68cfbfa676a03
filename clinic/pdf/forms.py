from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from clinic.forms import options
from clinic.pdf.models import SummaryVersion


class PersonalNoteForm(FlaskForm):
    note = TextAreaField(
        "Personal note (optional)",
        validators=[Optional(), Length(max=1500)],
        description="Printed under “Prepared for …” at the top of the handout.",
    )


class SummaryForm(FlaskForm):
    period_start = DateField("From", validators=[InputRequired()])
    period_end = DateField("To", validators=[InputRequired()])
    version = RadioField(
        "Version",
        choices=options(
            [
                (
                    SummaryVersion.CLINICAL.value,
                    "Clinical copy (for the record, referrers, supervision)",
                ),
                (SummaryVersion.CLIENT.value, "Client copy (plain language, encouraging)"),
            ]
        ),
        validators=[InputRequired()],
    )
    narrative = TextAreaField(
        "Therapist's summary (clinical copy)",
        validators=[Optional(), Length(max=10_000)],
        description="Formulation, progress, risk, plan. Printed on the clinical copy only.",
    )
    client_message = TextAreaField(
        "A message to the client (client copy)",
        validators=[Optional(), Length(max=3000)],
        description="Printed at the top of the client copy.",
    )
    client_copy_scores = BooleanField("Show ratings and scores on the client copy")

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError("The end of the period is before its start.")
