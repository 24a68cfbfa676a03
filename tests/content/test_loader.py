"""The content loader: what a valid `content/` looks like and how each mistake is reported."""

import dataclasses
from pathlib import Path

import pytest
import yaml
from flask import Flask

from clinic.config import PROJECT_ROOT
from clinic.content import get_content, init_app
from clinic.content.cli import content_cli
from clinic.content.loader import ContentError, load_content
from clinic.content.models import SECTIONS, Content

TAXONOMY = "content/taxonomy.yaml"


def item(item_id: str, **fields) -> dict:
    return {
        "id": item_id,
        "label": f"Label for {item_id}",
        "description": "A short description.",
        "exercises": [],
        "handouts": [],
        **fields,
    }


def valid_taxonomy() -> dict:
    """The smallest taxonomy that loads: one item in every section."""
    return {
        "version": 1,
        "origins": [item("broken-promises")],
        "signs": [item("snooping")],
        "impact_areas": [item("friendships")],
        "effects": [item("isolation")],
        "relationships": [{"id": "romantic", "label": "Romantic partner"}],
    }


def exercise(**fields) -> dict:
    """The smallest exercise that loads, once its `suits` agree with the taxonomy."""
    return {
        "version": 1,
        "title": "Placeholder exercise",
        "category": "thinking",
        "minutes": 10,
        "purpose": "Why and when to assign it.",
        "instructions": "What to do, in plain words.",
        "suits": [],
        "fields": [{"id": "note", "type": "long_text", "label": "A note", "required": True}],
        **fields,
    }


# 200 words: the shortest body a handout may have, once it has a heading too.
FILLER = " ".join(["Trust grows back slowly when small promises keep being kept."] * 20)


def front_matter(**fields) -> dict:
    """The smallest front matter that loads."""
    return {
        "version": 1,
        "title": "A placeholder handout",
        "audience": "client",
        "summary": "One sentence for the therapist's list.",
        **fields,
    }


def handout(front: dict | str | None = None, body: str | None = None) -> str:
    """A handout file: `front` (front_matter() by default) between '---' lines, then `body`."""
    front = front_matter() if front is None else front
    body = (
        f"## What this is about\n\n{FILLER}\n\n- One point\n- Another point\n"
        if body is None
        else body
    )
    return f"---\n{dump(front)}---\n\n{body}"


def suits_from(taxonomy: dict | str, slug: str) -> list[str]:
    """The ids of the taxonomy items that list exercise `slug`, so both sides agree."""
    if not isinstance(taxonomy, dict):
        return []
    entries = [entry for name in SECTIONS for entry in taxonomy.get(name) or []]
    return [e["id"] for e in entries if isinstance(e, dict) and slug in e.get("exercises", [])]


def dump(data: dict | str) -> str:
    return data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)


def write_content(
    root: Path,
    taxonomy: dict | str,
    *,
    exercises: tuple[str, ...] | dict[str, dict | str] = (),
    handouts: tuple[str, ...] | dict[str, str] = (),
) -> Path:
    """A `content/` folder under root; dicts are dumped as YAML, strs written as they are.

    `exercises` maps slugs to file contents; a bare slug gets `exercise()` suiting exactly
    the taxonomy items that list it. `handouts` maps slugs to file text; a bare slug gets
    `handout()`.
    """
    content_dir = root / "content"
    content_dir.mkdir()
    (content_dir / "taxonomy.yaml").write_text(dump(taxonomy))
    if not isinstance(exercises, dict):
        exercises = {slug: exercise(suits=suits_from(taxonomy, slug)) for slug in exercises}
    for slug, data in exercises.items():
        (content_dir / "exercises").mkdir(exist_ok=True)
        (content_dir / "exercises" / f"{slug}.yaml").write_text(dump(data))
    if not isinstance(handouts, dict):
        handouts = {slug: handout() for slug in handouts}
    for slug, text in handouts.items():
        (content_dir / "handouts").mkdir(exist_ok=True)
        (content_dir / "handouts" / f"{slug}.md").write_text(text)
    return content_dir


def problems(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_content(content_dir)
    return raised.value.problems


def lines_of(content_dir: Path, text: str, file: str = "taxonomy.yaml") -> list[int]:
    """The 1-based numbers of the lines of `file` (under content_dir) that contain text."""
    lines = (content_dir / file).read_text().splitlines()
    return [number for number, line in enumerate(lines, start=1) if text in line]


# A valid tree


def test_the_real_content_loads_and_every_item_is_reachable_by_id():
    content = load_content(PROJECT_ROOT / "content")

    taxonomy = content.taxonomy
    assert taxonomy.version >= 1
    assert taxonomy.relationships
    for section in SECTIONS:
        items = getattr(taxonomy, section)
        assert len(items) > 0
        for entry in items:
            assert taxonomy.item(entry.id) is entry
            assert taxonomy.section_of(entry.id) == section


def test_a_minimal_tree_loads_into_typed_objects(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["exercises"] = ["say-it-instead-of-checking"]
    content_dir = write_content(tmp_path, taxonomy, exercises=("say-it-instead-of-checking",))
    content = load_content(content_dir)

    snooping = content.taxonomy.item("snooping")
    assert snooping.label == "Label for snooping"
    assert snooping.exercises == ("say-it-instead-of-checking",)
    assert snooping.handouts == ()
    assert content.taxonomy.relationships[0].label == "Romantic partner"
    assert content.exercise_slugs == frozenset({"say-it-instead-of-checking"})
    assert content.exercises["say-it-instead-of-checking"].suits == ("snooping",)
    assert content.handout_slugs == frozenset()


def test_looking_up_an_unknown_id_raises_key_error(tmp_path):
    taxonomy = load_content(write_content(tmp_path, valid_taxonomy())).taxonomy

    with pytest.raises(KeyError):
        taxonomy.item("no-such-item")
    with pytest.raises(KeyError):
        taxonomy.section_of("no-such-item")


def test_loaded_objects_are_immutable(tmp_path):
    content = load_content(write_content(tmp_path, valid_taxonomy()))
    taxonomy = content.taxonomy

    with pytest.raises(dataclasses.FrozenInstanceError):
        taxonomy.item("snooping").label = "Changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        taxonomy.version = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.exercise_slugs = frozenset({"x"})
    with pytest.raises(TypeError):
        taxonomy.by_id["snooping"] = taxonomy.item("isolation")


# The file as a whole


def test_a_missing_file_is_reported(tmp_path):
    content_dir = tmp_path / "content"
    content_dir.mkdir()

    assert problems(content_dir) == [f"{TAXONOMY}: file not found"]


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    text = "version: 1\norigins:\n  - id: a\n    label: [unclosed\n"

    [problem] = problems(write_content(tmp_path, text))

    assert problem.startswith(f"{TAXONOMY}:5: invalid YAML: ")


def test_python_tags_are_refused_as_invalid_yaml(tmp_path):
    text = "version: !!python/object/apply:os.getcwd []\n"

    [problem] = problems(write_content(tmp_path, text))

    assert problem.startswith(f"{TAXONOMY}:1: invalid YAML: could not determine a constructor")


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "a list"), ("", "an empty file")])
def test_a_file_that_is_not_a_mapping_is_rejected(tmp_path, text, found):
    [problem] = problems(write_content(tmp_path, text))

    assert problem.startswith(f"{TAXONOMY}: expected a mapping of version, origins")
    assert problem.endswith(f"found {found}")


@pytest.mark.parametrize("version", [0, -1, "1", True, None])
def test_version_must_be_a_positive_integer(tmp_path, version):
    taxonomy = valid_taxonomy() | {"version": version}

    assert problems(write_content(tmp_path, taxonomy)) == [
        f"{TAXONOMY}: version must be a positive integer, not {version!r}"
    ]


def test_missing_and_unknown_sections_are_named(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["sings"] = taxonomy.pop("signs")

    assert problems(write_content(tmp_path, taxonomy)) == [
        f"{TAXONOMY}: missing top-level key 'signs'",
        f"{TAXONOMY}: unknown top-level key 'sings'",
    ]


@pytest.mark.parametrize("value", [[], None, {"id": "x"}])
def test_an_empty_section_is_rejected(tmp_path, value):
    taxonomy = valid_taxonomy() | {"effects": value}

    assert problems(write_content(tmp_path, taxonomy)) == [
        f"{TAXONOMY}: effects must be a non-empty list of items"
    ]


# Items


def test_a_missing_field_is_named_with_the_item_line(tmp_path):
    taxonomy = valid_taxonomy()
    del taxonomy["signs"][0]["label"]
    content_dir = write_content(tmp_path, taxonomy)

    assert problems(content_dir) == [
        f"{TAXONOMY}:{lines_of(content_dir, 'id: snooping')[0]}: signs[0] (id 'snooping'): "
        "missing field 'label'"
    ]


def test_an_unknown_field_is_named(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["origins"][0]["severity"] = "high"
    content_dir = write_content(tmp_path, taxonomy)

    assert problems(content_dir) == [
        f"{TAXONOMY}:{lines_of(content_dir, 'id: broken-promises')[0]}: "
        "origins[0] (id 'broken-promises'): unknown field 'severity'"
    ]


def test_an_entry_that_is_not_a_mapping_is_rejected(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["signs"].append("snooping-again")

    assert problems(write_content(tmp_path, taxonomy)) == [
        f"{TAXONOMY}: signs[1]: expected a mapping of id, label, description, exercises, handouts"
    ]


def test_a_duplicate_id_names_both_lines(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["effects"].append(item("snooping"))
    content_dir = write_content(tmp_path, taxonomy)
    first, second = lines_of(content_dir, "id: snooping")

    assert problems(content_dir) == [
        f"{TAXONOMY}:{second}: effects[1] (id 'snooping'): "
        f"duplicate id, first used by signs[0] at line {first}"
    ]


def test_relationship_ids_share_the_id_space(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["relationships"].append({"id": "isolation", "label": "Isolation"})

    [problem] = problems(write_content(tmp_path, taxonomy))

    assert "relationships[1] (id 'isolation'): duplicate id, first used by effects[0]" in problem


@pytest.mark.parametrize("bad_id", ["Snooping", "snooping_phone", "-snooping", "a--b", "a b", 7])
def test_ids_must_be_kebab_case(tmp_path, bad_id):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["id"] = bad_id

    [problem] = problems(write_content(tmp_path, taxonomy))

    assert problem.startswith(f"{TAXONOMY}:")
    assert f"signs[0]: invalid id {bad_id!r}: use lowercase letters, digits and hyphens" in problem


@pytest.mark.parametrize("label", ["", "   ", None, 3])
def test_labels_must_be_non_empty_text(tmp_path, label):
    taxonomy = valid_taxonomy()
    taxonomy["origins"][0]["label"] = label

    [problem] = problems(write_content(tmp_path, taxonomy))

    assert problem.endswith("origins[0] (id 'broken-promises'): label must be non-empty text")


def test_descriptions_are_kept_to_200_characters(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["origins"][0]["description"] = "x" * 200
    taxonomy["signs"][0]["description"] = "x" * 201

    [problem] = problems(write_content(tmp_path, taxonomy))

    assert problem.endswith(
        "signs[0] (id 'snooping'): description is 201 characters long; keep it to 200"
    )


def test_references_must_be_lists_of_slugs(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["exercises"] = "thought-record"
    taxonomy["effects"][0]["handouts"] = ["Where Trust Begins"]

    found = problems(write_content(tmp_path, taxonomy))

    assert [problem.split(": ", 1)[1] for problem in found] == [
        "signs[0] (id 'snooping'): exercises must be a list of exercise slugs",
        "effects[0] (id 'isolation'): invalid handout slug 'Where Trust Begins'",
    ]


def test_relationships_hold_exactly_an_id_and_a_label(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["relationships"] = [{"id": "family", "description": "Family members"}]

    found = problems(write_content(tmp_path, taxonomy))

    assert [problem.split(": ", 1)[1] for problem in found] == [
        "relationships[0] (id 'family'): missing field 'label'",
        "relationships[0] (id 'family'): unknown field 'description'",
    ]


# References to exercises and handouts

KINDS = pytest.mark.parametrize(
    ("field", "kind"), [("exercises", "exercise"), ("handouts", "handout")]
)


@KINDS
@pytest.mark.parametrize("make_folder", [False, True])
def test_references_are_checked_even_without_files(tmp_path, field, kind, make_folder):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0][field] = ["not-written-yet"]
    content_dir = write_content(tmp_path, taxonomy)
    if make_folder:
        (content_dir / field).mkdir()

    assert problems(content_dir) == [
        f"{TAXONOMY}:{lines_of(content_dir, 'id: snooping')[0]}: signs[0] (id 'snooping'): "
        f"unknown {kind} 'not-written-yet'"
    ]


@KINDS
def test_an_unknown_reference_is_rejected_once_the_folder_holds_a_file(tmp_path, field, kind):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0][field] = ["thought-record", "no-such-thing"]
    content_dir = write_content(tmp_path, taxonomy, **{field: ("thought-record",)})

    assert problems(content_dir) == [
        f"{TAXONOMY}:{lines_of(content_dir, 'id: snooping')[0]}: signs[0] (id 'snooping'): "
        f"unknown {kind} 'no-such-thing'"
    ]


@KINDS
def test_a_known_reference_is_accepted_and_the_slugs_are_exposed(tmp_path, field, kind):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0][field] = ["thought-record"]
    content_dir = write_content(tmp_path, taxonomy, **{field: ("thought-record", "spare")})

    content = load_content(content_dir)

    assert getattr(content, f"{kind}_slugs") == frozenset({"thought-record", "spare"})


# Reporting


def test_several_problems_are_reported_together_each_naming_the_file(tmp_path):
    taxonomy = valid_taxonomy() | {"version": 0, "effects": []}
    del taxonomy["origins"][0]["label"]
    taxonomy["signs"][0]["id"] = "Snooping"

    with pytest.raises(ContentError) as raised:
        load_content(write_content(tmp_path, taxonomy))

    found = raised.value.problems
    assert len(found) == 4
    assert str(raised.value).splitlines() == found
    assert all(problem.startswith(f"{TAXONOMY}:") for problem in found)


# Start-up and the `content check` command


def test_init_app_caches_the_content_for_get_content(tmp_path):
    app = Flask(__name__)
    app.config["CONTENT_DIR"] = write_content(tmp_path, valid_taxonomy())

    init_app(app)

    with app.app_context():
        assert isinstance(get_content(), Content)
        assert get_content() is get_content()
        assert get_content().taxonomy.item("snooping")


def test_a_bad_file_stops_init_app(tmp_path):
    app = Flask(__name__)
    app.config["CONTENT_DIR"] = write_content(tmp_path, valid_taxonomy() | {"signs": []})

    with pytest.raises(ContentError) as raised:
        init_app(app)

    assert raised.value.problems == [f"{TAXONOMY}: signs must be a non-empty list of items"]
    assert "clinic_content" not in app.extensions


def cli_app(content_dir: Path) -> Flask:
    app = Flask(__name__)
    app.config["CONTENT_DIR"] = content_dir
    app.cli.add_command(content_cli)
    return app


def test_content_check_prints_a_summary_of_a_good_tree(tmp_path):
    content_dir = write_content(tmp_path, valid_taxonomy(), exercises=("thought-record",))

    result = cli_app(content_dir).test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert result.output == (
        "content OK: taxonomy v1 (1 origins, 1 signs, 1 impact areas, 1 effects, "
        "1 relationships); 1 exercises, 0 handouts, 0 measures\n"
    )


def test_content_check_lists_each_problem_and_fails_on_a_broken_tree(tmp_path):
    content_dir = write_content(tmp_path, "version: 1\n")

    result = cli_app(content_dir).test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 1
    assert f"{TAXONOMY}: missing top-level key 'origins'\n" in result.stderr
    assert f"{TAXONOMY}: missing top-level key 'relationships'\n" in result.stderr
    assert "Error: 5 problems in content" in result.stderr


def test_content_check_reads_the_files_afresh_not_the_start_up_copy(tmp_path):
    content_dir = write_content(tmp_path, valid_taxonomy())
    app = Flask(__name__)
    app.config["CONTENT_DIR"] = content_dir
    init_app(app)
    (content_dir / "taxonomy.yaml").write_text("version: 1\n")

    result = app.test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 1
    assert TAXONOMY in result.stderr
