"""Keep the ``Shape`` section of numpydoc docstrings (PyTorch's convention).

numpydoc knows a fixed list of sections and drops any other with a warning. The guide's
docstrings follow ``torch.nn``: a ``Shape`` section lists input and output shapes. Before
numpydoc reads a docstring, this lifts the section out; after numpydoc has rendered it, the
section is put back as a rubric before the examples.
"""

from __future__ import annotations

import warnings

from sphinx.application import Sphinx

_STASH = "_dlguide_shape_sections"


def _is_header(lines: list[str], i: int, name: str) -> bool:
    return (
        lines[i].strip() == name
        and i + 1 < len(lines)
        and set(lines[i + 1].strip()) == {"-"}
        and len(lines[i + 1].strip()) >= len(name)
    )


def lift_shape(app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]):
    for i in range(len(lines) - 1):
        if _is_header(lines, i, "Shape"):
            end = i + 2
            while end < len(lines) and not any(
                _is_header(lines, end, h)
                for h in ("See Also", "Notes", "References", "Examples", "Raises", "Returns",
                          "Parameters", "Attributes", "Methods", "Warns", "Yields")
            ):  # fmt: skip
                end += 1
            body = lines[i + 2 : end]
            del lines[i:end]
            app.env.__dict__.setdefault(_STASH, {})[name] = body
            return


def restore_shape(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
):
    body = getattr(app.env, _STASH, {}).pop(name, None)
    if not body:
        return
    block = [".. rubric:: Shape", "", *body, ""]
    at = next((i for i, line in enumerate(lines) if line.strip() == ".. rubric:: Examples"), None)
    if at is None:
        lines.extend(["", *block])
    else:
        lines[at:at] = block


def setup(app: Sphinx) -> dict[str, object]:
    # numpydoc also parses raw docstrings for signatures and warns there; the section is handled.
    warnings.filterwarnings("ignore", message="Unknown section Shape", category=UserWarning)
    app.connect("autodoc-process-docstring", lift_shape, priority=100)  # before numpydoc (500)
    app.connect("autodoc-process-docstring", restore_shape, priority=900)  # after numpydoc
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
