"""A therapist's and a client's whole journey through the web pages, for tests that look at
what the journey leaves behind (logs, the audit log) rather than at any one page.

Every text typed on the way is distinctive, so a test can search for it anywhere.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from tests.conftest import ClinicClient
from tests.homework.conftest import SAY_IT_ANSWERS

SHARE_LINK = re.compile(r"/h/([A-Za-z0-9_\-]{32,})")


@dataclass(frozen=True)
class JourneyTexts:
    preferred_name: str = "Wilhelmina"
    full_name: str = "Wilhelmina Fairweather-Quist"
    email: str = "wfq@example.net"
    reason: str = "Referred after the Galway regatta betrayal"
    strengths: str = "Sings in the Tuesday choir"
    client_goals: str = "Stop reading Lorcan's messages"
    goal: str = "Ask Lorcan directly about the regatta"
    note: str = "Talked through the regatta evening at length"
    instructions: str = "Try this before the Kinsale trip"
    trigger: str = "Lorcan stayed late at the boathouse"
    how_it_went: str = "Lorcan laughed and showed me the boathouse rota"
    review: str = "Lovely work noticing the boathouse urge"
    narrative: str = "Wilhelmina checks far less since Kinsale"

    def all(self) -> list[str]:
        return list(vars(self).values())


@dataclass(frozen=True)
class Journey:
    client_id: int
    assignment_id: int
    token: str
    texts: JourneyTexts

    def secrets(self) -> list[str]:
        """What must never leave the clinical record: every text typed, and the share token."""
        return [*self.texts.all(), self.token]


def _ok(response, what: str) -> None:
    assert response.status_code in (200, 302), f"{what}: {response.status_code}"


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def walk_journey(app, therapist: ClinicClient, texts: JourneyTexts | None = None) -> Journey:
    """Create a client, take the intake, set a goal, note a session, assign homework; the
    client opens the link, saves a draft, submits; the therapist reviews and prints every
    document about the client."""
    texts = texts or JourneyTexts()
    today = date.today()
    created = therapist.post(
        "/clients/new",
        data={
            "preferred_name": texts.preferred_name,
            "full_name": texts.full_name,
            "email": texts.email,
        },
    )
    assert created.status_code == 302, "the new-client form was refused"
    client_id = int(re.search(r"/clients/(\d+)/", created.headers["Location"]).group(1))
    base = f"/clients/{client_id}"
    _ok(
        therapist.post(
            f"{base}/intake",
            data={
                "reason": texts.reason,
                "strengths": texts.strengths,
                "client_goals": texts.client_goals,
                "safety_risk": "no",
            },
        ),
        "intake",
    )
    _ok(therapist.post(f"{base}/goals", data={"description": texts.goal}), "goal")
    _ok(
        therapist.post(
            f"{base}/notes",
            data={
                "session_date": today.isoformat(),
                "duration_minutes": "50",
                "attendance": "attended",
                "note": texts.note,
            },
        ),
        "session note",
    )
    assigned = therapist.post(
        f"{base}/assign",
        data={"exercise": "say-it-instead-of-checking", "instructions": texts.instructions},
    )
    assert assigned.status_code == 302, "the assign form was refused"
    assignment_page = urlsplit(assigned.headers["Location"]).path
    assignment_id = int(assignment_page.rsplit("/", 1)[1])
    token = SHARE_LINK.search(therapist.get(assignment_page).text).group(1)

    client_browser = therapist.application.test_client()
    opened = client_browser.get(f"/h/{token}")
    assert opened.status_code == 302, "the share link did not open"
    page = urlsplit(opened.headers["Location"]).path
    answers = {**SAY_IT_ANSWERS, "f-trigger": texts.trigger, "f-how_it_went": texts.how_it_went}
    for action in ("save", "submit"):
        html = client_browser.get(page).text
        sent = client_browser.post(
            page,
            data={
                **answers,
                "revision": _hidden(html, "revision"),
                "submission_key": _hidden(html, "submission_key"),
                "action": action,
            },
        )
        assert sent.status_code == 302, f"the client's {action} was refused"

    _ok(therapist.get(assignment_page), "assignment page")
    _ok(
        therapist.post(f"{assignment_page}/review", data={"comment": texts.review, "share": "y"}),
        "review",
    )
    _ok(client_browser.get(page), "the client reads the review")
    _ok(
        therapist.post(
            f"{base}/summary",
            data={
                "period_start": (today - timedelta(days=30)).isoformat(),
                "period_end": today.isoformat(),
                "version": "clinical",
                "narrative": texts.narrative,
            },
        ),
        "summary draft",
    )
    for document in (
        f"{assignment_page}/homework.pdf",
        f"{base}/summary.pdf",
        f"{base}/export.pdf",
        f"{base}/export.json",
        "/caseload-report.pdf",
    ):
        response = therapist.get(document)
        assert response.status_code == 200, f"{document}: {response.status_code}"
    _ok(therapist.get("/"), "caseload")
    _ok(therapist.get(f"/?q={texts.preferred_name}"), "caseload search")
    return Journey(client_id, assignment_id, token, texts)
