"""The figures a run reports, their targets, the printed table and `bench/results.json`."""

import json
import operator
from dataclasses import asdict, dataclass
from pathlib import Path

# name -> (unit, comparison, target); a comparison against another figure names it.
TARGETS = {
    "pdf_handout_ratio": ("ratio", "<=", 1.15),
    "pdf_handout_cached_ms": ("ms", "<=", 5),
    "pdf_summary_ms": ("ms", "<=", 1500),
    "pdf_summary_ratio": ("ratio", "<=", 1.2),
    "pdf_rss_growth_mb": ("MiB", "<=", 10),
    "caseload_queries_5": ("statements", "<=", 8),
    "caseload_queries_150": ("statements", "==", "caseload_queries_5"),
    "caseload_growth_ratio": ("ratio", "<=", 1.3),
    "caseload_rps_ratio": ("ratio", ">=", 0.6),
    "share_page_rps_ratio": ("ratio", ">=", 0.8),
    "submit_lost": ("submissions", "==", 0),
    "submit_duplicated": ("submissions", "==", 0),
    "submit_errors": ("requests", "==", 0),
}
COMPARE = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | int | None
    unit: str
    target: str
    holds: bool


def judge(values: dict[str, float | int | None]) -> list[Figure]:
    """Every figure of the issue, in its order; one not measured is null and does not hold."""
    figures = []
    for name, (unit, comparison, target) in TARGETS.items():
        value = values.get(name)
        bound = values.get(target) if isinstance(target, str) else target
        holds = value is not None and bound is not None and COMPARE[comparison](value, bound)
        figures.append(Figure(name, value, unit, f"{comparison} {target}", holds))
    return figures


def table(figures: list[Figure]) -> str:
    lines = [f"{'figure':<24} {'value':>10} {'unit':<12} {'target':<24} holds"]
    for figure in figures:
        value = "—" if figure.value is None else f"{figure.value:g}"
        holds = "yes" if figure.holds else "NO"
        lines.append(f"{figure.name:<24} {value:>10} {figure.unit:<12} {figure.target:<24} {holds}")
    return "\n".join(lines)


def write_json(figures: list[Figure], path: Path) -> None:
    path.write_text(json.dumps([asdict(f) for f in figures], indent=2) + "\n")
