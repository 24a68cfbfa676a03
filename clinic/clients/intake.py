"""The intake's data shape, how two versions differ, and the summary shown on the client page.

An intake is stored as a plain JSON document (see `empty_intake`) in `IntakeVersion.data`;
the item ids in it come from `content/taxonomy.yaml`.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from clinic.content.models import Taxonomy

FREQUENCIES = ("never", "rarely", "sometimes", "often", "almost_always")
FREQUENCY_LABELS = {
    "never": "Never",
    "rarely": "Rarely",
    "sometimes": "Sometimes",
    "often": "Often",
    "almost_always": "Almost always",
}
IMPACT_LABELS = {0: "None", 1: "Slight", 2: "Moderate", 3: "Marked", 4: "Severe"}
SAFETY_LABELS = {None: "Not yet asked", False: "No current risk", True: "Risk identified"}

# A sign counts towards suggestions from "sometimes" up; an impact area from "moderate" up.
SIGN_SUGGESTION_FLOOR = FREQUENCIES.index("sometimes")
IMPACT_SUGGESTION_FLOOR = 2
TEXT_FIELDS = {
    "reason": "Reason for referral",
    "strengths": "Strengths and supports",
    "client_goals": "Client's goals",
}


def empty_intake() -> dict[str, Any]:
    return {
        "reason": "",
        "origins": [],
        "signs": {},
        "impact": {},
        "effects": [],
        "relationships": [],
        "strengths": "",
        "safety": {"risk": None, "plan": ""},
        "client_goals": "",
    }


def is_at_risk(data: dict[str, Any]) -> bool:
    return data["safety"]["risk"] is True


def _label(taxonomy: Taxonomy, item_id: str) -> str:
    try:
        return taxonomy.item(item_id).label
    except KeyError:
        return item_id


def _relationship_label(taxonomy: Taxonomy, relationship_id: str) -> str:
    labels = {r.id: r.label for r in taxonomy.relationships}
    return labels.get(relationship_id, relationship_id)


def describe_changes(
    before: dict[str, Any], after: dict[str, Any], taxonomy: Taxonomy
) -> list[str]:
    """What changed from one intake version to the next, one plain sentence per change."""
    changes: list[str] = []
    for key, title in TEXT_FIELDS.items():
        if before[key] != after[key]:
            changes.append(f"{title} {'added' if not before[key] else 'changed'}.")
    changes += _origin_changes(before, after, taxonomy)
    changes += _rating_changes(
        "Sign", before["signs"], after["signs"], taxonomy, FREQUENCY_LABELS.get
    )
    changes += _rating_changes(
        "Impact", before["impact"], after["impact"], taxonomy, lambda v: f"{v} ({IMPACT_LABELS[v]})"
    )
    changes += _set_changes(
        "Effect", before["effects"], after["effects"], lambda i: _label(taxonomy, i)
    )
    changes += _set_changes(
        "Relationship",
        before["relationships"],
        after["relationships"],
        lambda i: _relationship_label(taxonomy, i),
    )
    if before["safety"]["risk"] != after["safety"]["risk"]:
        changes.append(
            f"Safety screen: {SAFETY_LABELS[before['safety']['risk']]} → "
            f"{SAFETY_LABELS[after['safety']['risk']]}."
        )
    elif before["safety"]["plan"] != after["safety"]["plan"]:
        changes.append("Safety plan changed.")
    return changes


def _origin_changes(before, after, taxonomy) -> list[str]:
    old = {o["id"]: o for o in before["origins"]}
    new = {o["id"]: o for o in after["origins"]}
    changes = [f"Origin added: {_label(taxonomy, i)}." for i in new if i not in old]
    changes += [f"Origin removed: {_label(taxonomy, i)}." for i in old if i not in new]
    for item_id in new.keys() & old.keys():
        for field, word in (("note", "note"), ("began", "when it began")):
            if new[item_id][field] != old[item_id][field]:
                changes.append(f"Origin {_label(taxonomy, item_id)}: {word} changed.")
    return changes


def _rating_changes(kind, old: dict, new: dict, taxonomy, show) -> list[str]:
    changes = []
    for item_id in sorted(old.keys() | new.keys(), key=lambda i: _label(taxonomy, i)):
        if old.get(item_id) != new.get(item_id):
            was = show(old[item_id]) if item_id in old else "not rated"
            now = show(new[item_id]) if item_id in new else "not rated"
            changes.append(f"{kind} {_label(taxonomy, item_id)}: {was} → {now}.")
    return changes


def _set_changes(kind, old: list, new: list, label) -> list[str]:
    added = [label(i) for i in new if i not in old]
    removed = [label(i) for i in old if i not in new]
    changes = []
    if added:
        changes.append(f"{kind}s added: {', '.join(added)}.")
    if removed:
        changes.append(f"{kind}s removed: {', '.join(removed)}.")
    return changes


@dataclass(frozen=True)
class Suggestion:
    slug: str
    score: int
    because: tuple[str, ...]


@dataclass(frozen=True)
class IntakeSummary:
    origins: tuple[tuple[str, str], ...]
    frequent_signs: tuple[tuple[str, str], ...]
    affected_areas: tuple[tuple[str, int], ...]
    effects: tuple[str, ...]
    exercises: tuple[Suggestion, ...]
    handouts: tuple[Suggestion, ...]
    safety_risk: bool | None

    @property
    def is_empty(self) -> bool:
        return not (self.origins or self.frequent_signs or self.affected_areas or self.effects)


def relevant_items(data: dict[str, Any]) -> list[str]:
    """The taxonomy items that describe this client: what suggestions are drawn from."""
    items = [o["id"] for o in data["origins"]]
    items += [i for i, f in data["signs"].items() if FREQUENCIES.index(f) >= SIGN_SUGGESTION_FLOOR]
    items += [i for i, v in data["impact"].items() if v >= IMPACT_SUGGESTION_FLOOR]
    items += list(data["effects"])
    return items


def rank_suggestions(item_ids: list[str], taxonomy: Taxonomy, kind: str) -> tuple[Suggestion, ...]:
    """Exercises or handouts, most pointed-to first; ties keep the order they were first met."""
    counts: Counter[str] = Counter()
    reasons: dict[str, list[str]] = {}
    for item_id in item_ids:
        try:
            item = taxonomy.item(item_id)
        except KeyError:
            continue
        for slug in getattr(item, kind):
            counts[slug] += 1
            reasons.setdefault(slug, []).append(item.label)
    first_seen = list(reasons)
    ranked = sorted(counts, key=lambda slug: (-counts[slug], first_seen.index(slug)))
    return tuple(Suggestion(slug, counts[slug], tuple(reasons[slug])) for slug in ranked)


def summarise(data: dict[str, Any], taxonomy: Taxonomy, top: int = 5) -> IntakeSummary:
    signs = sorted(
        ((i, f) for i, f in data["signs"].items() if FREQUENCIES.index(f) >= SIGN_SUGGESTION_FLOOR),
        key=lambda pair: -FREQUENCIES.index(pair[1]),
    )
    areas = sorted(
        ((i, v) for i, v in data["impact"].items() if v >= IMPACT_SUGGESTION_FLOOR),
        key=lambda pair: -pair[1],
    )
    items = relevant_items(data)
    return IntakeSummary(
        origins=tuple((_label(taxonomy, o["id"]), o["began"]) for o in data["origins"]),
        frequent_signs=tuple((_label(taxonomy, i), FREQUENCY_LABELS[f]) for i, f in signs[:top]),
        affected_areas=tuple((_label(taxonomy, i), v) for i, v in areas[:top]),
        effects=tuple(_label(taxonomy, i) for i in data["effects"]),
        exercises=rank_suggestions(items, taxonomy, "exercises")[:top],
        handouts=rank_suggestions(items, taxonomy, "handouts")[:top],
        safety_risk=data["safety"]["risk"],
    )
