"""Read-only objects built from the files under `content/`."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

SECTIONS = ("origins", "signs", "impact_areas", "effects")


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
class Content:
    """Everything loaded from `content/`; the slug sets are empty until those folders exist."""

    taxonomy: Taxonomy
    exercise_slugs: frozenset[str]
    handout_slugs: frozenset[str]
