"""A docutils table built from data, in the build language, kept out of the gettext catalogs.

Shared by the directives that render tables from data rather than from page text
(``tools_table``, ``bench_tables``): their cells are already in the build language, and numbers
or names in a catalog would turn translations fuzzy whenever the data change.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    caption: str,
    css_class: str,
    widths: Sequence[int] | None = None,
) -> nodes.table:
    """A captioned table node with one header row; no text in it is translatable."""
    table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths or [10] * len(headers):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    table.insert(0, nodes.title(text=caption))
    for node in table.findall(nodes.TextElement):
        node["translatable"] = False
    return table


def _row(cells: Sequence[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        row += nodes.entry("", nodes.paragraph(text=text))
    return row
