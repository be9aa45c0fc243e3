"""Check Korean .po files: complete, not fuzzy, markup preserved, glossary terms respected.

    python tools/check_po.py docs/locales/ko/LC_MESSAGES/chapters/cnn.po [...]

For each entry: the msgstr exists and is not fuzzy; it keeps every inline literal, maths,
substitution and cross-reference target of the msgid (role targets such as
``{term}`합성곱 <convolution>``` keep the ``<convolution>`` target; the text may change);
and it uses no non-preferred Korean variant listed in docs/_data/glossary.toml.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from glossary_data import load_glossary  # noqa: E402

LITERAL = re.compile(r"``[^`]+``|(?<![`}])`[^`<>]+`(?!`)|\$[^$]+\$")
ROLE = re.compile(r"(\{[a-z:-]+\}|:[a-z:-]+:)`([^`]*)`")


def role_targets(text: str) -> Counter[str]:
    targets: Counter[str] = Counter()
    for role, body in ROLE.findall(text):
        match = re.search(r"<([^<>]+)>\s*$", body)
        target = match.group(1) if match else body
        if role in ("{term}", ":term:"):
            target = target.lower()
        targets[f"{role}{target}"] += 1
    return targets


def literals(text: str) -> Counter[str]:
    return Counter(LITERAL.findall(ROLE.sub(" ", text)))


CATALOGS = ROOT / "docs" / "locales" / "ko" / "LC_MESSAGES"


def is_rest(path: Path) -> bool:
    """Whether the catalogue's document is reStructuredText (gallery pages, API pages).

    Sphinx parses a translation with the parser of its document, so a docstring shown on an
    ``.rst`` page is translated in reST, like the gallery pages sphinx-gallery writes.
    """
    try:
        doc = path.resolve().relative_to(CATALOGS.resolve()).with_suffix(".rst")
    except ValueError:
        return "auto_examples" in path.parts
    return doc.parts[0] == "auto_examples" or (ROOT / "docs" / doc).is_file()


def check(path: Path, variants: dict[str, str]) -> list[str]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    problems = []
    rest = is_rest(path)
    for message in catalog:
        if not message.id:
            continue
        where = f"{path.name}: {str(message.id)[:60]!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        if not message.string:
            problems.append(f"{where}: untranslated")
            continue
        source, target = str(message.id), str(message.string)
        if role_targets(source) != role_targets(target):
            missing = role_targets(source) - role_targets(target)
            extra = role_targets(target) - role_targets(source)
            problems.append(f"{where}: cross-references differ: missing {dict(missing)}, "
                            f"extra {dict(extra)}")  # fmt: skip
        if literals(source) != literals(target):
            missing = literals(source) - literals(target)
            problems.append(f"{where}: code/maths changed or missing: {dict(missing)}")
        if rest and re.search(r"`[\uac00-\ud7a3]|[\uac00-\ud7a3](``|:[a-z]+:`|\*)", target):
            # reST (gallery and API pages) ends inline markup only before a space or punctuation.
            problems.append(f"{where}: reST markup directly followed by Hangul; "
                            "write ``code``\\ 로 (backslash-space)")  # fmt: skip
        for variant, preferred in variants.items():
            if variant in target:
                problems.append(f"{where}: uses {variant!r}; the glossary term is {preferred!r}")
    return problems


def main(paths: list[str]) -> int:
    variants = {v: r["ko"] for r in load_glossary() for v in r.get("variants", [])}
    files = [Path(p) for p in paths] or sorted((ROOT / "docs/locales/ko").rglob("*.po"))
    problems = [p for f in files for p in check(f, variants)]
    print("\n".join(problems) if problems else f"OK: {len(files)} file(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
