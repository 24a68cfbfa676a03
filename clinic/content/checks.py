"""What every content file shares: reading YAML with line numbers and reporting problems."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(Exception):
    """One or more content files are invalid; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class LineDict(dict):
    """A YAML mapping that remembers the line it starts on and the line of each key."""

    line: int
    key_lines: dict[Any, int]

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineLoader(yaml.SafeLoader):
    """yaml.SafeLoader whose mappings are `LineDict`s carrying their 1-based lines."""

    def construct_line_dict(self, node: yaml.MappingNode):
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {
            key.value: key.start_mark.line + 1
            for key, _ in node.value
            if isinstance(key, yaml.ScalarNode)
        }
        yield data
        data.update(self.construct_mapping(node))


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_line_dict)


@dataclass
class Report:
    """Problems found in one file, each prefixed with `file:line:` (or `file:` when unknown)."""

    file: str
    problems: list[str] = field(default_factory=list)

    def add(self, message: str, line: int | None = None) -> None:
        location = self.file if line is None else f"{self.file}:{line}"
        self.problems.append(f"{location}: {message}")


class Spot(NamedTuple):
    """Where an entry is: `signs[3]`, its line, and its id when that is valid."""

    where: str
    line: int
    item_id: str | None

    @property
    def label(self) -> str:
        return self.where if self.item_id is None else f"{self.where} (id '{self.item_id}')"


def read_text(path: Path, report: Report) -> str | None:
    """The file as UTF-8 text, or None after reporting why it could not be read."""
    if not path.is_file():
        report.add("file not found")
        return None
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        report.add(f"not UTF-8 text (byte {error.start})")
        return None


def read_yaml(path: Path, report: Report) -> Any:
    """The parsed file, or None after reporting why it could not be read."""
    if not path.is_file():
        report.add("file not found")
        return None
    return parse_yaml(path.read_bytes(), report)


def parse_yaml(source: str | bytes, report: Report, context: str = "") -> Any:
    """The parsed YAML, or None after reporting why not; `context` prefixes the problem.

    Lines are counted from the start of `source`.
    """
    try:
        return yaml.load(source, Loader=LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        report.add(f"{context}invalid YAML: {problem}", mark.line + 1 if mark else None)
        return None


def not_a_mapping(data: Any, keys: tuple[str, ...], empty: str = "an empty file") -> str:
    found = empty if data is None else f"a {type(data).__name__}"
    return f"expected a mapping of {', '.join(keys)}; found {found}"


def missing_keys(data: Mapping[Any, Any], required: tuple[str, ...], noun: str) -> list[str]:
    return [f"missing {noun} '{key}'" for key in required if key not in data]


def unknown_keys(data: Mapping[Any, Any], allowed: tuple[str, ...]) -> list[Any]:
    return [key for key in data if key not in allowed]


def key_problems(data: Mapping[Any, Any], expected: tuple[str, ...], noun: str) -> list[str]:
    unknown = [f"unknown {noun} '{key}'" for key in unknown_keys(data, expected)]
    return missing_keys(data, expected, noun) + unknown


def is_slug(value: Any) -> bool:
    return isinstance(value, str) and SLUG.fullmatch(value) is not None


def slug_problem(slug: str) -> str | None:
    """Why a file stem cannot be a slug, or None when it can."""
    if is_slug(slug):
        return None
    return "the file name is the slug: use lowercase letters, digits and hyphens"


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_positive_int(value: Any) -> bool:
    return is_int(value) and value > 0


def version_problem(value: Any) -> str | None:
    return None if is_positive_int(value) else f"version must be a positive integer, not {value!r}"


def text_problem(key: str, value: Any, limit: int = 0) -> str | None:
    """Why `value` is not acceptable text for `key`, or None when it is."""
    if not isinstance(value, str) or not value.strip():
        return f"{key} must be non-empty text"
    if limit and len(value) > limit:
        return f"{key} is {len(value)} characters long; keep it to {limit}"
    return None
