"""Korean search: index terms from Kiwi, and the same query rules in Python and JavaScript."""

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

pytest.importorskip("kiwipiepy")

# Sentences and terms the index must have (and must not have).
INDEXED = [
    ("합성곱을 쓰는 신경망에서 필터는", {"합성곱", "신경망", "필터"}, {"합성곱을", "신경망에서"}),
    # nouns ending in a syllable that is also a particle or ending stay whole
    ("개념을 이해하는 것이 중요하다", {"이해", "중요", "개념"}, {"이", "중"}),
    ("정의에 따르면", {"정의"}, {"정"}),
    # compounds as written, and their parts
    ("판별자는 진짜를 판별한다", {"판별자", "판별", "진짜"}, set()),
    ("활성화 함수의 기울기가", {"활성화", "활성", "함수", "기울기"}, {"함수의"}),
    ("학습률을 낮췄다", {"학습률", "학습"}, set()),
    # a word without a space between nouns keeps its written form too
    ("활성화함수를 고른다", {"활성화함수", "함수"}, set()),
]


@pytest.mark.parametrize(("text", "present", "absent"), INDEXED)
def test_index_terms_are_real_stems(text, present, absent):
    terms = set(korean_search.korean_terms(text))
    assert present <= terms, f"{text!r}: missing {present - terms} in {terms}"
    assert not (absent & terms), f"{text!r}: has {absent & terms}"


def test_every_index_term_is_written_in_the_text():
    text = "생성적 적대 신경망(generative adversarial network, GAN)은 판정 분류기가 숫자를 읽는다"
    for term in korean_search.korean_terms(text):
        assert term in text


def test_latin_words_are_indexed_through_the_english_stemmer():
    lang = korean_search.SearchKorean({})
    words = lang.split("LSTM의 Convolutions 층")
    assert "LSTM" in words and "Convolutions" in words and "층" in words
    assert lang.stem("Convolutions") == lang.stem("convolution") == "convolut"
    assert lang.stem("판별자") == "판별자"


KNOWN = {"이", "정", "중", "값", "이해", "합성곱", "신경망", "정의", "중요", "판별", "판별자"}
KNOWN |= {"lstm", "활성화", "함수"}
QUERIES = {
    "이해": "이해",  # a term: never stripped
    "정의": "정의",
    "중요": "중요",
    "중요한": "중요",
    "합성곱을": "합성곱",
    "합성곱에서는": "합성곱",
    "신경망으로": "신경망",
    "판별자는": "판별자",
    "LSTM의": "lstm",
    "활성화": "활성화",
    "없는말이": "없는말이",  # nothing known: as typed
    "값을": "값을",  # a one-syllable remainder needs a particle of two syllables
    "값에서": "값",
    "Convolutions": "convolut",
}


@pytest.mark.parametrize(("word", "stem"), QUERIES.items())
def test_query_words_are_stripped_only_to_index_terms(word, stem):
    assert korean_search.stem_query(word, KNOWN) == stem


def test_hangul_forms_match_the_terms_that_contain_them():
    terms = ["판별", "판별자", "분류기", "재판별", "이해", "lstm"]
    assert korean_search.match_terms("판별", terms) == ["판별", "판별자"]
    assert korean_search.match_terms("lstm", terms) == ["lstm"]
    assert korean_search.match_terms("분", terms) == ["분류기"]


def test_query_words_are_never_cut_to_a_syllable_by_a_one_syllable_particle():
    assert korean_search.remainders("이해") == ["이해"]
    assert korean_search.remainders("정의") == ["정의"]
    assert "층" in korean_search.remainders("층에서")


def test_transliterations_go_both_ways():
    names = korean_search.TRANSLITERATIONS
    assert names["주피터"] == "Jupyter" and names["케라스"] == "Keras"
    assert len(set(names.values())) == len(names)
    assert "jupyt" in korean_search.query_alternatives("주피터", set())
    assert "주피터" in korean_search.query_alternatives("Jupyter", set())


def test_javascript_side_matches_python():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    words = [*QUERIES, "주피터", "파이토치의", "사이킷런을", "Keras", "판별", "이"]
    terms = sorted(KNOWN | {"kera", "jupyt", "scikit", "재판별"})
    index = {"terms": {t: [0] for t in terms}, "titleterms": {}}
    script = (
        "var window = globalThis;\n"
        f"var Search = {{_index: {json.dumps(index, ensure_ascii=False)}}};\n"
        + korean_search.js_stemmer_code()
        + "\nvar s = new Stemmer();\n"
        + f"var words = {json.dumps(words, ensure_ascii=False)};\n"
        + f"var terms = {json.dumps(terms, ensure_ascii=False)};\n"
        + "console.log(JSON.stringify(words.map((w) => [s.stemWord(w), s.alternatives(w),"
        + " dlguideMatchTerms(s.stemWord(w), terms)])));"
    )
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    known = set(terms)
    expected = [
        [
            korean_search.stem_query(w, known),
            korean_search.query_alternatives(w, known),
            korean_search.match_terms(korean_search.stem_query(w, known), terms),
        ]
        for w in words
    ]
    assert json.loads(out.stdout) == expected
