"""Jinja filters and globals shared by every template."""

from datetime import date, datetime

from flask import Flask

from clinic.content import get_content
from clinic.db import utcnow
from clinic.homework.fields import answers_to_formdata, assemble_i_statement, rows_to_show
from clinic.settings.services import clinic_settings


def format_datetime(value: datetime) -> str:
    return value.strftime("%-d %b %Y, %H:%M")


def format_date(value: date) -> str:
    return value.strftime("%-d %b %Y")


def format_iso_date(value: str) -> str:
    """A date stored as ISO text in homework answers, shown like every other date."""
    try:
        return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


def slug_title(slug: str) -> str:
    """'small-trust-step' → 'Small trust step', for content referred to before it is loaded."""
    return slug.replace("-", " ").capitalize()


def exercise_title(slug: str) -> str:
    exercise = get_content().exercises.get(slug)
    return exercise.title if exercise else slug_title(slug)


def handout_title(slug: str) -> str:
    handout = get_content().handouts.get(slug)
    return handout.title if handout else slug_title(slug)


def init_app(app: Flask) -> None:
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(slug_title, "slug_title")
    app.context_processor(lambda: {"clinic": clinic_settings()})
    app.add_template_global(utcnow, "now")
    app.add_template_global(date.today, "today")
    app.add_template_filter(format_iso_date, "iso_date")
    app.add_template_global(assemble_i_statement)
    app.add_template_global(answers_to_formdata)
    app.add_template_global(rows_to_show)
    app.add_template_global(exercise_title)
    app.add_template_global(handout_title)
