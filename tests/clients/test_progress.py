"""The client page's Progress section: plain statements and the charts they come from."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from clinic.clients import services as clients
from clinic.clients.models import Client
from clinic.clients.progress import Window, client_progress
from clinic.extensions import db
from tests.progress_data import FIRST_DAY, record_scores, submit_homework

HOSTILE_GOAL = '<img src=x onerror="alert(1)"> & </svg><script>x()</script>'


@pytest.fixture
def record(app, client_record):
    """`record(slug, *totals)`: one result a fortnight from 3 March 2026."""
    return lambda slug, *totals: record_scores(app, client_record, slug, *totals)


@pytest.fixture
def submit(app, client_record):
    return lambda slug, answers, **when: submit_homework(app, client_record, slug, answers, **when)


def progress_section(therapist_client, client_record) -> str:
    page = therapist_client.get(f"/clients/{client_record.id}")
    assert page.status_code == 200
    match = re.search(r'<section class="panel progress".*?</section>', page.text, flags=re.S)
    assert match, "the page has a Progress section"
    return match.group(0)


def svgs(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(svg)  # noqa: S314 - the page's own SVG, parsed to check it is well-formed
        for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S)
    ]


def test_an_empty_record_says_there_is_nothing_yet(therapist_client, client_record):
    section = progress_section(therapist_client, client_record)

    assert "Nothing to show yet" in section
    assert "<svg" not in section


def test_questionnaire_change_is_stated_plainly_and_charted_with_bands(
    therapist_client, client_record, record
):
    record("phq-9", 17, 14, 9)
    record("gad-7", 12)

    section = progress_section(therapist_client, client_record)

    assert "PHQ-9 fell from 17 to 9 since 3 March 2026: reliable improvement." in section
    assert "At or above the caseness cut-off (10) at first, below it now." in section
    charts = svgs(section)
    assert len(charts) == 2, "one chart per questionnaire answered"
    texts = [
        " ".join(t.itertext())
        for svg in charts
        for t in svg.iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "Moderately severe" in texts and "Caseness cut-off (10 or more)" in texts
    assert "PHQ-9: 3 results from 3 March 2026 to 31 March 2026" in section
    assert "GAD-7: one result, 12 (moderate) on 3 March 2026." in section
    assert "<details" in section and "31 March 2026" in section


def test_a_measure_without_validated_rules_is_charted_without_bands(
    therapist_client, client_record, record
):
    record("trust-check-in", 20, 20)

    section = progress_section(therapist_client, client_record)

    assert "change is descriptive only" in section
    assert "Caseness" not in section and "Minimal" not in section
    assert len(svgs(section)) == 1


def test_homework_trends_are_stated_and_charted(therapist_client, client_record, submit):
    submit(
        "small-trust-step",
        {"distress_before": 70, "distress_after": 30, "belief_strength": 80, "belief_rerated": 40},
        on=date(2026, 4, 1),
        due_on=date(2026, 4, 2),
    )
    submit(
        "say-it-instead-of-checking",
        {"urge_before": 8, "urge_after": 3, "said_it": "yes"},
        on=date(2026, 4, 8),
        due_on=date(2026, 4, 9),
    )

    section = progress_section(therapist_client, client_record)

    assert (
        "Behavioural experiments: 1; distress lower afterwards on 1 of 1; belief in the feared "
        "outcome 80 before and 40 re-rated, on average." in section
    )
    assert (
        "Say it instead of checking: 1 record; said it 1 of 1; urge 8 before and 3 after, "
        "on average (0 to 10); answers to “Did I say it?”: “Yes” 1." in section
    )
    for title in (
        "Distress before and after each experiment (0 to 100)",
        "Belief in the feared outcome, before and re-rated (0 to 100)",
        "Urge to check, before and after (0 to 10)",
        "Homework completed, by week due",
    ):
        assert title in section, title
    assert len(svgs(section)) == 4


def test_goal_ratings_are_charted_and_goal_text_is_escaped(app, therapist_client, client_record):
    with app.app_context():
        owner = db.session.get(Client, client_record.id)
        goal = clients.add_goal(owner, HOSTILE_GOAL)
        for days, score in ((0, 2), (14, 5), (28, 8)):
            clients.rate_goal(goal, score, FIRST_DAY + timedelta(days=days))
        db.session.commit()

    section = progress_section(therapist_client, client_record)

    (chart,) = svgs(section)  # parses: nothing in the goal's text broke out of the SVG
    assert "<script>x()" not in section and "<img src=x" not in section
    assert "&lt;img src=x onerror=" in section
    markers = [e for e in chart.iter() if e.get("class") == "chart__markers"]
    assert sum(m.get("d").count("M") for m in markers) == 3 + 1, "three ratings and the legend"


def test_the_pdf_window_keeps_only_what_falls_inside_it(ctx, client_record, record):
    record("phq-9", 20, 15, 12, 8)
    owner = db.session.get(Client, client_record.id)

    progress = client_progress(
        owner, today=date(2026, 6, 1), window=Window(date(2026, 3, 10), date(2026, 3, 31))
    )

    assert progress.measure_statements[0] == (
        "PHQ-9 fell from 15 to 12 since 17 March 2026: no reliable change."
    )
    assert [row[1] for row in progress.measure_charts[0].rows] == ["15", "12"]


def test_the_clients_version_is_gentle_and_leaves_out_bands(ctx, client_record, record):
    record("phq-9", 17, 9)
    owner = db.session.get(Client, client_record.id)

    with_numbers = client_progress(owner, today=date(2026, 6, 1), for_client=True)
    without = client_progress(owner, today=date(2026, 6, 1), for_client=True, with_scores=False)

    assert with_numbers.measure_statements == [
        "Your PHQ-9 answers show things easing since you started (from 17 to 9). Well done."
    ]
    (chart,) = with_numbers.measure_charts
    assert "Moderate" not in str(chart.svg) and "aseness" not in str(chart.svg)
    assert chart.columns == ("Date", "PHQ-9")
    assert without.measure_statements == [
        "Your PHQ-9 answers show things easing since you started. Well done."
    ]
    assert without.measure_charts == [] and without.goal_chart is None
