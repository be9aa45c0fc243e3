"""``{tools-table}``: the deep-learning tools table, rendered from :data:`dlguide.tools.TOOLS`.

The records hold English and Korean text side by side, so the table is built in the build
language from data (not from page text, so it is not part of the gettext catalogs).
"""

from __future__ import annotations

from data_table import data_table
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

HEADERS = {
    "en": ("Tool", "Kind", "Language", "Licence", "Maintained", "Since", "Strengths",
           "Typical use"),
    "ko": ("도구", "종류", "언어", "라이선스", "개발 지속", "출시", "강점", "주 용도"),
}  # fmt: skip
YES_NO = {"en": ("yes", "no"), "ko": ("예", "아니요")}


class ToolsTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        import dlguide.tools as tools

        self.env.note_dependency(tools.__file__)
        lang = "ko" if (self.config.language or "en").startswith("ko") else "en"
        headers = HEADERS[lang]
        rows = []
        for tool in tools.TOOLS:
            kind = tools.KIND_KO.get(tool.kind, tool.kind) if lang == "ko" else tool.kind
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
            "en": f"Deep-learning tools as of {tools.as_of}.",
            "ko": f"{tools.as_of}년 기준 딥러닝 도구.",
        }[lang]
        widths = (10, 14, 10, 10, 8, 6, 24, 24)
        return [data_table(headers, rows, caption, "dlguide-tools-table", widths)]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("tools-table", ToolsTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
