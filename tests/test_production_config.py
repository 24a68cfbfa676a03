"""CLINIC_ENV=production refuses to start while anything on the list is unsafe, and names it all;
it sends HSTS and keeps cookies to HTTPS."""

import logging
import runpy
from pathlib import Path

import pytest
from flask_migrate import upgrade

from clinic import create_app
from clinic.config import ConfigurationError

ROOT = Path(__file__).resolve().parent.parent
SAFE = {
    "CLINIC_ENV": "production",
    "SECRET_KEY": "3f9a1c7e5b2d8046af13ce97b5d20e8c41f6a9b3",
    "CLINIC_BASE_URL": "https://clinic.example.org",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "WEB_CONCURRENCY": "4",
}


@pytest.fixture
def production(monkeypatch, tmp_path):
    """`production(**env)`: create the app as a production server would, with this environment."""
    monkeypatch.setenv("CLINIC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def start(**changes):
        for name, value in {**SAFE, **changes}.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return create_app()

    return start


def refusal(production, **env) -> str:
    with pytest.raises(ConfigurationError) as refused:
        production(**env)
    return str(refused.value)


def test_a_safe_configuration_starts(production):
    app = production()
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "a" * 64}, "SECRET_KEY is weak"),
        ({"CLINIC_BASE_URL": "http://clinic.example.org"}, "must use https://"),
        ({"CLINIC_BASE_URL": None}, "must use https://"),
        ({"RATELIMIT_STORAGE_URI": None}, "memory:// with 4 workers"),
    ],
    ids=["no key", "short key", "repetitive key", "http", "default url", "memory limits"],
)
def test_each_unsafe_setting_is_refused_by_name(production, env, named):
    assert named in refusal(production, **env)


def test_every_problem_is_listed_at_once(production):
    message = refusal(production, SECRET_KEY=None, CLINIC_BASE_URL=None, RATELIMIT_STORAGE_URI=None)
    assert message.count("\n- ") == 3


def test_memory_rate_limits_are_fine_with_one_worker(production):
    assert production(RATELIMIT_STORAGE_URI="memory://", WEB_CONCURRENCY="1")


def test_development_starts_with_every_default(production):
    assert production(CLINIC_ENV=None, SECRET_KEY=None, CLINIC_BASE_URL=None)


def test_sqlite_in_production_starts_with_a_warning(production, caplog):
    with caplog.at_level(logging.WARNING, logger="clinic.config"):
        production()
    assert "SQLite in production" in caplog.text


def test_production_sends_hsts_and_secure_cookies(production):
    app = production()
    with app.app_context():
        upgrade()
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in response.headers["Set-Cookie"]


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (settings["workers"], settings["bind"], settings["timeout"]) == (3, "0.0.0.0:9000", 45)
    assert settings["forwarded_allow_ips"] == "10.0.0.2"
    assert settings["logger_class"] == "clinic.logs.GunicornLogger"
