"""content/measures/*.yaml: what the real questionnaires say, and what the loader refuses."""

import shutil
from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT
from clinic.content.loader import ContentError, load_content

REAL = load_content(PROJECT_ROOT / "content").measures
ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with "
    "an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute."
)
TWO_WEEKS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
FREQUENCIES = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


def test_the_three_measures_load():
    assert list(REAL) == ["gad-7", "phq-9", "trust-check-in"]


@pytest.mark.parametrize(
    ("slug", "items", "bands", "reliable_change", "caseness"),
    [
        (
            "phq-9",
            9,
            [(0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"),
             (15, 19, "Moderately severe"), (20, 27, "Severe")],
            6,
            10,
        ),
        (
            "gad-7",
            7,
            [(0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"), (15, 21, "Severe")],
            4,
            8,
        ),
    ],
)  # fmt: skip
def test_phq9_and_gad7_follow_the_published_rules(slug, items, bands, reliable_change, caseness):
    measure = REAL[slug]

    assert measure.validated and measure.higher_is_worse
    assert measure.instructions == TWO_WEEKS
    assert len(measure.items) == items
    assert all([o.label for o in item.options] == FREQUENCIES for item in measure.items)
    assert all(item.values == (0, 1, 2, 3) and not item.reverse for item in measure.items)
    assert [(b.low, b.high, b.label) for b in measure.bands] == bands
    assert (measure.reliable_change, measure.caseness) == (reliable_change, caseness)
    assert measure.attribution == ATTRIBUTION
    assert "NHS Talking Therapies" in measure.source and "IAPT" in measure.source


def test_the_difficulty_question_is_asked_but_not_scored():
    for measure in (REAL["phq-9"], REAL["gad-7"]):
        assert measure.followup.key == "difficulty"
        assert measure.followup not in measure.items
        assert measure.questions[-1] == measure.followup


def test_phq9_item_9_is_its_safety_item():
    phq = REAL["phq-9"]
    assert phq.safety_item == "self_harm" == phq.items[8].key
    assert phq.items[8].text == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert REAL["gad-7"].safety_item is None


def test_the_trust_check_in_claims_nothing_it_has_not_earned():
    check_in = REAL["trust-check-in"]

    assert not check_in.validated
    assert not check_in.higher_is_worse, "higher is better: more trust, less checking"
    assert 4 <= len(check_in.items) <= 6
    assert all(item.values == tuple(range(11)) for item in check_in.items)
    assert check_in.bands == () and check_in.reliable_change is None
    assert check_in.caseness is None
    assert [item.key for item in check_in.items if item.reverse] == ["checked", "assumed_worst"]
    assert "Not a validated" in check_in.source


def copy_of_content(tmp_path: Path) -> Path:
    content_dir = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content_dir)
    return content_dir


def problems_after(tmp_path: Path, slug: str, old: str, new: str) -> list[str]:
    content_dir = copy_of_content(tmp_path)
    path = content_dir / "measures" / f"{slug}.yaml"
    text = path.read_text()
    assert old in text, "the test edits a line that is not there"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as error:
        load_content(content_dir)
    return error.value.problems


def line_of(slug: str, text: str) -> int:
    lines = (PROJECT_ROOT / "content" / "measures" / f"{slug}.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_missing_key_names_the_file(tmp_path):
    found = problems_after(tmp_path, "gad-7", "caseness: 8\n", "")

    line = line_of("gad-7", "version:")
    assert found == [f"content/measures/gad-7.yaml:{line}: missing key 'caseness'"]


def test_a_gap_between_bands_names_the_line(tmp_path):
    found = problems_after(tmp_path, "phq-9", "{low: 5, high: 9,", "{low: 6, high: 9,")

    line = line_of("phq-9", "{low: 5, high: 9,")
    assert found == [f"content/measures/phq-9.yaml:{line}: bands[1]: starts at 6; expected 5"]


def test_bands_must_reach_the_highest_total(tmp_path):
    found = problems_after(tmp_path, "gad-7", "{low: 15, high: 21,", "{low: 15, high: 20,")

    line = line_of("gad-7", "bands:")
    assert found == [
        f"content/measures/gad-7.yaml:{line}: bands end at 20; the highest total is 21"
    ]


def test_an_unvalidated_measure_cannot_claim_a_reliable_change_rule(tmp_path):
    found = problems_after(
        tmp_path, "trust-check-in", "reliable_change: null", "reliable_change: 8"
    )

    line = line_of("trust-check-in", "reliable_change:")
    assert found == [
        f"content/measures/trust-check-in.yaml:{line}: "
        "reliable_change must be null on a measure that is not validated"
    ]


def test_the_safety_item_must_be_one_of_the_items(tmp_path):
    found = problems_after(tmp_path, "phq-9", "safety_item: self_harm", "safety_item: harm")

    line = line_of("phq-9", "safety_item:")
    assert found == [
        f"content/measures/phq-9.yaml:{line}: safety_item 'harm' is not one of the items"
    ]


def test_duplicate_item_keys_are_refused(tmp_path):
    found = problems_after(tmp_path, "gad-7", "key: relaxing", "key: nervous")

    line = line_of("gad-7", "key: relaxing")
    assert found == [f"content/measures/gad-7.yaml:{line}: items[3]: duplicate key 'nervous'"]


def test_option_values_must_count_up_from_zero(tmp_path):
    found = problems_after(
        tmp_path, "gad-7", "{value: 1, label: Several days}", "{value: 2, label: Several days}"
    )

    line = line_of("gad-7", "{value: 1, label: Several days}")
    assert found == [
        f"content/measures/gad-7.yaml:{line}: options[1]: values must count up from 0; expected 1"
    ]


def test_content_check_counts_the_measures(tmp_path):
    from flask import Flask

    from clinic.content.cli import content_cli

    app = Flask(__name__)
    app.config["CONTENT_DIR"] = copy_of_content(tmp_path)
    app.cli.add_command(content_cli)
    result = app.test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert result.output.endswith(", 3 measures\n")
