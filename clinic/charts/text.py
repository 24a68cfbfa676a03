"""The words of a chart: dates, numbers and the plain-language summary."""

from collections.abc import Iterable, Sequence
from datetime import date

from clinic.charts.data import Band, Pair


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: date, *, with_year: bool = False) -> str:
    return f"{day:%b %Y}" if with_year else f"{day.day} {day:%b}"


def number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def optional(value: float | None) -> str:
    return "—" if value is None else number(value)


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def band_of(value: float, bands: Iterable[Band]) -> str:
    return next((b.label for b in bands if b.low <= value <= b.high), "")


# Summaries


def score_summary(name: str, points: list[tuple[date, float]], bands: Sequence[Band]) -> str:
    def described(value: float) -> str:
        label = band_of(value, bands)
        return f"{number(value)} ({label.lower()})" if label else number(value)

    (first_day, first), (last_day, last) = points[0], points[-1]
    if len(points) == 1:
        return f"{name}: one result, {described(first)} on {long_date(first_day)}."
    values = [v for _, v in points]
    return (
        f"{name}: {len(points)} results from {long_date(first_day)} to {long_date(last_day)}; "
        f"first {described(first)}, latest {described(last)}; "
        f"lowest {number(min(values))}, highest {number(max(values))}."
    )


def change_phrase(name: str, points: list[tuple[date, float]]) -> str:
    if len(points) == 1:
        return f"{name}: {number(points[0][1])} on {long_date(points[0][0])}"
    return (
        f"{name}: from {number(points[0][1])} to {number(points[-1][1])} "
        f"over {len(points)} ratings since {long_date(points[0][0])}"
    )


def paired_summary(pairs: list[Pair], before_label: str, after_label: str) -> str:
    complete = [p for p in pairs if p.before is not None and p.after is not None]
    count = f"{len(pairs)} occasion{plural(len(pairs))}"
    if not complete:
        return f"{count}, none with both ratings."
    before = sum(p.before for p in complete) / len(complete)
    after = sum(p.after for p in complete) / len(complete)
    lower = sum(p.after < p.before for p in complete)
    return (
        f"{count} from {long_date(pairs[0].day)} to {long_date(pairs[-1].day)}; "
        f"on average {number(round(before, 1))} {before_label.lower()} and "
        f"{number(round(after, 1))} {after_label.lower()}; "
        f"lower afterwards on {lower} of {len(complete)}."
    )


def difference(pair: Pair) -> str:
    if pair.before is None or pair.after is None:
        return "—"
    change = pair.after - pair.before
    return f"{'+' if change > 0 else ''}{number(change)}"
