"""`content/taxonomy.yaml`: what a valid taxonomy looks like and how it becomes objects."""

from collections.abc import Mapping
from typing import Any

from clinic.content.checks import (
    LineDict,
    Report,
    Spot,
    is_slug,
    key_problems,
    not_a_mapping,
    text_problem,
    version_problem,
)
from clinic.content.models import SECTIONS, Relationship, Taxonomy, TaxonomyItem

TAXONOMY_FILE = "taxonomy.yaml"
MAX_DESCRIPTION = 200
ITEM_FIELDS = ("id", "label", "description", "exercises", "handouts")
RELATIONSHIP_FIELDS = ("id", "label")
TOP_LEVEL_KEYS = ("version", *SECTIONS, "relationships")
REFERENCE_KINDS = {"exercises": "exercise", "handouts": "handout"}


def build_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    """The taxonomy from data that `TaxonomyChecker` has passed."""
    sections = {
        name: tuple(
            TaxonomyItem(
                id=entry["id"],
                label=entry["label"],
                description=entry["description"],
                exercises=tuple(entry["exercises"]),
                handouts=tuple(entry["handouts"]),
            )
            for entry in data[name]
        )
        for name in SECTIONS
    }
    relationships = tuple(Relationship(e["id"], e["label"]) for e in data["relationships"])
    return Taxonomy(version=data["version"], relationships=relationships, **sections)


def item_spots(data: Mapping[str, Any]) -> dict[str, Spot]:
    """Where each item of the four sections is, by id, in data that `TaxonomyChecker` passed."""
    return {
        entry["id"]: Spot(f"{name}[{index}]", entry.line, entry["id"])
        for name in SECTIONS
        for index, entry in enumerate(data[name])
    }


class TaxonomyChecker:
    """Records every problem in parsed taxonomy data.

    `known` maps 'exercises'/'handouts' to the slugs of the files found on disk; every
    reference must name one of them, even when the folder is empty or absent.
    """

    def __init__(self, report: Report, known: Mapping[str, frozenset[str]]):
        self.report = report
        self.known = known
        self.first_use: dict[str, Spot] = {}

    def check(self, data: Any) -> None:
        if not isinstance(data, LineDict):
            self.report.add(not_a_mapping(data, TOP_LEVEL_KEYS))
            return
        for message in key_problems(data, TOP_LEVEL_KEYS, "top-level key"):
            self.report.add(message)
        problem = version_problem(data["version"]) if "version" in data else None
        if problem:
            self.report.add(problem)
        for name in SECTIONS:
            if name in data:
                self._section(name, data[name])
        if "relationships" in data:
            self._relationships(data["relationships"])

    def _add(self, spot: Spot, message: str) -> None:
        self.report.add(f"{spot.label}: {message}", spot.line)

    def _section(self, name: str, entries: Any) -> None:
        if not isinstance(entries, list) or not entries:
            self.report.add(f"{name} must be a non-empty list of items")
            return
        for index, entry in enumerate(entries):
            spot = self._entry(f"{name}[{index}]", entry, ITEM_FIELDS)
            if spot is None:
                continue
            self._text(entry, "label", spot)
            self._text(entry, "description", spot, MAX_DESCRIPTION)
            for key, kind in REFERENCE_KINDS.items():
                self._references(entry, key, kind, spot)

    def _relationships(self, entries: Any) -> None:
        if not isinstance(entries, list):
            self.report.add("relationships must be a list of items")
            return
        for index, entry in enumerate(entries):
            spot = self._entry(f"relationships[{index}]", entry, RELATIONSHIP_FIELDS)
            if spot is not None:
                self._text(entry, "label", spot)

    def _entry(self, where: str, entry: Any, fields: tuple[str, ...]) -> Spot | None:
        """Check an entry's shape, keys and id; None when it is not a mapping at all."""
        if not isinstance(entry, LineDict):
            self.report.add(f"{where}: expected a mapping of {', '.join(fields)}")
            return None
        item_id = entry.get("id")
        spot = Spot(where, entry.line, item_id if is_slug(item_id) else None)
        for message in key_problems(entry, fields, "field"):
            self._add(spot, message)
        if "id" in entry:
            self._id(item_id, spot)
        return spot

    def _id(self, item_id: Any, spot: Spot) -> None:
        if not is_slug(item_id):
            self._add(spot, f"invalid id {item_id!r}: use lowercase letters, digits and hyphens")
        elif item_id in self.first_use:
            first = self.first_use[item_id]
            self._add(spot, f"duplicate id, first used by {first.where} at line {first.line}")
        else:
            self.first_use[item_id] = spot

    def _text(self, entry: Mapping[str, Any], key: str, spot: Spot, limit: int = 0) -> None:
        problem = text_problem(key, entry[key], limit) if key in entry else None
        if problem:
            self._add(spot, problem)

    def _references(self, entry: Mapping[str, Any], key: str, kind: str, spot: Spot) -> None:
        if key not in entry:
            return
        slugs = entry[key]
        if not isinstance(slugs, list):
            self._add(spot, f"{key} must be a list of {kind} slugs")
            return
        known = self.known[key]
        for slug in slugs:
            if not is_slug(slug):
                self._add(spot, f"invalid {kind} slug {slug!r}")
            elif slug not in known:
                self._add(spot, f"unknown {kind} '{slug}'")
