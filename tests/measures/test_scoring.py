"""Scores and bands against hand-worked examples, boundaries included."""

import pytest

from clinic.config import PROJECT_ROOT
from clinic.content.loader import load_content

MEASURES = load_content(PROJECT_ROOT / "content").measures
PHQ9 = MEASURES["phq-9"]
GAD7 = MEASURES["gad-7"]
CHECK_IN = MEASURES["trust-check-in"]


def answers(measure, *values: int) -> dict[str, int]:
    """The values in item order, so each example's sum can be checked by eye."""
    assert len(values) == len(measure.items)
    return {item.key: value for item, value in zip(measure.items, values, strict=True)}


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "Mild"),
        ((3, 3, 3, 0, 0, 0, 0, 0, 0), 9, "Mild"),
        ((3, 3, 3, 1, 0, 0, 0, 0, 0), 10, "Moderate"),
        ((2, 3, 1, 2, 0, 1, 2, 0, 0), 11, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 2, 0, 0), 14, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 2, 1, 0), 15, "Moderately severe"),
        ((3, 3, 3, 3, 3, 2, 2, 0, 0), 19, "Moderately severe"),
        ((3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "Severe"),
    ],
)
def test_phq9_total_and_band(values, total, band):
    assert PHQ9.score(answers(PHQ9, *values)) == total
    assert PHQ9.band_for(total).label == band


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0), 5, "Mild"),
        ((3, 3, 3, 0, 0, 0, 0), 9, "Mild"),
        ((3, 3, 3, 1, 0, 0, 0), 10, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 2), 14, "Moderate"),
        ((3, 2, 2, 2, 2, 2, 2), 15, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3), 21, "Severe"),
    ],
)
def test_gad7_total_and_band(values, total, band):
    assert GAD7.score(answers(GAD7, *values)) == total
    assert GAD7.band_for(total).label == band


def test_the_difficulty_question_does_not_count():
    given = answers(PHQ9, 1, 1, 1, 1, 1, 0, 0, 0, 0)

    assert PHQ9.score({**given, "difficulty": 3}) == PHQ9.score(given) == 5


def test_trust_check_in_reverses_the_checking_items():
    # rely 7, checked 8 → 2, shared 5, assumed the worst 3 → 7, asked 6: 7 + 2 + 5 + 7 + 6
    assert CHECK_IN.score(answers(CHECK_IN, 7, 8, 5, 3, 6)) == 27
    assert CHECK_IN.score(answers(CHECK_IN, 10, 0, 10, 0, 10)) == 50 == CHECK_IN.max_total
    assert CHECK_IN.score(answers(CHECK_IN, 0, 10, 0, 10, 0)) == 0


def test_trust_check_in_has_no_band():
    assert CHECK_IN.band_for(27) is None


def test_missing_lists_the_unanswered_and_out_of_range_items_in_order():
    given = {**answers(GAD7, 1, 1, 1, 1, 1, 1, 1)}
    del given["worry_too_much"]
    given["afraid"] = 4

    assert [item.key for item in GAD7.missing(given)] == ["worry_too_much", "afraid"]
    with pytest.raises(ValueError, match="worry_too_much, afraid"):
        GAD7.score(given)


def test_the_safety_item_is_positive_above_not_at_all():
    none = answers(PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 0)
    several_days = answers(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1)

    assert not PHQ9.safety_item_positive(none)
    assert PHQ9.safety_item_positive(several_days)
    assert not GAD7.safety_item_positive(answers(GAD7, 3, 3, 3, 3, 3, 3, 3))


@pytest.mark.parametrize(("measure", "cut_off"), [(PHQ9, 10), (GAD7, 8)])
def test_caseness_starts_exactly_at_the_cut_off(measure, cut_off):
    assert measure.is_case(cut_off) is True
    assert measure.is_case(cut_off - 1) is False
    assert CHECK_IN.is_case(cut_off) is None
