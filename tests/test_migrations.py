"""The Alembic migrations and the models describe the same schema, and migrate both ways."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from clinic.extensions import db
from tests.conftest import TemporaryPostgresDatabase, backend, make_test_app


@contextmanager
def empty_database(tmp_path):
    if backend() == "postgresql":
        with TemporaryPostgresDatabase("clinic_migrations") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"


@pytest.fixture
def fresh_app(tmp_path):
    with empty_database(tmp_path) as url:
        app = make_test_app(url, tmp_path / "instance")
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_match_the_models(fresh_app):
    upgrade()
    assert schema_differences() == []
    assert table_names() == set(db.metadata.tables)


def test_downgrade_to_base_and_upgrade_again(fresh_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() == set()
    upgrade()
    assert schema_differences() == []
