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


Row = tuple[str, ...]
# In print each row of the data table is one cell, its values joined by CELL_JOIN, and a
# long table prints several rows side by side, read across then down: WeasyPrint's time goes
# by the lines it lays out, and a year of weekly values, a row a line, took pages and a second.
CELL_JOIN = " · "
# About how many characters of the printed table fit across A4 or Letter, and how many a
# cell's padding takes.
PRINT_LINE = 120
CELL_PADDING = 4
PRINT_MOST_ACROSS = 4


@dataclass(frozen=True)
class RowGroup:
    """Rows under a heading written once (a goal's ratings under the goal); "" for none."""

    heading: str
    rows: tuple[Row, ...]


def ungrouped(rows: Sequence[Row]) -> tuple[RowGroup, ...]:
    return (RowGroup("", tuple(rows)),) if rows else ()


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    summary: str
    columns: tuple[str, ...]
    groups: tuple[RowGroup, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def svg_data_uri(self) -> str:
        """The drawing as an image source for print: WeasyPrint parses and styles inline SVG as
        part of the HTML before drawing it, which cost a year-long summary a tenth of its time."""
        return "data:image/svg+xml;base64," + b64encode(self.svg.encode()).decode("ascii")

    @property
    def rows_across(self) -> int:
        """How many rows of the data table print side by side: as many as fit across."""
        rows = self.rows
        widest = max((len(CELL_JOIN.join(row)) for row in rows), default=0)
        fit = PRINT_LINE // (widest + CELL_PADDING)
        return max(1, min(fit, PRINT_MOST_ACROSS, len(rows)))

    @property
    def print_heading(self) -> str:
        return CELL_JOIN.join(self.columns)

    def print_lines(self, group: RowGroup) -> list[list[str]]:
        """The group's rows as printed: each a cell of joined values, `rows_across` a line."""
        cells = [CELL_JOIN.join(row) for row in group.rows]
        across = self.rows_across
        return [cells[i : i + across] for i in range(0, len(cells), across)]
