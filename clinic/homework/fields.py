"""Reading a client's answers from a submitted form and checking them against the assignment's
snapshot of the exercise's fields.

Form names: `f-<field>` for a simple field, `f-<field>-<part>` for the parts of an I-statement,
and `f-<log>-<row>-<column>` for the cells of a log. Answers are stored as JSON: strings for
text, choices and ISO dates, ints for scales, lists for checklists, `{"when", "felt", "ask"}`
for an I-statement and a list of row mappings for a log.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
SCALE_MAX = {"scale_0_10": 10, "scale_0_100": 100}
I_STATEMENT_PARTS = ("when", "felt", "ask")
DATE_WINDOW = timedelta(days=5 * 366)
REQUIRED = "Please answer this question."


def assemble_i_statement(parts: dict[str, str]) -> str:
    """'When …, I felt …. Could you …?' from whichever parts are filled in."""
    when, felt, ask = (parts.get(p, "").strip().rstrip(".?!,") for p in I_STATEMENT_PARTS)
    sentences = []
    if when or felt:
        sentences.append(f"When {when or '…'}, I felt {felt or '…'}.")
    if ask:
        sentences.append(f"Could you {ask}?")
    return " ".join(sentences)


@dataclass
class ParsedAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def parse_answers(
    fields: list[dict[str, Any]], form: MultiDict, *, require: bool, today: date
) -> ParsedAnswers:
    """Read and check every field. `require` is False for drafts: only what is typed is checked.

    Error keys are form names, so the page can show each message beside its input.
    """
    parsed = ParsedAnswers()
    for spec in fields:
        name = f"f-{spec['id']}"
        if spec["type"] == "log":
            value = _read_log(spec, form, name, parsed.errors, require=require, today=today)
        elif spec["type"] == "i_statement":
            value = _read_i_statement(spec, form, name, parsed.errors, require=require)
        else:
            value = _read_simple(spec, form, name, parsed.errors, require=require, today=today)
        if value not in (None, "", [], {}):
            parsed.answers[spec["id"]] = value
    return parsed


def _read_simple(spec, form, name, errors, *, require, today):
    if spec["type"] == "checklist":
        raw_values = [v for v in form.getlist(name) if v]
        value, error = _checklist(spec, raw_values)
    else:
        raw = (form.get(name) or "").strip()
        if not raw:
            if require and spec.get("required"):
                errors[name] = REQUIRED
            return None
        value, error = CONVERTERS[spec["type"]](spec, raw, today)
    if error:
        errors[name] = error
        return None
    if require and spec.get("required") and not value:
        errors[name] = REQUIRED
    return value


def _text(limit):
    def convert(spec, raw, today):
        raw = raw.replace("\x00", "")
        if len(raw) > limit:
            return None, f"Please keep this under {limit:,} characters (now {len(raw):,})."
        return raw, None

    return convert


def _scale(spec, raw, today):
    top = SCALE_MAX[spec["type"]]
    try:
        number = int(raw)
    except ValueError:
        return None, f"Choose a whole number from 0 to {top}."
    if not 0 <= number <= top:
        return None, f"Choose a whole number from 0 to {top}."
    return number, None


def _single_choice(spec, raw, today):
    if raw not in {o["value"] for o in spec["options"]}:
        return None, "Choose one of the options."
    return raw, None


def _checklist(spec, raw_values):
    allowed = [o["value"] for o in spec["options"]]
    if any(v not in allowed for v in raw_values):
        return None, "Choose from the options shown."
    return [v for v in allowed if v in raw_values], None


def _date(spec, raw, today):
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        return None, "Enter a date like 2026-03-14."
    if abs(value - today) > DATE_WINDOW:
        return None, "That date is too far from today."
    return value.isoformat(), None


CONVERTERS = {
    "short_text": _text(SHORT_TEXT_MAX),
    "long_text": _text(LONG_TEXT_MAX),
    "scale_0_10": _scale,
    "scale_0_100": _scale,
    "single_choice": _single_choice,
    "date": _date,
}


def _read_i_statement(spec, form, name, errors, *, require):
    parts = {}
    for part in I_STATEMENT_PARTS:
        raw = (form.get(f"{name}-{part}") or "").replace("\x00", "").strip()
        if len(raw) > SHORT_TEXT_MAX:
            errors[f"{name}-{part}"] = f"Please keep this under {SHORT_TEXT_MAX} characters."
        elif raw:
            parts[part] = raw
    if require and spec.get("required") and len(parts) < len(I_STATEMENT_PARTS):
        errors[name] = "Please fill in all three parts."
    return parts


def log_row_count(spec: dict[str, Any], form: MultiDict) -> int:
    """How many rows the form sent for a log (the highest row index + 1)."""
    prefix = f"f-{spec['id']}-"
    rows = [
        int(key[len(prefix) :].split("-", 1)[0])
        for key in form
        if key.startswith(prefix) and key[len(prefix) :].split("-", 1)[0].isdigit()
    ]
    return min(max(rows, default=-1) + 1, spec["max_rows"] + 1)


def _read_log(spec, form, name, errors, *, require, today):
    rows = []
    for index in range(log_row_count(spec, form)):
        row_errors: dict[str, str] = {}
        row = {}
        for column in spec["columns"]:
            cell = _read_simple(
                column,
                form,
                f"{name}-{index}-{column['id']}",
                row_errors,
                require=False,
                today=today,
            )
            if cell not in (None, "", []):
                row[column["id"]] = cell
        if not row and not row_errors:
            continue
        if require:
            for column in spec["columns"]:
                if column.get("required") and column["id"] not in row:
                    row_errors.setdefault(f"{name}-{index}-{column['id']}", REQUIRED)
        errors.update(row_errors)
        rows.append(row)
    if len(rows) > spec["max_rows"]:
        errors[name] = f"This log holds at most {spec['max_rows']} rows."
    elif require and spec.get("required") and len(rows) < spec["min_rows"]:
        errors[name] = f"Please fill in at least {spec['min_rows']} row(s)."
    return rows


def answers_to_formdata(fields: list[dict[str, Any]], answers: dict[str, Any]) -> MultiDict:
    """Stored answers laid out under their form names, so a page can be filled from either."""
    data = MultiDict()
    for spec in fields:
        name, value = f"f-{spec['id']}", answers.get(spec["id"])
        if value is None:
            continue
        if spec["type"] == "log":
            for index, row in enumerate(value):
                for column_id, cell in row.items():
                    _add(data, f"{name}-{index}-{column_id}", cell)
        elif spec["type"] == "i_statement":
            for part, text in value.items():
                data.add(f"{name}-{part}", text)
        else:
            _add(data, name, value)
    return data


def _add(data: MultiDict, name: str, value: Any) -> None:
    for item in value if isinstance(value, list) else [value]:
        data.add(name, str(item))


def rows_to_show(spec: dict[str, Any], values: MultiDict, requested: int | None = None) -> int:
    """Rows sent or stored, or as many as were asked for, within the log's bounds (at least 1)."""
    wanted = max(log_row_count(spec, values), requested or 0, spec["min_rows"], 1)
    return min(wanted, spec["max_rows"])
