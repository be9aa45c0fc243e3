"""Search quality: precision and recall of the site's search box, per language.

The queries are benchmarks/data/search_queries.toml (at least 60 Korean, 30 English): what a
reader types (``q``) and the words a page must contain to be relevant (``words``). Relevance is
literal: a page is relevant when every word occurs in its article text at the start of a word
(Korean particles and endings follow a word, compounds extend it), a name also through its
other spelling in docs/_data/transliterations.toml.

The search runs in the real browser (Debian's Chromium through Playwright) on the built site:
each language's search page loads its index, and every query goes through Sphinx's own
``Search._parseQuery`` and ``Search._performSearch`` (with the Korean rules of
docs/_ext/korean_search.py on the Korean site). A result counts once per page, whatever anchors
it has. Precision and recall are micro-averaged over the queries of a language (sums of true
positives, returned and relevant pages); the table also gives the queries with a miss.

    python benchmarks/bench_search.py [--site build/site]

Goal (issue #19): Korean precision and recall both >= 0.97; English not below its
measurement before the Korean work (0.94 precision, 0.95 recall on the filer's queries).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_helpers import SITE, Server  # noqa: E402

QUERIES = ROOT / "benchmarks" / "data" / "search_queries.toml"
NAMES = ROOT / "docs" / "_data" / "transliterations.toml"
CHROMIUM = os.environ.get("DLGUIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# In the page: every document the index knows, with its article text (scripts and styles out).
_ARTICLES_JS = """
async () => {
  const names = Search._index.docnames;
  const out = {};
  for (const name of names) {
    const html = await (await fetch(name + ".html")).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const article = doc.querySelector("article.bd-article") || doc.querySelector("main");
    article.querySelectorAll("script, style").forEach((el) => el.remove());
    out[name] = article ? article.textContent : "";
  }
  return out;
}
"""
_SEARCH_JS = """
(queries) => queries.map((q) => {
  const parsed = Search._parseQuery(q);
  const results = Search._performSearch(...parsed);
  return [...new Set(results.map((r) => r[0]))];
})
"""


def load_queries(path: Path = QUERIES) -> dict[str, list[dict[str, object]]]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_names(path: Path = NAMES) -> list[tuple[str, str]]:
    with path.open("rb") as fh:
        return [(str(r["en"]).lower(), str(r["ko"])) for r in tomllib.load(fh)["name"]]


def spellings(word: str, names: list[tuple[str, str]]) -> list[str]:
    """The word and its other spelling (Jupyter <-> 주피터), lower case."""
    forms = [word.lower()]
    for en, ko in names:
        if word.lower() in (en, ko):
            forms += [en, ko]
    return list(dict.fromkeys(forms))


def occurs(word: str, text: str) -> bool:
    """Literal occurrence at the start of a word (case-insensitive).

    Korean particles and endings follow the word and compounds extend it (``판별자는`` holds
    ``판별``), so a Hangul word counts at the start of a run of Hangul; inside one it is another
    word's syllables (``되풀이해서`` does not hold ``이해``). A Latin word counts at the start of a
    word (``convolutional`` holds ``convolution``).
    """
    before = r"(?<![\uac00-\ud7a3])" if HANGUL.search(word) else r"(?<![0-9a-z_])"
    return re.search(before + re.escape(word), text) is not None


def relevant(words: list[str], text: str, names: list[tuple[str, str]]) -> bool:
    text = text.lower()
    return all(any(occurs(form, text) for form in spellings(w, names)) for w in words)


def measure(site: Path) -> dict[str, dict[str, object]]:
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    names = load_names()
    out: dict[str, dict[str, object]] = {}
    with Server(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang, rows in queries.items():
            page = browser.new_page()
            page.goto(f"{server.url}/{lang}/search.html", wait_until="load")
            page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
            articles = page.evaluate(_ARTICLES_JS)
            found = page.evaluate(_SEARCH_JS, [str(r["q"]) for r in rows])
            page.close()
            tp = returned = wanted = 0
            misses = []
            for row, hits in zip(rows, found, strict=True):
                words = [str(w) for w in row["words"]]
                rel = {d for d, text in articles.items() if relevant(words, text, names)}
                got = set(hits)
                tp += len(got & rel)
                returned += len(got)
                wanted += len(rel)
                if not rel:
                    print(f"  note: {lang} {row['q']!r} is on no page")
                if got != rel:
                    misses.append(
                        {
                            "q": row["q"],
                            "relevant": len(rel),
                            "returned": len(got),
                            "false": sorted(got - rel),
                            "missed": sorted(rel - got),
                        }
                    )
            out[lang] = {
                "queries": len(rows),
                "precision": tp / returned if returned else 1.0,
                "recall": tp / wanted if wanted else 1.0,
                "returned": returned,
                "relevant": wanted,
                "misses": misses,
            }
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if not (args.site / "ko" / "search.html").is_file():
        print(f"no built site in {args.site}: run `nox -s docs` first")
        return 2
    result = measure(args.site)
    print(f"{'language':<10}{'queries':>8}{'returned':>10}{'relevant':>10}"
          f"{'precision':>11}{'recall':>8}")  # fmt: skip
    for lang, r in result.items():
        print(f"{lang:<10}{r['queries']:>8}{r['returned']:>10}{r['relevant']:>10}"
              f"{r['precision']:>11.3f}{r['recall']:>8.3f}")  # fmt: skip
    for lang, r in result.items():
        for miss in r["misses"]:
            print(f"  {lang} {miss['q']!r}: {miss['returned']} returned, {miss['relevant']} "
                  f"relevant; false {miss['false'][:4]} missed {miss['missed'][:4]}")  # fmt: skip
    if not args.no_save:
        from _record import save

        labels = {"en": {"en": "English", "ko": "영어"}, "ko": {"en": "Korean", "ko": "한국어"}}
        rows = [
            [labels[lang], str(r["queries"]), f"{r['precision']:.3f}", f"{r['recall']:.3f}"]
            for lang, r in result.items()
        ]
        save(
            "search",
            {
                "quality": {
                    "columns": [
                        {"en": "language", "ko": "언어"},
                        {"en": "queries", "ko": "검색어 수"},
                        {"en": "precision", "ko": "정밀도"},
                        {"en": "recall", "ko": "재현율"},
                    ],
                    "rows": rows,
                }
            },
        )
        details = ROOT / "build" / "bench-search.json"
        details.parent.mkdir(parents=True, exist_ok=True)
        details.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"per-query details in {details}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
