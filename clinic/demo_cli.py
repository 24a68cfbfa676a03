"""`flask --app wsgi seed-demo [--password PW] [--if-empty]`: build the demo clinic."""

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.auth.services import AccountError
from clinic.demo import DemoAlreadySeeded, DemoRefused, has_accounts, seed_demo
from clinic.extensions import db
from clinic.homework.tokens import share_url


@click.command("seed-demo")
@click.option(
    "--password",
    help="The password for all three demo accounts (default: a new random passphrase).",
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing, quietly, unless the database has no accounts at all.",
)
@with_appcontext
def seed_demo_command(password: str | None, if_empty: bool) -> None:
    """Fill an empty database with a demo clinic and print how to sign in."""
    if if_empty and has_accounts():
        return
    try:
        demo = seed_demo(password)
    except DemoAlreadySeeded as already:
        click.echo(str(already))
        return
    except (DemoRefused, AccountError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for login in demo.logins:
        click.echo(f"login: {login.email} {login.password} {login.role.value}")
    for login in demo.logins:
        if login.two_factor_key:
            click.echo(f"two-factor-key: {login.email} {login.two_factor_key}")
    click.echo(f"share-link: {share_url(demo.share_token)}")


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
