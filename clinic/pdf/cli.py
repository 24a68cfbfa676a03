"""`flask --app wsgi pdf handout|worksheet|summary …`: the same documents as the web pages."""

from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.pdf import documents
from clinic.pdf.summaries import draft_for

pdf_cli = AppGroup("pdf", help="Write PDF documents to files.")
OUTPUT = click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF.",
)


def _client(client_id: int) -> Client:
    client = db.session.get(Client, client_id)
    if client is None:
        raise click.ClickException(f"There is no client {client_id}.")
    return client


def _write(document: documents.PdfDocument, output: Path) -> None:
    output.write_bytes(document.content)
    click.echo(f"Wrote {output} ({len(document.content):,} bytes)")


@pdf_cli.command("handout")
@click.argument("slug")
@click.option("--client", "client_id", type=int, help="Print it as prepared for this client.")
@OUTPUT
def handout_command(slug: str, client_id: int | None, output: Path) -> None:
    """A handout, optionally prepared for a client (by their therapist)."""
    item = get_content().handouts.get(slug)
    if item is None:
        raise click.ClickException(
            f"No handout '{slug}'. Known: {', '.join(get_content().handouts)}"
        )
    client = _client(client_id) if client_id else None
    _write(
        documents.handout(item, prepared_for=client, by=client.therapist if client else None),
        output,
    )


@pdf_cli.command("worksheet")
@click.argument("slug")
@OUTPUT
def worksheet_command(slug: str, output: Path) -> None:
    """The blank worksheet of an exercise."""
    exercise = get_content().exercises.get(slug)
    if exercise is None:
        raise click.ClickException(
            f"No exercise '{slug}'. Known: {', '.join(get_content().exercises)}"
        )
    _write(documents.blank_worksheet(exercise), output)


@pdf_cli.command("summary")
@click.argument("client_id", type=int)
@OUTPUT
def summary_command(client_id: int, output: Path) -> None:
    """A client's progress summary, with the period and version last saved for it."""
    client = _client(client_id)
    _write(
        documents.progress_summary(client, draft_for(client, date.today()), date.today()), output
    )


def register(app: Flask) -> None:
    app.cli.add_command(pdf_cli)
