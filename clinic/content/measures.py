"""`content/measures/<slug>.yaml`: questionnaires, how they are scored and how change is read.

The file name is the slug. Problems name the file and the line, like exercises and handouts.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.content.checks import (
    LineDict,
    Report,
    is_int,
    key_problems,
    missing_keys,
    not_a_mapping,
    read_yaml,
    slug_problem,
    text_problem,
    unknown_keys,
    version_problem,
)

REQUIRED_KEYS = (
    "version",
    "title",
    "short_title",
    "validated",
    "higher_is_worse",
    "instructions",
    "options",
    "items",
    "bands",
    "reliable_change",
    "caseness",
    "source",
    "attribution",
)
OPTIONAL_KEYS = ("safety_item", "followup", "low", "high")
ITEM_KEYS = ("key", "text")
OPTIONAL_ITEM_KEYS = ("reverse",)
ITEM_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_SHORT_TITLE = 20
ITEM_COUNT = range(1, 31)
OPTION_COUNT = range(2, 12)


@dataclass(frozen=True, slots=True)
class AnswerOption:
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    """One question; a reverse-scored item counts the highest option minus the answer."""

    key: str
    text: str
    options: tuple[AnswerOption, ...]
    reverse: bool = False

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    def label_for(self, value: int) -> str:
        return next((o.label for o in self.options if o.value == value), str(value))

    def points(self, value: int) -> int:
        return max(self.values) - value if self.reverse else value


@dataclass(frozen=True, slots=True)
class Band:
    """A severity band: totals from `low` to `high`, both included."""

    low: int
    high: int
    label: str

    def holds(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True, slots=True)
class Measure:
    """A questionnaire from `content/measures/<slug>.yaml`.

    `items` are the scored questions; `followup` (PHQ-9 and GAD-7's difficulty question) is
    asked after them, may be left out and never counts. `reliable_change` and `caseness` are
    None for a measure without validated rules, and then change in it is descriptive only.
    """

    slug: str
    title: str
    short_title: str
    version: int
    instructions: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    reliable_change: int | None
    caseness: int | None
    higher_is_worse: bool
    validated: bool
    attribution: str
    source: str
    safety_item: str | None = None
    followup: Item | None = None
    low: str | None = None
    high: str | None = None

    @property
    def max_total(self) -> int:
        return sum(max(item.values) for item in self.items)

    @property
    def questions(self) -> tuple[Item, ...]:
        """Every question in the order asked: the scored items, then the follow-up."""
        return self.items + ((self.followup,) if self.followup else ())

    @staticmethod
    def options_max(item: Item) -> int:
        return max(item.values)

    def item(self, key: str) -> Item:
        return next(item for item in self.questions if item.key == key)

    def missing(self, answers: Mapping[str, Any]) -> list[Item]:
        """The scored items without a valid answer, in order."""
        return [item for item in self.items if answers.get(item.key) not in item.values]

    def score(self, answers: Mapping[str, int]) -> int:
        """The total; ValueError naming the items when any scored item is unanswered."""
        missing = self.missing(answers)
        if missing:
            raise ValueError(f"unanswered items: {', '.join(item.key for item in missing)}")
        return sum(item.points(answers[item.key]) for item in self.items)

    def band_for(self, total: int) -> Band | None:
        return next((band for band in self.bands if band.holds(total)), None)

    def is_case(self, total: int) -> bool | None:
        """Whether the total is at or past the caseness cut-off; None without one."""
        if self.caseness is None:
            return None
        return total >= self.caseness if self.higher_is_worse else total <= self.caseness

    def safety_item_positive(self, answers: Mapping[str, Any]) -> bool:
        """The safety item was answered above its lowest option."""
        if self.safety_item is None:
            return False
        value = answers.get(self.safety_item)
        return is_int(value) and value > min(self.item(self.safety_item).values)


def load_measure(path: Path, report: Report) -> Measure | None:
    """The measure in `path`, or None after adding its problems to `report`."""
    data = read_yaml(path, report)
    if not report.problems:
        MeasureChecker(report, path.stem).check(data)
    return None if report.problems else build_measure(path.stem, data)


def _options(entries: list[Mapping[str, Any]]) -> tuple[AnswerOption, ...]:
    return tuple(AnswerOption(entry["value"], str(entry["label"])) for entry in entries)


def _item(entry: Mapping[str, Any], options: tuple[AnswerOption, ...]) -> Item:
    return Item(entry["key"], entry["text"], options, reverse=entry.get("reverse", False))


def build_measure(slug: str, data: Mapping[str, Any]) -> Measure:
    """The measure from data that `MeasureChecker` has passed."""
    options = _options(data["options"])
    followup = data.get("followup")
    return Measure(
        slug=slug,
        title=data["title"],
        short_title=data["short_title"],
        version=data["version"],
        instructions=data["instructions"],
        items=tuple(_item(entry, options) for entry in data["items"]),
        bands=tuple(Band(b["low"], b["high"], b["label"]) for b in data["bands"]),
        reliable_change=data["reliable_change"],
        caseness=data["caseness"],
        higher_is_worse=data["higher_is_worse"],
        validated=data["validated"],
        attribution=data["attribution"],
        source=data["source"],
        safety_item=data.get("safety_item"),
        followup=_item(followup, _options(followup["options"])) if followup else None,
        low=data.get("low"),
        high=data.get("high"),
    )


class MeasureChecker:
    """Records every problem in one parsed measure file whose stem is `slug`."""

    def __init__(self, report: Report, slug: str):
        self.report = report
        self.slug = slug

    def add(self, message: str, line: int) -> None:
        self.report.add(message, line)

    def check(self, data: Any) -> None:
        problem = slug_problem(self.slug)
        if problem:
            self.report.add(problem)
        if not isinstance(data, LineDict):
            self.report.add(not_a_mapping(data, REQUIRED_KEYS))
            return
        for message in missing_keys(data, REQUIRED_KEYS, "key"):
            self.add(message, data.line)
        for key in unknown_keys(data, REQUIRED_KEYS + OPTIONAL_KEYS):
            self.add(f"unknown key {key!r}", data.line_of(key))
        self._texts(data)
        self._flags(data)
        values = self._option_list(data.get("options"), "options", data.line_of("options"))
        keys = self._items(data.get("items"), data.line_of("items"))
        if "followup" in data:
            self._followup(data["followup"], data.line_of("followup"), keys)
        if "safety_item" in data and data["safety_item"] not in keys:
            self.add(
                f"safety_item {data['safety_item']!r} is not one of the items",
                data.line_of("safety_item"),
            )
        if values is not None and keys is not None:
            highest = max(values) * len(data["items"])
            self._bands(data.get("bands"), data.line_of("bands"), highest)
            self._rules(data, highest)

    def _texts(self, data: LineDict) -> None:
        checks = {
            "version": version_problem,
            "title": lambda v: text_problem("title", v, 80),
            "short_title": lambda v: text_problem("short_title", v, MAX_SHORT_TITLE),
            "instructions": lambda v: text_problem("instructions", v),
            "source": lambda v: text_problem("source", v),
            "attribution": lambda v: text_problem("attribution", v),
            "low": lambda v: text_problem("low", v, 40),
            "high": lambda v: text_problem("high", v, 40),
        }
        for key, check in checks.items():
            problem = check(data[key]) if key in data else None
            if problem:
                self.add(problem, data.line_of(key))

    def _flags(self, data: LineDict) -> None:
        for key in ("validated", "higher_is_worse"):
            if key in data and not isinstance(data[key], bool):
                self.add(f"{key} must be true or false, not {data[key]!r}", data.line_of(key))
        if data.get("validated") is False:
            for key in ("reliable_change", "caseness"):
                if data.get(key) is not None:
                    self.add(
                        f"{key} must be null on a measure that is not validated",
                        data.line_of(key),
                    )

    def _option_list(self, entries: Any, where: str, line: int) -> list[int] | None:
        """The option values, or None after reporting why the list is unusable."""
        if not isinstance(entries, list) or len(entries) not in OPTION_COUNT:
            self.add(f"{where} must be a list of 2 to 11 options", line)
            return None
        values: list[int] = []
        for index, entry in enumerate(entries):
            spot = f"{where}[{index}]"
            if not isinstance(entry, LineDict):
                self.add(f"{spot}: expected a mapping of value, label", line)
                return None
            for message in key_problems(entry, ("value", "label"), "key"):
                self.add(f"{spot}: {message}", entry.line)
            value = entry.get("value")
            if not is_int(value) or value != len(values):
                self.add(f"{spot}: values must count up from 0; expected {len(values)}", entry.line)
                return None
            problem = text_problem("label", str(entry.get("label", "")))
            if problem:
                self.add(f"{spot}: {problem}", entry.line)
            values.append(value)
        return values

    def _items(self, entries: Any, line: int) -> list[str] | None:
        if not isinstance(entries, list) or len(entries) not in ITEM_COUNT:
            self.add("items must be a list of 1 to 30 items", line)
            return None
        keys: list[str] = []
        for index, entry in enumerate(entries):
            key = self._item(entry, f"items[{index}]", line, keys)
            if key:
                keys.append(key)
        return keys

    def _item(
        self, entry: Any, where: str, line: int, taken: list[str], extra: tuple[str, ...] = ()
    ) -> str | None:
        if not isinstance(entry, LineDict):
            self.add(f"{where}: expected a mapping of key, text", line)
            return None
        for message in missing_keys(entry, ITEM_KEYS, "key"):
            self.add(f"{where}: {message}", entry.line)
        for key in unknown_keys(entry, (*ITEM_KEYS, *OPTIONAL_ITEM_KEYS, *extra)):
            self.add(f"{where}: unknown key {key!r}", entry.line)
        problem = text_problem("text", entry["text"]) if "text" in entry else None
        if problem:
            self.add(f"{where}: {problem}", entry.line)
        if not isinstance(entry.get("reverse", False), bool):
            self.add(f"{where}: reverse must be true or false", entry.line)
        key = entry.get("key")
        if not (isinstance(key, str) and ITEM_KEY.fullmatch(key)):
            self.add(f"{where}: invalid key {key!r}: use snake_case", entry.line)
            return None
        if key in taken:
            self.add(f"{where}: duplicate key '{key}'", entry.line)
            return None
        return key

    def _followup(self, entry: Any, line: int, keys: list[str] | None) -> None:
        key = self._item(entry, "followup", line, keys or [], extra=("options",))
        if key and isinstance(entry, LineDict):
            if entry.get("reverse"):
                self.add("followup: a follow-up is not scored, so it cannot be reversed", line)
            self._option_list(entry.get("options"), "followup: options", entry.line)

    def _bands(self, entries: Any, line: int, highest: int) -> None:
        if not isinstance(entries, list):
            self.add("bands must be a list (empty for a measure without bands)", line)
            return
        expected_low = 0
        for index, entry in enumerate(entries):
            where = f"bands[{index}]"
            if not isinstance(entry, LineDict):
                self.add(f"{where}: expected a mapping of low, high, label", line)
                return
            for message in key_problems(entry, ("low", "high", "label"), "key"):
                self.add(f"{where}: {message}", entry.line)
            low, high = entry.get("low"), entry.get("high")
            if not (is_int(low) and is_int(high) and low <= high):
                self.add(f"{where}: low and high must be whole numbers, low ≤ high", entry.line)
                return
            if low != expected_low:
                self.add(f"{where}: starts at {low}; expected {expected_low}", entry.line)
                return
            expected_low = high + 1
        if entries and expected_low != highest + 1:
            self.add(f"bands end at {expected_low - 1}; the highest total is {highest}", line)

    def _rules(self, data: LineDict, highest: int) -> None:
        for key in ("reliable_change", "caseness"):
            value = data.get(key)
            if value is not None and not (is_int(value) and 1 <= value <= highest):
                self.add(
                    f"{key} must be null or a whole number from 1 to {highest}", data.line_of(key)
                )
