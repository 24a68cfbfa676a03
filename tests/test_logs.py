"""Share tokens stay out of the servers' own access logs, not only the app's."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from clinic.logs import redact

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "T0kenThatMustNeverBeLogged_abcdefghijklmnop"


def test_redact_hides_tokens_but_keeps_other_paths():
    assert redact(f"GET /h/{TOKEN} HTTP/1.1") == "GET /h/[redacted] HTTP/1.1"
    assert redact("GET /h/s/12 HTTP/1.1") == "GET /h/s/12 HTTP/1.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_env(tmp_path):
    env = {**os.environ, "CLINIC_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def request_token_then_stop(command: list[str], env: dict, port: int) -> str:
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/h/{TOKEN}", timeout=5)
        time.sleep(0.3)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    return output


def test_gunicorn_access_log_never_shows_the_token(server_env):
    port = free_port()
    output = request_token_then_stop(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "wsgi:app",
        ],
        server_env,
        port,
    )
    assert "/h/[redacted]" in output, output
    assert TOKEN not in output


def test_flask_run_request_log_never_shows_the_token(server_env):
    port = free_port()
    output = request_token_then_stop(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port), "--no-reload"],
        server_env,
        port,
    )
    assert "/h/[redacted]" in output, output
    assert TOKEN not in output
