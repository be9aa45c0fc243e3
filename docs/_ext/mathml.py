"""Render LaTeX maths to MathML when the HTML is written.

Browsers render MathML natively (MathML Core), so the site needs no MathJax, no web fonts and
no network: the reader's browser gets finished maths. Conversion by ``latex2mathml``.
Enable with ``html_math_renderer = "mathml"``.
"""

from __future__ import annotations

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _to_mathml(latex: str, display: str, node: nodes.Node) -> str:
    try:
        return convert(latex.strip(), display=display)
    except Exception as err:  # latex2mathml raises several exception types
        logger.warning("cannot convert maths %r to MathML: %s", latex, err, location=node)
        return f"<code>{latex}</code>"


def visit_inline(self, node: nodes.math) -> None:
    self.body.append(_to_mathml(node.astext(), "inline", node))
    raise nodes.SkipNode


def visit_block(self, node: nodes.math_block) -> None:
    latex = node.astext()
    if node.get("nowrap"):
        parts = [latex]
    else:  # consecutive equations separated by blank lines render as separate blocks
        parts = [p for p in latex.split("\n\n") if p.strip()]
    ident = f' id="{node["ids"][0]}"' if node.get("ids") else ""
    # tabindex: wide equations scroll sideways, and keyboard users must be able to scroll them.
    self.body.append(f'<div class="math-block" tabindex="0"{ident}>')
    if node.get("number"):
        self.body.append(f'<span class="eqno">({node["number"]})</span>')
    for part in parts:
        self.body.append(_to_mathml(part, "block", node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, object]:
    app.add_html_math_renderer(
        "mathml", inline_renderers=(visit_inline, None), block_renderers=(visit_block, None)
    )
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
