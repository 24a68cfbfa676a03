"""What WeasyPrint may load while rendering: the app's print assets and data: URIs, nothing else.

The fetcher is the second wall behind template escaping. Each refusal is checked two ways: the
fetch raises (WeasyPrint then skips the resource), and nothing was read or connected to.
"""

import shutil
from pathlib import Path

import pytest

from clinic.pdf import fetcher as fetcher_module
from clinic.pdf.fetcher import ASSET_BASE_URL, ASSET_DIR, AssetOnlyFetcher
from tests.pdf.conftest import assert_no_connection

PRINT_CSS = (ASSET_DIR / "print.css").read_bytes()


def fetch(url: str) -> bytes:
    """The body served for `url`. A refusal is a ValueError, which WeasyPrint logs and skips;
    a network or file error (OSError) would mean the fetcher tried, so it does not count."""
    response = AssetOnlyFetcher().fetch(url)
    try:
        return response.read()
    finally:
        response.close()


def test_serves_the_print_stylesheet_by_its_asset_url():
    response = AssetOnlyFetcher().fetch(ASSET_BASE_URL + "print.css")
    assert response.read() == PRINT_CSS
    assert response.content_type == "text/css"
    response.close()


def test_serves_a_data_uri():
    assert fetch("data:text/plain;base64,aGVsbG8=") == b"hello"
    assert fetch("data:text/css,p%7Bcolor:red%7D") == b"p{color:red}"


def test_refuses_local_files():
    with pytest.raises(ValueError):
        fetch("file:///etc/passwd")


@pytest.mark.parametrize("path", ["/", "/css", "/img.png"])
def test_refuses_http_to_a_listening_local_port_without_connecting(listener, path):
    port = listener.getsockname()[1]
    with pytest.raises(ValueError):
        fetch(f"http://127.0.0.1:{port}{path}")
    assert_no_connection(listener)


def test_refuses_the_asset_host_on_another_port_or_scheme(listener):
    port = listener.getsockname()[1]
    for url in (
        f"http://127.0.0.1:{port}/print.css",
        "http://print-assets.clinic.invalid/print.css",
        "https://print-assets.clinic.invalid.example.org/print.css",
    ):
        with pytest.raises(ValueError):
            fetch(url)
    assert_no_connection(listener)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org/print.css",
        "ftp://example.org/file.txt",
        "print.css",
        "../../../../etc/passwd",
        "/etc/passwd",
        "//example.org/x.png",
    ],
)
def test_refuses_every_other_scheme_and_relative_paths(url):
    with pytest.raises(ValueError):
        fetch(url)


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/../../../../../etc/passwd",
        "%2Fetc%2Fpasswd",
        "../fetcher.py",
        "",
        ".",
    ],
)
def test_refuses_traversal_out_of_the_asset_folder(name):
    with pytest.raises(ValueError):
        fetch(ASSET_BASE_URL + name)


def test_a_refusal_never_returns_the_content_of_a_file_outside_the_assets():
    for url in (ASSET_BASE_URL + "../../../../etc/passwd", "file:///etc/passwd"):
        try:
            body = fetch(url)
        except ValueError:
            continue
        assert b"root:" not in body
        pytest.fail(f"{url} was served")


@pytest.fixture
def asset_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the asset folder, used by the fetcher in place of the real one."""
    assets = tmp_path / "assets"
    shutil.copytree(ASSET_DIR, assets)
    monkeypatch.setattr(fetcher_module, "ASSET_DIR", assets.resolve())
    return assets


def test_refuses_a_symlink_in_the_assets_that_points_outside(asset_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not an asset")
    (asset_copy / "innocent.css").symlink_to(secret)
    (asset_copy / "passwd.css").symlink_to("/etc/passwd")
    (asset_copy / "fonts").symlink_to("/etc", target_is_directory=True)

    assert fetch(ASSET_BASE_URL + "print.css") == PRINT_CSS, "the copy is the one served"
    for name in ("innocent.css", "passwd.css", "fonts/passwd"):
        with pytest.raises(ValueError):
            fetch(ASSET_BASE_URL + name)


def test_serves_a_symlink_that_stays_inside_the_assets(asset_copy):
    (asset_copy / "alias.css").symlink_to(asset_copy / "print.css")
    assert fetch(ASSET_BASE_URL + "alias.css") == PRINT_CSS
