from datetime import date
from functools import cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from clinic.clients.caseload import SORTS
from clinic.clients.intake import FREQUENCIES, FREQUENCY_LABELS, IMPACT_LABELS, empty_intake
from clinic.clients.models import Attendance, GoalStatus
from clinic.content.models import Taxonomy
from clinic.forms import options

SHORT_TEXT = 500
LONG_TEXT = 10_000


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("This date is in the future.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClientForm(FlaskForm):
    preferred_name = StringField(
        "Preferred name",
        validators=[DataRequired(), Length(max=80)],
        description="What the client likes to be called; shown on their pages and handouts.",
    )
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=160)])
    pronouns = StringField("Pronouns", validators=[Optional(), Length(max=40)])
    date_of_birth = DateField("Date of birth", validators=[Optional(), not_in_future])
    email = EmailField(
        "Email", validators=[Optional(), Email(check_deliverability=False), Length(max=254)]
    )


class DischargeForm(FlaskForm):
    discharged_on = DateField("Discharge date", validators=[InputRequired(), not_in_future])
    reason = TextAreaField(
        "Reason",
        validators=[DataRequired(), Length(max=SHORT_TEXT * 4)],
        description="E.g. goals met, moved away, referred on.",
    )


class EraseForm(FlaskForm):
    confirm_name = StringField(
        "Type the client's full name to confirm", validators=[DataRequired(), Length(max=160)]
    )


class ReassignForm(FlaskForm):
    therapist_id = SelectField("New therapist", coerce=int, validators=[InputRequired()])


class ReassignCaseloadForm(FlaskForm):
    from_therapist_id = SelectField("From", coerce=int, validators=[InputRequired()])
    to_therapist_id = SelectField("To", coerce=int, validators=[InputRequired()])

    def validate_to_therapist_id(self, field):
        if field.data == self.from_therapist_id.data:
            raise ValidationError("Choose a different therapist.")


class GoalForm(FlaskForm):
    description = TextAreaField(
        "New goal",
        validators=[DataRequired(), Length(max=SHORT_TEXT * 2)],
        description="In concrete terms, e.g. 'Tell my partner when I feel the urge to check'.",
    )


class GoalRatingForm(FlaskForm):
    score = IntegerField("Progress (0–10)", validators=[InputRequired(), NumberRange(0, 10)])
    rated_on = DateField("Date", validators=[InputRequired(), not_in_future], default=date.today)


class GoalStatusForm(FlaskForm):
    status = SelectField(
        "Status",
        choices=options((s.value, s.value.capitalize()) for s in GoalStatus),
        validators=[InputRequired()],
    )


class SessionNoteForm(FlaskForm):
    session_date = DateField(
        "Date", validators=[InputRequired(), not_in_future], default=date.today
    )
    duration_minutes = IntegerField(
        "Minutes", validators=[InputRequired(), NumberRange(0, 600)], default=50
    )
    attendance = RadioField(
        "Attendance",
        choices=options((a.value, a.label) for a in Attendance),
        default=Attendance.ATTENDED.value,
        validators=[InputRequired()],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=LONG_TEXT)])


NOT_RATED = ""


class IntakeFormBase(FlaskForm):
    """Fields that do not depend on the taxonomy; the rest are added by `intake_form_class`."""

    reason = TextAreaField(
        "Reason for referral",
        validators=[Optional(), Length(max=LONG_TEXT)],
        description="Who referred the client and what brought them now.",
    )
    strengths = TextAreaField(
        "Strengths and supports",
        validators=[Optional(), Length(max=LONG_TEXT)],
        description="People, skills, routines and values the client can lean on.",
    )
    safety_risk = RadioField(
        "Any current risk to self or others?",
        choices=options([(NOT_RATED, "Not yet asked"), ("no", "No"), ("yes", "Yes")]),
        default=NOT_RATED,
    )
    safety_plan = TextAreaField(
        "Safety plan",
        validators=[Length(max=LONG_TEXT)],
        description="Required when there is a risk: what was agreed, who else knows.",
    )
    client_goals = TextAreaField(
        "The client's goals, in their own words",
        validators=[Optional(), Length(max=LONG_TEXT)],
    )

    taxonomy: Taxonomy

    def validate_safety_plan(self, field):
        if self.safety_risk.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Describe the safety plan for a client at risk.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for item in self.taxonomy.origins:
            chosen = self[f"origin_{item.id}"].data
            for suffix in ("note", "began"):
                field = self[f"origin_{item.id}_{suffix}"]
                if (field.data or "").strip() and not chosen:
                    field.errors.append("Tick this origin to keep this, or clear it.")
                    valid = False
        return valid

    def load(self, data: dict[str, Any]) -> None:
        """Fill the form from a stored intake (on GET)."""
        for key in ("reason", "strengths", "client_goals"):
            self[key].data = data[key]
        risk = data["safety"]["risk"]
        self.safety_risk.data = NOT_RATED if risk is None else ("yes" if risk else "no")
        self.safety_plan.data = data["safety"]["plan"]
        origins = {o["id"]: o for o in data["origins"]}
        for item in self.taxonomy.origins:
            origin = origins.get(item.id)
            self[f"origin_{item.id}"].data = origin is not None
            self[f"origin_{item.id}_note"].data = origin["note"] if origin else ""
            self[f"origin_{item.id}_began"].data = origin["began"] if origin else ""
        for item in self.taxonomy.signs:
            self[f"sign_{item.id}"].data = data["signs"].get(item.id, NOT_RATED)
        for item in self.taxonomy.impact_areas:
            value = data["impact"].get(item.id)
            self[f"impact_{item.id}"].data = NOT_RATED if value is None else str(value)
        self.effects.data = list(data["effects"])
        self.relationships.data = list(data["relationships"])

    def to_data(self) -> dict[str, Any]:
        """The intake document for a validated form."""
        data = empty_intake()
        for key in ("reason", "strengths", "client_goals"):
            data[key] = (self[key].data or "").strip()
        risk = self.safety_risk.data
        data["safety"] = {
            "risk": None if risk == NOT_RATED else risk == "yes",
            "plan": (self.safety_plan.data or "").strip(),
        }
        data["origins"] = [
            {
                "id": item.id,
                "note": (self[f"origin_{item.id}_note"].data or "").strip(),
                "began": (self[f"origin_{item.id}_began"].data or "").strip(),
            }
            for item in self.taxonomy.origins
            if self[f"origin_{item.id}"].data
        ]
        data["signs"] = {
            item.id: self[f"sign_{item.id}"].data
            for item in self.taxonomy.signs
            if self[f"sign_{item.id}"].data != NOT_RATED
        }
        data["impact"] = {
            item.id: int(self[f"impact_{item.id}"].data)
            for item in self.taxonomy.impact_areas
            if self[f"impact_{item.id}"].data != NOT_RATED
        }
        data["effects"] = [e.id for e in self.taxonomy.effects if e.id in self.effects.data]
        data["relationships"] = [
            r.id for r in self.taxonomy.relationships if r.id in self.relationships.data
        ]
        return data


@cache
def intake_form_class(taxonomy: Taxonomy) -> type[IntakeFormBase]:
    """An intake form with one field (or group) per taxonomy item, built once per taxonomy."""
    fields: dict[str, Any] = {"taxonomy": taxonomy}
    for item in taxonomy.origins:
        fields[f"origin_{item.id}"] = BooleanField(item.label, description=item.description)
        fields[f"origin_{item.id}_note"] = StringField(
            "Note", validators=[Optional(), Length(max=SHORT_TEXT)]
        )
        fields[f"origin_{item.id}_began"] = StringField(
            "When it began", validators=[Optional(), Length(max=80)]
        )
    for item in taxonomy.signs:
        fields[f"sign_{item.id}"] = SelectField(
            item.label,
            description=item.description,
            choices=options(
                [(NOT_RATED, "Not assessed")] + [(f, FREQUENCY_LABELS[f]) for f in FREQUENCIES]
            ),
            default=NOT_RATED,
        )
    for item in taxonomy.impact_areas:
        fields[f"impact_{item.id}"] = RadioField(
            item.label,
            description=item.description,
            choices=options(
                [(NOT_RATED, "Not rated")]
                + [(str(v), f"{v} {label}") for v, label in IMPACT_LABELS.items()]
            ),
            default=NOT_RATED,
        )
    fields["effects"] = MultiCheckboxField(
        "Effects", choices=options((e.id, e.label) for e in taxonomy.effects)
    )
    fields["relationships"] = MultiCheckboxField(
        "Relationships affected",
        choices=options((r.id, r.label) for r in taxonomy.relationships),
    )
    return type("IntakeForm", (IntakeFormBase,), fields)


class CaseloadFilterForm(FlaskForm):
    """Query-string filters; an unknown value is an error, never passed on to the query."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status",
        choices=options([("active", "Active"), ("discharged", "Discharged")]),
        default="active",
        validators=[Optional()],
    )
    flagged = BooleanField("Safety flag only")
    review = BooleanField("Awaiting review only")
    q = StringField("Search by name", validators=[Optional(), Length(max=80)])
    sort = SelectField(
        "Sort by",
        choices=options(SORTS.items()),
        default="name",
        validators=[Optional()],
    )
    page = IntegerField(default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])
