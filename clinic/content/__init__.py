"""Clinical content (`content/`): loaded and validated once at start-up, then read-only."""

from pathlib import Path

from flask import Flask, current_app

from clinic.content.cli import content_cli
from clinic.content.loader import ContentError, load_content
from clinic.content.measures import Band, Item, Measure
from clinic.content.models import Content, Exercise, FieldSpec, Handout

__all__ = [
    "Band",
    "Content",
    "ContentError",
    "Exercise",
    "FieldSpec",
    "Handout",
    "Item",
    "Measure",
    "get_content",
    "init_app",
    "load_content",
]

EXTENSION_KEY = "clinic_content"


def init_app(app: Flask) -> None:
    """Load `CONTENT_DIR` so that a bad file stops start-up with ContentError."""
    app.extensions[EXTENSION_KEY] = load_content(Path(app.config["CONTENT_DIR"]))
    app.cli.add_command(content_cli)


def get_content() -> Content:
    return current_app.extensions[EXTENSION_KEY]
