"""Load `content/` into read-only objects, reporting every problem with its file and line."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from clinic.content.models import SECTIONS, Content, Relationship, Taxonomy, TaxonomyItem

TAXONOMY_FILE = "taxonomy.yaml"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_DESCRIPTION = 200
ITEM_FIELDS = ("id", "label", "description", "exercises", "handouts")
RELATIONSHIP_FIELDS = ("id", "label")
TOP_LEVEL_KEYS = ("version", *SECTIONS, "relationships")
REFERENCE_KINDS = {"exercises": "exercise", "handouts": "handout"}


class ContentError(Exception):
    """One or more content files are invalid; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _LineDict(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int


class _LineLoader(yaml.SafeLoader):
    """yaml.SafeLoader whose mappings are `_LineDict`s carrying their 1-based start line."""

    def construct_line_dict(self, node: yaml.MappingNode):
        data = _LineDict()
        data.line = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_line_dict)


@dataclass
class _Report:
    """Problems found in one file, each prefixed with `file:line:` (or `file:` when unknown)."""

    file: str
    problems: list[str] = field(default_factory=list)

    def add(self, message: str, line: int | None = None) -> None:
        location = self.file if line is None else f"{self.file}:{line}"
        self.problems.append(f"{location}: {message}")


class _Spot(NamedTuple):
    """Where an entry is: `signs[3]`, its line, and its id when that is valid."""

    where: str
    line: int
    item_id: str | None

    @property
    def label(self) -> str:
        return self.where if self.item_id is None else f"{self.where} (id '{self.item_id}')"


def load_content(content_dir: Path) -> Content:
    """Load and validate everything under `content_dir`; raise ContentError listing all problems."""
    content_dir = Path(content_dir)
    exercise_slugs = _stems(content_dir / "exercises", "*.yaml")
    handout_slugs = _stems(content_dir / "handouts", "*.md")
    path = content_dir / TAXONOMY_FILE
    report = _Report(path.relative_to(content_dir.parent).as_posix())
    data = _read_yaml(path, report)
    if not report.problems:
        known = {"exercises": exercise_slugs, "handouts": handout_slugs}
        _TaxonomyChecker(report, known).check(data)
    if report.problems:
        raise ContentError(report.problems)
    return Content(_build_taxonomy(data), exercise_slugs, handout_slugs)


def _stems(folder: Path, pattern: str) -> frozenset[str]:
    return frozenset(path.stem for path in folder.glob(pattern)) if folder.is_dir() else frozenset()


def _read_yaml(path: Path, report: _Report) -> Any:
    if not path.is_file():
        report.add("file not found")
        return None
    try:
        return yaml.load(path.read_bytes(), Loader=_LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        report.add(f"invalid YAML: {problem}", mark.line + 1 if mark else None)
        return None


def _build_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    """The taxonomy from data that `_TaxonomyChecker` has passed."""
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


def _key_problems(data: Mapping[Any, Any], expected: tuple[str, ...], noun: str) -> list[str]:
    missing = [f"missing {noun} '{key}'" for key in expected if key not in data]
    unknown = [f"unknown {noun} '{key}'" for key in data if key not in expected]
    return missing + unknown


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class _TaxonomyChecker:
    """Records every problem in parsed taxonomy data.

    `known` maps 'exercises'/'handouts' to the slugs found on disk; an empty set means that
    folder is not written yet, so references of that kind are not checked.
    """

    def __init__(self, report: _Report, known: Mapping[str, frozenset[str]]):
        self.report = report
        self.known = known
        self.first_use: dict[str, _Spot] = {}

    def check(self, data: Any) -> None:
        if not isinstance(data, _LineDict):
            found = "an empty file" if data is None else f"a {type(data).__name__}"
            self.report.add(f"expected a mapping of {', '.join(TOP_LEVEL_KEYS)}; found {found}")
            return
        for message in _key_problems(data, TOP_LEVEL_KEYS, "top-level key"):
            self.report.add(message)
        if "version" in data and not _is_positive_int(data["version"]):
            self.report.add(f"version must be a positive integer, not {data['version']!r}")
        for name in SECTIONS:
            if name in data:
                self._section(name, data[name])
        if "relationships" in data:
            self._relationships(data["relationships"])

    def _add(self, spot: _Spot, message: str) -> None:
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

    def _entry(self, where: str, entry: Any, fields: tuple[str, ...]) -> _Spot | None:
        """Check an entry's shape, keys and id; None when it is not a mapping at all."""
        if not isinstance(entry, _LineDict):
            self.report.add(f"{where}: expected a mapping of {', '.join(fields)}")
            return None
        item_id = entry.get("id")
        spot = _Spot(where, entry.line, item_id if _is_slug(item_id) else None)
        for message in _key_problems(entry, fields, "field"):
            self._add(spot, message)
        if "id" in entry:
            self._id(item_id, spot)
        return spot

    def _id(self, item_id: Any, spot: _Spot) -> None:
        if not _is_slug(item_id):
            self._add(spot, f"invalid id {item_id!r}: use lowercase letters, digits and hyphens")
        elif item_id in self.first_use:
            first = self.first_use[item_id]
            self._add(spot, f"duplicate id, first used by {first.where} at line {first.line}")
        else:
            self.first_use[item_id] = spot

    def _text(self, entry: Mapping[str, Any], key: str, spot: _Spot, limit: int = 0) -> None:
        if key not in entry:
            return
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            self._add(spot, f"{key} must be non-empty text")
        elif limit and len(value) > limit:
            self._add(spot, f"{key} is {len(value)} characters long; keep it to {limit}")

    def _references(self, entry: Mapping[str, Any], key: str, kind: str, spot: _Spot) -> None:
        if key not in entry:
            return
        slugs = entry[key]
        if not isinstance(slugs, list):
            self._add(spot, f"{key} must be a list of {kind} slugs")
            return
        known = self.known[key]
        for slug in slugs:
            if not _is_slug(slug):
                self._add(spot, f"invalid {kind} slug {slug!r}")
            elif known and slug not in known:
                self._add(spot, f"unknown {kind} '{slug}'")
