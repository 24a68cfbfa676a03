"""What a chart is made from, and what it is made into."""

from base64 import b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date, float]]


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Scale:
    """The value axis: always the instrument's whole range, so charts compare at a glance."""

    low: float
    high: float

    @property
    def span(self) -> float:
        return (self.high - self.low) or 1


@dataclass(frozen=True)
class Pair:
    day: date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Week:
    start: date
    due: int
    submitted: int

    @property
    def rate(self) -> int | None:
        return round(100 * min(self.submitted, self.due) / self.due) if self.due else None


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def svg_data_uri(self) -> str:
        """The drawing as an image source for print: WeasyPrint parses and styles inline SVG as
        part of the HTML before drawing it, which cost a year-long summary a tenth of its time."""
        return "data:image/svg+xml;base64," + b64encode(self.svg.encode()).decode("ascii")
