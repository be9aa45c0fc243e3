"""Korean search: particles and endings are stripped the same way in Python and JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import korean_search  # noqa: E402

WORDS = {
    # query forms that must meet the bare word
    "합성곱": "합성곱",
    "합성곱을": "합성곱",
    "합성곱은": "합성곱",
    "합성곱의": "합성곱",
    "합성곱에서는": "합성곱",
    "신경망": "신경망",
    "신경망에서": "신경망",
    "신경망으로": "신경망",
    # two-syllable words survive
    "풀링": "풀링",
    "풀링을": "풀링",
    "은닉": "은닉",
    "필터": "필터",
    "학습": "학습",
    "학습한다": "학습",
    "기울기가": "기울기",
    "순차적인": "순차",
    "가중치들을": "가중치",
}


@pytest.mark.parametrize(("word", "stem"), WORDS.items())
def test_python_stemmer(word, stem):
    assert korean_search.stem_korean(word) == stem


def test_latin_words_use_the_english_stemmer():
    assert korean_search.stem_korean("Convolutions") == korean_search.stem_korean("convolution")


def test_single_syllable_is_never_emptied():
    assert korean_search.stem_korean("이") == "이"
    assert korean_search.stem_korean("값을") == "값"


def test_javascript_stemmer_matches_python():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    words = [*WORDS, "Convolutions", "running", "LSTM", "값을", "이"]
    script = (
        korean_search.js_stemmer_code()
        + "\nvar s = new Stemmer();\n"
        + f"var words = {json.dumps(words, ensure_ascii=False)};\n"
        + "console.log(JSON.stringify(words.map((w) => s.stemWord(w))));"
    )
    script = "var window = globalThis;\n" + script
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [korean_search.stem_korean(w) for w in words]
