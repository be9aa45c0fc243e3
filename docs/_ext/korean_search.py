"""A Sphinx search language for Korean.

Sphinx has no Korean search language and falls back to English, whose index keeps each
space-separated Korean word whole: ``합성곱을`` and ``합성곱`` are different words, so a reader
searching for ``합성곱`` misses every sentence where a particle follows it. Korean attaches
particles (조사: 은/는, 이/가, 을/를, 의, 에서 ...) and endings (어미: -이다, -하는 ...) to the
word, so this stemmer strips them, repeatedly and longest first, while at least one syllable
remains. Latin words (code, English terms on Korean pages) go through Sphinx's English
Snowball stemmer, as on the English site.

The same rules run in Python (building the index) and in JavaScript (stemming the query):
both are generated from :data:`SUFFIXES`, and tests/test_korean_search.py runs both on the
same words with node.
"""

from __future__ import annotations

import json
import re

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage

#: Particles and endings stripped from the end of a Hangul word (one syllable must remain).
SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            # case and topic particles
            "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "한테",
            "로", "으로", "로서", "으로서", "로써", "으로써", "와", "과", "랑", "이랑",
            "도", "만", "까지", "부터", "보다", "처럼", "마다", "조차", "밖에", "뿐",
            "나", "이나", "든지", "이든지", "란", "이란", "라는", "이라는", "라고", "이라고",
            "며", "이며", "고", "이고", "요", "이요", "들",
            # copula and light-verb endings that follow nouns
            "이다", "입니다", "이었다", "였다", "이죠", "인", "일", "임",
            "하다", "한다", "하는", "하고", "하여", "해서", "했다", "합니다", "하면", "하며",
            "할", "한", "함", "해", "하기", "하지",
            "되다", "된다", "되는", "되고", "되어", "돼", "되며", "됩니다", "되면", "될", "된",
            "시키는", "시킨다", "시켜",
            # -적 adjectival nouns: 순차적, 순차적인, 순차적으로
            "적", "적인", "적으로",
        },
        key=lambda s: (-len(s), s),
    )
)  # fmt: skip

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_english = snowballstemmer.stemmer("english")


def stem_korean(word: str) -> str:
    """Stem one word: strip Korean particles/endings, or Snowball-stem a Latin word.

    >>> [stem_korean(w) for w in ["합성곱을", "신경망에서", "풀링", "순차적인", "Convolutions"]]
    ['합성곱', '신경망', '풀링', '순차', 'convolut']
    """
    word = word.lower()
    if not _HANGUL.search(word):
        return _english.stemWord(word)
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if len(word) > len(suffix) and word.endswith(suffix):
                word = word[: -len(suffix)]
                changed = True
                break
    return word


_JS_KOREAN = """
var KoreanStemmer = function () {
  var english = new EnglishStemmer();
  var suffixes = %(suffixes)s;
  var hangul = /[\\uac00-\\ud7a3]/;
  this.stemWord = function (w) {
    w = w.toLowerCase();
    if (!hangul.test(w)) return english.stemWord(w);
    var changed = true;
    while (changed) {
      changed = false;
      for (var i = 0; i < suffixes.length; i++) {
        var s = suffixes[i];
        if (w.length > s.length && w.slice(-s.length) === s) {
          w = w.slice(0, -s.length);
          changed = true;
          break;
        }
      }
    }
    return w;
  };
};
window.Stemmer = KoreanStemmer;
"""


def js_stemmer_code() -> str:
    """The JavaScript side: Sphinx's Snowball English stemmer plus the Korean rules."""
    return "\n".join(
        (
            (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
            (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8"),
            _JS_KOREAN % {"suffixes": json.dumps(list(SUFFIXES), ensure_ascii=False)},
        )
    )


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = js_stemmer_code()
    stopwords = frozenset()

    def stem(self, word: str) -> str:
        return stem_korean(word)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
