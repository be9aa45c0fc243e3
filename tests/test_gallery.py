"""The gallery scripts are discoverable, titled, seeded, offline and bilingual."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parent.parent / "gallery"
SCRIPTS = sorted(GALLERY.glob("*/plot_*.py"))
NETWORK = re.compile(
    r"\b(urllib|requests|httpx|http\.client|socket|fetch_openml|fetch_[a-z_]+|"
    r"torchvision\.datasets|load_dataset|hf_hub|urlopen)\b"
)


def test_every_topic_has_scripts_and_a_readme():
    topics = sorted(p for p in GALLERY.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert {t.name for t in topics} >= {"basics", "cnn", "rnn", "gan"}
    for topic in topics:
        assert (topic / "README.rst").is_file(), topic
        assert list(topic.glob("plot_*.py")), f"{topic.name} has no gallery script"
    assert (GALLERY / "README.rst").is_file()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_has_title_and_purpose(script):
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")), clean=True)
    assert doc, f"{script.name} needs a module docstring with a reST title"
    lines = doc.splitlines()
    title, underline = lines[0], lines[1]
    assert 1 <= len(title.split()) <= 8, f"title should be short, got {title!r}"
    assert set(underline) == {"="} and len(underline) >= len(title)
    purpose = " ".join(lines[2:]).strip()
    assert purpose, f"{script.name}: 1-3 sentences of purpose after the title"


# Calls that draw from torch's global generator: the random functions, and building a module
# (its parameters are initialised from that generator).
GLOBAL_DRAWS = re.compile(
    r"\btorch\.(rand|randn|randint|randperm|normal|bernoulli|multinomial)\((?![^)]*generator=)"
    r"|\.(normal_|uniform_|random_)\("
    r"|\b(RNNCell|LSTMCell|RNN|LSTM|MLP|Linear|Conv2d|DigitsCNN|MLPBaseline|RecurrentNet"
    r"|Generator2D|Discriminator2D|DCGANGenerator|DCGANDiscriminator)\("
)


def _discarded_calls(tree: ast.Module) -> list[str]:
    """Calls whose result is thrown away although they only make an object (seed nothing)."""
    makers = {"default_rng", "Generator", "RandomState"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in makers:
                found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_is_seeded_offline_and_translated(script):
    source = script.read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert not _discarded_calls(tree), (
        f"a generator made and thrown away seeds nothing: {_discarded_calls(tree)}"
    )
    assert "np.random." not in source.replace("np.random.default_rng(", ""), (
        "use a seeded np.random.default_rng(seed), not NumPy's global random state"
    )
    first_draw = GLOBAL_DRAWS.search(source)
    if first_draw:
        seed = re.search(r"^torch\.manual_seed\(", source, re.M)
        assert seed and seed.start() < first_draw.start(), (
            f"{script.name} draws from torch's global generator ({first_draw.group(0)!r}) "
            "without seeding it first with torch.manual_seed"
        )
    assert not NETWORK.search(source), "gallery scripts must not use the network"
    # Every drawn string goes through dlguide.plotting.tr (English default, Korean in docs).
    assert "tr(" in source, "figure text must be picked with dlguide.plotting.tr"
    assert re.search(r"^# %%", source, re.M), "use # %% cells"


def test_seed_check_catches_a_discarded_generator_and_a_missing_seed():
    bad = "import numpy as np\nnp.random.default_rng(0)\n"
    assert _discarded_calls(ast.parse(bad)) == ["np.random.default_rng(0)"]
    assert GLOBAL_DRAWS.search("cell = RNNCell(2, 4)")
    assert not GLOBAL_DRAWS.search("x = torch.randn(3, generator=g)")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_shows_its_figures_when_run_on_its_own(script):
    # A reader who runs the downloaded script expects windows; without plt.show() at the end
    # the figures (and animations) are thrown away when Python exits.
    tree = ast.parse(script.read_text(encoding="utf-8"))
    last_call = next(node.value for node in reversed(tree.body) if isinstance(node, ast.Expr))
    assert isinstance(last_call, ast.Call) and ast.unparse(last_call.func) == "plt.show", (
        f"{script.name} should end with plt.show()"
    )


def test_package_imports_without_a_display():
    code = (
        "import sys, dlguide, dlguide.plotting, importlib, pkgutil\n"
        "for m in pkgutil.iter_modules(dlguide.__path__):\n"
        "    importlib.import_module('dlguide.' + m.name)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'importing dlguide must not load pyplot'\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
