"""Lighthouse audit of the built site, served with gzip as static hosts serve it.

    python tools/audit.py [--all] [--pages en/index.html ...] [--runs N] [--no-build] [--site DIR]

1. Builds the site (tools/build_site.py, both languages) into build/audit/site/ with
   ``DLGUIDE_BASE_URL`` set to the address it is then served from, as a host would build it:
   canonical links and ``hreflang`` alternates are absolute, as search engines want them. The
   gallery does not run again (the source copies and their results are shared with
   ``nox -s docs``), so this takes a few minutes.
2. Serves that folder on 127.0.0.1 with gzip for text files (HTML, CSS, JavaScript, SVG, JSON).
3. Runs Lighthouse 12 (npm ``lighthouse@12.2.3``, installed into build/audit/ on first use;
   it drives Debian's Chromium, ``CHROME_PATH``) with its default mobile settings on each page:
   the landing page, every chapter, two animation pages and the glossary, in both languages
   (``--all``: every page), and prints performance, accessibility, best practices and SEO with
   the largest contentful paint. Each page is audited ``--runs`` times (default 3) and the run
   with the median performance score is kept, as Lighthouse's own guidance on variability
   advises: on a 2-core machine one run's score moves by up to 10 points. The reports are kept in
   build/audit/reports/.

Chromium lays out Korean text with the fonts the machine has. A Korean reader's system always
has a Hangul font; a bare container does not, and then every Hangul character goes through the
browser's font fallback, so the Korean pages are only audited when ``fc-list :lang=ko`` finds
one (Debian: ``apt-get install fonts-nanum``).

``--site DIR`` audits an already built site folder as it is (for example build/site/, or a
copy changed by hand to measure one idea before building it in).

Goal (issue #18): accessibility, best practices and SEO at 100, performance at 90 or more, on
every page of both languages. Exits 1 when a page misses it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "build" / "audit"
SITE = AUDIT / "site"
LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run")  # fmt: skip
SAMPLE = [
    "index.html",
    "chapters/ai-ml-dl.html",
    "chapters/neural-networks.html",
    "chapters/cnn.html",
    "chapters/rnn.html",
    "chapters/gan.html",
    "chapters/tools.html",
    "auto_examples/gan/plot_01_ring_training.html",
    "auto_examples/rnn/plot_03_adding_problem.html",
    "glossary.html",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
GZIP_TYPES = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text sent gzip-compressed when the client accepts it (as hosts do)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in GZIP_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def hangul_font() -> bool:
    """Whether fontconfig knows a font with Korean coverage."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(port: int) -> None:
    env = {**os.environ, "DLGUIDE_BASE_URL": f"http://127.0.0.1:{port}/"}
    cmd = [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(SITE)]
    subprocess.run(cmd, check=True, env=env)
    (SITE / "port").write_text(str(port), encoding="utf-8")


def lighthouse_bin() -> Path:
    binary = AUDIT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed for Lighthouse (apt-get install npm)")
        AUDIT.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(AUDIT), "-E", LIGHTHOUSE,
                        "--no-audit", "--no-fund"], check=True)  # fmt: skip
    return binary


def audit(url: str, report: Path, runs: int = 1) -> dict[str, float]:
    """Lighthouse ``runs`` times on ``url``; the run with the median performance score."""
    results = []
    for run in range(runs):
        path = report.with_suffix(f".{run}.json")
        results.append((_audit_once(url, path), path))
    results.sort(key=lambda item: item[0]["performance"])
    scores, path = results[len(results) // 2]
    path.replace(report)
    for _, other in results:
        other.unlink(missing_ok=True)
    scores["runs"] = sorted(r["performance"] for r, _ in results)
    return scores


def _audit_once(url: str, report: Path) -> dict[str, float]:
    cmd = [
        str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        "--disable-full-page-screenshot",  # no score uses it; it lays out the whole page
    ]  # fmt: skip
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    scores["lcp"] = data["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    scores["failed"] = [
        ref["id"]
        for c in CATEGORIES[1:]
        for ref in data["categories"][c]["auditRefs"]
        if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 1
    ]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every page, not the sample")
    parser.add_argument("--pages", nargs="*", help="pages under the language folder")
    parser.add_argument("--lang", action="append", choices=["en", "ko"])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-build", action="store_true", help="audit build/audit/site as is")
    parser.add_argument("--site", type=Path, help="audit this built site folder as is")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    if "ko" in (args.lang or ["en", "ko"]) and not hangul_font():
        raise SystemExit(
            "no Hangul font on this machine (fc-list :lang=ko is empty): Chromium would lay out"
            " the Korean pages through font fallback, which no Korean reader's system does."
            " Install one (Debian: apt-get install fonts-nanum) or audit --lang en only."
        )
    global SITE
    if args.site:
        SITE = args.site.resolve()
        args.no_build = True
    port_file = SITE / "port"
    if args.site:
        port = free_port()
    elif args.no_build and port_file.is_file():
        port = int(port_file.read_text())
    else:
        port = free_port()
        build(port)
    handler = functools.partial(GzipHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    reports = AUDIT / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    rows = []
    for lang in args.lang or ["en", "ko"]:
        if args.all:
            names = sorted(
                p.relative_to(SITE / lang).as_posix()
                for p in (SITE / lang).rglob("*.html")
                if "_static" not in p.parts
            )
        else:
            names = args.pages or SAMPLE
        for name in names:
            report = reports / f"{lang}-{name.replace('/', '_')}.json"
            scores = audit(f"http://127.0.0.1:{port}/{lang}/{name}", report, args.runs)
            rows.append((f"{lang}/{name}", scores))
            cells = " ".join(f"{scores[c]:>4}" for c in CATEGORIES)
            failed = " ".join(scores["failed"])
            runs = "/".join(map(str, scores["runs"]))
            print(f"{lang}/{name:<46} {cells}  LCP {scores['lcp']:.1f} s  runs {runs}  {failed}",
                  flush=True)  # fmt: skip
    server.shutdown()
    header = f"{'page':<50} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'LCP s':>6}"
    print(f"\n{header}  perf of each run")
    missed = 0
    for page, s in rows:
        miss = any(s[c] < goal for c, goal in GOALS.items())
        missed += miss
        flag = "  MISSED" if miss else ""
        print(f"{page:<50} {s['performance']:>5} {s['accessibility']:>5} "
              f"{s['best-practices']:>5} {s['seo']:>5} {s['lcp']:>6.1f}  "
              f"{'/'.join(map(str, s['runs'])):<12}{flag}")  # fmt: skip
    print(f"\n{len(rows) - missed} of {len(rows)} pages meet the goal "
          f"(performance >= 90, accessibility, best practices and SEO 100)")  # fmt: skip
    (AUDIT / "lighthouse.json").write_text(json.dumps(dict(rows), indent=1), encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
