"""dlguide.cache: stored by arguments and package source; without a folder nothing is stored."""

from __future__ import annotations

import functools

import pytest

from dlguide import cache

CALLS: list[tuple] = []


@cache.cached
def _square(x: int, offset: int = 0) -> int:
    CALLS.append((x, offset))
    return x * x + offset


def _sampler(n: int, seed: int, scale: float = 1.0) -> float:
    return scale * n


@cache.cached
def _uses(sampler, n: int = 2) -> float:
    CALLS.append(("uses", n))
    return sampler(n, 0)


@pytest.fixture(autouse=True)
def _fresh():
    CALLS.clear()
    yield
    CALLS.clear()


def test_without_a_folder_it_just_computes(monkeypatch, tmp_path):
    monkeypatch.delenv("DLGUIDE_CACHE_DIR", raising=False)
    assert _square(3) == 9 and _square(3) == 9
    assert CALLS == [(3, 0), (3, 0)]  # a copied-out script trains every time
    assert not list(tmp_path.iterdir())


def test_same_arguments_are_loaded_and_defaults_count(monkeypatch, tmp_path):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    assert _square(3) == 9
    assert _square(x=3, offset=0) == 9  # the same call written another way: same key
    assert _square(3, 1) == 10
    assert CALLS == [(3, 0), (3, 1)]
    assert len(list(tmp_path.glob("_square-*.pt"))) == 2


def test_refresh_computes_and_stores_but_never_reads(monkeypatch, tmp_path):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("DLGUIDE_CACHE_REFRESH", "1")
    assert _square(3) == 9 and _square(3) == 9
    assert CALLS == [(3, 0), (3, 0)]  # trained both times: the time measured is real
    (stored,) = tmp_path.glob("_square-*.pt")
    monkeypatch.delenv("DLGUIDE_CACHE_REFRESH")
    assert _square(3) == 9
    assert CALLS == [(3, 0), (3, 0)]  # what the refreshing run stored is what others load
    assert stored.is_file()


def test_an_edit_anywhere_in_the_package_changes_the_key(monkeypatch, tmp_path):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    _square(3)
    cache.package_hash.cache_clear()
    monkeypatch.setattr(cache, "package_hash", lambda: "0" * 16)  # as if a module changed
    _square(3)
    assert CALLS == [(3, 0), (3, 0)]


def test_package_hash_covers_every_module():
    assert len(cache.package_hash()) == 16
    files = sorted(p.relative_to(cache.PACKAGE).as_posix() for p in cache.PACKAGE.rglob("*.py"))
    assert {"nn.py", "data/digits.py", "data/sequences.py", "train/loop.py"} <= set(files)


def test_callables_are_keyed_by_name_and_bound_arguments(monkeypatch, tmp_path):
    monkeypatch.setenv("DLGUIDE_CACHE_DIR", str(tmp_path))
    assert _uses(_sampler) == 2.0
    assert _uses(_sampler) == 2.0
    assert _uses(functools.partial(_sampler, scale=3.0)) == 6.0
    assert CALLS == [("uses", 2), ("uses", 2)]
    # A lambda has no stable name: never cached, always computed.
    assert _uses(lambda n, seed: 5.0) == 5.0
    assert _uses(lambda n, seed: 5.0) == 5.0
    assert CALLS[-2:] == [("uses", 2), ("uses", 2)]
    assert len(list(tmp_path.glob("_uses-*.pt"))) == 2
