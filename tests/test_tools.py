"""docs/_data/tools.toml: every record complete in both languages, the seed's errors corrected."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from tools_table import Tool, load_tools  # noqa: E402

DATA = load_tools()
TOOLS, KIND_KO, as_of = DATA.tools, DATA.kind_ko, DATA.as_of
BY_NAME = {tool.name: tool for tool in TOOLS}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_the_seed_tools_and_jax_are_all_listed_once() -> None:
    assert len(BY_NAME) == len(TOOLS)
    assert set(BY_NAME) == {
        "Torch",
        "PyTorch",
        "TensorFlow",
        "JAX",
        "Keras",
        "scikit-learn",
        "Jupyter",
        "Neural Designer",
    }
    assert as_of == "2026"


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_record_is_complete(tool: Tool) -> None:
    for field in dataclasses.fields(Tool):
        value = getattr(tool, field.name)
        if field.name == "maintained":
            assert isinstance(value, bool)
        elif field.name == "first_release":
            assert isinstance(value, int) and 2000 <= value <= int(as_of)
        else:
            assert isinstance(value, str) and value.strip(), f"{tool.name}.{field.name} is empty"
    assert tool.kind in KIND_KO
    assert "://" not in tool.url_text and " " not in tool.url_text


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_both_languages_are_written(tool: Tool) -> None:
    for field in ("strengths", "typical_use"):
        english, korean = getattr(tool, f"{field}_en"), getattr(tool, f"{field}_ko")
        assert not HANGUL.search(english), f"{tool.name}.{field}_en contains Hangul"
        assert HANGUL.search(korean), f"{tool.name}.{field}_ko has no Hangul"
        assert english != korean


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TOOLS[0].name = "Other"  # type: ignore[misc]


def test_a_record_with_a_missing_or_unknown_field_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "_data" / "tools.toml").read_text(encoding="utf-8")
    broken = tmp_path / "tools.toml"
    broken.write_text(text.replace('url_text = "torch.ch"', 'url = "torch.ch"'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"'Torch'.*missing \['url_text'\], unknown \['url'\]"):
        load_tools(broken)


def test_jupyter_is_not_described_as_a_machine_learning_library() -> None:
    jupyter, sklearn = BY_NAME["Jupyter"], BY_NAME["scikit-learn"]
    assert "library" not in jupyter.kind
    assert jupyter.kind == "interactive notebook environment"
    assert "라이브러리" not in KIND_KO[jupyter.kind]
    assert KIND_KO[jupyter.kind] == "대화형 노트북 환경"
    assert "Not a machine-learning library" in jupyter.strengths_en
    assert "머신러닝 라이브러리가 아니라" in jupyter.strengths_ko
    # The seed copied scikit-learn's description for Jupyter; the two must differ.
    assert jupyter.strengths_en != sklearn.strengths_en
    assert jupyter.typical_use_ko != sklearn.typical_use_ko


def test_torch_is_not_maintained_and_led_to_pytorch() -> None:
    torch_, pytorch = BY_NAME["Torch"], BY_NAME["PyTorch"]
    assert torch_.maintained is False
    assert "Lua" in torch_.language
    assert "PyTorch" in torch_.strengths_en and "PyTorch" in torch_.strengths_ko
    assert pytorch.maintained is True
    assert "Linux Foundation" in pytorch.strengths_en


def test_keras_backends_are_jax_tensorflow_and_pytorch() -> None:
    keras = BY_NAME["Keras"]
    for backend in ("JAX", "TensorFlow", "PyTorch"):
        assert backend in keras.strengths_en
        assert backend in keras.strengths_ko
    assert "Keras 3" in keras.strengths_en


def test_jax_has_its_own_record_not_only_as_a_keras_backend() -> None:
    jax = BY_NAME["JAX"]
    assert jax.maintained is True and jax.first_release == 2018
    assert "library" in jax.kind and "framework" not in jax.kind
    for word in ("jax.numpy", "jit", "grad", "vmap", "XLA", "Google", "Flax", "Optax"):
        assert word in jax.strengths_en
        assert word in jax.strengths_ko
    assert "Keras 3" in jax.typical_use_en and "Keras 3" in jax.typical_use_ko
    # JAX comes before Keras, whose record names it as a backend.
    names = [tool.name for tool in TOOLS]
    assert names.index("JAX") < names.index("Keras")


def test_licences_and_commercial_status() -> None:
    assert BY_NAME["TensorFlow"].licence == "Apache-2.0"
    assert BY_NAME["JAX"].licence == "Apache-2.0"
    assert BY_NAME["Keras"].licence == "Apache-2.0"
    for name in ("PyTorch", "scikit-learn", "Jupyter"):
        assert BY_NAME[name].licence == "BSD-3-Clause"
    assert "commercial" in BY_NAME["Neural Designer"].kind
    assert "Artelnics" in BY_NAME["Neural Designer"].strengths_en
