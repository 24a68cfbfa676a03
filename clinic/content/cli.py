"""`flask --app wsgi content check`: validate the content files as they are on disk now."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from clinic.content.loader import ContentError, load_content
from clinic.content.models import Content

content_cli = AppGroup("content", help="Check the clinical content files.")


@content_cli.command("check")
def check_command() -> None:
    """Load every content file afresh (not the copy cached at start-up) and report problems."""
    try:
        content = load_content(Path(current_app.config["CONTENT_DIR"]))
    except ContentError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        noun = "problem" if len(error.problems) == 1 else "problems"
        raise click.ClickException(f"{len(error.problems)} {noun} in content") from error
    click.echo(f"content OK: {summary(content)}")


def summary(content: Content) -> str:
    taxonomy = content.taxonomy
    return (
        f"taxonomy v{taxonomy.version} ({len(taxonomy.origins)} origins, "
        f"{len(taxonomy.signs)} signs, {len(taxonomy.impact_areas)} impact areas, "
        f"{len(taxonomy.effects)} effects, {len(taxonomy.relationships)} relationships); "
        f"{len(content.exercises)} exercises, {len(content.handouts)} handouts, "
        f"{len(content.measures)} measures"
    )
