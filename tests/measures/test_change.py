"""Reading change: reliable improvement and deterioration, caseness, and the plain statement."""

from datetime import date

import pytest

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.measures import services
from clinic.measures.services import (
    DESCRIPTIVE_ONLY,
    NO_RELIABLE_CHANGE,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
)

FIRST = date(2026, 3, 3)
LATER = date(2026, 5, 26)


@pytest.mark.parametrize(
    ("slug", "first", "latest", "expected"),
    [
        ("phq-9", 17, 11, RELIABLE_IMPROVEMENT),  # fell by exactly 6
        ("phq-9", 17, 12, NO_RELIABLE_CHANGE),  # fell by 5
        ("phq-9", 9, 15, RELIABLE_DETERIORATION),  # rose by exactly 6
        ("phq-9", 9, 14, NO_RELIABLE_CHANGE),  # rose by 5
        ("gad-7", 15, 11, RELIABLE_IMPROVEMENT),  # fell by exactly 4
        ("gad-7", 15, 12, NO_RELIABLE_CHANGE),  # fell by 3
        ("gad-7", 6, 10, RELIABLE_DETERIORATION),  # rose by exactly 4
        ("gad-7", 6, 9, NO_RELIABLE_CHANGE),  # rose by 3
        ("trust-check-in", 10, 45, DESCRIPTIVE_ONLY),
        ("trust-check-in", 45, 10, DESCRIPTIVE_ONLY),
    ],
)
def test_verdict_at_and_just_below_the_threshold(ctx, slug, first, latest, expected):
    assert services.verdict(get_content().measures[slug], first, latest) == expected


def summaries(client) -> list[services.MeasureChange]:
    return services.change_summaries(db.session.get(Client, client.id))


def test_summary_reads_like_the_issue_asks(ctx, client_record, make_measure_result):
    make_measure_result(client_record, "phq-9", total=17, taken_on=FIRST)
    make_measure_result(client_record, "phq-9", total=12, taken_on=date(2026, 4, 1))
    make_measure_result(client_record, "phq-9", total=9, taken_on=LATER)

    [change] = summaries(client_record)

    assert (change.first.total, change.latest.total, change.change) == (17, 9, -8)
    assert change.statement == "PHQ-9 fell from 17 to 9 since 3 March 2026: reliable improvement."
    assert (change.case_before, change.case_after) == (True, False)
    assert change.caseness_statement == (
        "At or above the caseness cut-off (10) at first, below it now."
    )


def test_caseness_is_read_at_exactly_the_cut_off(ctx, client_record, make_measure_result):
    make_measure_result(client_record, "gad-7", total=7, taken_on=FIRST)
    make_measure_result(client_record, "gad-7", total=8, taken_on=LATER)

    [change] = summaries(client_record)

    assert (change.case_before, change.case_after) == (False, True)
    assert change.statement == "GAD-7 rose from 7 to 8 since 3 March 2026: no reliable change."


def test_an_unvalidated_measure_is_described_not_judged(ctx, client_record, make_measure_result):
    make_measure_result(client_record, "trust-check-in", total=20, taken_on=FIRST)
    make_measure_result(client_record, "trust-check-in", total=20, taken_on=LATER)

    [change] = summaries(client_record)

    assert change.verdict == DESCRIPTIVE_ONLY and change.caseness_statement is None
    assert change.statement == (
        "Trust check-in stayed at 20 since 3 March 2026 "
        "(not a validated measure: change is descriptive only)."
    )


def test_no_summary_from_a_single_result(ctx, client_record, make_measure_result):
    make_measure_result(client_record, "phq-9", total=17, taken_on=FIRST)

    assert summaries(client_record) == []


def test_results_come_oldest_first_by_date_taken(ctx, client_record, make_measure_result):
    make_measure_result(client_record, "phq-9", total=9, taken_on=LATER)
    make_measure_result(client_record, "gad-7", total=5, taken_on=FIRST)
    make_measure_result(client_record, "phq-9", total=17, taken_on=FIRST)

    record = db.session.get(Client, client_record.id)
    assert [r.total for r in services.results_for(record, "phq-9")] == [17, 9]
    assert [r.measure_slug for r in services.results_for(record)] == ["gad-7", "phq-9", "phq-9"]
    [change] = summaries(client_record)
    assert change.statement.startswith("PHQ-9 fell from 17 to 9")
