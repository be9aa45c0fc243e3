"""Figure text in the reader's language, and a font that has Hangul.

The guide is built once per language. The docs build exports ``DLGUIDE_LANG`` (``en`` or
``ko``) before the gallery scripts run; a script picks every string it draws through
:func:`tr`, so the same script draws English figures for the English site and Korean figures
for the Korean site. Run on its own, a script draws English.

matplotlib's default font (DejaVu Sans) has no Hangul glyphs. :func:`tr` registers NanumGothic
(SIL Open Font License) the first time a Korean string is requested, from the
``koreanize-matplotlib`` package (``pip install dlguide[ko]``) or a system install
(Debian's ``fonts-nanum``), and puts it behind DejaVu Sans in the font fallback list, so Latin
letters, digits and maths keep their usual look. sphinx-gallery resets ``rcParams`` before
every script, which is why the font is set up on each call rather than once at import.

:data:`LANGUAGES` is the one list of the guide's languages and :func:`language_code` the one
rule that turns a language setting (``DLGUIDE_LANG``, a locale such as ``ko_KR``) into one of
them; the docs build uses both too, so figures, pages and the site's folders agree.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "current_language",
    "korean_font_path",
    "language_code",
    "setup_fonts",
    "tr",
]

#: Each language of the guide and its name written in that language.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
#: Codes of the languages the guide is written in; the first is the default.
LANGUAGES = tuple(LANGUAGE_NAMES)

_KOREAN_FONT_NAME = "NanumGothic"
_registered: Path | None = None


def language_code(tag: str | None) -> str:
    """Reduce a language code or tag to one of :data:`LANGUAGES`.

    The one place that decides which language a setting names: ``DLGUIDE_LANG`` here, Sphinx's
    ``language`` in the docs extensions. Region and script parts are dropped (``"ko_KR"``,
    ``"ko-Kore-KR"``), case is ignored, and no tag at all means the default language.

    Parameters
    ----------
    tag : str or None
        A code such as ``"ko"``, a locale such as ``"ko_KR"`` or ``"en-US"``, or ``None`` or
        ``""`` for the default.

    Returns
    -------
    str
        An element of :data:`LANGUAGES`: ``"en"`` or ``"ko"``.

    Raises
    ------
    TypeError
        If ``tag`` is neither a str nor ``None``.
    ValueError
        If ``tag`` names a language the guide does not have.

    Examples
    --------
    >>> language_code("ko_KR"), language_code("ko-kr"), language_code("EN")
    ('ko', 'ko', 'en')
    >>> language_code(None)
    'en'
    >>> language_code("fr_FR")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of ('en', 'ko'), got 'fr_FR'
    """
    if tag is not None and not isinstance(tag, str):
        raise TypeError(f"language must be a str or None, got {type(tag).__name__}")
    if not tag:
        return LANGUAGES[0]
    code = tag.replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {tag!r}")
    return code


def current_language() -> str:
    """Return the language figures should be drawn in.

    Read from the ``DLGUIDE_LANG`` environment variable, which the docs build sets, through
    :func:`language_code`; ``"en"`` when it is unset or empty.

    Returns
    -------
    str
        ``"en"`` or ``"ko"``.

    Raises
    ------
    ValueError
        If ``DLGUIDE_LANG`` names a language the guide does not have.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("DLGUIDE_LANG", None) and None
    >>> current_language()
    'en'
    """
    try:
        return language_code(os.environ.get("DLGUIDE_LANG"))
    except ValueError as err:
        raise ValueError(f"DLGUIDE_LANG: {err}") from None


def korean_font_path() -> Path:
    """Find a NanumGothic font file.

    Looks in the ``koreanize-matplotlib`` package first, then in the fonts matplotlib already
    knows (for example Debian's ``fonts-nanum``).

    Returns
    -------
    pathlib.Path
        Path of a ``.ttf`` file whose family is NanumGothic.

    Raises
    ------
    RuntimeError
        If no NanumGothic font is installed, with the command that installs one.
    """
    # find_spec locates the package without importing it: importing koreanize_matplotlib
    # would change rcParams as a side effect.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "fonts" / "NanumGothic.ttf"
        if candidate.is_file():
            return candidate
    for entry in font_manager.fontManager.ttflist:
        if entry.name == _KOREAN_FONT_NAME:
            return Path(entry.fname)
    raise RuntimeError(
        "Korean figure text needs the NanumGothic font: "
        "run `pip install 'dlguide[ko]'` or `apt-get install fonts-nanum`"
    )


def setup_fonts(lang: str | None = None) -> None:
    """Make matplotlib able to draw text in ``lang``.

    For Korean, registers NanumGothic (once per process) and sets the font family to
    DejaVu Sans with NanumGothic as fallback. For English it leaves ``rcParams`` alone.

    Parameters
    ----------
    lang : str, optional
        ``"en"`` or ``"ko"`` (or a tag that :func:`language_code` accepts); by default
        :func:`current_language`.

    Examples
    --------
    >>> setup_fonts("en")  # nothing to do for English
    """
    global _registered
    lang = current_language() if lang is None else language_code(lang)
    if lang != "ko":
        return
    if _registered is None:
        path = korean_font_path()
        font_manager.fontManager.addfont(str(path))
        # Bold titles need a bold face: without one, bold Hangul falls back to DejaVu Sans,
        # which has no Hangul glyphs. The koreanize-matplotlib wheel ships Bold (600) and
        # ExtraBold (700, matplotlib's "bold").
        for weight in ("Bold", "ExtraBold"):
            face = path.with_name(f"NanumGothic{weight}.ttf")
            if face.is_file():
                font_manager.fontManager.addfont(str(face))
        _registered = path
    family = ["DejaVu Sans", _KOREAN_FONT_NAME]
    if list(mpl.rcParams["font.family"]) != family:
        mpl.rcParams["font.family"] = family
    mpl.rcParams["axes.unicode_minus"] = True


def tr(en: str, ko: str) -> str:
    """Pick the figure string for the current language.

    Call it for every piece of text a figure shows (titles, labels, legends, annotations).
    When the language is Korean it also makes sure matplotlib has a Hangul font.

    Parameters
    ----------
    en : str
        The English text.
    ko : str
        The same text in Korean.

    Returns
    -------
    str
        ``en`` or ``ko``, following :func:`current_language`.

    Examples
    --------
    >>> import os
    >>> os.environ["DLGUIDE_LANG"] = "ko"
    >>> tr("Input image", "입력 이미지")
    '입력 이미지'
    >>> os.environ["DLGUIDE_LANG"] = "en"
    >>> tr("Input image", "입력 이미지")
    'Input image'
    """
    if not isinstance(en, str) or not isinstance(ko, str):
        raise TypeError(f"tr() takes two str, got {type(en).__name__} and {type(ko).__name__}")
    lang = current_language()
    if lang == "ko":
        setup_fonts("ko")
        return ko
    return en


# A script run on its own with DLGUIDE_LANG=ko creates its figures before its first tr() call;
# set the font up now so that axes created early can draw Hangul too.
# An unknown DLGUIDE_LANG is not an import error: the first tr() call reports it.
try:
    _import_language = current_language()
except ValueError:
    _import_language = LANGUAGES[0]
if _import_language == "ko":
    setup_fonts("ko")
