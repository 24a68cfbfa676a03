"""The homework library: the ten real exercises, their snapshots, and how a bad file is reported."""

import dataclasses
import json
from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT
from clinic.content.loader import load_content
from clinic.content.models import (
    CATEGORIES,
    FIELD_TYPES,
    SECTIONS,
    Content,
    Exercise,
    FieldSpec,
    i_statement_text,
)
from tests.content.test_loader import (
    TAXONOMY,
    cli_app,
    exercise,
    lines_of,
    problems,
    valid_taxonomy,
    write_content,
)

SLUGS = {
    "small-trust-step",
    "say-it-instead-of-checking",
    "reacting-or-reliving",
    "thought-record",
    "pattern-spotting",
    "boundary-check",
    "promises-kept-log",
    "compliment-log",
    "giving-grace",
    "trust-ladder",
}

# Each exercise's questions as (id, type), with a log's columns nested under it.
STRUCTURE = {
    "small-trust-step": [
        ("belief", "long_text"),
        ("belief_strength", "scale_0_100"),
        ("step", "long_text"),
        ("prediction", "long_text"),
        ("distress_before", "scale_0_100"),
        ("what_happened", "long_text"),
        ("distress_after", "scale_0_100"),
        ("learned", "long_text"),
        ("belief_rerated", "scale_0_100"),
        ("next_step", "short_text"),
    ],
    "say-it-instead-of-checking": [
        ("trigger", "long_text"),
        ("urge_before", "scale_0_10"),
        ("feelings", "checklist"),
        ("i_statement", "i_statement"),
        ("said_it", "single_choice"),
        ("how_it_went", "long_text"),
        ("urge_after", "scale_0_10"),
    ],
    "reacting-or-reliving": [
        ("situation", "long_text"),
        ("reaction", "long_text"),
        ("about", "single_choice"),
        ("evidence", "long_text"),
        ("balanced_view", "long_text"),
    ],
    "thought-record": [
        ("situation", "long_text"),
        ("automatic_thought", "long_text"),
        ("emotion", "short_text"),
        ("emotion_before", "scale_0_100"),
        ("evidence_for", "long_text"),
        ("evidence_against", "long_text"),
        ("balanced_thought", "long_text"),
        ("emotion_after", "scale_0_100"),
    ],
    "pattern-spotting": [
        ("pattern", "long_text"),
        ("protects_from", "long_text"),
        ("still_serving", "single_choice"),
        ("one_thing_to_try", "long_text"),
    ],
    "boundary-check": [
        ("boundary", "long_text"),
        ("keeps", "single_choice"),
        ("how_i_said_it", "long_text"),
        ("how_it_went", "long_text"),
    ],
    "promises-kept-log": [
        (
            "entries",
            "log",
            [
                ("date", "date"),
                ("who", "single_choice"),
                ("promised", "short_text"),
                ("felt", "short_text"),
            ],
        ),
        ("reflection", "long_text"),
    ],
    "compliment-log": [
        (
            "entries",
            "log",
            [
                ("date", "date"),
                ("compliment", "short_text"),
                ("dismissal", "short_text"),
                ("accepting", "short_text"),
            ],
        ),
        ("reflection", "long_text"),
    ],
    "giving-grace": [
        ("slow_step", "long_text"),
        ("kind_note", "long_text"),
        ("feeling_after", "scale_0_10"),
    ],
    "trust-ladder": [
        (
            "steps",
            "log",
            [
                ("step", "short_text"),
                ("expected_distress", "scale_0_100"),
                ("done_on", "date"),
                ("actual_distress", "scale_0_100"),
            ],
        ),
        ("noticed", "long_text"),
    ],
}


@pytest.fixture(scope="module")
def library() -> Content:
    return load_content(PROJECT_ROOT / "content")


def shape(fields: tuple[FieldSpec, ...]) -> list[tuple]:
    return [
        (spec.id, spec.type, shape(spec.columns)) if spec.columns else (spec.id, spec.type)
        for spec in fields
    ]


def all_fields(fields: tuple[FieldSpec, ...]):
    for spec in fields:
        yield spec
        yield from all_fields(spec.columns)


def options_of(library: Content, slug: str, field_id: str) -> list[str]:
    [spec] = [spec for spec in library.exercises[slug].fields if spec.id == field_id]
    return [option.value for option in spec.options]


# The real library


def test_the_ten_exercises_load_ordered_by_title(library):
    assert set(library.exercises) == SLUGS
    assert library.exercise_slugs == SLUGS
    titles = [exercise.title for exercise in library.exercises.values()]
    assert titles == sorted(titles, key=str.casefold)
    assert all(slug == e.slug for slug, e in library.exercises.items())


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_each_exercise_asks_its_questions_in_order(library, slug):
    assert shape(library.exercises[slug].fields) == STRUCTURE[slug]


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_each_exercise_is_complete_and_phone_sized(library, slug):
    found = library.exercises[slug]

    assert found.version >= 1
    assert found.category in CATEGORIES
    assert found.category_label == CATEGORIES[found.category]
    assert 1 <= found.minutes <= 120
    assert found.purpose.strip() and found.instructions.strip()
    assert any(spec.required for spec in found.fields)
    assert len(list(all_fields(found.fields))) <= 12
    for spec in all_fields(found.fields):
        assert bool(spec.options) == (spec.type in ("single_choice", "checklist"))
        assert (spec.max_rows > 0) == (spec.type == "log")


def test_the_library_uses_every_field_type(library):
    used = {spec.type for e in library.exercises.values() for spec in all_fields(e.fields)}

    assert used == set(FIELD_TYPES)


def test_say_it_offers_the_three_answers_to_did_i_say_it(library):
    values = options_of(library, "say-it-instead-of-checking", "said_it")

    assert values == ["yes", "not_yet", "chose_not_to"]


def test_reacting_or_reliving_asks_whose_behaviour_it_is(library):
    values = options_of(library, "reacting-or-reliving", "about")

    assert values == ["this_person", "past_betrayal", "both", "not_sure"]


@pytest.mark.parametrize(
    ("slug", "field_id", "rows"),
    [("promises-kept-log", "entries", (1, 14)), ("trust-ladder", "steps", (3, 10))],
)
def test_logs_have_their_row_limits(library, slug, field_id, rows):
    [log] = [spec for spec in library.exercises[slug].fields if spec.id == field_id]

    assert (log.min_rows, log.max_rows) == rows


def test_suits_and_taxonomy_agree_in_both_directions(library):
    taxonomy = library.taxonomy
    listed = {
        (entry.id, slug)
        for section in SECTIONS
        for entry in getattr(taxonomy, section)
        for slug in entry.exercises
    }
    suited = {(item_id, e.slug) for e in library.exercises.values() for item_id in e.suits}

    assert listed == suited


def test_content_check_counts_the_exercises():
    result = cli_app(PROJECT_ROOT / "content").test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert "; 10 exercises, " in result.output


# Snapshots


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_snapshots_round_trip_through_json(library, slug):
    snapshot = library.exercises[slug].to_snapshot()

    assert json.loads(json.dumps(snapshot)) == snapshot
    assert list(snapshot) == ["slug", "version", "title", "instructions", "fields"]
    assert snapshot["slug"] == slug
    rebuilt = tuple(FieldSpec.from_snapshot(data) for data in snapshot["fields"])
    assert rebuilt == library.exercises[slug].fields


def test_a_field_snapshot_holds_every_key_and_its_columns(library):
    [entries, _] = library.exercises["promises-kept-log"].to_snapshot()["fields"]

    keys = ["id", "type", "label", "help", "required", "options", "low", "high", "columns"]
    assert list(entries) == [*keys, "min_rows", "max_rows"]
    assert (entries["type"], entries["min_rows"], entries["max_rows"]) == ("log", 1, 14)
    who = entries["columns"][1]
    assert list(who) == list(entries)
    assert who["options"][1] == {"value": "me", "label": "I kept a promise"}
    assert (who["columns"], who["min_rows"], who["max_rows"], who["low"]) == ([], 0, 0, None)


def test_a_snapshot_is_a_copy_that_later_changes_cannot_reach(library):
    snapshot = library.exercises["thought-record"].to_snapshot()
    snapshot["fields"][0]["label"] = "Edited"

    assert library.exercises["thought-record"].fields[0].label != "Edited"


def test_an_i_statement_reads_as_one_request():
    text = i_statement_text(
        "you came home late without texting. ", "anxious.", "text me next time?"
    )

    assert text == (
        "When you came home late without texting, I felt anxious. Could you text me next time?"
    )


# Immutability


def test_exercises_and_their_fields_are_immutable(library):
    found = library.exercises["say-it-instead-of-checking"]

    with pytest.raises(dataclasses.FrozenInstanceError):
        found.title = "Changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.fields[0].required = False
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.fields[2].options[0].label = "Changed"
    with pytest.raises(TypeError):
        library.exercises["new"] = found
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.exercises = {}
    assert isinstance(found.fields, tuple) and isinstance(found.suits, tuple)


def test_content_orders_exercises_by_title_whatever_it_is_given(library):
    given = dict(reversed(library.exercises.items()))

    content = Content(library.taxonomy, given, {})

    assert list(content.exercises) == list(library.exercises)
    assert isinstance(next(iter(content.exercises.values())), Exercise)


# Broken files: each problem names the file and the line

EXERCISE = "exercises/thought-record.yaml"
FILE = f"content/{EXERCISE}"


def taxonomy_listing_thought_record() -> dict:
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["exercises"] = ["thought-record"]
    return taxonomy


def field(field_id: str, field_type: str = "long_text", **keys) -> dict:
    return {"id": field_id, "type": field_type, "label": f"Label for {field_id}", **keys}


def log(field_id: str, *columns: dict, **keys) -> dict:
    return field(field_id, "log", columns=list(columns), min_rows=1, max_rows=7, **keys)


def choices(*values: str) -> list[dict]:
    return [{"value": value, "label": value.title()} for value in values]


def broken(tmp_path: Path, **changes) -> tuple[list[str], Path]:
    """The problems of a thought-record.yaml with `changes` (None removes a key)."""
    data = exercise(suits=["snooping"]) | changes
    data = {key: value for key, value in data.items() if value is not None}
    taxonomy = taxonomy_listing_thought_record()
    content_dir = write_content(tmp_path, taxonomy, exercises={"thought-record": data})
    return problems(content_dir), content_dir


def line(content_dir: Path, text: str, nth: int = 0) -> int:
    return lines_of(content_dir, text, EXERCISE)[nth]


REQUIRED = {"required": True}

FIELD_CASES = {
    "unknown type": (
        [field("note", "longtext", **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): unknown type 'longtext': use one of short_text, long_text",
    ),
    "bad id": (
        [field("Note", **REQUIRED)],
        "id: Note",
        "fields[0]: invalid id 'Note': use snake_case",
    ),
    "options on a text field": (
        [field("note", options=choices("a", "b"), **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): options belongs only on single_choice and checklist fields, "
        "not long_text",
    ),
    "missing options": (
        [field("note", **REQUIRED), field("mood", "single_choice")],
        "id: mood",
        "fields[1] (id 'mood'): missing key 'options', which single_choice fields need",
    ),
    "too few options": (
        [field("mood", "checklist", options=choices("a"), **REQUIRED)],
        "id: mood",
        "fields[0] (id 'mood'): options must be a list of 2 to 10 options",
    ),
    "low on a non-scale": (
        [field("note", low="None", **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): low belongs only on scale_0_10 and scale_0_100 fields, "
        "not long_text",
    ),
    "columns on a non-log": (
        [field("note", columns=[field("a")], **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): columns belongs only on log fields, not long_text",
    ),
    "nested log": (
        [log("entries", log("inner", field("a")), **REQUIRED)],
        "id: inner",
        "fields[0] (id 'entries'): columns[0] (id 'inner'): a log column cannot be of type 'log'",
    ),
    "i_statement in a log": (
        [log("entries", field("ask", "i_statement"), **REQUIRED)],
        "id: ask",
        "fields[0] (id 'entries'): columns[0] (id 'ask'): "
        "a log column cannot be of type 'i_statement'",
    ),
    "empty columns": (
        [log("entries", **REQUIRED)],
        "columns: []",
        "fields[0] (id 'entries'): columns must be a non-empty list of fields",
    ),
    "min_rows above max_rows": (
        [log("entries", field("a"), **REQUIRED) | {"min_rows": 5, "max_rows": 2}],
        "id: entries",
        "fields[0] (id 'entries'): min_rows (5) is more than max_rows (2)",
    ),
    "rows out of range": (
        [log("entries", field("a"), **REQUIRED) | {"max_rows": 51}],
        "id: entries",
        "fields[0] (id 'entries'): max_rows must be a whole number from 1 to 50, not 51",
    ),
    "missing rows": (
        [
            {
                key: v
                for key, v in log("entries", field("a"), **REQUIRED).items()
                if key != "min_rows"
            }
        ],
        "id: entries",
        "fields[0] (id 'entries'): missing key 'min_rows', which log fields need",
    ),
    "unknown field key": (
        [field("note", hint="x", **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): unknown key 'hint'",
    ),
    "required not a boolean": (
        [field("note", required="yes"), field("other", **REQUIRED)],
        "id: note",
        "fields[0] (id 'note'): required must be true or false, not 'yes'",
    ),
    "no required field": (
        [field("note")],
        "fields:",
        "fields: mark at least one field required: true",
    ),
}


@pytest.mark.parametrize(("fields", "where", "message"), FIELD_CASES.values(), ids=FIELD_CASES)
def test_a_bad_field_is_named_with_the_file_and_line(tmp_path, fields, where, message):
    found, content_dir = broken(tmp_path, fields=fields)

    assert len(found) == 1, found
    assert found[0].startswith(f"{FILE}:{line(content_dir, where)}: {message}")


def test_a_duplicate_field_id_names_both_lines(tmp_path):
    found, content_dir = broken(tmp_path, fields=[field("note", **REQUIRED), field("note")])

    first, second = line(content_dir, "id: note"), line(content_dir, "id: note", 1)
    assert found == [
        f"{FILE}:{second}: fields[1] (id 'note'): duplicate field id, "
        f"first used by fields[0] at line {first}"
    ]


def test_a_duplicate_column_id_is_caught_within_its_log(tmp_path):
    entries = log("entries", field("date", "date"), field("date", "short_text"), **REQUIRED)
    found, content_dir = broken(tmp_path, fields=[field("date", **REQUIRED), entries])

    assert found == [
        f"{FILE}:{line(content_dir, 'id: date', 2)}: fields[1] (id 'entries'): "
        "columns[1] (id 'date'): duplicate field id, first used by "
        f"fields[1] (id 'entries'): columns[0] at line {line(content_dir, 'id: date', 1)}"
    ]


def test_bad_options_are_named_with_their_own_line(tmp_path):
    options = [{"value": "Yes", "label": "Yes"}, {"value": "no", "label": ""}]
    options += [{"value": "no", "label": "No again"}]
    found, content_dir = broken(tmp_path, fields=[field("ok", "single_choice", options=options)])

    at = [line(content_dir, "value: 'Yes'"), *lines_of(content_dir, "value: 'no'", EXERCISE)]
    assert found == [
        f"{FILE}:{at[0]}: fields[0] (id 'ok'): options[0]: invalid value 'Yes': use snake_case",
        f"{FILE}:{at[1]}: fields[0] (id 'ok'): options[1]: label must be non-empty text",
        f"{FILE}:{at[2]}: fields[0] (id 'ok'): options[2]: duplicate value 'no'",
        f"{FILE}:{line(content_dir, 'fields:')}: fields: mark at least one field required: true",
    ]


TOP_LEVEL_CASES = {
    "wrong category": (
        {"category": "homework"},
        "category:",
        "unknown category 'homework': use one of behavioural-experiment, communication",
    ),
    "missing instructions": ({"instructions": None}, "version:", "missing key 'instructions'"),
    "blank purpose": ({"purpose": "  "}, "purpose:", "purpose must be non-empty text"),
    "minutes out of range": (
        {"minutes": 0},
        "minutes:",
        "minutes must be a whole number from 1 to 120, not 0",
    ),
    "bad version": ({"version": "1"}, "version:", "version must be a positive integer, not '1'"),
    "a slug key": ({"slug": "x"}, "slug:", "unknown key 'slug' (the file name is the slug)"),
    "no fields": ({"fields": []}, "fields:", "fields must be a non-empty list of fields"),
    "unknown suits id": (
        {"suits": ["snooping", "no-such-item"]},
        "suits:",
        "suits: unknown taxonomy item 'no-such-item'",
    ),
    "suits not a list": ({"suits": "snooping"}, "suits:", "suits must be a list of taxonomy"),
}


@pytest.mark.parametrize(
    ("changes", "where", "message"), TOP_LEVEL_CASES.values(), ids=TOP_LEVEL_CASES
)
def test_a_bad_top_level_value_is_named_with_the_file_and_line(tmp_path, changes, where, message):
    found, content_dir = broken(tmp_path, **changes)

    assert found[0].startswith(f"{FILE}:{line(content_dir, where)}: {message}"), found


def test_suits_that_the_taxonomy_does_not_list_back_names_both_sides(tmp_path):
    found, content_dir = broken(tmp_path, suits=["snooping", "isolation"])

    assert found == [
        f"{FILE}:{line(content_dir, 'suits:')}: suits includes 'isolation' but "
        f"{TAXONOMY}:{lines_of(content_dir, 'id: isolation')[0]} (effects[0]) "
        "does not list 'thought-record'"
    ]


def test_a_taxonomy_item_missing_from_suits_names_both_sides(tmp_path):
    found, content_dir = broken(tmp_path, suits=[])

    assert found == [
        f"{FILE}:{line(content_dir, 'suits:')}: suits leaves out 'snooping' but "
        f"{TAXONOMY}:{lines_of(content_dir, 'id: snooping')[0]} (signs[0]) "
        "lists 'thought-record'"
    ]


def test_invalid_yaml_in_an_exercise_names_the_file_and_line(tmp_path):
    content_dir = write_content(
        tmp_path, valid_taxonomy(), exercises={"thought-record": "title: [unclosed\n"}
    )

    [problem] = problems(content_dir)

    assert problem.startswith(f"{FILE}:2: invalid YAML: ")


def test_a_file_name_that_is_not_a_slug_is_rejected(tmp_path):
    content_dir = write_content(
        tmp_path, valid_taxonomy(), exercises={"Thought_Record": exercise()}
    )

    assert problems(content_dir) == [
        "content/exercises/Thought_Record.yaml: "
        "the file name is the slug: use lowercase letters, digits and hyphens"
    ]


def test_problems_in_the_taxonomy_and_in_exercises_are_reported_together(tmp_path):
    taxonomy = valid_taxonomy() | {"version": 0}
    bad = exercise(category="homework")
    content_dir = write_content(tmp_path, taxonomy, exercises={"a": bad, "b": bad | {"minutes": 0}})

    found = problems(content_dir)

    assert [problem.split(":", 1)[0] for problem in found] == [
        TAXONOMY,
        "content/exercises/a.yaml",
        "content/exercises/b.yaml",
        "content/exercises/b.yaml",
    ]


def test_a_valid_exercise_builds_typed_fields(tmp_path):
    fields = [
        field("mood", "scale_0_10", low="Low", high="High", required=True, help="Pick one."),
        log(
            "entries",
            field("when", "date"),
            field("who", "single_choice", options=choices("a", "b")),
        ),
        field("ask", "i_statement"),
    ]
    data = exercise(suits=["snooping"], fields=fields)
    content_dir = write_content(
        tmp_path, taxonomy_listing_thought_record(), exercises={"thought-record": data}
    )

    built = load_content(content_dir).exercises["thought-record"]

    mood, entries, ask = built.fields
    assert (mood.low, mood.high, mood.help, mood.required) == ("Low", "High", "Pick one.", True)
    assert (entries.min_rows, entries.max_rows, entries.required) == (1, 7, False)
    assert [column.id for column in entries.columns] == ["when", "who"]
    assert [option.label for option in entries.columns[1].options] == ["A", "B"]
    assert (ask.type, ask.options, ask.columns, ask.min_rows) == ("i_statement", (), (), 0)
