"""The progress summary PDF carries the charts, their text alternatives and the statements;
the client's copy says the same movement gently."""

from datetime import date

import pytest

from clinic.clients import services as clients
from clinic.clients.models import Client
from clinic.extensions import db
from tests.pdf.conftest import assert_is_pdf, folded, pdftotext_text
from tests.progress_data import FIRST_DAY, record_scores, submit_homework

PERIOD = {"period_start": "2026-03-01", "period_end": date.today().isoformat()}
BAND_NAMES = ("Minimal", "Mild", "Moderate", "Severe")


@pytest.fixture
def progressing(app, client_record):
    """Robin: PHQ-9 from 17 to 9, two trust steps, one say-it record and a rated goal."""
    record_scores(app, client_record, "phq-9", 17, 13, 9)
    record_scores(app, client_record, "gad-7", 12, 11)
    submit_homework(
        app,
        client_record,
        "small-trust-step",
        {"distress_before": 70, "distress_after": 30, "belief_strength": 80, "belief_rerated": 40},
        on=date(2026, 4, 1),
        due_on=date(2026, 4, 2),
    )
    submit_homework(
        app,
        client_record,
        "say-it-instead-of-checking",
        {"urge_before": 8, "urge_after": 3, "said_it": "yes"},
        on=date(2026, 4, 8),
        due_on=date(2026, 4, 9),
    )
    with app.app_context():
        goal = clients.add_goal(db.session.get(Client, client_record.id), "Ask instead of checking")
        for day, score in ((3, 2), (24, 6)):
            clients.rate_goal(goal, score, FIRST_DAY.replace(day=day))
        db.session.commit()
    return client_record


def summary_text(therapist_client, client, version: str, **extra) -> str:
    saved = therapist_client.post(
        f"/clients/{client.id}/summary",
        data={"version": version, "narrative": "", "client_message": "", **PERIOD, **extra},
    )
    assert saved.status_code == 302
    return folded(
        pdftotext_text(assert_is_pdf(therapist_client.get(f"/clients/{client.id}/summary.pdf")))
    )


def test_clinical_copy_states_change_and_prints_each_charts_text_alternative(
    therapist_client, progressing
):
    text = summary_text(therapist_client, progressing, "clinical")

    for expected in (
        "PHQ-9 fell from 17 to 9 since 3 March 2026: reliable improvement.",
        "PHQ-9: At or above the caseness cut-off (10) at first, below it now.",
        "GAD-7 fell from 12 to 11 since 3 March 2026: no reliable change.",
        # Chart summaries and data tables, in the text layer.
        "PHQ-9: 3 results from 3 March 2026 to 31 March 2026; first 17 (moderately severe), "
        "latest 9 (mild); lowest 9, highest 17.",
        "31 March 2026 · 9 · Mild",
        "Distress before and after each experiment (0 to 100)",
        "1 April 2026 · 70 · 30 · -40",
        "Say it instead of checking: 1 record; said it 1 of 1",
        "Homework completed, by week due",
        "30 March 2026 · 1 of 1 (100%) 6 April 2026 · 1 of 1 (100%)",
        "Goal progress (0 to 10)",
        "Ask instead of checking: from 2 to 6 over 2 ratings since 3 March 2026.",
        # The goal once, its ratings under it.
        "Ask instead of checking 3 March 2026 · 2 24 March 2026 · 6",
    ):
        assert expected in text, expected


def test_client_copy_is_gentle_without_band_names_or_cut_offs(therapist_client, progressing):
    text = summary_text(therapist_client, progressing, "client")

    assert "Your PHQ-9 answers show things easing since you started. Well done." in text
    assert "You tried 1 trust step." in text
    assert "chose to say it instead 1 time" in text
    for clinical in ("reliable", "caseness", "Caseness", "cut-off", *BAND_NAMES):
        assert clinical not in text, clinical
    assert "from 17 to 9" not in text, "no scores unless the therapist chose them"


def test_client_copy_with_scores_has_plain_charts(therapist_client, progressing):
    text = summary_text(therapist_client, progressing, "client", client_copy_scores="y")

    assert "(from 17 to 9)" in text
    assert "PHQ-9: 3 results from 3 March 2026 to 31 March 2026; first 17, latest 9" in text
    assert "How upset before and after each trust step (0 to 100)" in text
    for clinical in ("reliable", "aseness", *BAND_NAMES):
        assert clinical not in text, clinical


def test_a_period_without_results_says_so(therapist_client, client_record):
    text = summary_text(therapist_client, client_record, "clinical")

    assert "No questionnaires recorded in this period." in text
