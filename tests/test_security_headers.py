import pytest


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("url", ["/login", "/healthz", "/does-not-exist"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_behind_login_are_not_stored(therapist_client):
    response = therapist_client.get("/account/password")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_admin_pages_are_not_stored(admin_client):
    assert admin_client.get("/admin/audit").headers["Cache-Control"] == "no-store"


def test_static_assets_may_be_cached_privately(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"].startswith("private")


def test_pages_use_no_third_party_assets(client):
    html = client.get("/login").text
    assert "http://" not in html and "https://" not in html


def test_session_cookie_is_secure_in_production(app, monkeypatch, tmp_path):
    from clinic.config import load_config

    monkeypatch.setenv("CLINIC_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is True


def test_development_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    from clinic.config import load_config

    monkeypatch.delenv("CLINIC_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    assert len(first) >= 64
    assert load_config(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_behind_a_trusted_proxy_the_clients_address_is_used(database_url, tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, tmp_path, TRUSTED_PROXY_COUNT=1)
    seen = {}

    @app.get("/probe-remote-addr")
    def probe():
        from flask import request

        seen["addr"] = request.remote_addr
        return ""

    app.test_client().get(
        "/probe-remote-addr",
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert seen["addr"] == "198.51.100.7"


def test_without_trusted_proxies_forwarded_headers_are_ignored(app):
    with app.test_request_context(
        "/", environ_base={"REMOTE_ADDR": "10.0.0.2"}, headers={"X-Forwarded-For": "198.51.100.7"}
    ):
        from flask import request

        assert request.remote_addr == "10.0.0.2"
