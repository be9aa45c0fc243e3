"""The training-loop starters show the loop: written out in the script, no recipe, no cache."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTERS = [
    ROOT / "gallery" / "cnn" / "plot_04_train_digits_cnn.py",
    ROOT / "gallery" / "rnn" / "plot_05_train_lstm.py",
    ROOT / "gallery" / "gan" / "plot_04_train_gan.py",
]
ids = [f"{p.parent.name}/{p.name}" for p in STARTERS]


def _method_calls(node: ast.AST, name: str) -> list[int]:
    """Line numbers of the calls ``<something>.name()`` inside ``node``."""
    return sorted(
        call.lineno
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == name
    )


def _optimizer_loops(tree: ast.Module) -> list[ast.For]:
    """Top-level ``for`` loops that clear gradients, backpropagate and step, in that order."""
    loops = []
    for node in tree.body:
        if not isinstance(node, ast.For):
            continue
        zero, back, step = (_method_calls(node, n) for n in ("zero_grad", "backward", "step"))
        if zero and back and step and zero[0] < back[0] < max(step):
            loops.append(node)
    return loops


@pytest.mark.parametrize("script", STARTERS, ids=ids)
def test_starter_writes_its_optimizer_loop_out(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert _optimizer_loops(tree), (
        f"{script.name} needs a `for` loop with .zero_grad(), .backward() and .step()"
    )


@pytest.mark.parametrize("script", STARTERS, ids=ids)
def test_starter_heads_each_phase_with_a_comment(script):
    # The maths over each phase: going up from every zero_grad / backward / optimizer step
    # through the lines of its phase, the first line that is not code is a comment.
    lines = script.read_text(encoding="utf-8").splitlines()
    (loop,) = _optimizer_loops(ast.parse("\n".join(lines)))
    calls = [(n, line) for n in ("zero_grad", "backward") for line in _method_calls(loop, n)]
    calls += [
        ("step", call.lineno)
        for call in ast.walk(loop)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "step"
        and "opt" in ast.unparse(call.func.value)  # the optimizer's, not a scheduler's
    ]
    for name, lineno in calls:
        i = lineno - 2  # index of the line above
        while i >= loop.lineno and lines[i].strip() and not lines[i].strip().startswith("#"):
            i -= 1
        assert lines[i].strip().startswith("#"), (
            f"{script.name}:{lineno}: no comment heads the phase of .{name}()"
        )


@pytest.mark.parametrize("script", STARTERS, ids=ids)
def test_starter_uses_no_recipe_and_no_cache(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
    banned = [m for m in imported if m.startswith(("dlguide.train", "dlguide.cache"))]
    assert not banned, f"{script.name} imports {banned}: a starter writes its training out"
    assert "DLGUIDE_CACHE_DIR" not in script.read_text(encoding="utf-8")


@pytest.mark.parametrize("script", STARTERS, ids=ids)
def test_starter_says_it_is_the_starter_to_copy(script):
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
    assert "starter to copy" in doc


def test_dist_check_runs_exactly_these_without_the_cache():
    spec = importlib.util.spec_from_file_location("dist_check", ROOT / "tools" / "dist_check.py")
    dist_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dist_check)
    assert sorted(dist_check.STARTERS) == sorted(f"{p.parent.name}/{p.stem}" for p in STARTERS)


def test_loop_check_catches_a_hidden_loop():
    hidden = "from dlguide.train.cnn import train_digits_cnn\nmodel = train_digits_cnn().model\n"
    assert not _optimizer_loops(ast.parse(hidden))
    written = (
        "for step in range(3):\n"
        "    opt.zero_grad()\n    loss = f(x)\n    loss.backward()\n    opt.step()\n"
    )
    assert len(_optimizer_loops(ast.parse(written))) == 1
