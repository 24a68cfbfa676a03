"""A client's whole record as one JSON-ready document, for a transfer or an access request."""

from typing import Any

from clinic.clients.models import Client
from clinic.db import utcnow
from clinic.measures.services import results_for

EXPORT_FORMAT = "clinic.client-record/1"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export_client(client: Client) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "client": {
            "id": client.id,
            "preferred_name": client.preferred_name,
            "full_name": client.full_name,
            "pronouns": client.pronouns,
            "date_of_birth": _date(client.date_of_birth),
            "email": client.email,
            "status": client.status.value,
            "discharged_on": _date(client.discharged_on),
            "discharge_reason": client.discharge_reason,
            "therapist": {"name": client.therapist.name, "email": client.therapist.email},
            "created_at": client.created_at.isoformat(),
        },
        "intake_versions": [
            {
                "number": version.number,
                "saved_at": version.saved_at.isoformat(),
                "saved_by": version.saved_by.name,
                "taxonomy_version": version.taxonomy_version,
                "data": version.data,
            }
            for version in client.intake_versions
        ],
        "goals": [
            {
                "description": goal.description,
                "status": goal.status.value,
                "created_at": goal.created_at.isoformat(),
                "closed_on": _date(goal.closed_on),
                "ratings": [
                    {"rated_on": _date(r.rated_on), "score": r.score} for r in goal.ratings
                ],
            }
            for goal in client.goals
        ],
        "session_notes": [
            {
                "date": _date(n.session_date),
                "duration_minutes": n.duration_minutes,
                "attendance": n.attendance.value,
                "note": n.note,
            }
            for n in sorted(client.session_notes, key=lambda n: n.session_date)
        ],
        "measure_results": [
            {
                "measure": r.measure_slug,
                "version": r.measure_version,
                "taken_on": _date(r.taken_on),
                "source": r.source.value,
                "answers": r.answers,
                "total": r.total,
                "band": r.band,
            }
            for r in results_for(client)
        ],
    }
