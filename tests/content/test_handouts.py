"""Handouts: the eight real ones, how they render, and how a bad file is reported."""

import dataclasses
import re
import shutil
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from clinic.config import PROJECT_ROOT
from clinic.content.handouts import count_words, render_markdown
from clinic.content.loader import load_content
from clinic.content.models import AUDIENCES, SECTIONS, Content, Handout
from tests.content.test_loader import (
    FILLER,
    TAXONOMY,
    cli_app,
    front_matter,
    handout,
    lines_of,
    problems,
    valid_taxonomy,
    write_content,
)

SLUGS = {
    "where-trust-issues-begin",
    "signs-of-trust-issues",
    "impact-of-trust-issues",
    "pathways-to-healing",
    "taking-safe-emotional-risks",
    "supporting-someone-with-trust-issues",
    "when-to-seek-more-help",
    "how-homework-works",
}
# What Markdown makes of the real handouts; anything else would be a surprise.
PLAIN_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "blockquote", "code", "hr", "br"}
PHONE_NUMBER = re.compile(r"\d[\d ()-]{5,}\d")


@pytest.fixture(scope="module")
def library() -> Content:
    return load_content(PROJECT_ROOT / "content")


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name) for name, _ in attrs)


def tags_in(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector


# The real handouts


def test_the_eight_handouts_load_with_their_front_matter(library):
    assert set(library.handouts) == SLUGS
    assert library.handout_slugs == SLUGS
    for slug, found in library.handouts.items():
        assert isinstance(found, Handout)
        assert found.slug == slug
        assert found.version >= 1
        assert 0 < len(found.title) <= 80
        assert found.audience in AUDIENCES
        assert found.audience_label == AUDIENCES[found.audience]
        assert 0 < len(found.summary) <= 200 and found.summary.endswith(".")


def test_each_handout_is_written_for_its_reader(library):
    audiences = {slug: found.audience for slug, found in library.handouts.items()}

    assert audiences.pop("supporting-someone-with-trust-issues") == "supporter"
    assert audiences.pop("when-to-seek-more-help") == "both"
    assert set(audiences.values()) == {"client"}


def test_handouts_are_ordered_by_title(library):
    titles = [found.title.casefold() for found in library.handouts.values()]

    assert titles == sorted(titles)


def test_content_orders_handouts_by_title_whatever_it_is_given(library):
    given = dict(reversed(library.handouts.items()))

    content = Content(library.taxonomy, library.exercises, given)

    assert list(content.handouts) == list(library.handouts)


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_each_handout_is_the_length_of_a_handout(library, slug):
    assert 450 <= count_words(library.handouts[slug].body_markdown) <= 900


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_each_body_renders_to_headings_lists_and_a_try_this_box(library, slug):
    html = library.handouts[slug].body_html

    assert isinstance(html, Markup)
    assert "<h2>" in html and "<ul>" in html
    assert re.search(r"<blockquote>\s*<p><strong>Try this:</strong>", html)


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_nothing_in_a_real_handout_escapes_as_raw_html(library, slug):
    found = library.handouts[slug]
    collected = tags_in(found.body_html)

    assert collected.tags <= PLAIN_TAGS
    assert collected.attributes == []
    assert "&lt;" not in found.body_html


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_no_links_or_phone_numbers_the_clinic_adds_its_own_crisis_text(library, slug):
    body = library.handouts[slug].body_markdown

    assert "http" not in body and "www." not in body
    assert not PHONE_NUMBER.search(body)


def test_every_handout_is_suggested_by_some_taxonomy_item(library):
    suggested = {slug for entry in library.taxonomy.by_id.values() for slug in entry.handouts}

    assert suggested == SLUGS


def test_handouts_are_immutable(library):
    found = library.handouts["pathways-to-healing"]

    with pytest.raises(dataclasses.FrozenInstanceError):
        found.title = "Changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.body_html = Markup("<p>Changed</p>")
    with pytest.raises(TypeError):
        library.handouts["new"] = found
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.handouts = {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.handout_slugs = frozenset()


def test_the_taxonomy_may_not_suggest_a_handout_that_is_not_there(tmp_path, library):
    content_dir = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content_dir)
    (content_dir / "handouts" / "how-homework-works.md").unlink()

    found = problems(content_dir)

    referring = [
        entry
        for name in SECTIONS
        for entry in getattr(library.taxonomy, name)
        if "how-homework-works" in entry.handouts
    ]
    assert len(found) == len(referring) > 0
    assert all(p.startswith(f"{TAXONOMY}:") for p in found)
    assert all(p.endswith("unknown handout 'how-homework-works'") for p in found)


def test_content_check_counts_the_real_handouts():
    result = cli_app(PROJECT_ROOT / "content").test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert result.output.endswith(" exercises, 8 handouts, 3 measures\n")


# Rendering


def test_rendering_escapes_raw_html_even_without_the_checks():
    html = render_markdown('<script>alert(1)</script>\n\nSome <b onclick="x()">bold</b> text.')

    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;" in html and "&lt;b onclick" in html


def load_body(tmp_path, body: str) -> Handout:
    """The handout 'on-trust' with this body (and enough words after it to pass)."""
    handouts = {"on-trust": handout(body=f"{body}\n\n{FILLER}\n")}
    content = load_content(write_content(tmp_path, valid_taxonomy(), handouts=handouts))
    return content.handouts["on-trust"]


def test_tags_in_code_are_shown_not_refused(tmp_path):
    body = "## Code\n\nA line break is written `<br>`.\n\n```\n<div>shown</div>\n```"

    html = load_body(tmp_path, body).body_html

    assert "<code>&lt;br&gt;</code>" in html
    assert "&lt;div&gt;shown&lt;/div&gt;" in html


@pytest.mark.parametrize("text", ["x < y and y > z", "Love you <3", r"An escaped \<b> tag"])
def test_a_less_than_sign_that_is_not_a_tag_is_fine(tmp_path, text):
    assert load_body(tmp_path, f"## Symbols\n\n{text}").body_html


def test_footnotes_and_table_alignment_are_allowed(tmp_path):
    body = "## Notes\n\nA claim.[^1]\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[^1]: A note."

    html = load_body(tmp_path, body).body_html

    assert 'href="#fn:1"' in html and 'style="text-align: right;"' in html


# Broken files: each problem names the file, and the line where it is known

FILE = "content/handouts/on-trust.md"


def write_handout(tmp_path, text: str | bytes, slug: str = "on-trust"):
    content_dir = write_content(tmp_path, valid_taxonomy(), handouts={slug: ""})
    path = content_dir / "handouts" / f"{slug}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return content_dir


def line_of(content_dir, text: str) -> int:
    return lines_of(content_dir, text, "handouts/on-trust.md")[0]


def with_body_line(line: str) -> str:
    return handout(body=f"## Heading\n\n{FILLER}\n\n{line}\n")


def test_a_file_without_front_matter_is_rejected(tmp_path):
    content_dir = write_handout(tmp_path, f"## Heading\n\n{FILLER}\n")

    assert problems(content_dir) == [
        f"{FILE}:1: front matter: missing; start the file with '---', "
        "version, title, audience, summary, '---'"
    ]


def test_front_matter_without_a_closing_fence_is_rejected(tmp_path):
    content_dir = write_handout(tmp_path, f"---\nversion: 1\n\n## Heading\n\n{FILLER}\n")

    assert problems(content_dir) == [f"{FILE}:1: front matter: no closing '---' line"]


def test_invalid_yaml_names_the_line(tmp_path):
    text = handout("version: 1\ntitle: Trust\naudience: client\nsummary: Roots: where it starts.\n")

    assert problems(write_handout(tmp_path, text)) == [
        f"{FILE}:5: front matter: invalid YAML: mapping values are not allowed here"
    ]


@pytest.mark.parametrize(("front", "found"), [("- a list\n", "a list"), ("", "nothing")])
def test_front_matter_must_be_a_mapping(tmp_path, front, found):
    assert problems(write_handout(tmp_path, handout(front))) == [
        f"{FILE}:1: front matter: expected a mapping of version, title, audience, summary; "
        f"found {found}"
    ]


def test_a_missing_field_names_the_front_matter_line(tmp_path):
    front = front_matter()
    del front["summary"]

    assert problems(write_handout(tmp_path, handout(front))) == [
        f"{FILE}:2: front matter: missing field 'summary'"
    ]


def test_an_unknown_field_names_its_line(tmp_path):
    content_dir = write_handout(tmp_path, handout(front_matter(tags=["trust"], slug="x")))

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, 'tags:')}: front matter: unknown field 'tags'",
        f"{FILE}:{line_of(content_dir, 'slug:')}: front matter: unknown field 'slug' "
        "(the file name is the slug)",
    ]


BAD_FRONT_MATTER = {
    "an unknown audience": (
        {"audience": "clients"},
        "audience:",
        "unknown audience 'clients': use one of client, supporter, both",
    ),
    "a zero version": ({"version": 0}, "version:", "version must be a positive integer, not 0"),
    "a text version": ({"version": "1"}, "version:", "version must be a positive integer, not '1'"),
    "an empty title": ({"title": " "}, "title:", "title must be non-empty text"),
    "a long title": (
        {"title": "x" * 81},
        "title:",
        "title is 81 characters long; keep it to 80",
    ),
    "an HTML title": ({"title": "<b>Trust</b>"}, "title:", "title must be plain text, not HTML"),
    "a long summary": (
        {"summary": "x" * 201},
        "summary:",
        "summary is 201 characters long; keep it to 200",
    ),
    "a summary that is not text": ({"summary": 3}, "summary:", "summary must be non-empty text"),
}


@pytest.mark.parametrize(
    ("fields", "key", "message"), BAD_FRONT_MATTER.values(), ids=BAD_FRONT_MATTER.keys()
)
def test_bad_front_matter_values_name_their_line(tmp_path, fields, key, message):
    content_dir = write_handout(tmp_path, handout(front_matter(**fields)))

    assert problems(content_dir) == [f"{FILE}:{line_of(content_dir, key)}: front matter: {message}"]


@pytest.mark.parametrize(
    ("line", "snippet"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('Some <b class="x">bold</b> words.', '<b class="x">'),
        ("<!-- a note for editors -->", "<!-- a note for editors -->"),
        ("<div", "<div>"),
        ("A line<br/>break.", "<br/>"),
    ],
)
def test_raw_html_in_the_body_is_refused(tmp_path, line, snippet):
    content_dir = write_handout(tmp_path, with_body_line(line))

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, line)}: body: raw HTML '{snippet}' is not allowed; "
        "write Markdown"
    ]


def test_an_external_link_is_refused_once_with_its_line(tmp_path):
    content_dir = write_handout(tmp_path, with_body_line("See [this site](https://example.org/a)."))

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, 'this site')}: body: external link "
        "'https://example.org/a': handouts do not link to other sites"
    ]


def test_a_bare_address_is_refused_too(tmp_path):
    content_dir = write_handout(tmp_path, with_body_line("Visit http://example.org today."))

    [problem] = problems(content_dir)

    assert problem.startswith(f"{FILE}:{line_of(content_dir, 'Visit')}: body: external link ")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[Sign in](/login)", "link to '/login' is not allowed; write the name out instead"),
        ("[Click](javascript:alert(1))", "link to 'javascript:alert(1)' is not allowed; write"),
        ("<someone@example.org>", "link to 'mailto:someone@example.org' is not allowed"),
        ("![A photo](photo.png)", "images are not allowed; a handout is text only"),
        ('A paragraph.\n{: onclick="alert(1)" }', "attribute 'onclick' on <p> is not allowed"),
        ('A paragraph.\n{: style="color: red" }', "attribute 'style' on <p> is not allowed"),
    ],
)
def test_links_images_and_attributes_are_refused(tmp_path, line, message):
    content_dir = write_handout(tmp_path, with_body_line(line))

    [problem] = problems(content_dir)

    assert problem.startswith(f"{FILE}: body: {message}")


def test_a_short_body_names_its_first_line(tmp_path):
    content_dir = write_handout(tmp_path, handout(body="## Heading\n\nToo short to help.\n"))

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, '## Heading')}: body: 5 words; write at least 200"
    ]


def test_an_empty_body_is_refused(tmp_path):
    content_dir = write_handout(tmp_path, handout(body="\n\n"))

    assert problems(content_dir) == [
        f"{FILE}:6: body: empty; write at least 200 words under '##' headings"
    ]


def test_a_body_needs_a_second_level_heading(tmp_path):
    content_dir = write_handout(tmp_path, handout(body=f"### Too small\n\n{FILLER}\n"))

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, '### Too small')}: body: add at least one '##' heading"
    ]


def test_a_first_level_heading_is_refused(tmp_path):
    content_dir = write_handout(
        tmp_path, handout(body=f"# Title again\n\n## Heading\n\n{FILLER}\n")
    )

    assert problems(content_dir) == [
        f"{FILE}:{line_of(content_dir, '# Title again')}: body: use '##' headings; "
        "the title comes from the front matter"
    ]


@pytest.mark.parametrize("slug", ["On-Trust", "on_trust", "on--trust"])
def test_the_file_name_must_be_a_slug(tmp_path, slug):
    content_dir = write_handout(tmp_path, handout(), slug=slug)

    assert problems(content_dir) == [
        f"content/handouts/{slug}.md: the file name is the slug: "
        "use lowercase letters, digits and hyphens"
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    content_dir = write_handout(tmp_path, b"---\ntitle: caf\xe9\n---\n")

    assert problems(content_dir) == [f"{FILE}: not UTF-8 text (byte 14)"]


def test_several_problems_are_reported_together(tmp_path):
    text = handout(front_matter(audience="everyone", version=0), body="<p>Hello</p>\n")

    found = problems(write_handout(tmp_path, text))

    assert [problem.split(": ", 1)[1] for problem in found] == [
        "front matter: version must be a positive integer, not 0",
        "front matter: unknown audience 'everyone': use one of client, supporter, both",
        "body: 3 words; write at least 200",
        "body: raw HTML '<p>' is not allowed; write Markdown",
        "body: add at least one '##' heading",
    ]
    assert all(problem.startswith(f"{FILE}:") for problem in found)


def test_a_broken_handout_is_not_also_an_unknown_reference(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["handouts"] = ["on-trust"]
    content_dir = write_content(tmp_path, taxonomy, handouts={"on-trust": "no front matter\n"})

    [problem] = problems(content_dir)

    assert problem.startswith(f"{FILE}:1: front matter: missing")


def test_content_check_counts_handouts(tmp_path):
    taxonomy = valid_taxonomy()
    taxonomy["signs"][0]["handouts"] = ["on-trust"]
    content_dir = write_content(tmp_path, taxonomy, handouts=("on-trust", "spare"))

    result = cli_app(content_dir).test_cli_runner().invoke(args=["content", "check"])

    assert result.exit_code == 0, result.output
    assert result.output.endswith("; 0 exercises, 2 handouts, 0 measures\n")
