"""A small on-disk cache for trained models, keyed by content.

The guide is built once per language, and the gallery scripts train the same models with the
same seeds in both builds. Figures differ (their text is translated); the numbers do not. So
training functions in :mod:`dlguide` pass their result through :func:`cached`, which stores it
under ``$DLGUIDE_CACHE_DIR`` when that variable is set (the docs build sets it) and otherwise
just computes it: a script copied out of the guide trains from scratch, as a reader expects.

The key holds the function's name, its arguments and a hash of the source file of the module
that trains, so an edit to the training code invalidates the cache.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import torch

T = TypeVar("T")

__all__ = ["cached"]


def _source_hash(fn: Callable[..., object]) -> str:
    module = inspect.getmodule(fn)
    path = Path(inspect.getsourcefile(module or fn) or "")
    data = path.read_bytes() if path.is_file() else b""
    return hashlib.sha256(data).hexdigest()[:16]


def cached(name: str, params: dict, compute: Callable[[], T]) -> T:
    """Return ``compute()``, loading it from the cache directory when it is there.

    Parameters
    ----------
    name : str
        Name of the computation (for example ``"train_digits_cnn"``).
    params : dict
        JSON-serialisable arguments that determine the result (seed, sizes, epochs ...).
    compute : callable
        Zero-argument function producing something :func:`torch.save` can store.

    Returns
    -------
    object
        The result of ``compute()``, or an identical copy loaded from disk.

    Examples
    --------
    >>> cached("square", {"x": 3}, lambda: 3 * 3)
    9
    """
    folder = os.environ.get("DLGUIDE_CACHE_DIR")
    if not folder:
        return compute()
    key_data = json.dumps(
        {"name": name, "params": params, "source": _source_hash(compute)},
        sort_keys=True,
        default=str,
    )
    key = hashlib.sha256(key_data.encode()).hexdigest()[:24]
    path = Path(folder) / f"{name}-{key}.pt"
    if path.is_file():
        return torch.load(path, weights_only=False)
    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    torch.save(result, tmp)
    tmp.replace(path)
    return result
