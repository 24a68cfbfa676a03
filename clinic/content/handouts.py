"""`content/handouts/<slug>.md`: psychoeducation in Markdown under a block of YAML front matter.

    ---
    version: 1
    title: Where trust issues begin
    audience: client
    summary: One sentence for the therapist's list.
    ---
    ## A heading
    …

The file name is the slug. The body is rendered to HTML once, at load time, so it must hold
only Markdown: raw HTML, links and images are refused (a handout is printed and handed over).
Problems name the file and, where it is known, the line.
"""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import markdown
from markupsafe import Markup

from clinic.content.checks import (
    LineDict,
    Report,
    missing_keys,
    not_a_mapping,
    parse_yaml,
    read_text,
    slug_problem,
    text_problem,
    unknown_keys,
    version_problem,
)
from clinic.content.models import AUDIENCES, Handout

FRONT_MATTER_KEYS = ("version", "title", "audience", "summary")
FENCE = "---"
MAX_TITLE = 80
MAX_SUMMARY = 200
MIN_WORDS = 200
MARKDOWN_EXTENSIONS = ("extra", "sane_lists")

CODE_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# An HTML tag, end tag, comment or declaration that Markdown would pass through untouched.
HTML_TAG = re.compile(r"(?<!\\)<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|[!?])")
EXTERNAL_LINK = re.compile(r"https?://[^\s<>()\[\]]*", re.IGNORECASE)
HEADING = re.compile(r"^\s{0,3}(#+)")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The only attributes Markdown itself writes; anything else came from a `{: …}` attribute list.
ATTRIBUTES = ("id", "class", "title", "href", "style")
TABLE_ALIGN = re.compile(r"text-align: (left|right|center);")


def count_words(markdown_text: str) -> int:
    return len(WORD.findall(markdown_text))


def render_markdown(text: str) -> Markup:
    """HTML for handout Markdown; raw HTML in `text` comes out escaped, never as markup."""
    renderer = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    return Markup(renderer.convert(text))  # noqa: S704 (raw HTML is escaped above)


def load_handout(path: Path, report: Report) -> Handout | None:
    """The handout in `path`, or None after adding its problems to `report`."""
    text = read_text(path, report)
    if text is None:
        return None
    source = _split(text.splitlines(), report)
    if source is None:
        return None
    data = parse_yaml("\n".join(source.front_matter), report, "front matter: ")
    if report.problems:
        return None
    problem = slug_problem(path.stem)
    if problem:
        report.add(problem)
    _FrontMatterChecker(report).check(data)
    body = "\n".join(source.body).strip()
    html = _BodyChecker(report, source).check(body)
    if report.problems or html is None:
        return None
    return Handout(
        slug=path.stem,
        version=data["version"],
        title=data["title"],
        audience=data["audience"],
        summary=data["summary"],
        body_markdown=body,
        body_html=html,
    )


class _Source(NamedTuple):
    """A handout file cut in two: the front matter lines start with the opening fence, so
    YAML's line numbers are the file's; `body` starts at its first non-blank line, which is
    line `body_start` (or, when the body is blank, the closing fence's line)."""

    front_matter: list[str]
    body: list[str]
    body_start: int


def _split(lines: list[str], report: Report) -> _Source | None:
    if not lines or lines[0].rstrip() != FENCE:
        keys = ", ".join(FRONT_MATTER_KEYS)
        report.add(f"front matter: missing; start the file with '{FENCE}', {keys}, '{FENCE}'", 1)
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            body = lines[index + 1 :]
            first = next((n for n, text in enumerate(body) if text.strip()), None)
            if first is None:
                return _Source(lines[:index], [], index + 1)
            return _Source(lines[:index], body[first:], index + 2 + first)
    report.add(f"front matter: no closing '{FENCE}' line", 1)
    return None


class _FrontMatterChecker:
    def __init__(self, report: Report):
        self.report = report

    def add(self, message: str, line: int) -> None:
        self.report.add(f"front matter: {message}", line)

    def check(self, data: Any) -> None:
        if not isinstance(data, LineDict):
            self.add(not_a_mapping(data, FRONT_MATTER_KEYS, empty="nothing"), 1)
            return
        for message in missing_keys(data, FRONT_MATTER_KEYS, "field"):
            self.add(message, data.line)
        for key in unknown_keys(data, FRONT_MATTER_KEYS):
            hint = " (the file name is the slug)" if key == "slug" else ""
            self.add(f"unknown field {key!r}{hint}", data.line_of(key))
        problems = {
            "version": version_problem(data["version"]) if "version" in data else None,
            "title": self._plain_text(data, "title", MAX_TITLE),
            "audience": self._audience(data["audience"]) if "audience" in data else None,
            "summary": self._plain_text(data, "summary", MAX_SUMMARY),
        }
        for key, problem in problems.items():
            if problem:
                self.add(problem, data.line_of(key))

    @staticmethod
    def _plain_text(data: LineDict, key: str, limit: int) -> str | None:
        if key not in data:
            return None
        value = data[key]
        problem = text_problem(key, value, limit)
        if problem is None and "\n" in value.strip():
            problem = f"{key} must be one line"
        if problem is None and HTML_TAG.search(value):
            problem = f"{key} must be plain text, not HTML"
        return problem

    @staticmethod
    def _audience(value: Any) -> str | None:
        if isinstance(value, str) and value in AUDIENCES:
            return None
        return f"unknown audience {value!r}: use one of {', '.join(AUDIENCES)}"


class _BodyChecker:
    """Records the problems of a handout's Markdown body; `check` returns its HTML."""

    def __init__(self, report: Report, source: _Source):
        self.report = report
        self.lines = list(enumerate(source.body, start=source.body_start))
        self.start = source.body_start

    def add(self, message: str, line: int | None = None) -> None:
        self.report.add(f"body: {message}", line)

    def check(self, body: str) -> Markup | None:
        if not body:
            self.add(f"empty; write at least {MIN_WORDS} words under '##' headings", self.start)
            return None
        words = count_words(body)
        if words < MIN_WORDS:
            self.add(f"{words} words; write at least {MIN_WORDS}", self.start)
        external = self._external_links()
        self._prose()
        html = render_markdown(body)
        for message in _rendered_problems(html, external_reported=external):
            self.add(message)
        return html

    def _external_links(self) -> bool:
        """Report every http(s) address, in code or not; whether there was one."""
        found = False
        for number, line in self.lines:
            for link in EXTERNAL_LINK.findall(line):
                self.add(f"external link '{link}': handouts do not link to other sites", number)
                found = True
        return found

    def _prose(self) -> None:
        """Raw HTML and headings, outside code."""
        has_heading = False
        for number, prose in _outside_code(self.lines):
            tag = HTML_TAG.search(prose)
            if tag:
                snippet = prose[tag.start() :].split(">", 1)[0][:30] + ">"
                self.add(f"raw HTML '{snippet}' is not allowed; write Markdown", number)
            heading = HEADING.match(prose)
            level = len(heading.group(1)) if heading else 0
            if level == 1:
                self.add("use '##' headings; the title comes from the front matter", number)
            has_heading = has_heading or level == 2
        if not has_heading:
            self.add("add at least one '##' heading", self.start)


def _outside_code(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Each numbered line outside fenced code blocks, with its code spans removed."""
    fence = ""
    for number, line in lines:
        opening = CODE_FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, CODE_SPAN.sub("", line)


def _rendered_problems(html: str, *, external_reported: bool) -> list[str]:
    """What the rendered HTML shows that the line checks cannot: links, images, attributes."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    problems = []
    if inspector.images:
        problems.append("images are not allowed; a handout is text only")
    for tag, name, value in inspector.attributes:
        if name == "href" and not value.startswith("#"):
            if not (external_reported and EXTERNAL_LINK.match(value)):
                problems.append(f"link to {value!r} is not allowed; write the name out instead")
        elif name not in ATTRIBUTES or (name == "style" and not TABLE_ALIGN.fullmatch(value)):
            problems.append(f"attribute {name!r} on <{tag}> is not allowed")
    return list(dict.fromkeys(problems))


class _Inspector(HTMLParser):
    """Counts images and collects (tag, attribute, value) for the attributes of other tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images = 0
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images += 1
        else:
            self.attributes.extend((tag, name, value or "") for name, value in attrs)
