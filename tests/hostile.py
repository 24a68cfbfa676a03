"""Hostile input, shared by every test that pushes text through the app: the corpus below goes
through every form and the client's page (tests/test_hostile_input.py) and into every PDF
(tests/test_hostile_input.py), and `fetching_payloads` into every kind of PDF
(tests/pdf/test_hostile_input.py)."""

SCRIPT = "<script>alert(1)</script>"

PAYLOADS = {
    "script": SCRIPT,
    "attribute breaker": '"><img src=x onerror=alert(1)>',
    "style breaker": "</style><style>*{display:none}",
    "css url": "url(http://evil.invalid/x.png)",
    # Not ending in "-": pdftotext joins a line ending in a hyphen with the next one.
    "sql": "'; DROP TABLE clients;--'",
    "jinja": "{{7*7}}{% raw %}",
    "long": "Long " + "x" * 9_995,
    "control characters": "bell\x07 escape\x1b[31m backspace\x08 form feed\x0c end",
    "null byte": "before\x00after",
    "right-to-left override": "invoice\u202egnp.exe",
    "zero-width": "zero\u200bwidth\u200cnon\u200djoiner\ufeff",
    "emoji": "family 👨\u200d👩\u200d👧\u200d👦 flag 🏳️\u200d🌈 thumbs 👍🏽",
}

# The payloads that are markup or code: a page or PDF that interpreted them, rather than showing
# them, would differ visibly. They are plain printable text, so a PDF's text layer shows them.
MARKUP = ["script", "attribute breaker", "style breaker", "css url", "sql", "jinja"]


def fetching_payloads(port: int) -> list[str]:
    """Markup that makes a renderer fetch: from a local socket on `port`, or a local file."""
    return [
        "<b>bold</b>",
        SCRIPT,
        f"<style>@import url(http://127.0.0.1:{port}/css);</style>",
        f'</p><div style="background:url(http://127.0.0.1:{port}/bg)">',
        '<img src="file:///etc/passwd">',
        f'<img src="http://127.0.0.1:{port}/img">',
        f'<svg><image href="http://127.0.0.1:{port}/svg"/></svg>',
        '<link rel="attachment" href="file:///etc/passwd">',
    ]
