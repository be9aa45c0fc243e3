"""A Sphinx search language for Korean: index terms from a morphological analyser.

Sphinx has no Korean search language and falls back to English, whose index keeps each
space-separated Korean word whole: ``합성곱을`` and ``합성곱`` are different words. Korean
attaches particles (조사: 은/는, 이/가, 을/를 ...) and endings (어미) to the word, and a
particle cannot be told from the last syllable of a noun by spelling alone: 정의 (definition)
ends in 의, 중요 (importance) in 요, 이해 (understanding) in 해, and stripping them leaves 정,
중 and 이, which match nearly every page.

**Index (Python, at build time).** Korean text goes through Kiwi (``kiwipiepy``, a Korean
morphological analyser whose model is a PyPI package; it runs offline). Each word (어절) gives
its nouns and roots (NNG, NNP, XR, SH), its noun compounds as written (활성+화 -> 활성화,
판별+자 -> 판별자), and the word as written up to its first particle or ending
(``활성화함수를`` -> ``활성화함수``). Every term is text that occurs on the page, so a match is
always a literal match. Latin words (code, English names on Korean pages) go through Sphinx's
English Snowball stemmer, as on the English site.

**Query (JavaScript, in the browser).** The reader's word is looked up as typed; if it is not a
term of the index, particles and endings (:data:`SUFFIXES`) are stripped, and the longest
remainder that *is* a term wins (``이해`` stays ``이해``; ``합성곱을`` becomes ``합성곱``).
A Korean word then also matches the index terms that start with it (``판별`` finds
``판별자``, exact matches rank first), and each word matches its transliteration
(:data:`TRANSLITERATIONS`: ``주피터`` finds the pages that write ``Jupyter``). Every word
of the query must match. The same rules run in Python (:func:`stem_query`,
:func:`match_terms`) for the tests and the search benchmark, and
tests/test_korean_search.py runs both sides on the same words with node.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Particles and endings stripped from the end of a query word (one syllable must remain).
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

DATA = Path(__file__).resolve().parent.parent / "_data" / "transliterations.toml"


def load_transliterations(path: Path = DATA) -> dict[str, str]:
    """Korean spelling -> Latin name, from ``docs/_data/transliterations.toml``."""
    with path.open("rb") as fh:
        rows = tomllib.load(fh)["name"]
    return {str(r["ko"]): str(r["en"]) for r in rows}


#: How Korean readers type the names the pages write in Latin letters (and the reverse).
TRANSLITERATIONS: dict[str, str] = load_transliterations()

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN_WORD = re.compile(r"[^\W\uac00-\ud7a3\u3130-\u318f\u1100-\u11ff]+")
_english = snowballstemmer.stemmer("english")
# Kiwi tags: common and proper nouns, roots, hanja; noun suffixes and prefixes join compounds.
_CONTENT = frozenset({"NNG", "NNP", "XR", "SH"})
_COMPOUND = _CONTENT | {"XSN", "XPN", "SN", "SL"}


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def _hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def korean_terms(text: str) -> list[str]:
    """The index terms of a Korean text: nouns, compounds and words up to their ending.

    >>> korean_terms("활성화 함수를 이해하는 판별자는")
    ['활성', '활성화', '함수', '이해', '판별', '판별자']
    """
    terms: list[str] = []
    for word in re.finditer(r"\S+", text):
        if not _hangul(word.group()):
            continue
        start = word.start()
        tokens = _kiwi().tokenize(word.group())
        run: list[object] = []
        for tok in [*tokens, None]:
            if tok is not None and tok.tag in _CONTENT:
                terms.extend(t for t in tok.form.split() if _hangul(t))
            if (
                tok is not None
                and tok.tag in _COMPOUND
                and (not run or run[-1].start + run[-1].len == tok.start)
            ):
                run.append(tok)
                continue
            if len(run) > 1:
                compound = word.group()[run[0].start : run[-1].start + run[-1].len]
                if _hangul(compound):
                    terms.append(compound)
            run = [tok] if tok is not None and tok.tag in _COMPOUND else []
        # The word as written up to its first particle or ending.
        ending = next(
            (t.start for t in tokens if t.tag[0] in "JE" or t.tag in ("VCP", "XSV", "XSA")),
            None,
        )
        head = word.group()[:ending] if ending else ""
        if head and _hangul(head) and re.fullmatch(r"[\uac00-\ud7a3]+", head):
            terms.append(head)
        del start
    return list(dict.fromkeys(terms))


def stem_korean(word: str) -> str:
    """Stem one index word: Hangul terms are kept as they are, Latin words Snowball-stemmed.

    >>> [stem_korean(w) for w in ["합성곱", "판별자", "Convolutions", "LSTM"]]
    ['합성곱', '판별자', 'convolut', 'lstm']
    """
    word = word.lower()
    return word if _hangul(word) else _english.stemWord(word)


def remainders(word: str) -> list[str]:
    """The word and what is left after stripping particles and endings, longest first.

    A remainder of one syllable is kept only when a particle of two syllables or more was
    stripped (``층에서`` -> ``층``): after a one-syllable strip, the "particle" is as likely the
    noun's own last syllable (``이해``, ``정의``, ``중요`` are not 이, 정, 중 + particle).

    >>> remainders("합성곱에서는")
    ['합성곱에서는', '합성곱에서', '합성곱']
    >>> remainders("이해")
    ['이해']
    """
    found = {word}
    frontier = [word]
    while frontier:
        current = frontier.pop()
        for suffix in SUFFIXES:
            if len(current) > len(suffix) and current.endswith(suffix):
                rest = current[: -len(suffix)]
                if len(rest) == 1 and len(suffix) == 1:
                    continue
                if rest not in found:
                    found.add(rest)
                    frontier.append(rest)
    return sorted(found, key=len, reverse=True)


def stem_query(word: str, known: set[str] | frozenset[str]) -> str:
    """Stem a query word against the index terms ``known`` (the browser's rule).

    A Hangul word keeps the longest of its :func:`remainders` that is a term (itself first);
    with none, it stays as typed. A Latin word with a particle (``lstm의``) loses the particle;
    Latin words are Snowball-stemmed.

    >>> terms = {"이", "이해", "합성곱", "정의", "lstm"}
    >>> [stem_query(w, terms) for w in ["이해", "합성곱을", "정의에", "LSTM의", "판별", "중요"]]
    ['이해', '합성곱', '정의', 'lstm', '판별', '중요']
    """
    word = word.lower()
    if not _hangul(word):
        return _english.stemWord(word)
    latin = re.fullmatch(r"([^\uac00-\ud7a3]+)([\uac00-\ud7a3]+)", word)
    if latin and latin.group(2) in SUFFIXES:
        return _english.stemWord(latin.group(1))
    return next((r for r in remainders(word) if r in known), word)


def _name_stem(name: str) -> str:
    # A name of several words (scikit-learn) is looked up by its first word, as indexed.
    return _english.stemWord(re.split(r"[^\w]+", name.lower())[0])


def query_alternatives(word: str, known: set[str] | frozenset[str]) -> list[str]:
    """The stemmed word and its transliteration (either direction), each stemmed.

    The Korean spelling is recognised with its particles (``파이토치의``).

    >>> query_alternatives("주피터", {"jupyt"})
    ['주피터', 'jupyt']
    >>> query_alternatives("사이킷런을", set())
    ['사이킷런을', '사이킷런', 'scikit']
    """
    lower = word.lower()
    forms = [stem_query(lower, known)]
    if _hangul(lower):
        for rest in remainders(lower):
            if rest in TRANSLITERATIONS:
                forms += [rest, _name_stem(TRANSLITERATIONS[rest])]
                break
    else:
        forms += [ko for ko, en in TRANSLITERATIONS.items() if lower == en.lower()]
    return list(dict.fromkeys(forms))


def match_terms(form: str, terms: list[str] | set[str]) -> list[str]:
    """The index terms a stemmed query form matches: itself, and for Hangul every term that
    starts with it (compounds: ``판별`` finds ``판별자``).

    >>> match_terms("판별", ["판별", "판별자", "분류기", "재판별"])
    ['판별', '판별자']
    """
    if not _hangul(form):
        return [t for t in terms if t == form]
    return [t for t in terms if t.startswith(form)]


_JS_KOREAN = """
var DLGUIDE_SUFFIXES = %(suffixes)s;
var DLGUIDE_TRANSLITERATIONS = %(transliterations)s;
var DLGUIDE_HANGUL = /[\\uac00-\\ud7a3]/;

function dlguideKnown(w) {
  var index = typeof Search !== "undefined" ? Search._index : null;
  if (!index) return false;
  var has = Object.prototype.hasOwnProperty;
  return has.call(index.terms, w) || has.call(index.titleterms, w);
}

function dlguideRemainders(word) {
  var found = new Set([word]);
  var frontier = [word];
  while (frontier.length) {
    var current = frontier.pop();
    for (var i = 0; i < DLGUIDE_SUFFIXES.length; i++) {
      var s = DLGUIDE_SUFFIXES[i];
      if (current.length > s.length && current.slice(-s.length) === s) {
        var rest = current.slice(0, -s.length);
        if (rest.length === 1 && s.length === 1) continue;
        if (!found.has(rest)) {
          found.add(rest);
          frontier.push(rest);
        }
      }
    }
  }
  return [...found].sort(function (a, b) { return b.length - a.length; });
}

var KoreanStemmer = function () {
  var english = new EnglishStemmer();
  var nameStem = function (name) {
    return english.stemWord(name.toLowerCase().split(/[^\\w]+/)[0]);
  };
  this.stemWord = function (w) {
    w = w.toLowerCase();
    if (!DLGUIDE_HANGUL.test(w)) return english.stemWord(w);
    var latin = w.match(/^([^\\uac00-\\ud7a3]+)([\\uac00-\\ud7a3]+)$/);
    if (latin && DLGUIDE_SUFFIXES.indexOf(latin[2]) >= 0) return english.stemWord(latin[1]);
    var rests = dlguideRemainders(w);
    for (var i = 0; i < rests.length; i++) if (dlguideKnown(rests[i])) return rests[i];
    return w;
  };
  this.alternatives = function (w) {
    var lower = w.toLowerCase();
    var forms = [this.stemWord(lower)];
    if (DLGUIDE_HANGUL.test(lower)) {
      var rests = dlguideRemainders(lower);
      for (var i = 0; i < rests.length; i++) {
        if (Object.prototype.hasOwnProperty.call(DLGUIDE_TRANSLITERATIONS, rests[i])) {
          forms.push(rests[i], nameStem(DLGUIDE_TRANSLITERATIONS[rests[i]]));
          break;
        }
      }
    } else {
      Object.keys(DLGUIDE_TRANSLITERATIONS).forEach(function (ko) {
        if (lower === DLGUIDE_TRANSLITERATIONS[ko].toLowerCase()) forms.push(ko);
      });
    }
    return forms.filter(function (f, i) { return forms.indexOf(f) === i; });
  };
};

function dlguideMatchTerms(form, terms) {
  if (!DLGUIDE_HANGUL.test(form)) return terms.filter(function (t) { return t === form; });
  return terms.filter(function (t) { return t.startsWith(form); });
}

window.Stemmer = KoreanStemmer;

// Term search for Korean: each query word (as typed, not yet stemmed) matches through its
// alternatives (stem, transliteration) the terms that contain it; every word must match.
// Exact term > title > contained; Latin words keep Sphinx's own partial matching.
if (typeof Search !== "undefined") {
  Search._parseQuery = (function (original) {
    return function (query) {
      var parsed = original(query);
      var stemmer = new KoreanStemmer();
      var groups = [];
      splitQuery(query.trim()).forEach(function (queryTerm) {
        var lower = queryTerm.toLowerCase();
        if (stopwords.has(lower) || lower.match(/^\\d+$/) || lower[0] === "-") return;
        groups.push(stemmer.alternatives(lower));
      });
      Search._dlguideGroups = groups;
      return parsed;
    };
  })(Search._parseQuery);

  Search.performTermsSearch = function (searchTerms, excludedTerms) {
    var index = Search._index;
    var groups = Search._dlguideGroups || [...searchTerms].map(function (t) { return [t]; });
    var sources = [
      [index.terms, Scorer.term, Scorer.partialTerm],
      [index.titleterms, Scorer.title, Scorer.partialTitle],
    ];
    var keys = sources.map(function (s) { return Object.keys(s[0]); });
    var scores = new Map();
    var hits = null;
    groups.forEach(function (forms) {
      var found = new Map();
      forms.forEach(function (form) {
        sources.forEach(function (source, k) {
          var exact = Object.prototype.hasOwnProperty.call(source[0], form);
          var matched = DLGUIDE_HANGUL.test(form) || exact
            ? dlguideMatchTerms(form, keys[k])
            : form.length > 2 ? keys[k].filter(function (t) { return t.indexOf(form) >= 0; }) : [];
          matched.forEach(function (term) {
            var files = source[0][term];
            if (files.length === undefined) files = [files];
            var score = term === form ? source[1] : source[2];
            files.forEach(function (f) { found.set(f, Math.max(found.get(f) || 0, score)); });
          });
        });
      });
      hits = hits === null
        ? found
        : new Map([...hits].filter(function (e) { return found.has(e[0]); }));
      found.forEach(function (score, f) { scores.set(f, Math.max(scores.get(f) || 0, score)); });
    });
    var excluded = new Set();
    excludedTerms.forEach(function (term) {
      [index.terms[term], index.titleterms[term]].forEach(function (files) {
        if (files === undefined) return;
        (files.length === undefined ? [files] : files).forEach(function (f) { excluded.add(f); });
      });
    });
    var results = [];
    (hits || new Map()).forEach(function (_, file) {
      if (excluded.has(file)) return;
      results.push([
        index.docnames[file], index.titles[file], "", null, scores.get(file),
        index.filenames[file], SearchResultKind.text,
      ]);
    });
    return results;
  };
}
"""


def js_stemmer_code() -> str:
    """The JavaScript side: Sphinx's Snowball English stemmer plus the Korean rules."""
    return "\n".join(
        (
            (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
            (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8"),
            _JS_KOREAN
            % {
                "suffixes": json.dumps(list(SUFFIXES), ensure_ascii=False),
                "transliterations": json.dumps(TRANSLITERATIONS, ensure_ascii=False),
            },
        )
    )


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = js_stemmer_code()
    stopwords = frozenset()

    def split(self, input: str) -> list[str]:
        return _LATIN_WORD.findall(input) + korean_terms(input)

    def stem(self, word: str) -> str:
        return stem_korean(word)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
