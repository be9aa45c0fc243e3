"""``{bench-table} <benchmark> <table>``: a table measured by ``nox -s bench``.

The benchmarks (``benchmarks/bench_*.py``) save their tables to
``docs/_data/benchmarks/<benchmark>.json`` with where and when they were measured; this
directive renders one table in the build language, captioned with that provenance. Numbers
stay out of the gettext catalogs (a re-run of a benchmark must not turn translations fuzzy),
so the column labels are translated here and word cells carry both languages.
"""

from __future__ import annotations

import json
from pathlib import Path

from data_table import data_table
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from dlguide.plotting import language_code

DATA = Path(__file__).resolve().parent.parent / "_data" / "benchmarks"

# column key -> (English, Korean) header
COLUMNS: dict[str, tuple[str, str]] = {
    "model": ("model", "모델"),
    "split": ("split", "분할"),
    "parameters": ("parameters", "매개변수 수"),
    "accuracy": ("test accuracy", "테스트 정확도"),
    "train_seconds": ("training (s)", "학습 시간(초)"),
    "input": ("input (N, C, H, W)", "입력 (N, C, H, W)"),
    "out_channels": ("output channels", "출력 채널"),
    "kernel": ("kernel", "커널"),
    "torch_us": ("F.conv2d (µs)", "F.conv2d (µs)"),
    "conv2d_ratio": ("conv2d / F.conv2d", "conv2d / F.conv2d"),
    "loop_ratio": ("conv2d_loop / F.conv2d", "conv2d_loop / F.conv2d"),
    "T": ("T", "T"),
    "steps": ("steps", "학습 단계"),
    "final_mse": ("held-out MSE", "검증 MSE"),
    "mse_ratio": ("MSE / baseline", "MSE / 기준선"),
    "seed": ("seed", "시드"),
    "lstm_init": ("LSTM initialisation", "LSTM 초기화"),
    "first_below": ("first step with MSE < 0.01", "MSE < 0.01 첫 단계"),
    "perplexity": ("perplexity", "퍼플렉서티"),
    "uniform": ("uniform guess", "균등 추측"),
    "ms_per_step": ("ms per step", "단계당 ms"),
    "run": ("run", "실행"),
    "modes": ("modes captured", "포착한 모드 수"),
    "high_quality": ("% high quality", "고품질 표본(%)"),
    "kl": ("KL", "KL"),
    "classes": ("classes covered", "포착한 클래스"),
    "score_fake": ("score, generated", "점수(생성)"),
    "score_real": ("score, real test", "점수(실제 테스트)"),
    "score_ratio": ("ratio", "비율"),
    "modes_fewest": ("fewest modes (one seed)", "최소 모드 수(시드 하나)"),
    "train_seconds_max": ("slowest run (s)", "가장 긴 실행(초)"),
    "frechet": ("Fréchet distance", "프레셰 거리"),
    "between": ("% between digits", "숫자 사이 표본(%)"),
    "requested": ("% requested digit", "요청한 숫자(%)"),
    "auc": ("AUC, test digits vs samples", "AUC(테스트 숫자 대 표본)"),
    "corr_confidence": ("correlation with the judge's confidence", "판정 분류기 확신도와의 상관"),
}

CAPTION = {
    "en": "Measured by nox -s bench on {date}: {cpu}, {threads} threads, torch {torch}, "
    "commit {commit}.",
    "ko": "{date}에 nox -s bench로 측정: {cpu}, 스레드 {threads}개, torch {torch}, 커밋 {commit}.",
}


def load(benchmark: str, table: str) -> dict:
    """The saved table, or a ValueError naming what is missing."""
    path = DATA / f"{benchmark}.json"
    if not path.is_file():
        raise ValueError(f"no benchmark results at {path}: run `nox -s bench -- {benchmark}`")
    tables = json.loads(path.read_text(encoding="utf-8"))["tables"]
    if table not in tables:
        raise ValueError(f"{path.name} has tables {sorted(tables)}, not {table!r}")
    spec = tables[table]
    unknown = [key for key in spec["columns"] if key not in COLUMNS]
    if unknown:
        raise ValueError(f"{path.name}/{table}: no header for columns {unknown}")
    return spec


def cell_text(cell: str | dict[str, str], lang: str) -> str:
    return cell[lang] if isinstance(cell, dict) else str(cell)


class BenchTable(SphinxDirective):
    required_arguments = 2
    has_content = False

    def run(self) -> list[nodes.Node]:
        benchmark, name = self.arguments
        self.env.note_dependency(str(DATA / f"{benchmark}.json"))
        try:
            spec = load(benchmark, name)
        except ValueError as error:
            raise self.error(str(error)) from None
        lang = language_code(self.config.language)
        index = 1 if lang == "ko" else 0
        headers = [COLUMNS[key][index] for key in spec["columns"]]
        rows = [[cell_text(cell, lang) for cell in row] for row in spec["rows"]]
        caption = CAPTION[lang].format(**spec["measured"])
        return [data_table(headers, rows, caption, "dlguide-bench-table")]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("bench-table", BenchTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
