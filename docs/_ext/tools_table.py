"""``{tools-table}``: the deep-learning tools table, rendered from ``docs/_data/tools.toml``.

The records hold English and Korean text side by side, so the table is built in the build
language from data (not from page text, so it is not part of the gettext catalogs).
:func:`load_tools` reads the file and checks that every record has exactly the fields of
:class:`Tool`; ``tests/test_tools.py`` checks the facts in them.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from data_table import data_table
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from dlguide.plotting import language_code

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "_data" / "tools.toml"


@dataclass(frozen=True)
class Tool:
    """One row of the tools table (one ``[[tool]]`` of ``tools.toml``).

    Attributes
    ----------
    name : str
        The tool's name as its project writes it.
    kind : str
        What sort of thing it is, in English (a key of :attr:`Tools.kind_ko`).
    language : str
        Programming languages it is used from (for a GUI application: written in).
    licence : str
        SPDX identifier for open-source licences, otherwise a short description.
    maintained : bool
        Whether the project is still actively developed (as of :attr:`Tools.as_of`).
    first_release : int
        Year of the first public release.
    strengths_en, strengths_ko : str
        What it is good at and what sets it apart, in English and Korean.
    typical_use_en, typical_use_ko : str
        What people use it for, in English and Korean.
    url_text : str
        The project's web address as plain text (no scheme; not a link to fetch).
    """

    name: str
    kind: str
    language: str
    licence: str
    maintained: bool
    first_release: int
    strengths_en: str
    strengths_ko: str
    typical_use_en: str
    typical_use_ko: str
    url_text: str


@dataclass(frozen=True)
class Tools:
    """The whole of ``tools.toml``.

    Attributes
    ----------
    as_of : str
        The year the facts were last checked.
    kind_ko : Mapping of str to str
        Korean for each :attr:`Tool.kind` (read-only).
    tools : tuple of Tool
        The records, in the order of the file (the order of the table).
    """

    as_of: str
    kind_ko: Mapping[str, str]
    tools: tuple[Tool, ...]


_TOP_LEVEL = {"as_of", "kind_ko", "tool"}


def _check_keys(what: str, table: Mapping[str, object], expected: set[str]) -> None:
    missing, unknown = sorted(expected - table.keys()), sorted(table.keys() - expected)
    if missing or unknown:
        raise ValueError(
            f"{what} must have the keys {sorted(expected)}; missing {missing}, unknown {unknown}"
        )


def load_tools(path: Path = DATA) -> Tools:
    """Read the tools table data.

    Parameters
    ----------
    path : pathlib.Path, optional
        A TOML file with ``as_of``, a ``[kind_ko]`` table and ``[[tool]]`` records; by default
        ``docs/_data/tools.toml``.

    Returns
    -------
    Tools
        The records as frozen :class:`Tool` objects, with ``as_of`` and ``kind_ko``.

    Raises
    ------
    ValueError
        If the file or a record has missing or unknown keys (naming both).

    Examples
    --------
    >>> data = load_tools()
    >>> data.as_of, len(data.tools), data.tools[0].name
    ('2026', 8, 'Torch')
    >>> data.kind_ko[data.tools[0].kind]
    '딥러닝 프레임워크'
    """
    path = Path(path)
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    _check_keys(path.name, raw, _TOP_LEVEL)
    names = {field.name for field in fields(Tool)}
    records = []
    for number, record in enumerate(raw["tool"], start=1):
        _check_keys(f"{path.name}: [[tool]] {number} ({record.get('name')!r})", record, names)
        records.append(Tool(**record))
    return Tools(
        as_of=raw["as_of"], kind_ko=types.MappingProxyType(raw["kind_ko"]), tools=tuple(records)
    )


HEADERS = {
    "en": ("Tool", "Kind", "Language", "Licence", "Maintained", "Since", "Strengths",
           "Typical use"),
    "ko": ("도구", "종류", "언어", "라이선스", "개발 지속", "출시", "강점", "주 용도"),
}  # fmt: skip
YES_NO = {"en": ("yes", "no"), "ko": ("예", "아니요")}


class ToolsTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        try:
            data = load_tools()
        except ValueError as error:
            raise self.error(str(error)) from None
        lang = language_code(self.config.language)
        headers = HEADERS[lang]
        rows = []
        for tool in data.tools:
            kind = data.kind_ko.get(tool.kind, tool.kind) if lang == "ko" else tool.kind
            rows.append(
                (
                    tool.name,
                    kind,
                    tool.language,
                    tool.licence,
                    YES_NO[lang][0 if tool.maintained else 1],
                    str(tool.first_release),
                    tool.strengths_ko if lang == "ko" else tool.strengths_en,
                    tool.typical_use_ko if lang == "ko" else tool.typical_use_en,
                )
            )
        caption = {
            "en": f"Deep-learning tools as of {data.as_of}.",
            "ko": f"{data.as_of}년 기준 딥러닝 도구.",
        }[lang]
        widths = (10, 14, 10, 10, 8, 6, 24, 24)
        return [data_table(headers, rows, caption, "dlguide-tools-table", widths)]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("tools-table", ToolsTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
