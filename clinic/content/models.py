"""Read-only objects built from the files under `content/`."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from clinic.content.measures import Measure

SECTIONS = ("origins", "signs", "impact_areas", "effects")

CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "behavioural-experiment": "Behavioural experiments",
        "communication": "Communication",
        "thinking": "Thinking patterns",
        "self-compassion": "Self-compassion",
        "tracking": "Tracking logs",
    }
)
CHOICE_TYPES = ("single_choice", "checklist")
SCALE_TYPES = ("scale_0_10", "scale_0_100")
FIELD_TYPES = (
    "short_text",
    "long_text",
    *SCALE_TYPES,
    *CHOICE_TYPES,
    "date",
    "log",
    "i_statement",
)
# Who a handout is written for, and how the therapist's list names them.
AUDIENCES: Mapping[str, str] = MappingProxyType(
    {
        "client": "Clients",
        "supporter": "Partners, family and friends",
        "both": "Clients and the people who support them",
    }
)
# An i_statement answer has these three parts, read as "When …, I felt …. Could you …?"
I_STATEMENT_PARTS = ("when", "felt", "ask")


@dataclass(frozen=True, slots=True)
class TaxonomyItem:
    id: str
    label: str
    description: str
    exercises: tuple[str, ...]
    handouts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The intake vocabulary; items of the four sections share one id space."""

    version: int
    origins: tuple[TaxonomyItem, ...]
    signs: tuple[TaxonomyItem, ...]
    impact_areas: tuple[TaxonomyItem, ...]
    effects: tuple[TaxonomyItem, ...]
    relationships: tuple[Relationship, ...]
    by_id: Mapping[str, TaxonomyItem] = field(init=False, repr=False, compare=False)
    _section_by_id: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sections = {section: getattr(self, section) for section in SECTIONS}
        by_id = {item.id: item for items in sections.values() for item in items}
        section_by_id = {item.id: name for name, items in sections.items() for item in items}
        object.__setattr__(self, "by_id", MappingProxyType(by_id))
        object.__setattr__(self, "_section_by_id", MappingProxyType(section_by_id))

    def item(self, item_id: str) -> TaxonomyItem:
        """The item with this id, from any section; KeyError if there is none."""
        return self.by_id[item_id]

    def section_of(self, item_id: str) -> str:
        """The section ('origins', 'signs', 'impact_areas' or 'effects') holding this id."""
        return self._section_by_id[item_id]


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a single_choice or checklist field: a stored value and what the client sees."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One question of an exercise.

    `options` is non-empty only for choice types, `low`/`high` are set only on scales, and
    `columns`, `min_rows`, `max_rows` only on a log (other types have no columns and 0 rows).
    """

    id: str
    type: str
    label: str
    help: str | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    low: str | None = None
    high: str | None = None
    columns: tuple["FieldSpec", ...] = ()
    min_rows: int = 0
    max_rows: int = 0

    def to_snapshot(self) -> dict[str, Any]:
        """A plain JSON-ready dict with every key present; columns are snapshotted too."""
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "help": self.help,
            "required": self.required,
            "options": [{"value": o.value, "label": o.label} for o in self.options],
            "low": self.low,
            "high": self.high,
            "columns": [column.to_snapshot() for column in self.columns],
            "min_rows": self.min_rows,
            "max_rows": self.max_rows,
        }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any]) -> "FieldSpec":
        """The field that `to_snapshot` described, e.g. from an assignment's stored copy."""
        return cls(
            id=data["id"],
            type=data["type"],
            label=data["label"],
            help=data["help"],
            required=data["required"],
            options=tuple(Option(o["value"], o["label"]) for o in data["options"]),
            low=data["low"],
            high=data["high"],
            columns=tuple(cls.from_snapshot(column) for column in data["columns"]),
            min_rows=data["min_rows"],
            max_rows=data["max_rows"],
        )


@dataclass(frozen=True, slots=True)
class Exercise:
    """A homework template from `content/exercises/<slug>.yaml`."""

    slug: str
    version: int
    title: str
    category: str
    minutes: int
    purpose: str
    instructions: str
    suits: tuple[str, ...]
    fields: tuple[FieldSpec, ...]

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    def to_snapshot(self) -> dict[str, Any]:
        """What an assignment stores, so later edits to the file never break old answers."""
        return {
            "slug": self.slug,
            "version": self.version,
            "title": self.title,
            "instructions": self.instructions,
            "fields": [spec.to_snapshot() for spec in self.fields],
        }


def i_statement_text(when: str, felt: str, ask: str) -> str:
    """The three parts of an i_statement answer as one sentence pair, trimmed of stray ends."""

    def part(text: str) -> str:
        return re.sub(r"[\s.,;:!?]+$", "", text.strip())

    return f"When {part(when)}, I felt {part(felt)}. Could you {part(ask)}?"


@dataclass(frozen=True, slots=True)
class Handout:
    """Psychoeducation from `content/handouts/<slug>.md`.

    `body_html` is rendered once at load time from Markdown that the loader has checked holds
    no raw HTML, links or images, so templates may output it as it is.
    """

    slug: str
    version: int
    title: str
    audience: str
    summary: str
    body_markdown: str
    body_html: Markup

    @property
    def audience_label(self) -> str:
        return AUDIENCES[self.audience]


def _by_title(items: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of `items` ordered by title (then slug), keyed by slug."""
    ordered = sorted(items.values(), key=lambda item: (item.title.casefold(), item.slug))
    return MappingProxyType({item.slug: item for item in ordered})


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from `content/`; `exercises` and `handouts` are read-only, by title,
    `measures` read-only in file-name order."""

    taxonomy: Taxonomy
    exercises: Mapping[str, Exercise]
    handouts: Mapping[str, Handout]
    measures: Mapping[str, Measure] = field(default_factory=dict)
    exercise_slugs: frozenset[str] = field(init=False, repr=False, compare=False)
    handout_slugs: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exercises, handouts = _by_title(self.exercises), _by_title(self.handouts)
        object.__setattr__(self, "exercises", exercises)
        object.__setattr__(self, "exercise_slugs", frozenset(exercises))
        object.__setattr__(self, "handouts", handouts)
        object.__setattr__(self, "handout_slugs", frozenset(handouts))
        object.__setattr__(self, "measures", MappingProxyType(dict(self.measures)))
