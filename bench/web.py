"""gunicorn on a free loopback port, and a small HTTP client (stdlib only) with a cookie jar.

The client is the same for the floor and the app, so what it costs cancels out of a ratio.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, *, env: dict[str, str], log: Path, workers: int = 2):
    """Serve `app` (module:variable) with sync workers; yields the port once it answers.

    The server's output (the app's JSON request lines among it) goes to the file `log`: written
    as in production, but not over the bench's own progress on the console."""
    port = free_port()
    command = [
        str(GUNICORN),
        "--config",
        str(PROJECT_ROOT / "gunicorn.conf.py"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
        app,
    ]
    with open(log, "ab") as output:
        server = subprocess.Popen(  # noqa: S603 (a fixed command)
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(port, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_serving(
    port: int, server: subprocess.Popen, log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start:\n{_tail(log)}")


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


class Browser:
    """One visitor: cookies kept between requests, a new connection per request (gunicorn's
    sync workers close each one)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Status, Location header and body text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, str, str]:
        return self.request("POST", path, form)

    def log_in(self, email: str, password: str) -> None:
        _, _, page = self.get("/login")
        status, _, _ = self.post(
            "/login", {"email": email, "password": password, "csrf_token": csrf_token(page)}
        )
        if status != 302:
            raise RuntimeError(f"login as {email} answered {status}")


def csrf_token(page: str) -> str:
    match = CSRF_FIELD.search(page)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return unescape(match.group(1))
