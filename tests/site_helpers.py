"""Shared pieces of the site tests: building, serving and parsing the built site."""

from __future__ import annotations

import functools
import http.server
import os
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
