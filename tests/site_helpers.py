"""Shared pieces of the site tests: building, serving and parsing the built site."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from dlguide.plotting import LANGUAGES  # noqa: F401  (the site tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("DLGUIDE_BUILD_DIR", ROOT / "build")).resolve() / "site"


def build_site() -> Path:
    """Build or refresh the site with the same script as ``nox -s docs`` (incremental)."""
    if os.environ.get("DLGUIDE_SKIP_SITE_BUILD") != "1":
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py")], check=True)
    assert (SITE / "en" / "index.html").is_file(), "the site was not built"
    return SITE


def pages(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in (site / lang).rglob("*.html") if "_static" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class Server:
    """The site on 127.0.0.1, on a free port, in a background thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PageParser(HTMLParser):
    """Collects ids, links and the resources a browser would fetch."""

    FETCHED: ClassVar[dict[str, tuple[str, ...]]] = {
        "script": ("src",),
        "img": ("src",),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
    }
    FETCHED_LINK_RELS: ClassVar[set[str]] = {
        "stylesheet",
        "icon",
        "preload",
        "modulepreload",
        "manifest",
        "prefetch",
    }

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.html_lang: str | None = None
        self.images: list[dict[str, str | None]] = []
        self.meta: dict[str, str] = {}  # <meta name=... content=...>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes)
        if tag == "meta" and attributes.get("name"):
            self.meta[attributes["name"]] = attributes.get("content") or ""
        for attr in self.FETCHED.get(tag, ()):
            if attributes.get(attr):
                self.resources.append(attributes[attr])
        if tag == "link" and attributes.get("href"):
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & self.FETCHED_LINK_RELS:
                self.resources.append(attributes["href"])


@functools.cache
def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_files(iterable: Iterator[str] | list[str], page: Path) -> Iterator[Path]:
    """Resolve local resource URLs of ``page`` to files."""
    for url in iterable:
        if url.startswith(("data:", "#", "mailto:")) or "://" in url or url.startswith("//"):
            continue
        target = url.split("#")[0].split("?")[0]
        if target:
            yield (page.parent / target).resolve()


class ArticleText(HTMLParser):
    """The visible prose of a page's article: code, maths, signatures and scripts left out."""

    SKIP_TAGS: ClassVar[set[str]] = {"code", "pre", "kbd", "samp", "math", "script", "style",
                                     "svg", "cite", "button", "dt"}  # fmt: skip
    SKIP_CLASSES: ClassVar[set[str]] = {"math", "pre", "sig", "highlight", "headerlink",
                                        "sphx-glr-script-out", "sphx-glr-signature"}  # fmt: skip
    VOID: ClassVar[set[str]] = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col"}

    def __init__(self) -> None:
        super().__init__()
        self.in_article = 0
        self.stack: list[bool] = []  # per open element: whether it is skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article":
            self.in_article += 1
        skipped = tag in self.SKIP_TAGS or bool(classes & self.SKIP_CLASSES)
        self.stack.append(skipped)
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "dd", "figcaption", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.stack:
            return
        self.stack.pop()
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data: str) -> None:
        if self.in_article and not any(self.stack):
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def latin_runs(text: str, min_words: int = 4) -> list[str]:
    """Runs of ``min_words`` or more Latin words in a row: English prose on a Korean page.

    Words may be joined by spaces and light punctuation; Hangul, a parenthesis, a line break or
    a sentence end closes the run. A gloss, the English term in parentheses right after the
    Korean one (``순환 신경망(recurrent neural network, RNN)``), is the glossary's form, not
    English prose, and is not a run.
    """
    word = r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’\-]*\.?"
    pattern = re.compile(rf"{word}(?:[ ,:;/&\-–]+{word}){{{min_words - 1},}}")
    runs = []
    for line in text.splitlines():
        for match in pattern.finditer(line):
            before = line[: match.start()].rstrip()
            if before.endswith("(") and re.search(r"[\uac00-\ud7a3]$", before[:-1].rstrip()):
                continue
            runs.append(match.group().strip())
    return runs
