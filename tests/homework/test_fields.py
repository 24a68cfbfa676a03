from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from clinic.homework.fields import (
    answers_to_formdata,
    assemble_i_statement,
    parse_answers,
    rows_to_show,
)

TODAY = date(2026, 3, 14)


def spec(type_, **extra):
    return {
        "id": "q",
        "type": type_,
        "label": "Q",
        "help": None,
        "required": False,
        "options": [],
        "low": None,
        "high": None,
        "columns": [],
        "min_rows": 1,
        "max_rows": 3,
        **extra,
    }


CHOICES = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]


def parse(field, form, require=True):
    return parse_answers([field], MultiDict(form), require=require, today=TODAY)


@pytest.mark.parametrize(
    ("field", "raw", "stored"),
    [
        (spec("short_text"), "  hello  ", "hello"),
        (spec("long_text"), "line one\nline two", "line one\nline two"),
        (spec("scale_0_10"), "0", 0),
        (spec("scale_0_10"), "10", 10),
        (spec("scale_0_100"), "100", 100),
        (spec("single_choice", options=CHOICES), "b", "b"),
        (spec("date"), "2026-03-01", "2026-03-01"),
    ],
)
def test_valid_answers_are_stored_typed(field, raw, stored):
    parsed = parse(field, {"f-q": raw})
    assert parsed.is_valid
    assert parsed.answers == {"q": stored}


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (spec("short_text"), "x" * 501, "under 500 characters"),
        (spec("long_text"), "x" * 10_001, "under 10,000 characters"),
        (spec("scale_0_10"), "11", "from 0 to 10"),
        (spec("scale_0_10"), "-1", "from 0 to 10"),
        (spec("scale_0_100"), "7.5", "from 0 to 100"),
        (spec("scale_0_100"), "lots", "from 0 to 100"),
        (spec("single_choice", options=CHOICES), "c", "one of the options"),
        (spec("date"), "14/03/2026", "like 2026-03-14"),
        (spec("date"), "1900-01-01", "too far from today"),
    ],
)
def test_invalid_answers_are_explained_and_not_stored(field, raw, message):
    parsed = parse(field, {"f-q": raw})
    assert message in parsed.errors["f-q"]
    assert parsed.answers == {}


def test_checklist_keeps_the_options_order_and_refuses_unknown_values():
    field = spec("checklist", options=CHOICES)
    assert parse(field, {"f-q": ["b", "a"]}).answers == {"q": ["a", "b"]}
    assert "Choose from the options" in parse(field, {"f-q": ["a", "zzz"]}).errors["f-q"]


def test_required_answers_are_needed_to_submit_but_not_for_a_draft():
    field = spec("short_text", required=True)
    assert parse(field, {}, require=True).errors == {"f-q": "Please answer this question."}
    assert parse(field, {}, require=False).is_valid


def test_null_bytes_are_dropped_from_text():
    assert parse(spec("short_text"), {"f-q": "a\x00b"}).answers == {"q": "ab"}


def test_i_statement_is_assembled_from_its_three_parts():
    field = spec("i_statement", required=True)
    form = {"f-q-when": "you were late", "f-q-felt": "worried.", "f-q-ask": "text me?"}
    parsed = parse(field, form)
    assert parsed.answers == {"q": {"when": "you were late", "felt": "worried.", "ask": "text me?"}}
    assert assemble_i_statement(parsed.answers["q"]) == (
        "When you were late, I felt worried. Could you text me?"
    )


def test_i_statement_needs_all_parts_to_submit():
    parsed = parse(spec("i_statement", required=True), {"f-q-when": "you were late"})
    assert parsed.errors == {"f-q": "Please fill in all three parts."}
    assert assemble_i_statement({"when": "you were late"}) == "When you were late, I felt …."


LOG = spec(
    "log",
    required=True,
    min_rows=1,
    max_rows=3,
    columns=[spec("date", id="day", required=True), spec("short_text", id="what")],
)


def test_log_rows_are_read_and_empty_rows_skipped():
    form = {"f-q-0-day": "2026-03-01", "f-q-0-what": "kept a promise", "f-q-2-day": "2026-03-03"}
    parsed = parse(LOG, form)
    assert parsed.answers == {
        "q": [{"day": "2026-03-01", "what": "kept a promise"}, {"day": "2026-03-03"}]
    }


def test_log_cells_are_checked_with_their_row_named():
    parsed = parse(LOG, {"f-q-1-what": "no date", "f-q-1-day": "yesterday"})
    assert "like 2026-03-14" in parsed.errors["f-q-1-day"]


def test_log_requires_a_complete_row_to_submit():
    parsed = parse(LOG, {"f-q-0-what": "no date given"})
    assert parsed.errors == {"f-q-0-day": "Please answer this question."}
    assert parse(LOG, {}).errors == {"f-q": "Please fill in at least 1 row(s)."}


def test_log_refuses_more_rows_than_it_holds():
    form = {f"f-q-{i}-what": f"row {i}" for i in range(10)}
    assert "at most 3 rows" in parse(LOG, form, require=False).errors["f-q"]


def test_stored_answers_fill_the_form_again():
    fields = [
        spec("checklist", id="c", options=CHOICES),
        LOG,
        spec("i_statement", id="i"),
        spec("scale_0_10", id="s"),
    ]
    answers = {"c": ["a", "b"], "q": [{"day": "2026-03-01"}], "i": {"when": "x"}, "s": 4}
    values = answers_to_formdata(fields, answers)
    assert values.getlist("f-c") == ["a", "b"]
    assert values["f-q-0-day"] == "2026-03-01"
    assert values["f-i-when"] == "x"
    assert values["f-s"] == "4"
    assert parse_answers(fields, values, require=False, today=TODAY).answers == answers


def test_rows_to_show_keeps_sent_rows_and_grants_requests_within_the_maximum():
    filled = MultiDict({"f-q-0-what": "a", "f-q-1-what": "b"})
    assert rows_to_show(LOG, filled) == 2
    assert rows_to_show(LOG, filled, requested=3) == 3
    assert rows_to_show(LOG, filled, requested=9) == 3
    assert rows_to_show(LOG, MultiDict()) == 1
    assert rows_to_show(LOG, MultiDict({"f-q-1-what": ""})) == 2, "empty rows sent are kept"
