"""Load `content/` into read-only objects, reporting every problem with its file and line."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clinic.content.checks import ContentError, Report, read_yaml
from clinic.content.exercises import ExerciseChecker, SuitsChecker, build_exercise
from clinic.content.handouts import load_handout
from clinic.content.measures import Measure, load_measure
from clinic.content.models import Content, Exercise, Handout, Taxonomy
from clinic.content.taxonomy import TAXONOMY_FILE, TaxonomyChecker, build_taxonomy, item_spots

__all__ = ["ContentError", "load_content"]


def load_content(content_dir: Path) -> Content:
    """Load and validate everything under `content_dir`; raise ContentError listing all problems."""
    content_dir = Path(content_dir)
    exercise_paths = _files(content_dir / "exercises", "*.yaml")
    handout_paths = _files(content_dir / "handouts", "*.md")
    measure_paths = _files(content_dir / "measures", "*.yaml")
    known = {
        "exercises": frozenset(path.stem for path in exercise_paths),
        "handouts": frozenset(path.stem for path in handout_paths),
    }
    problems: list[str] = []
    taxonomy, suits = _load_taxonomy(content_dir, known, problems)
    exercises = [_load_exercise(path, content_dir, suits, problems) for path in exercise_paths]
    handouts = [_load_handout(path, content_dir, problems) for path in handout_paths]
    measures = [_load_measure(path, content_dir, problems) for path in measure_paths]
    if problems or taxonomy is None:
        raise ContentError(problems)
    return Content(taxonomy, _by_slug(exercises), _by_slug(handouts), _by_slug(measures))


def _by_slug(
    items: list[Exercise | None] | list[Handout | None] | list[Measure | None],
) -> dict[str, Any]:
    return {item.slug: item for item in items if item is not None}


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def _report_for(path: Path, content_dir: Path) -> Report:
    return Report(path.relative_to(content_dir.parent).as_posix())


def _load_taxonomy(
    content_dir: Path, known: Mapping[str, frozenset[str]], problems: list[str]
) -> tuple[Taxonomy | None, SuitsChecker | None]:
    """The taxonomy and a checker of exercises against it; (None, None) after a problem."""
    path = content_dir / TAXONOMY_FILE
    report = _report_for(path, content_dir)
    data = read_yaml(path, report)
    if not report.problems:
        TaxonomyChecker(report, known).check(data)
    problems.extend(report.problems)
    if report.problems:
        return None, None
    taxonomy = build_taxonomy(data)
    return taxonomy, SuitsChecker(taxonomy, item_spots(data), report.file)


def _load_exercise(
    path: Path, content_dir: Path, suits: SuitsChecker | None, problems: list[str]
) -> Exercise | None:
    """The exercise in `path`, or None after adding its problems to `problems`.

    Its `suits` are compared with the taxonomy only when the taxonomy itself loaded.
    """
    report = _report_for(path, content_dir)
    data: Any = read_yaml(path, report)
    if not report.problems:
        ExerciseChecker(report, path.stem).check(data)
        if suits is not None:
            suits.check(path.stem, data, report)
    problems.extend(report.problems)
    return None if report.problems else build_exercise(path.stem, data)


def _load_handout(path: Path, content_dir: Path, problems: list[str]) -> Handout | None:
    """The handout in `path`, or None after adding its problems to `problems`."""
    report = _report_for(path, content_dir)
    handout = load_handout(path, report)
    problems.extend(report.problems)
    return handout


def _load_measure(path: Path, content_dir: Path, problems: list[str]) -> Measure | None:
    """The measure in `path`, or None after adding its problems to `problems`."""
    report = _report_for(path, content_dir)
    measure = load_measure(path, report)
    problems.extend(report.problems)
    return measure
