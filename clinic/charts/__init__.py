"""Charts as SVG, the same for the web page and the PDF: pure functions from data to a `Chart`.

A chart is an SVG drawing plus its text alternative: a one-line plain-language summary and a
data table holding exactly the plotted values. The SVG needs no script, stylesheet, font or
other file (presentation attributes only, so a strict Content-Security-Policy and WeasyPrint's
SVG renderer both draw it). Every text in it goes through `Markup.format`, which escapes.
Series are told apart by marker shape and dash pattern as well as colour.
"""

from collections.abc import Sequence

from clinic.charts import svg, text
from clinic.charts.data import Band, Chart, Pair, RowGroup, Scale, Series, Week, ungrouped

__all__ = [
    "Band",
    "Chart",
    "Pair",
    "RowGroup",
    "Scale",
    "Series",
    "Week",
    "completion_chart",
    "line_chart",
    "paired_chart",
    "score_chart",
]


def score_chart(
    title: str,
    series: Series,
    *,
    scale: Scale,
    bands: Sequence[Band] = (),
    threshold: float | None = None,
    threshold_label: str = "",
) -> Chart:
    """Scores over time on the instrument's range, with shaded bands and a threshold line."""
    points = sorted(series.points)
    rows = tuple(
        (text.long_date(day), text.number(value), *((text.band_of(value, bands),) if bands else ()))
        for day, value in points
    )
    columns = ("Date", series.name, *(("Band",) if bands else ()))
    if not points:
        return svg.empty(title, columns)
    days = [day for day, _ in points]
    legend_rows = 1 if threshold is None else 2
    frame = svg.Frame(scale, days, legend_rows=legend_rows, gutter=svg.BAND_GUTTER if bands else 0)
    parts = [*svg.bands(frame, bands), *svg.grid(frame)]
    if threshold is not None:
        parts += [svg.threshold(frame, threshold), svg.threshold_key(frame, 1, threshold_label)]
    parts += [
        *svg.line(frame, points, 0),
        *svg.x_axis(frame),
        *svg.legend(frame, [(series.name, 0, 0)]),
    ]
    summary = text.score_summary(series.name, points, bands)
    return svg.chart(title, summary, columns, ungrouped(rows), frame, parts)


def line_chart(
    title: str,
    series_list: Sequence[Series],
    *,
    scale: Scale,
    value_label: str = "Value",
) -> Chart:
    """Several series on one scale (goal ratings 0 to 10), each its own colour, marker and dash.
    The table lists each series' values under its name."""
    drawn = [s for s in series_list if s.points]
    groups = tuple(
        RowGroup(s.name, tuple((text.long_date(d), text.number(v)) for d, v in sorted(s.points)))
        for s in drawn
    )
    columns = ("Date", value_label)
    if not drawn:
        return svg.empty(title, columns)
    days = [day for s in drawn for day, _ in s.points]
    frame = svg.Frame(scale, days, legend_rows=len(drawn))
    parts = [*svg.grid(frame)]
    for index, s in enumerate(drawn):
        parts += svg.line(frame, sorted(s.points), index)
    parts += [*svg.x_axis(frame), *svg.legend(frame, [(s.name, i, i) for i, s in enumerate(drawn)])]
    summary = "; ".join(text.change_phrase(s.name, sorted(s.points)) for s in drawn) + "."
    return svg.chart(title, summary, columns, groups, frame, parts)


def paired_chart(
    title: str,
    pairs: Sequence[Pair],
    *,
    scale: Scale,
    before_label: str = "Before",
    after_label: str = "After",
) -> Chart:
    """Two ratings per occasion (distress before and after): an open and a filled marker joined."""
    pairs = sorted(pairs, key=lambda p: p.day)
    rows = tuple(
        (text.long_date(p.day), text.optional(p.before), text.optional(p.after), text.difference(p))
        for p in pairs
    )
    columns = ("Date", before_label, after_label, "Change")
    plotted = [p for p in pairs if p.before is not None or p.after is not None]
    if not plotted:
        return svg.empty(title, columns, ungrouped(rows))
    frame = svg.Frame(scale, [p.day for p in plotted], legend_rows=2)
    complete = [
        (p.day, p.before, p.after) for p in plotted if p.before is not None and p.after is not None
    ]
    parts = [*svg.grid(frame), *svg.segments(frame, complete)]
    befores = [(p.day, p.before) for p in plotted if p.before is not None]
    afters = [(p.day, p.after) for p in plotted if p.after is not None]
    parts += svg.line(frame, befores, 1, style_index=svg.BEFORE_STYLE)
    parts += svg.line(frame, afters, 0)
    legend = [(before_label, 1, svg.BEFORE_STYLE), (after_label, 0, 0)]
    parts += [*svg.x_axis(frame), *svg.legend(frame, legend)]
    summary = text.paired_summary(pairs, before_label, after_label)
    return svg.chart(title, summary, columns, ungrouped(rows), frame, parts)


def completion_chart(title: str, weeks: Sequence[Week]) -> Chart:
    """Share of the homework due each week that was submitted, one bar per week."""
    weeks = sorted(weeks, key=lambda w: w.start)
    rows = tuple(
        (
            text.long_date(w.start),
            f"{w.submitted} of {w.due} ({w.rate}%)" if w.rate is not None else "none due",
        )
        for w in weeks
    )
    columns = ("Week of", "Submitted of due")
    if not any(w.due for w in weeks):
        return svg.empty(title, columns, ungrouped(rows))
    frame = svg.Frame(Scale(0, 100), [w.start for w in weeks], legend_rows=0, padded=True)
    bar = max(3.0, min(28.0, frame.slot * 0.6))
    parts = [*svg.grid(frame), *svg.bars(frame, weeks, bar), *svg.x_axis(frame)]
    due = sum(w.due for w in weeks)
    submitted = sum(min(w.submitted, w.due) for w in weeks)
    summary = (
        f"{submitted} of {due} pieces of homework due were submitted "
        f"({round(100 * submitted / due)}%) over {len(weeks)} week{text.plural(len(weeks))}"
        f" from {text.long_date(weeks[0].start)}."
    )
    return svg.chart(title, summary, columns, ungrouped(rows), frame, parts)
