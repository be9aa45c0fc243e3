"""The translation gate: the Korean edition is complete and current.

Extracts the messages of the current English source (the same gettext build as
``nox -s translate``) and checks every one against docs/locales/ko: translated, not fuzzy, and
written in Korean. A changed English sentence is a new msgid that the .po does not have, so
the gate fails until ``nox -s translate`` is run and the sentence is translated.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "docs" / "locales" / "ko" / "LC_MESSAGES"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Roles, literals, links, maths, parameter names (**x_train, x_test**), dotted and snake_case
# names (dlguide.train.rnn.AddingRun, grad_weight) and quoted values ({"fan_in", "fan_out"})
# are code or names, not prose.
MARKUP = re.compile(
    r"\*\*[\w, ]+\*\*|\b\w+(?:\.\w+)+\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\"[^\"]*\"|"
    r"\{[a-z:]+\}`[^`]*`|:[a-z:]+:`[^`]*`|``[^`]*``|`[^`]*`|\$[^$]*\$|<[^>]*>|\[[^\]]*\]\([^)]*\)"
)

sys.path.insert(0, str(ROOT / "tools"))


def english_words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]{2,}", MARKUP.sub(" ", text)))


def load_catalogs(folder: Path, suffix: str) -> dict[str, object]:
    catalogs = {}
    for path in sorted(folder.rglob(f"*{suffix}")):
        with path.open("rb") as fh:
            catalogs[path.relative_to(folder).with_suffix("").as_posix()] = read_po(fh)
    return catalogs


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, object]:
    import build_site

    pot_dir = tmp_path_factory.mktemp("pot")
    build_site.extract_messages(pot_dir)
    return load_catalogs(pot_dir, ".pot")


@pytest.fixture(scope="module")
def translations() -> dict[str, object]:
    return load_catalogs(LOCALE, ".po")


def test_every_document_has_a_korean_catalog(templates, translations):
    missing = sorted(set(templates) - set(translations))
    assert not missing, f"no .po for {missing}: run `nox -s translate`"


def test_no_catalog_for_a_removed_document(templates, translations):
    stale = sorted(set(translations) - set(templates) - {"sphinx"})
    assert not stale, f"catalogs of removed documents: {stale}; run `nox -s translate`"


def test_every_english_message_is_translated_and_current(templates, translations):
    problems = []
    for doc, pot in templates.items():
        po = translations.get(doc)
        for message in pot:
            if not message.id:
                continue
            entry = po.get(message.id) if po is not None else None
            if entry is None:
                problems.append(f"{doc}: new or changed English: {message.id[:70]!r}")
            elif entry.fuzzy:
                problems.append(f"{doc}: fuzzy: {message.id[:70]!r}")
            elif not entry.string:
                problems.append(f"{doc}: untranslated: {message.id[:70]!r}")
    assert not problems, f"{len(problems)} problem(s); run `nox -s translate`:\n" + "\n".join(
        problems[:40]
    )


def test_korean_entries_are_korean(translations):
    """A msgstr with several English words and no Hangul is an untranslated paragraph."""
    english_only = []
    for doc, po in translations.items():
        for message in po:
            if message.id and message.string and not message.fuzzy:
                if english_words(message.id) >= 4 and not HANGUL.search(message.string):
                    english_only.append(f"{doc}: {message.string[:70]!r}")
    assert not english_only, "English-only Korean entries:\n" + "\n".join(english_only)


def test_no_fuzzy_or_obsolete_leftovers(translations):
    leftovers = [
        f"{doc}: {m.id[:60]!r}" for doc, po in translations.items() for m in po if m.fuzzy and m.id
    ]
    leftovers += [f"{doc}: obsolete entries" for doc, po in translations.items() if po.obsolete]
    assert not leftovers, "\n".join(leftovers)


def test_gate_detects_a_changed_sentence(templates, translations):
    """The check above would catch an edited English sentence (its msgid changes)."""
    doc, pot = next((d, p) for d, p in templates.items() if len(p) > 1)
    message = next(m for m in pot if m.id)
    edited = message.id + " (edited)"
    assert translations[doc].get(edited) is None
    assert translations[doc].get(message.id) is not None
