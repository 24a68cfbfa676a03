"""Measures are part of the client's record: exported with it, erased with it."""

import json
from datetime import date

import sqlalchemy as sa

from clinic.extensions import db
from clinic.homework.models import ShareLink
from clinic.measures.models import MeasureRequest, MeasureResult
from tests.measures.test_share_link import send_measure


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_export_holds_the_measure_results(therapist_client, client_record, make_measure_result):
    make_measure_result(client_record, "phq-9", total=17, taken_on=date(2026, 3, 3))

    document = json.loads(therapist_client.get(f"/clients/{client_record.id}/export.json").text)

    [result] = document["measure_results"]
    assert (result["measure"], result["taken_on"], result["total"]) == ("phq-9", "2026-03-03", 17)
    assert result["band"] == "Moderately severe" and sum(result["answers"].values()) == 17


def test_erase_removes_results_requests_and_their_links(
    app, therapist_client, client_record, make_measure_result
):
    make_measure_result(client_record, "gad-7", total=9, taken_on=date(2026, 3, 3))
    send_measure(app, client_record)

    response = therapist_client.post(
        f"/clients/{client_record.id}/erase", data={"confirm_name": "Robin Client"}
    )

    assert response.status_code == 302
    for model in (MeasureResult, MeasureRequest, ShareLink):
        assert count(app, model) == 0, model.__name__
