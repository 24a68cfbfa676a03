"""Jinja filters and globals shared by every template."""

from datetime import date, datetime

from flask import Flask

from clinic.db import utcnow


def format_datetime(value: datetime) -> str:
    return value.strftime("%-d %b %Y, %H:%M")


def format_date(value: date) -> str:
    return value.strftime("%-d %b %Y")


def slug_title(slug: str) -> str:
    """'small-trust-step' → 'Small trust step', for content referred to before it is loaded."""
    return slug.replace("-", " ").capitalize()


def init_app(app: Flask) -> None:
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(slug_title, "slug_title")
    app.add_template_global(utcnow, "now")
    app.add_template_global(date.today, "today")
