"""Serve a freshly seeded demo clinic and photograph its main pages in headless Chromium.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]

Pages are taken at desktop (1280x900) and phone (390x844) widths, into `screenshots/` by
default (ignored by git). Uses Debian's `chromium`; nothing is downloaded.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-screenshots-passphrase"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
# Who sets up two-factor sign-in at each width: a therapist by choice, the admin because admins
# must.
TWO_FACTOR_USERS = {"desktop": "ben@demo.clinic", "phone": "admin@demo.clinic"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "run", "--port", str(port), "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the app did not start")


def shoot(base: str, share_path: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        for name, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{base}/login")
            page.screenshot(path=out / f"login-{name}.png")
            page.fill("#email", "ana@demo.clinic")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.screenshot(path=out / f"caseload-{name}.png", full_page=True)
            page.click("table.caseload tbody tr:first-child a")
            page.screenshot(path=out / f"client-{name}.png", full_page=True)
            page.click("#homework .homework-list li:first-child a")
            page.screenshot(path=out / f"assignment-{name}.png", full_page=True)
            page.go_back()
            page.click("text=Edit intake")
            page.screenshot(path=out / f"intake-{name}.png", full_page=True)
            for path, shot in (("/exercises", "library"), ("/handouts", "handouts")):
                page.goto(base + path)
                page.screenshot(path=out / f"{shot}-{name}.png", full_page=True)
            page.close()
            client_page = browser.new_page(viewport={"width": width, "height": height})
            client_page.goto(base + share_path)
            client_page.screenshot(path=out / f"homework-{name}.png", full_page=True)
            client_page.close()
            shoot_two_factor(browser, base, TWO_FACTOR_USERS[name], name, out, (width, height))
        browser.close()


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def shoot_two_factor(
    browser: Browser, base: str, email: str, name: str, out: Path, size: tuple[int, int]
) -> None:
    """Enrolment, the recovery codes, the account page and the sign-in code page."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    sign_in(page, base, email)
    page.goto(f"{base}/account")
    page.screenshot(path=out / f"account-{name}.png", full_page=True)
    page.goto(f"{base}/account/two-factor")
    page.screenshot(path=out / f"two-factor-setup-{name}.png", full_page=True)
    totp = pyotp.TOTP(page.inner_text("#totp-key").replace(" ", ""))
    page.fill("#code", totp.now())
    page.click("text=Switch on two-factor sign-in")
    page.screenshot(path=out / f"recovery-codes-{name}.png", full_page=True)
    page.goto(f"{base}/account")
    page.screenshot(path=out / f"account-two-factor-on-{name}.png", full_page=True)
    page.click("text=Sign out")
    page.screenshot(path=out / f"signed-out-{name}.png")
    sign_in(page, base, email)
    page.screenshot(path=out / f"sign-in-code-{name}.png", full_page=True)
    page.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "CLINIC_INSTANCE_PATH": instance}
        env.pop("DATABASE_URL", None)
        flask(env, "db", "upgrade")
        port = free_port()
        env["CLINIC_BASE_URL"] = f"http://127.0.0.1:{port}"
        seeded = flask(env, "seed-demo", "--password", PASSWORD)
        share_url = next(line for line in seeded.splitlines() if line.startswith("share-link: "))
        server = start_server(env, port)
        try:
            shoot(env["CLINIC_BASE_URL"], urlsplit(share_url.split(" ", 1)[1]).path, out)
        finally:
            server.terminate()
            server.wait()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
