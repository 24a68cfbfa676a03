"""`content/exercises/<slug>.yaml`: what a valid homework template looks like.

The file name is the slug. Problems name the file and the line: top-level problems the line of
the key, field problems the line where the field starts.
"""

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from clinic.content.checks import (
    LineDict,
    Report,
    Spot,
    is_int,
    is_slug,
    key_problems,
    missing_keys,
    not_a_mapping,
    slug_problem,
    text_problem,
    unknown_keys,
    version_problem,
)
from clinic.content.models import (
    CATEGORIES,
    CHOICE_TYPES,
    FIELD_TYPES,
    SCALE_TYPES,
    Exercise,
    FieldSpec,
    Option,
    Taxonomy,
)

EXERCISE_KEYS = (
    "version",
    "title",
    "category",
    "minutes",
    "purpose",
    "instructions",
    "suits",
    "fields",
)
FIELD_KEYS = ("id", "type", "label")
OPTIONAL_FIELD_KEYS = ("help", "required")
# Keys that only some field types take, and the types that take them.
TYPE_KEYS: Mapping[str, tuple[str, ...]] = {
    "options": CHOICE_TYPES,
    "low": SCALE_TYPES,
    "high": SCALE_TYPES,
    "columns": ("log",),
    "min_rows": ("log",),
    "max_rows": ("log",),
}
ALL_FIELD_KEYS = (*FIELD_KEYS, *OPTIONAL_FIELD_KEYS, *TYPE_KEYS)
NOT_IN_A_LOG = ("log", "i_statement")
FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TITLE = 80
MINUTES = range(1, 121)
OPTION_COUNT = range(2, 11)
ROWS = range(1, 51)
# Enough for one phone screen at a time; a longer exercise should be split in two.
MAX_FIELDS = 12
MAX_COLUMNS = 6


def is_field_id(value: Any) -> bool:
    return isinstance(value, str) and FIELD_ID.fullmatch(value) is not None


def _in_range(value: Any, allowed: range) -> bool:
    return is_int(value) and value in allowed


def _category(value: Any) -> str | None:
    if isinstance(value, str) and value in CATEGORIES:
        return None
    return f"unknown category {value!r}: use one of {', '.join(CATEGORIES)}"


def _minutes(value: Any) -> str | None:
    if _in_range(value, MINUTES):
        return None
    return f"minutes must be a whole number from 1 to 120, not {value!r}"


VALUE_CHECKS: Mapping[str, Callable[[Any], str | None]] = {
    "version": version_problem,
    "title": partial(text_problem, "title", limit=MAX_TITLE),
    "category": _category,
    "minutes": _minutes,
    "purpose": partial(text_problem, "purpose"),
    "instructions": partial(text_problem, "instructions"),
}


def build_exercise(slug: str, data: Mapping[str, Any]) -> Exercise:
    """The exercise from data that `ExerciseChecker` has passed."""
    return Exercise(
        slug=slug,
        version=data["version"],
        title=data["title"],
        category=data["category"],
        minutes=data["minutes"],
        purpose=data["purpose"],
        instructions=data["instructions"],
        suits=tuple(data["suits"]),
        fields=tuple(_build_field(entry) for entry in data["fields"]),
    )


def _build_field(entry: Mapping[str, Any]) -> FieldSpec:
    return FieldSpec(
        id=entry["id"],
        type=entry["type"],
        label=entry["label"],
        help=entry.get("help"),
        required=entry.get("required", False),
        options=tuple(Option(o["value"], o["label"]) for o in entry.get("options", ())),
        low=entry.get("low"),
        high=entry.get("high"),
        columns=tuple(_build_field(column) for column in entry.get("columns", ())),
        min_rows=entry.get("min_rows", 0),
        max_rows=entry.get("max_rows", 0),
    )


class ExerciseChecker:
    """Records every problem in one parsed exercise file whose stem is `slug`."""

    def __init__(self, report: Report, slug: str):
        self.report = report
        self.slug = slug

    def check(self, data: Any) -> None:
        problem = slug_problem(self.slug)
        if problem:
            self.report.add(problem)
        if not isinstance(data, LineDict):
            self.report.add(not_a_mapping(data, EXERCISE_KEYS))
            return
        self._keys(data)
        for key, check in VALUE_CHECKS.items():
            problem = check(data[key]) if key in data else None
            if problem:
                self.report.add(problem, data.line_of(key))
        if "suits" in data:
            self._suits(data["suits"], data.line_of("suits"))
        if "fields" in data:
            self._fields(data["fields"], data.line_of("fields"))

    def _keys(self, data: LineDict) -> None:
        for message in missing_keys(data, EXERCISE_KEYS, "key"):
            self.report.add(message, data.line)
        for key in unknown_keys(data, EXERCISE_KEYS):
            hint = " (the file name is the slug)" if key == "slug" else ""
            self.report.add(f"unknown key {key!r}{hint}", data.line_of(key))

    def _suits(self, suits: Any, line: int) -> None:
        if not isinstance(suits, list):
            self.report.add("suits must be a list of taxonomy item ids", line)
            return
        for index, item_id in enumerate(suits):
            if not is_slug(item_id):
                self.report.add(f"suits: invalid taxonomy item id {item_id!r}", line)
            elif item_id in suits[:index]:
                self.report.add(f"suits: '{item_id}' is listed twice", line)

    def _fields(self, entries: Any, line: int) -> None:
        if check_field_list(self.report, entries, "fields", line, nested=False):
            required = [e for e in entries if isinstance(e, Mapping) and e.get("required") is True]
            if not required:
                self.report.add("fields: mark at least one field required: true", line)


def check_field_list(report: Report, entries: Any, where: str, line: int, nested: bool) -> bool:
    """Check a list of field specs (or a log's columns); False when it is not a non-empty list."""
    if not isinstance(entries, list) or not entries:
        report.add(f"{where} must be a non-empty list of fields", line)
        return False
    limit = MAX_COLUMNS if nested else MAX_FIELDS
    if len(entries) > limit:
        report.add(f"{where} has {len(entries)} entries; keep it to {limit}", line)
    first_use: dict[str, Spot] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, LineDict):
            _FieldChecker(report, f"{where}[{index}]", entry, nested).check(first_use)
        else:
            report.add(f"{where}[{index}]: expected a mapping of id, type, label", line)
    return True


class _FieldChecker:
    """Records the problems of one field spec (and of its columns, for a log)."""

    def __init__(self, report: Report, where: str, entry: LineDict, nested: bool):
        field_id = entry.get("id")
        self.report = report
        self.entry = entry
        self.nested = nested
        self.spot = Spot(where, entry.line, field_id if is_field_id(field_id) else None)

    def add(self, message: str, line: int | None = None) -> None:
        self.report.add(f"{self.spot.label}: {message}", line or self.spot.line)

    def check(self, first_use: dict[str, Spot]) -> None:
        entry = self.entry
        for message in missing_keys(entry, FIELD_KEYS, "key"):
            self.add(message)
        for key in unknown_keys(entry, ALL_FIELD_KEYS):
            self.add(f"unknown key {key!r}")
        if "id" in entry:
            self._id(entry["id"], first_use)
        for key in ("label", "help", "low", "high"):
            problem = text_problem(key, entry[key]) if key in entry else None
            if problem:
                self.add(problem)
        if not isinstance(entry.get("required", False), bool):
            self.add(f"required must be true or false, not {entry['required']!r}")
        if "type" in entry and self._type(entry["type"]):
            self._type_keys(entry["type"])

    def _id(self, field_id: Any, first_use: dict[str, Spot]) -> None:
        if not is_field_id(field_id):
            self.add(f"invalid id {field_id!r}: use snake_case (lowercase letters, digits, _)")
        elif field_id in first_use:
            first = first_use[field_id]
            self.add(f"duplicate field id, first used by {first.where} at line {first.line}")
        else:
            first_use[field_id] = self.spot

    def _type(self, field_type: Any) -> bool:
        """Whether the type is one this field may have."""
        if not isinstance(field_type, str) or field_type not in FIELD_TYPES:
            self.add(f"unknown type {field_type!r}: use one of {', '.join(FIELD_TYPES)}")
            return False
        if self.nested and field_type in NOT_IN_A_LOG:
            self.add(f"a log column cannot be of type '{field_type}'")
            return False
        return True

    def _type_keys(self, field_type: str) -> None:
        for key, types in TYPE_KEYS.items():
            if field_type in types and key not in self.entry:
                self.add(f"missing key '{key}', which {field_type} fields need")
            elif key in self.entry and field_type not in types:
                self.add(f"{key} belongs only on {' and '.join(types)} fields, not {field_type}")
        if field_type in CHOICE_TYPES and "options" in self.entry:
            self._options(self.entry["options"])
        if field_type == "log":
            self._log()

    def _options(self, options: Any) -> None:
        if not isinstance(options, list) or len(options) not in OPTION_COUNT:
            self.add("options must be a list of 2 to 10 options")
            return
        values: set[str] = set()
        for index, option in enumerate(options):
            where = f"options[{index}]"
            if not isinstance(option, LineDict):
                self.add(f"{where}: expected a mapping of value, label")
                continue
            for message in key_problems(option, ("value", "label"), "key"):
                self.add(f"{where}: {message}", option.line)
            self._option(where, option, values)

    def _option(self, where: str, option: LineDict, values: set[str]) -> None:
        problems = [text_problem("label", option["label"]) if "label" in option else None]
        value = option.get("value")
        if "value" in option and not is_field_id(value):
            problems.append(f"invalid value {value!r}: use snake_case")
        elif value in values:
            problems.append(f"duplicate value '{value}'")
        elif value is not None:
            values.add(value)
        for problem in filter(None, problems):
            self.add(f"{where}: {problem}", option.line)

    def _log(self) -> None:
        entry = self.entry
        if "columns" in entry:
            where, line = f"{self.spot.label}: columns", entry.line_of("columns")
            check_field_list(self.report, entry["columns"], where, line, nested=True)
        rows = {key: entry[key] for key in ("min_rows", "max_rows") if key in entry}
        for key, value in rows.items():
            if not _in_range(value, ROWS):
                self.add(f"{key} must be a whole number from 1 to 50, not {value!r}")
        low, high = rows.get("min_rows"), rows.get("max_rows")
        if _in_range(low, ROWS) and _in_range(high, ROWS) and low > high:
            self.add(f"min_rows ({low}) is more than max_rows ({high})")


class SuitsChecker:
    """Checks that an exercise's `suits` and the taxonomy's `exercises` lists agree both ways."""

    def __init__(self, taxonomy: Taxonomy, spots: Mapping[str, Spot], taxonomy_file: str):
        self.taxonomy = taxonomy
        self.spots = spots
        self.taxonomy_file = taxonomy_file

    def _item(self, item_id: str) -> str:
        spot = self.spots[item_id]
        return f"{self.taxonomy_file}:{spot.line} ({spot.where})"

    def check(self, slug: str, data: Any, report: Report) -> None:
        suits = data.get("suits") if isinstance(data, LineDict) else None
        if not isinstance(suits, list):
            return
        line = data.line_of("suits")
        for item_id in dict.fromkeys(s for s in suits if is_slug(s)):
            if item_id not in self.taxonomy.by_id:
                report.add(f"suits: unknown taxonomy item '{item_id}'", line)
            elif slug not in self.taxonomy.item(item_id).exercises:
                where = self._item(item_id)
                report.add(f"suits includes '{item_id}' but {where} does not list '{slug}'", line)
        for item_id, item in self.taxonomy.by_id.items():
            if slug in item.exercises and item_id not in suits:
                where = self._item(item_id)
                report.add(f"suits leaves out '{item_id}' but {where} lists '{slug}'", line)
