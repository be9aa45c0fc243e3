"""The bilingual glossary, rendered from ``docs/_data/glossary.toml``.

``{glossary-data}`` renders a Sphinx glossary in the build language: English terms on the
English site; on the Korean site the preferred Korean term followed by the English one. Pages
link to entries by the English term in both languages (``{term}`convolution```, in Korean
``{term}`합성곱 <convolution>```), so the English term is registered as a key everywhere.
The text comes from data, not from the page source, so it is not part of the gettext catalogs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from dlguide.plotting import language_code

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "_data" / "glossary.toml"


def load_glossary(path: Path = DATA) -> list[dict[str, object]]:
    """Read the glossary records, sorted by English term."""
    with path.open("rb") as fh:
        records = tomllib.load(fh)["term"]
    return sorted(records, key=lambda r: str(r["en"]).lower())


class GlossaryData(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        korean = language_code(self.config.language) == "ko"
        records = load_glossary()
        if korean:
            records = sorted(records, key=lambda r: str(r["ko"]))
        std = self.env.domains.standard_domain
        glossary = nodes.definition_list(classes=["glossary", "dlguide-glossary"])
        source, line = self.get_source_info()
        for record in records:
            en, ko = str(record["en"]), str(record["ko"])
            label = f"{ko} ({en})" if korean else en
            term = make_glossary_term(
                self.env, [nodes.Text(label)], None, source, line, None, self.state.document
            )
            if label.lower() != en.lower():
                std._note_term(en, term["ids"][0], location=term)
            body = nodes.paragraph(text=str(record["def_ko" if korean else "def_en"]))
            item = nodes.definition_list_item("", term, nodes.definition("", body))
            if not korean:  # the Korean term helps readers who meet it in Korean sources
                body += [nodes.Text(" "), nodes.inline(text=f"[{ko}]", classes=["ko-term"])]
                body[-1]["lang"] = "ko"
            variants = record.get("variants") or []
            if korean and variants:
                note = nodes.paragraph(classes=["term-variants"])
                note += nodes.Text("다른 표기: " + ", ".join(map(str, variants)))
                item[-1] += note
            for node in item.findall(nodes.TextElement):
                node["translatable"] = False
            glossary += item
        return [glossary]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("glossary-data", GlossaryData)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
