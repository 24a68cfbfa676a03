"""A client's progress: questionnaire scores, homework trends and goal ratings as charts and
plain statements. The client page and both copies of the progress summary PDF show this.

The clinical version names severity bands, the caseness cut-off and reliable change. The
client's version (`for_client=True`) says the same movement in plain, encouraging words,
without band names or clinical cut-offs, and shows numbers only when the therapist chose to.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from clinic.charts import (
    Band,
    Chart,
    Scale,
    Series,
    completion_chart,
    line_chart,
    paired_chart,
    score_chart,
)
from clinic.charts.text import number, plural
from clinic.clients.models import Client, GoalStatus
from clinic.content import get_content
from clinic.content.measures import Measure
from clinic.homework.models import Assignment
from clinic.homework.trends import (
    HomeworkTrends,
    client_assignments,
    homework_trends,
    pairs_of,
)
from clinic.measures.services import change_for, results_for

GOAL_SCALE = Scale(0, 10)
HUNDRED = Scale(0, 100)
URGE_SCALE = Scale(0, 10)


@dataclass(frozen=True)
class Window:
    """The days a progress view covers; both ends included, either open."""

    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass
class Progress:
    measure_statements: list[str] = field(default_factory=list)
    measure_charts: list[Chart] = field(default_factory=list)
    homework_statements: list[str] = field(default_factory=list)
    homework_charts: list[Chart] = field(default_factory=list)
    goal_chart: Chart | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.measure_charts or self.homework_charts or self.goal_chart)


def client_progress(
    client: Client,
    *,
    today: date,
    window: Window = Window(),
    for_client: bool = False,
    with_scores: bool = True,
    assignments: Sequence[Assignment] | None = None,
) -> Progress:
    """Everything the progress section shows. Homework counts when it was set in the window,
    as in the rest of the progress summary; results and ratings when they were taken.
    `assignments` are the client's (with responses, oldest first) if the caller has them."""
    progress = Progress()
    _add_measures(progress, client, window, for_client=for_client, with_scores=with_scores)
    if assignments is None:
        assignments = client_assignments(client)
    held = [a for a in assignments if window.holds(a.created_at.date())]
    trends = homework_trends(held, until=min(today, window.end or today))
    _add_homework(progress, trends, for_client=for_client, with_scores=with_scores)
    if with_scores:
        progress.goal_chart = _goal_chart(client, window)
    return progress


# Questionnaires


def _add_measures(progress, client, window, *, for_client, with_scores) -> None:
    by_slug: dict[str, list] = {}
    for result in results_for(client):
        if window.holds(result.taken_on):
            by_slug.setdefault(result.measure_slug, []).append(result)
    for slug, measure in get_content().measures.items():
        results = by_slug.get(slug)
        if not results:
            continue
        change = change_for(measure, results)
        if for_client:
            progress.measure_statements.append(_gentle_statement(measure, results, with_scores))
        elif change is not None:
            progress.measure_statements.append(change.statement)
            if change.caseness_statement:
                progress.measure_statements.append(
                    f"{measure.short_title}: {change.caseness_statement}"
                )
        if with_scores:
            points = [(r.taken_on, r.total) for r in results]
            progress.measure_charts.append(_measure_chart(measure, points, plain=for_client))


def _measure_chart(measure: Measure, points, *, plain: bool) -> Chart:
    clinical = not plain and measure.validated
    caseness = measure.caseness if clinical and measure.higher_is_worse else None
    return score_chart(
        f"{measure.short_title} over time",
        Series(measure.short_title, points),
        scale=Scale(0, measure.max_total),
        bands=[Band(b.low, b.high, b.label) for b in measure.bands] if clinical else (),
        threshold=caseness,
        threshold_label=f"Caseness cut-off ({caseness} or more)" if caseness is not None else "",
    )


def _gentle_statement(measure: Measure, results, with_scores: bool) -> str:
    name = measure.short_title
    first, latest = results[0].total, results[-1].total
    numbers = f" (from {first} to {latest})" if with_scores else ""
    if len(results) == 1:
        return f"You filled in the {name} once; next time we can see how things are moving."
    better = (first - latest) if measure.higher_is_worse else (latest - first)
    if better > 0:
        return f"Your {name} answers show things easing since you started{numbers}. Well done."
    if better < 0:
        return (
            f"Your {name} answers show a harder patch lately{numbers}. "
            "That is worth talking through together; it does not undo what you have done."
        )
    return f"Your {name} answers are much the same as when you started{numbers}."


# Homework


def _add_homework(progress: Progress, trends: HomeworkTrends, *, for_client, with_scores):
    statements, charts = progress.homework_statements, progress.homework_charts
    if trends.experiments:
        statements.append(_experiment_statement(trends, for_client))
        if with_scores:
            charts += _experiment_charts(trends, for_client)
    if trends.ladder_steps:
        steps = trends.ladder_steps
        easier = sum(
            s.actual_distress is not None
            and s.expected_distress is not None
            and s.actual_distress < s.expected_distress
            for s in steps
        )
        statements.append(
            f"You took {len(steps)} step{plural(len(steps))} on your trust ladder; "
            f"{easier} felt easier than you expected."
            if for_client
            else f"Trust ladder: {len(steps)} rung{plural(len(steps))} taken; actual distress "
            f"below expected on {easier}."
        )
        if with_scores:
            charts.append(
                paired_chart(
                    "Trust ladder: how upset you expected to feel, and how you felt (0 to 100)"
                    if for_client
                    else "Trust ladder: expected and actual distress (0 to 100)",
                    pairs_of(steps, "expected_distress", "actual_distress"),
                    scale=HUNDRED,
                    before_label="Expected",
                    after_label="Actual",
                )
            )
    if trends.urges:
        statements.append(_urge_statement(trends, for_client))
        if with_scores:
            charts.append(
                paired_chart(
                    "Urge to check, before and after (0 to 10)",
                    pairs_of(trends.urges, "urge_before", "urge_after"),
                    scale=URGE_SCALE,
                    before_label="Before",
                    after_label="After",
                )
            )
    if trends.weeks and not for_client:
        charts.append(completion_chart("Homework completed, by week due (%)", trends.weeks))


def _experiment_statement(trends: HomeworkTrends, for_client: bool) -> str:
    rated = [
        e
        for e in trends.experiments
        if e.distress_before is not None and e.distress_after is not None
    ]
    lower = sum(e.distress_after < e.distress_before for e in rated)
    count = len(trends.experiments)
    if for_client:
        return (
            f"You tried {count} trust step{plural(count)}. Afterwards you felt less upset than "
            f"before on {lower} of {len(rated)}: the feared outcome is often smaller than it "
            "looks beforehand."
        )
    text = f"Behavioural experiments: {count}; distress lower afterwards on {lower} of {len(rated)}"
    beliefs = [
        e for e in trends.experiments if e.belief_before is not None and e.belief_after is not None
    ]
    if beliefs:
        before = sum(e.belief_before for e in beliefs) / len(beliefs)
        after = sum(e.belief_after for e in beliefs) / len(beliefs)
        text += (
            f"; belief in the feared outcome {number(round(before, 1))} before and "
            f"{number(round(after, 1))} re-rated, on average"
        )
    return text + "."


def _experiment_charts(trends: HomeworkTrends, for_client: bool) -> list[Chart]:
    charts = [
        paired_chart(
            "How upset before and after each trust step (0 to 100)"
            if for_client
            else "Distress before and after each experiment (0 to 100)",
            pairs_of(trends.experiments, "distress_before", "distress_after"),
            scale=HUNDRED,
            before_label="Before",
            after_label="After",
        )
    ]
    if not for_client:
        charts.append(
            paired_chart(
                "Belief in the feared outcome, before and re-rated (0 to 100)",
                pairs_of(trends.experiments, "belief_before", "belief_after"),
                scale=HUNDRED,
                before_label="Before",
                after_label="Re-rated",
            )
        )
    return charts


def _urge_statement(trends: HomeworkTrends, for_client: bool) -> str:
    count = len(trends.urges)
    said = dict(trends.said_it_counts).get("Yes", 0)
    rated = [u for u in trends.urges if u.urge_before is not None and u.urge_after is not None]
    if for_client:
        return (
            f"You caught the urge to check {count} time{plural(count)} and chose to say it "
            f"instead {said} time{plural(said)}."
        )
    text = f"Say it instead of checking: {count} record{plural(count)}; said it {said} of {count}"
    if rated:
        before = sum(u.urge_before for u in rated) / len(rated)
        after = sum(u.urge_after for u in rated) / len(rated)
        text += (
            f"; urge {number(round(before, 1))} before and {number(round(after, 1))} after, "
            "on average (0 to 10)"
        )
    choices = ", ".join(f"“{label}” {n}" for label, n in trends.said_it_counts)
    return text + (f"; answers to “Did I say it?”: {choices}." if choices else ".")


# Goals


def _goal_chart(client: Client, window: Window) -> Chart | None:
    series = [
        Series(
            goal.description,
            [(r.rated_on, r.score) for r in goal.ratings if window.holds(r.rated_on)],
        )
        for goal in client.goals
        if goal.status is not GoalStatus.DROPPED
    ]
    series = [s for s in series if s.points]
    if not series:
        return None
    return line_chart(
        "Goal progress (0 to 10)",
        series,
        scale=GOAL_SCALE,
        value_label="Rating",
    )
