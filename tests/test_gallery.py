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


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_script_is_seeded_offline_and_translated(script):
    source = script.read_text(encoding="utf-8")
    if re.search(r"\b(torch|np\.random|random\.|train_|sample)", source):
        assert re.search(r"manual_seed\(|default_rng\(|seed\s*=", source), "unseeded randomness"
    assert not NETWORK.search(source), "gallery scripts must not use the network"
    # Every drawn string goes through dlguide.plotting.tr (English default, Korean in docs).
    assert "tr(" in source, "figure text must be picked with dlguide.plotting.tr"
    assert re.search(r"^# %%", source, re.M), "use # %% cells"


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
