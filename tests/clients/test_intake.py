import re

import sqlalchemy as sa

from clinic.clients.intake import describe_changes, empty_intake, rank_suggestions, summarise
from clinic.clients.models import Client, IntakeVersion
from clinic.content.models import Taxonomy, TaxonomyItem
from clinic.extensions import db
from tests.conftest import page_text, reload

FULL_INTAKE_FORM = {
    "reason": "Referred by GP after a breakup; <b>not</b> bold",
    "origin_relationship-betrayal": "y",
    "origin_relationship-betrayal_note": "Partner of six years had an affair",
    "origin_relationship-betrayal_began": "2021",
    "origin_inconsistent-caregiving": "y",
    "sign_checking-phone-social-media": "almost_always",
    "sign_over-analysing-conversations": "often",
    "sign_disbelieving-compliments": "rarely",
    "impact_romantic-relationships": "4",
    "impact_work-professional": "1",
    "effects": ["anxiety", "overthinking"],
    "relationships": ["romantic", "friends"],
    "strengths": "Close sister, runs twice a week",
    "safety_risk": "no",
    "safety_plan": "",
    "client_goals": "To stop checking his phone",
}


def stored_versions(app, client_id: int) -> list[IntakeVersion]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(IntakeVersion)
                .where(IntakeVersion.client_id == client_id)
                .order_by(IntakeVersion.number)
            )
        )


def test_every_field_type_round_trips(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    response = therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    assert response.status_code == 302

    (version,) = stored_versions(app, client.id)
    assert version.data == {
        "reason": "Referred by GP after a breakup; <b>not</b> bold",
        "origins": [
            {"id": "inconsistent-caregiving", "note": "", "began": ""},
            {
                "id": "relationship-betrayal",
                "note": "Partner of six years had an affair",
                "began": "2021",
            },
        ],
        "signs": {
            "checking-phone-social-media": "almost_always",
            "disbelieving-compliments": "rarely",
            "over-analysing-conversations": "often",
        },
        "impact": {"romantic-relationships": 4, "work-professional": 1},
        "effects": ["anxiety", "overthinking"],
        "relationships": ["romantic", "friends"],
        "strengths": "Close sister, runs twice a week",
        "safety": {"risk": False, "plan": ""},
        "client_goals": "To stop checking his phone",
    }
    form = therapist_client.get(f"/clients/{client.id}/intake").text
    assert 'name="origin_relationship-betrayal" value="y" checked' in form
    assert 'value="Partner of six years had an affair"' in form
    assert '<option selected value="almost_always">' in form
    assert re.search(r'<input checked[^>]*name="impact_romantic-relationships"[^>]*value="4"', form)
    assert "&lt;b&gt;not&lt;/b&gt; bold" in form


def test_client_page_summarises_the_intake(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    text = page_text(therapist_client.get(f"/clients/{client.id}"))
    assert "Betrayal by a past partner · 2021" in text
    signs = text.split("Most frequent signs")[1].split("Most affected")[0]
    assert signs.index("almost always") < signs.index("often"), "most frequent first"
    assert "compliments" not in signs, "a sign seen rarely is not among the frequent ones"
    assert "Romantic relationships · 4/4" in text
    assert "Work" not in text.split("Most affected areas")[1].split("Suggested exercises")[0]
    assert "Suggested exercises" in text and "Say it instead of checking" in text
    assert "<b>not</b> bold" in text, "shown literally"
    assert "&lt;b&gt;not&lt;/b&gt;" in therapist_client.get(f"/clients/{client.id}").text


def test_invalid_intake_keeps_what_was_typed_and_saves_nothing(
    app, therapist_client, therapist, make_client
):
    client = make_client(therapist)
    typed = dict(FULL_INTAKE_FORM)
    typed["safety_risk"] = "yes"
    typed["origin_abuse-history_note"] = "typed without ticking"
    typed["reason"] = "Kept reason"
    response = therapist_client.post(f"/clients/{client.id}/intake", data=typed)

    assert response.status_code == 200
    text = page_text(response)
    assert "Describe the safety plan for a client at risk." in text
    assert "Tick this origin to keep this, or clear it." in text
    assert 'value="typed without ticking"' in response.text
    assert "Kept reason" in response.text
    assert stored_versions(app, client.id) == []
    with app.app_context():
        assert reload(Client, client.id).safety_flag is False


def test_unknown_choice_values_are_refused(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    hostile = dict(
        FULL_INTAKE_FORM, **{"sign_snooping": "constantly", "impact_family-relationships": "9"}
    )
    response = therapist_client.post(f"/clients/{client.id}/intake", data=hostile)
    assert response.status_code == 200
    assert "Not a valid choice" in page_text(response)
    assert stored_versions(app, client.id) == []


def test_risk_yes_flags_the_client_and_no_clears_it(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    at_risk = dict(
        FULL_INTAKE_FORM, safety_risk="yes", safety_plan="Crisis line agreed; sister aware"
    )
    therapist_client.post(f"/clients/{client.id}/intake", data=at_risk)
    with app.app_context():
        assert reload(Client, client.id).safety_flag is True
    assert "Safety flag" in page_text(therapist_client.get("/"))
    assert "Crisis line agreed" in page_text(therapist_client.get(f"/clients/{client.id}"))

    therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    with app.app_context():
        assert reload(Client, client.id).safety_flag is False


def test_saving_keeps_previous_versions_and_history_says_what_changed(
    app, therapist_client, therapist, make_client
):
    client = make_client(therapist)
    therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    changed = dict(FULL_INTAKE_FORM, **{"sign_checking-phone-social-media": "sometimes"})
    changed.pop("origin_inconsistent-caregiving")
    therapist_client.post(f"/clients/{client.id}/intake", data=changed)

    first, second = stored_versions(app, client.id)
    assert first.data["signs"]["checking-phone-social-media"] == "almost_always"
    assert second.data["signs"]["checking-phone-social-media"] == "sometimes"
    history = page_text(therapist_client.get(f"/clients/{client.id}/intake/history"))
    assert "Version 2" in history and "Version 1" in history
    assert "Almost always → Sometimes" in history
    assert "Origin removed: Inconsistent caregiving." in history
    assert history.index("Version 2") < history.index("Version 1"), "newest first"


def test_saving_an_unchanged_intake_adds_no_version(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    response = therapist_client.post(f"/clients/{client.id}/intake", data=FULL_INTAKE_FORM)
    assert response.status_code == 302
    assert len(stored_versions(app, client.id)) == 1


def item(item_id, exercises=(), handouts=()):
    return TaxonomyItem(item_id, item_id.title(), "", tuple(exercises), tuple(handouts))


TINY = Taxonomy(
    version=1,
    origins=(item("betrayal", ["reliving", "step"], ["begin"]),),
    signs=(item("checking", ["say-it", "step"], ["signs"]), item("fights", ["say-it"])),
    impact_areas=(item("romance", ["say-it"], ["signs"]),),
    effects=(item("anxiety", ["thought"]),),
    relationships=(),
)


def test_suggestions_are_ranked_by_how_many_items_point_to_them():
    ranked = rank_suggestions(["betrayal", "checking", "fights", "romance"], TINY, "exercises")
    assert [(s.slug, s.score) for s in ranked] == [("say-it", 3), ("step", 2), ("reliving", 1)]
    assert ranked[0].because == ("Checking", "Fights", "Romance")


def test_summary_counts_only_frequent_signs_and_marked_impact():
    data = empty_intake()
    data["origins"] = [{"id": "betrayal", "note": "", "began": ""}]
    data["signs"] = {"checking": "rarely", "fights": "often"}
    data["impact"] = {"romance": 1}
    summary = summarise(data, TINY)
    assert [s.slug for s in summary.exercises] == ["reliving", "step", "say-it"]
    assert summary.frequent_signs == (("Fights", "Often"),)
    assert summary.affected_areas == ()


def test_unknown_ids_from_an_older_taxonomy_are_shown_not_crashed_on():
    before = empty_intake()
    after = dict(empty_intake(), signs={"retired-sign": "often"})
    assert describe_changes(before, after, TINY) == ["Sign retired-sign: not rated → Often."]
