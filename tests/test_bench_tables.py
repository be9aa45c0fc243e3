"""The benchmark tables the chapter pages show: saved by ``nox -s bench``, read by the build."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_tables  # noqa: E402

USES = re.compile(r"^```\{bench-table\} (\S+) (\S+)\s*$", re.MULTILINE)
MEASURED = {"date", "cpu", "threads", "torch", "commit"}


def pages_using_tables() -> list[tuple[str, str, str]]:
    uses = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for benchmark, table in USES.findall(page.read_text(encoding="utf-8")):
            uses.append((page.name, benchmark, table))
    return uses


def test_pages_show_benchmark_tables():
    shown = {(benchmark, table) for _, benchmark, table in pages_using_tables()}
    assert {("cnn", "accuracy"), ("cnn", "speed"), ("rnn", "adding")} <= shown
    assert {("gan", "ring"), ("gan", "grid"), ("gan", "digits"), ("gan", "rejection")} <= shown


@pytest.mark.parametrize(("page", "benchmark", "table"), pages_using_tables())
def test_every_table_a_page_shows_was_saved(page, benchmark, table):
    spec = bench_tables.load(benchmark, table)
    assert spec["rows"], f"{page}: {benchmark}/{table} has no rows"
    assert MEASURED <= set(spec["measured"]), spec["measured"]
    for row in spec["rows"]:
        assert len(row) == len(spec["columns"]), row
        for cell in row:
            assert isinstance(cell, str) or set(cell) == {"en", "ko"}, cell
    # the caption formats in both languages
    for caption in bench_tables.CAPTION.values():
        assert spec["measured"]["date"] in caption.format(**spec["measured"])


def test_unknown_table_names_what_exists():
    with pytest.raises(ValueError, match=r"has tables \[.*'accuracy'.*\], not 'nope'"):
        bench_tables.load("cnn", "nope")
    with pytest.raises(ValueError, match=r"no benchmark results at .*nope\.json"):
        bench_tables.load("nope", "accuracy")


def test_word_cells_come_in_both_languages():
    assert bench_tables.cell_text({"en": "vanilla RNN", "ko": "기본 RNN"}, "ko") == "기본 RNN"
    assert bench_tables.cell_text("98.6%", "ko") == "98.6%"


def test_save_checks_row_width_and_keeps_other_tables(tmp_path, monkeypatch):
    import _record

    monkeypatch.setattr(_record, "DATA", tmp_path)
    _record.save("demo", {"a": {"columns": ["model"], "rows": [["x"]]}})
    _record.save("demo", {"b": {"columns": ["model", "T"], "rows": [["y", "5"]]}})
    saved = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))["tables"]
    assert sorted(saved) == ["a", "b"]
    assert MEASURED <= set(saved["b"]["measured"])
    with pytest.raises(ValueError, match="has 1 cells, not 2"):
        _record.save("demo", {"c": {"columns": ["model", "T"], "rows": [["z"]]}})
