"""Drawing: the SVG parts of a chart, from presentation attributes and escaped text only."""

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup

from clinic.charts.data import Band, Chart, RowGroup, Scale, Week
from clinic.charts.text import number, short_date

WIDTH = 640
PLOT_LEFT = 50
PLOT_RIGHT = WIDTH - 20
# Room right of the plot for band labels, so no point ever covers one.
BAND_GUTTER = 104
BAND_LABEL_LINE = 12
PLOT_TOP = 16
PLOT_HEIGHT = 190
# From the x axis to the legend, room for the date labels.
AXIS_LABEL_GAP = 40
LEGEND_ROW = 26
X_LABEL_WIDTH = 80
# Spacing of date labels, in days: daily, weekly, monthly (4 weeks), quarterly, yearly.
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728)
LEGEND_NAME_LIMIT = 48
INK = "#1f2a30"
MUTED = "#5f6f77"
GRID = "#d9dfdc"
THRESHOLD = "#a4352b"
THRESHOLD_DASH = "8 4"
# Dark enough for 3:1 against white (and against the band tints); told apart by shape too.
COLOURS = ("#1f5f8b", "#b5520b", "#2d7a3e", "#7b3f9e", "#8a5a00", "#4a5560")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle-open", "square-open")
# Severity bands, mildest first, shaded from a cool tint to a warm one.
BAND_FILLS = ("#eaf3ec", "#f3f4e4", "#f9efdc", "#f8e5da", "#f6dbd6")
NO_RESULTS = "No results yet"
# The "before" ratings of a paired chart: open circles on a dashed line.
BEFORE_STYLE = 4
MARKERS_CLASS = Markup(' class="chart__markers"')


class Frame:
    """Maps dates and values to the plot area; a single day (or none) sits in the middle."""

    def __init__(
        self,
        scale: Scale,
        days: Sequence[date],
        *,
        legend_rows: int,
        padded: bool = False,
        gutter: float = 0,
    ):
        self.scale = scale
        self.plot_right = PLOT_RIGHT - gutter
        self.first, self.last = min(days), max(days)
        self.span_days = (self.last - self.first).days
        self.slot = (self.plot_right - PLOT_LEFT) / (self.span_days / 7 + 1) if padded else 0.0
        self.left = PLOT_LEFT + self.slot / 2 + (0 if padded else 18)
        self.right = self.plot_right - self.slot / 2 - (0 if padded else 18)
        self.bottom = PLOT_TOP + PLOT_HEIGHT
        legend_height = legend_rows * LEGEND_ROW + (8 if legend_rows else 0)
        self.height = self.bottom + AXIS_LABEL_GAP + legend_height

    def x(self, day: date) -> float:
        if not self.span_days:
            return (self.left + self.right) / 2
        return self.left + (day - self.first).days / self.span_days * (self.right - self.left)

    def y(self, value: float) -> float:
        clamped = min(max(value, self.scale.low), self.scale.high)
        return self.bottom - (clamped - self.scale.low) / self.scale.span * PLOT_HEIGHT


def chart(title, summary, columns, groups, frame: Frame, parts: list[Markup]) -> Chart:
    return Chart(title, _svg(title, summary, frame.height, parts), summary, columns, groups)


def empty(title: str, columns: tuple[str, ...], groups: tuple[RowGroup, ...] = ()) -> Chart:
    height = 72
    parts = [
        Markup(
            '<rect x="1" y="1" width="{w}" height="{h}" rx="6" fill="#f6f7f5" stroke="{line}"'
            ' stroke-dasharray="5 4"/>'
        ).format(w=WIDTH - 2, h=height - 2, line=GRID),
        Markup(
            '<text x="{x}" y="{y}" text-anchor="middle" font-size="15" fill="{ink}">{text}</text>'
        ).format(x=WIDTH / 2, y=height / 2 + 5, ink=MUTED, text=NO_RESULTS),
    ]
    return Chart(
        title, _svg(title, NO_RESULTS + ".", height, parts), NO_RESULTS + ".", columns, groups
    )


def _svg(title: str, summary: str, height: float, parts: list[Markup]) -> Markup:
    key = "chart-" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:10]
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" viewBox="0 0 {w} {h}"'
        ' width="{w}" height="{h}" role="img" aria-labelledby="{key}-t {key}-d"'
        ' font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
        '<title id="{key}-t">{title}</title><desc id="{key}-d">{summary}</desc>{body}</svg>'
    ).format(
        w=WIDTH,
        h=f"{height:g}",
        key=key,
        title=title,
        summary=summary,
        body=Markup("").join(parts),
    )


def _value_ticks(scale: Scale) -> list[float]:
    span = scale.high - scale.low
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 6), span or 1)
    ticks = [scale.low + i * step for i in range(int(span // step) + 1)]
    return ticks if scale.high - ticks[-1] < step / 2 else [*ticks, scale.high]


def grid(frame: Frame) -> list[Markup]:
    ticks = _value_ticks(frame.scale)
    rules = "".join(f"M{PLOT_LEFT},{frame.y(value):.1f}H{frame.plot_right}" for value in ticks)
    parts = [_path(rules, stroke=GRID)]
    for value in ticks:
        parts.append(
            Markup(
                '<text class="chart__axis-label" x="{tx}" y="{ty:.1f}" dy="0.35em"'
                ' text-anchor="end" font-size="13" fill="{muted}">'
                "{label}</text>"
            ).format(tx=PLOT_LEFT - 6, ty=frame.y(value), muted=MUTED, label=number(value))
        )
    return parts


def _date_ticks(frame: Frame) -> list[date]:
    """Evenly spaced days, few enough that their labels never overlap, ending on the last day.

    A chart of weeks (bars) steps in whole weeks, so every label sits under a bar."""
    room = max(1, int((frame.right - frame.left) // X_LABEL_WIDTH) + 1)
    if not frame.span_days:
        return [frame.first]
    steps = TICK_STEPS[2:] if frame.slot else TICK_STEPS
    step = next((s for s in steps if frame.span_days / s < room), frame.span_days)
    ticks = [frame.first + timedelta(days=i * step) for i in range(frame.span_days // step + 1)]
    if (frame.last - ticks[-1]).days >= step * 0.9:
        ticks.append(frame.last)
    elif len(ticks) > 1:
        ticks[-1] = frame.last
    return ticks


def x_axis(frame: Frame) -> list[Markup]:
    with_year = frame.span_days > 300
    days = _date_ticks(frame)
    marks = "".join(f"M{frame.x(day):.1f},{frame.bottom}V{frame.bottom + 5}" for day in days)
    parts = [
        Markup(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{ink}" stroke-width="1.2"/>'
        ).format(l=PLOT_LEFT, r=frame.plot_right, b=frame.bottom, ink=MUTED),
        _path(marks, stroke=MUTED),
    ]
    for index, day in enumerate(days):
        parts.append(
            Markup(
                '<text class="chart__axis-label{minor}" x="{x:.1f}" y="{ty}" dy="0.9em"'
                ' text-anchor="middle" font-size="13" fill="{muted}">{label}</text>'
            ).format(
                # Every other date label can be hidden where the chart is drawn small.
                minor=" chart__tick--minor" if index % 2 else "",
                x=frame.x(day),
                ty=frame.bottom + 6,
                muted=MUTED,
                label=short_date(day, with_year=with_year),
            )
        )
    return parts


def bands(frame: Frame, bands: Sequence[Band]) -> list[Markup]:
    parts = []
    for index, band in enumerate(bands):
        top, bottom = frame.y(band.high + 0.5), frame.y(band.low - 0.5)
        fill = BAND_FILLS[min(index * len(BAND_FILLS) // max(len(bands), 1), len(BAND_FILLS) - 1)]
        parts.append(
            Markup(
                '<rect x="{l}" y="{top:.1f}" width="{w}" height="{h:.1f}" fill="{fill}"/>'
            ).format(
                l=PLOT_LEFT, top=top, w=frame.plot_right - PLOT_LEFT, h=bottom - top, fill=fill
            )
        )
        lines = _band_label_lines(band.label)
        if bottom - top >= 13 * len(lines):
            parts.append(_band_label(frame.plot_right + 6, (top + bottom) / 2, lines))
    return parts


def _band_label_lines(label: str) -> list[str]:
    """A long label on two lines, broken at the space nearest its middle."""
    spaces = [i for i, c in enumerate(label) if c == " "]
    if len(label) <= BAND_LABEL_LINE or not spaces:
        return [label]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _band_label(x: float, middle: float, lines: list[str]) -> Markup:
    """Centred on the band whatever the font size (a phone's stylesheet enlarges it)."""
    shifts = ("0.35em",) if len(lines) == 1 else ("-0.2em", "1.1em")
    spans = Markup("").join(
        Markup('<tspan x="{x}" dy="{dy}">{line}</tspan>').format(x=x, dy=dy, line=line)
        for dy, line in zip(shifts, lines, strict=True)
    )
    return Markup(
        '<text class="chart__band-label" y="{y:.1f}" font-size="11.5" fill="{muted}">{spans}</text>'
    ).format(y=middle, muted=MUTED, spans=spans)


def threshold(frame: Frame, value: float) -> Markup:
    """A dashed line on the boundary below `value`, where a band edge sits; named in the legend."""
    y = frame.y(value - 0.5) if value > frame.scale.low else frame.y(value)
    return Markup(
        '<line x1="{l}" y1="{y:.1f}" x2="{r}" y2="{y:.1f}" stroke="{red}" stroke-width="1.6"'
        ' stroke-dasharray="{dash}"/>'
    ).format(l=PLOT_LEFT, r=frame.plot_right, y=y, red=THRESHOLD, dash=THRESHOLD_DASH)


def segments(frame: Frame, ends: Sequence[tuple[date, float, float]]) -> list[Markup]:
    """One upright segment per (day, from value, to value), all in one path."""
    if not ends:
        return []
    d = "".join(f"M{frame.x(day):.1f},{frame.y(a):.1f}V{frame.y(b):.1f}" for day, a, b in ends)
    return [_path(d, stroke=MUTED, extra=Markup(' stroke-width="2" opacity="0.7"'))]


def line(
    frame: Frame,
    points: Sequence[tuple[date, float]],
    index: int,
    *,
    style_index: int | None = None,
) -> list[Markup]:
    """A series: one polyline through its points and one path holding all its markers."""
    colour = COLOURS[index % len(COLOURS)]
    style = index if style_index is None else style_index
    coordinates = [(frame.x(day), frame.y(value)) for day, value in points]
    parts = []
    if len(coordinates) > 1:
        parts.append(
            Markup(
                '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.2"'
                ' stroke-linejoin="round"{dash}/>'
            ).format(
                points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
                colour=colour,
                dash=_dash(style),
            )
        )
    radius = 4.5 if len(coordinates) <= 60 else 3
    parts += _markers(MARKERS[style % len(MARKERS)], coordinates, colour, radius)
    return parts


def _dash(style: int) -> Markup:
    pattern = DASHES[style % len(DASHES)]
    return Markup(' stroke-dasharray="{}"').format(pattern) if pattern else Markup("")


def _markers(
    shape: str, centres: Sequence[tuple[float, float]], colour: str, r: float
) -> list[Markup]:
    """Every marker of a series in one path: a year of weekly points is one element to draw,
    not fifty-two. An open marker is a white one drawn inside. Sizes are those of the shapes
    with a 2-unit outline they replace."""
    if shape in ("triangle", "diamond"):
        d = "".join(_corners(shape, x, y, r) for x, y in centres)
        return [_path(d, fill=colour, stroke=colour, extra=MARKERS_CLASS + _width(2))]
    dot = shape.startswith("circle")
    outer = 2 * r + 2 if dot else 1.8 * r + 2
    parts = [_strokes(centres, outer, colour, dot=dot, extra=MARKERS_CLASS)]
    if shape.endswith("-open"):
        parts.append(_strokes(centres, outer - 4, "#ffffff", dot=dot))
    return parts


def _strokes(
    centres: Sequence[tuple[float, float]],
    size: float,
    colour: str,
    *,
    dot: bool,
    extra: Markup | None = None,
) -> Markup:
    """A mark `size` across at each centre: a zero-length stroke with round caps is a dot, and
    one as long as it is wide with flat caps a square. WeasyPrint draws these several times
    faster than circles or arcs."""
    half = 0 if dot else size / 2
    d = "".join(f"M{x - half:.1f},{y:.1f}H{x + half:.1f}" for x, y in centres)
    cap = Markup(' stroke-linecap="round"') if dot else Markup("")
    return _path(d, stroke=colour, extra=(extra or Markup("")) + _width(size) + cap)


def _corners(shape: str, x: float, y: float, r: float) -> str:
    """A triangle or diamond around (x, y) as a closed subpath of absolute M and L commands."""
    if shape == "triangle":
        corners = ((x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8))
    else:
        corners = ((x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y))
    return "M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in corners) + "Z"


def _width(width: float) -> Markup:
    return Markup(' stroke-width="{:g}"').format(round(width, 1))


def bars(frame: Frame, weeks: Sequence[Week], width: float) -> list[Markup]:
    """One bar per week with homework due, all in one path; a dash where nothing was due."""
    outlines, parts = [], []
    for week in weeks:
        x = frame.x(week.start)
        if week.rate is None:
            parts.append(
                Markup(
                    '<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="11"'
                    ' fill="{muted}">–</text>'
                ).format(x=x, y=frame.bottom - 4, muted=MUTED)
            )
            continue
        top, left = frame.y(week.rate), x - width / 2
        bottom = top + max(frame.bottom - top, 1.5)
        outlines.append(
            f"M{left:.1f},{top:.1f}L{left + width:.1f},{top:.1f}"
            f"L{left + width:.1f},{bottom:.1f}L{left:.1f},{bottom:.1f}Z"
        )
    if outlines:
        parts.insert(
            0, _path("".join(outlines), fill=COLOURS[0], extra=Markup(' class="chart__bars"'))
        )
    return parts


def _path(
    d: str, *, fill: str = "none", stroke: str = "none", extra: Markup | None = None
) -> Markup:
    """Many marks of one style as one element: WeasyPrint and browsers draw it as one."""
    return Markup('<path d="{d}" fill="{fill}" stroke="{stroke}"{extra}/>').format(
        d=d, fill=fill, stroke=stroke, extra=extra or ""
    )


def legend(frame: Frame, entries: Sequence[tuple[str, int, int]]) -> list[Markup]:
    """One row per (name, colour index, style index), under the axis."""
    parts = []
    for row, (name, colour_index, style) in enumerate(entries):
        colour = COLOURS[colour_index % len(COLOURS)]
        y = _legend_y(frame, row)
        parts += [
            Markup(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}"'
                ' stroke-width="2.2"{dash}/>'
            ).format(x1=PLOT_LEFT, x2=PLOT_LEFT + 32, y=y, colour=colour, dash=_dash(style)),
            *_markers(MARKERS[style % len(MARKERS)], [(PLOT_LEFT + 16, y)], colour, 4.5),
            _legend_text(y, name),
        ]
    return parts


def threshold_key(frame: Frame, row: int, label: str) -> Markup:
    y = _legend_y(frame, row)
    return Markup(
        '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{red}" stroke-width="1.6"'
        ' stroke-dasharray="{dash}"/>{text}'
    ).format(
        x1=PLOT_LEFT,
        x2=PLOT_LEFT + 32,
        y=y,
        red=THRESHOLD,
        dash=THRESHOLD_DASH,
        text=_legend_text(y, label),
    )


def _legend_y(frame: Frame, row: int) -> float:
    return frame.bottom + AXIS_LABEL_GAP + row * LEGEND_ROW + 8


def _legend_text(y: float, name: str) -> Markup:
    """The name, cut at a word before LEGEND_NAME_LIMIT characters (the table has it whole)."""
    if len(name) > LEGEND_NAME_LIMIT:
        cut = name[: LEGEND_NAME_LIMIT - 1]
        name = (cut.rsplit(" ", 1)[0] if " " in cut[LEGEND_NAME_LIMIT // 2 :] else cut) + "…"
    return Markup(
        '<text class="chart__legend-label" x="{x}" y="{y}" dy="0.35em" font-size="13.5"'
        ' fill="{ink}">{name}</text>'
    ).format(x=PLOT_LEFT + 42, y=y, ink=INK, name=name)
