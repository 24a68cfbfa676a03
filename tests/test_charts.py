"""Charts: well-formed SVG with the right marks, and a text alternative that matches the data."""

import itertools
import re
import xml.etree.ElementTree as ET
from base64 import b64decode
from datetime import date, timedelta

import pytest
from markupsafe import Markup, escape

from clinic.charts import (
    Band,
    Pair,
    RowGroup,
    Scale,
    Series,
    Week,
    completion_chart,
    line_chart,
    paired_chart,
    score_chart,
)
from clinic.charts.svg import NO_RESULTS, PLOT_HEIGHT, PLOT_TOP

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 3)
PHQ9 = Scale(0, 27)
PHQ9_BANDS = (
    Band(0, 4, "Minimal"),
    Band(5, 9, "Mild"),
    Band(10, 14, "Moderate"),
    Band(15, 19, "Moderately severe"),
    Band(20, 27, "Severe"),
)
PLOT_BOTTOM = PLOT_TOP + PLOT_HEIGHT
HOSTILE = '<script>alert(1)</script> & "quotes" ]]> <b>bold</b>'


def weekly(*values: float) -> list[tuple[date, float]]:
    return [(START + timedelta(weeks=i), v) for i, v in enumerate(values)]


def parse(chart) -> ET.Element:
    assert isinstance(chart.svg, Markup)
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own output, parsed to check it


def outlines(root: ET.Element, css_class: str) -> list[list[tuple[float, float]]]:
    """The points of each subpath of the paths with this class: markers and bars are drawn many
    to a path, each in absolute M, L and H commands."""
    shapes = []
    for path in root.iter(f"{SVG}path"):
        if path.get("class") != css_class:
            continue
        for subpath in path.get("d").split("M")[1:]:
            points: list[tuple[float, float]] = []
            for command in re.findall(r"[LH]?[^LHZ]+", subpath.removesuffix("Z")):
                if command.startswith("H"):
                    points.append((float(command[1:]), points[-1][1]))
                else:
                    x, y = command.lstrip("L").split(",")
                    points.append((float(x), float(y)))
            shapes.append(points)
    return shapes


def markers(root: ET.Element) -> list[list[tuple[float, float]]]:
    return outlines(root, "chart__markers")


def centre_x(outline: list[tuple[float, float]]) -> float:
    xs = [x for x, _ in outline]
    return (min(xs) + max(xs)) / 2


def marker_shapes(root: ET.Element) -> set[str]:
    """A dot is a zero-length stroke with round caps, a square a short butt-capped stroke as
    wide as long; other shapes are filled outlines, named by their corners."""
    shapes = set()
    for path in root.iter(f"{SVG}path"):
        if path.get("class") != "chart__markers":
            continue
        if path.get("stroke-linecap") == "round":
            shapes.add("circle")
        elif path.get("fill") == "none":
            shapes.add("square")
        else:
            shapes.add(f"{path.get('d').split('Z')[0].count('L') + 1} corners")
    return shapes


def texts(root: ET.Element) -> list[str]:
    """Each text element's words; a label on two lines (two tspans) reads as one."""
    return [" ".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def phq9(points) -> object:
    return score_chart(
        "PHQ-9",
        Series("PHQ-9", points),
        scale=PHQ9,
        bands=PHQ9_BANDS,
        threshold=10,
        threshold_label="Caseness (10 or more)",
    )


def test_score_chart_is_an_accessible_image_with_one_marker_per_result():
    chart = phq9(weekly(17, 14, 12, 9))

    root = parse(chart)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "PHQ-9" and desc.text == chart.summary
    # Four results in the plot, one in the legend.
    assert len(markers(root)) == 4 + 1
    (line,) = root.iter(f"{SVG}polyline")
    assert len(line.get("points").split()) == 4


def test_score_chart_shows_bands_and_the_caseness_line():
    root = parse(phq9(weekly(17, 9)))

    labels = texts(root)
    for band in PHQ9_BANDS:
        assert band.label in labels
    assert "Caseness (10 or more)" in labels
    dashed = [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray") == "8 4"]
    assert len(dashed) == 2, "the line across the plot and its key in the legend"
    caseness_y = {float(e.get("y1")) for e in dashed}
    assert min(caseness_y) == pytest.approx(PLOT_BOTTOM - 9.5 / 27 * PLOT_HEIGHT, abs=0.1)


def test_text_alternative_matches_the_data():
    chart = phq9(weekly(17, 14, 12, 9))

    assert chart.columns == ("Date", "PHQ-9", "Band")
    assert chart.rows == (
        ("3 March 2026", "17", "Moderately severe"),
        ("10 March 2026", "14", "Moderate"),
        ("17 March 2026", "12", "Moderate"),
        ("24 March 2026", "9", "Mild"),
    )
    assert chart.summary == (
        "PHQ-9: 4 results from 3 March 2026 to 24 March 2026; "
        "first 17 (moderately severe), latest 9 (mild); lowest 9, highest 17."
    )


def test_points_are_plotted_in_date_order_whatever_order_they_come_in():
    chart = phq9(list(reversed(weekly(17, 14, 12))))

    assert [row[1] for row in chart.rows] == ["17", "14", "12"]


def test_higher_scores_are_drawn_higher():
    root = parse(phq9(weekly(5, 20)))

    (line,) = root.iter(f"{SVG}polyline")
    (x1, y1), (x2, y2) = (map(float, p.split(",")) for p in line.get("points").split())
    assert x2 > x1 and y2 < y1


def test_one_point_sits_in_the_middle_without_a_line():
    chart = phq9(weekly(12))

    root = parse(chart)
    assert not list(root.iter(f"{SVG}polyline"))
    (point, _legend) = markers(root)
    axis = next(e for e in root.iter(f"{SVG}line") if e.get("stroke-width") == "1.2")
    middle = (float(axis.get("x1")) + float(axis.get("x2"))) / 2
    assert centre_x(point) == pytest.approx(middle, abs=0.1)
    assert chart.summary == "PHQ-9: one result, 12 (moderate) on 3 March 2026."
    assert chart.rows == (("3 March 2026", "12", "Moderate"),)


def test_no_points_is_a_clear_empty_state():
    chart = phq9([])

    root = parse(chart)
    assert NO_RESULTS in texts(root)
    assert not markers(root)
    assert chart.is_empty and chart.rows == ()
    assert chart.summary == "No results yet."


def test_equal_values_on_the_same_day_do_not_divide_by_zero():
    same_day = [(START, 7), (START, 7)]

    chart = line_chart("Goals", [Series("Goal", same_day)], scale=Scale(0, 10))

    root = parse(chart)
    assert len(markers(root)) == 2 + 1
    assert chart.rows == (("3 March 2026", "7"), ("3 March 2026", "7"))
    assert "nan" not in str(chart.svg).lower() and "inf" not in str(chart.svg).lower()


def test_a_flat_series_is_a_flat_line():
    root = parse(phq9(weekly(8, 8, 8)))

    (line,) = root.iter(f"{SVG}polyline")
    heights = {p.split(",")[1] for p in line.get("points").split()}
    assert len(heights) == 1


def test_a_year_of_weekly_points_keeps_date_labels_apart():
    chart = score_chart(
        "Trust", Series("Trust", weekly(*[i % 11 for i in range(52)])), scale=Scale(0, 10)
    )

    root = parse(chart)
    assert len(markers(root)) == 52 + 1
    marker_paths = [e for e in root.iter(f"{SVG}path") if e.get("class") == "chart__markers"]
    assert len(marker_paths) == 2, "one path of markers for the series, one in the legend"
    axis_y = max(float(e.get("y")) for e in root.iter(f"{SVG}text") if e.text != "Trust")
    below = sorted(
        float(e.get("x"))
        for e in root.iter(f"{SVG}text")
        if e.get("text-anchor") == "middle" and float(e.get("y")) <= axis_y
    )
    assert 3 <= len(below) <= 10
    assert all(b - a >= 60 for a, b in itertools.pairwise(below))
    assert "Mar 2026" in texts(root)


def test_values_outside_the_scale_stay_inside_the_plot():
    root = parse(score_chart("Trust", Series("Trust", weekly(-3, 14)), scale=Scale(0, 10)))

    (line,) = root.iter(f"{SVG}polyline")
    ys = [float(p.split(",")[1]) for p in line.get("points").split()]
    assert min(ys) >= 0 and max(ys) <= float(root.get("height"))


def test_hostile_names_are_escaped_in_the_svg_and_kept_whole_in_the_table():
    chart = line_chart(
        HOSTILE, [Series(HOSTILE, weekly(3, 5)), Series("Second", weekly(1))], scale=Scale(0, 10)
    )

    root = parse(chart)  # would not parse if anything were left unescaped
    assert "<script>" not in str(chart.svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert any(HOSTILE.startswith(t.rstrip("…")) and len(t) > 40 for t in texts(root))
    assert [group.heading for group in chart.groups] == [HOSTILE, "Second"]


def test_a_very_long_name_is_shortened_in_the_legend_only():
    name = "Tell my partner when I feel the urge to check, " * 4

    chart = line_chart("Goals", [Series(name, weekly(2, 4))], scale=Scale(0, 10))

    legend = [t for t in texts(parse(chart)) if t.startswith("Tell my partner")]
    assert legend and all(t.endswith("…") and len(t) <= 48 for t in legend)
    assert chart.groups[0].heading == name


def test_line_chart_tells_series_apart_by_marker_and_dash_not_only_colour():
    chart = line_chart(
        "Goals",
        [Series("First", weekly(1, 2)), Series("Second", weekly(3, 4)), Series("Empty", [])],
        scale=Scale(0, 10),
    )

    root = parse(chart)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert marker_shapes(root) == {"circle", "square"}
    assert "Empty" not in texts(root)
    assert chart.summary == (
        "First: from 1 to 2 over 2 ratings since 3 March 2026; "
        "Second: from 3 to 4 over 2 ratings since 3 March 2026."
    )


def test_six_series_have_four_marker_shapes_and_the_open_ones_are_white_inside():
    chart = line_chart(
        "Goals", [Series(f"Goal {i}", weekly(i, i + 1)) for i in range(6)], scale=Scale(0, 10)
    )

    root = parse(chart)
    assert len(markers(root)) == 6 * 2 + 6, "two ratings per goal, and the legend"
    assert marker_shapes(root) == {"circle", "square", "3 corners", "4 corners"}
    inside = [e for e in root.iter(f"{SVG}path") if e.get("stroke") == "#ffffff"]
    assert len(inside) == 2 * 2, "the open circle and the open square, in the plot and legend"


def test_line_chart_table_lists_each_series_values_under_its_name():
    chart = line_chart(
        "Goals",
        [Series("First", weekly(1, 2)), Series("Second", weekly(3)), Series("Empty", [])],
        scale=Scale(0, 10),
        value_label="Rating",
    )

    assert chart.columns == ("Date", "Rating")
    assert chart.groups == (
        RowGroup("First", (("3 March 2026", "1"), ("10 March 2026", "2"))),
        RowGroup("Second", (("3 March 2026", "3"),)),
    )


def test_paired_chart_joins_before_and_after_of_each_occasion():
    pairs = [Pair(START, 70, 30), Pair(START + timedelta(days=9), 60, None), Pair(START, 50, 50)]

    chart = paired_chart(
        "Distress", pairs, scale=Scale(0, 100), before_label="Before", after_label="After"
    )

    root = parse(chart)
    # 3 befores + 2 afters plotted, and two legend markers.
    assert len(markers(root)) == 5 + 2
    assert chart.columns == ("Date", "Before", "After", "Change")
    assert chart.rows == (
        ("3 March 2026", "70", "30", "-40"),
        ("3 March 2026", "50", "50", "0"),
        ("12 March 2026", "60", "—", "—"),
    )
    assert chart.summary == (
        "3 occasions from 3 March 2026 to 12 March 2026; on average 60 before and 40 after; "
        "lower afterwards on 1 of 2."
    )


def test_paired_chart_without_ratings_is_empty_but_keeps_the_occasions():
    chart = paired_chart("Urge", [Pair(START, None, None)], scale=Scale(0, 10))

    assert NO_RESULTS in texts(parse(chart))
    assert chart.rows == (("3 March 2026", "—", "—", "—"),)


def test_completion_chart_has_a_bar_for_each_week_with_homework_due():
    weeks = [
        Week(START, 2, 1),
        Week(START + timedelta(weeks=1), 0, 0),
        Week(START + timedelta(weeks=2), 1, 1),
    ]

    chart = completion_chart("Homework completed", weeks)

    root = parse(chart)
    assert len(outlines(root, "chart__bars")) == 2
    assert chart.columns == ("Week of", "Submitted of due")
    assert chart.rows == (
        ("3 March 2026", "1 of 2 (50%)"),
        ("10 March 2026", "none due"),
        ("17 March 2026", "1 of 1 (100%)"),
    )
    assert chart.summary == (
        "2 of 3 pieces of homework due were submitted (67%) over 3 weeks from 3 March 2026."
    )


def test_completion_chart_with_nothing_due_is_empty():
    assert completion_chart("Homework completed", []).is_empty
    assert NO_RESULTS in texts(parse(completion_chart("Homework completed", [])))


def test_chart_macro_renders_figure_caption_and_data_table(app):
    chart = phq9(weekly(17, 9))
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "_macros/chart.html" import chart %}{{ chart(c) }}|{{ chart(c, print=True) }}'
        )
        web, printed = template.render(c=chart).split("|")

    assert "<figure" in web and "<details" in web and chart.summary in web
    assert "<details" not in printed and "<table" in printed
    assert str(chart.svg) in web
    assert f'src="{chart.svg_data_uri}" alt="{chart.title}"' in printed
    assert b64decode(chart.svg_data_uri.removeprefix("data:image/svg+xml;base64,")) == (
        str(chart.svg).encode()
    )
    for html in (web, printed):
        assert "Moderately severe" in html and "3 March 2026" in html


def render_chart(app, chart, *, print: bool) -> str:
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "_macros/chart.html" import chart %}{{ chart(c, print=p) }}'
        )
        return template.render(c=chart, p=print)


def test_printed_table_gives_each_row_one_cell_and_sets_long_tables_side_by_side(app):
    year = score_chart(
        "Trust", Series("Trust", weekly(*[i % 11 for i in range(52)])), scale=Scale(0, 10)
    )

    printed = render_chart(app, year, print=True)

    assert year.rows_across == 4
    assert printed.count('<th scope="col">Date · Trust</th>') == 4
    assert printed.count("<tr>") == 1 + 13 and printed.count("<td>") == 52
    assert "<td>3 March 2026 · 0</td><td>10 March 2026 · 1</td>" in printed, "read across"
    web = render_chart(app, year, print=False)
    assert web.count("<td>") == 2 * 52, "the web table keeps a column per value"


def test_a_printed_row_that_is_long_stands_alone(app):
    chart = line_chart(
        "Goals", [Series("A goal " + "written at length " * 8, weekly(4))], scale=Scale(0, 10)
    )

    assert chart.rows_across == 1
    assert "<td>3 March 2026 · 4</td>" in render_chart(app, chart, print=True)


def test_each_series_heading_is_printed_once_above_its_values(app):
    chart = line_chart(
        "Goals", [Series(HOSTILE, weekly(3, 5, 6)), Series("Second", weekly(1))], scale=Scale(0, 10)
    )

    for printed in (True, False):
        html = render_chart(app, chart, print=printed)
        headings = re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', html)
        assert headings == [str(escape(HOSTILE)), "Second"]
        assert not any("script" in cell for cell in re.findall(r"<td>(.*?)</td>", html))


def test_weekly_bars_have_their_date_labels_under_bars():
    weeks = [Week(START + timedelta(weeks=i), 1, 1) for i in range(2)]

    root = parse(completion_chart("Homework completed", weeks))

    bars = [centre_x(bar) for bar in outlines(root, "chart__bars")]
    labels = [
        float(e.get("x"))
        for e in root.iter(f"{SVG}text")
        if "chart__axis-label" in (e.get("class") or "") and e.get("text-anchor") == "middle"
    ]
    assert len(bars) == 2 and len(labels) == 2
    assert all(any(label == pytest.approx(bar, abs=0.1) for bar in bars) for label in labels)
