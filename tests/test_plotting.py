"""dlguide.plotting: the one list of languages and the one rule that reads a language setting."""

from __future__ import annotations

import pytest

from dlguide.plotting import LANGUAGE_NAMES, LANGUAGES, current_language, language_code


def test_languages_are_english_first_then_korean_each_with_its_own_name() -> None:
    assert LANGUAGES == ("en", "ko")
    assert tuple(LANGUAGE_NAMES) == LANGUAGES
    assert LANGUAGE_NAMES == {"en": "English", "ko": "한국어"}


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        (None, "en"),
        ("", "en"),
        ("en", "en"),
        ("en_US", "en"),
        ("EN-gb", "en"),
        ("ko", "ko"),
        ("ko_KR", "ko"),
        ("ko-kr", "ko"),
        ("ko-Kore-KR", "ko"),
    ],
)
def test_language_code_drops_region_and_case(tag: str | None, code: str) -> None:
    assert language_code(tag) == code


def test_language_code_names_the_allowed_languages_and_the_given_tag() -> None:
    with pytest.raises(ValueError, match=r"one of \('en', 'ko'\), got 'fr_FR'"):
        language_code("fr_FR")
    with pytest.raises(TypeError, match="str or None, got int"):
        language_code(3)  # type: ignore[arg-type]


def test_current_language_reads_dlguide_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DLGUIDE_LANG", raising=False)
    assert current_language() == "en"
    monkeypatch.setenv("DLGUIDE_LANG", "")
    assert current_language() == "en"
    monkeypatch.setenv("DLGUIDE_LANG", "ko_KR")
    assert current_language() == "ko"
    monkeypatch.setenv("DLGUIDE_LANG", "de")
    with pytest.raises(ValueError, match=r"DLGUIDE_LANG: .*got 'de'"):
        current_language()
