"""The glossary data is complete, and the Korean text uses its preferred terms."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from glossary_data import load_glossary  # noqa: E402

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_records_are_complete_and_unique():
    records = load_glossary()
    assert len(records) >= 30
    for record in records:
        for field in ("en", "ko", "def_en", "def_ko"):
            assert str(record[field]).strip(), (record["en"], field)
        assert HANGUL.search(record["ko"]) or record["ko"].isascii(), record
        assert HANGUL.search(record["def_ko"]), record["en"]
        assert record["ko"] not in record.get("variants", []), record["en"]
    for key in ("en", "ko"):
        values = [r[key] for r in records]
        assert len(values) == len(set(values)), f"duplicate {key}"


def test_seed_terms_have_their_preferred_korean():
    terms = {r["en"]: r for r in load_glossary()}
    assert terms["convolution"]["ko"] == "합성곱"
    assert terms["vanishing gradient"]["ko"] == "기울기 소실"
    assert "베니싱 그레디언트" in terms["vanishing gradient"]["variants"]
    assert terms["generative adversarial network"]["ko"] == "생성적 적대 신경망"
    assert "생성 대립 신경망" in terms["generative adversarial network"]["variants"]


def test_korean_translation_uses_preferred_terms():
    """Fails when a Korean sentence uses a non-preferred variant (e.g. 컨볼루션 for 합성곱)."""
    variants = {v: r["ko"] for r in load_glossary() for v in r.get("variants", [])}
    found = []
    for path in sorted((ROOT / "docs" / "locales" / "ko").rglob("*.po")):
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            for variant, preferred in variants.items():
                if message.string and variant in message.string:
                    found.append(f"{path.name}: {variant!r} -> use {preferred!r}")
    assert not found, "\n".join(found)
