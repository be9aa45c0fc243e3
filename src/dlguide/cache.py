"""An on-disk cache for trained models, keyed by the arguments and the package's source.

The guide is built once per language, and the gallery scripts train the same models with the
same seeds in both builds: the figures differ (their text is translated), the numbers do not.
A recipe decorated with :func:`cached` stores its result under ``$DLGUIDE_CACHE_DIR`` when
that variable is set (the docs build sets it) and otherwise simply runs: a script copied out
of the guide trains from scratch, as a reader expects.

The key holds the recipe's name, its arguments (defaults filled in) and a hash of every
Python file of the ``dlguide`` package, so an edit anywhere in the package (a model, a
data set, the training loop) trains again. A callable argument is keyed by its qualified name,
its bound arguments (for :func:`functools.partial`) and its source file; a lambda or a nested
function has no stable name, so a call with one is not cached.

With ``DLGUIDE_CACHE_REFRESH=1`` as well, every call computes and stores its result and none is
read: the docs build does this for its first language, so the running times that language's
gallery pages report are the times of real training, and the other languages reuse the models.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import torch

__all__ = ["cached", "package_hash"]

P = ParamSpec("P")
R = TypeVar("R")

PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def package_hash() -> str:
    """Hash of every ``.py`` file of the installed ``dlguide`` package (paths and contents).

    Returns
    -------
    str
        16 hexadecimal digits; any edit to any module of the package changes it.

    Examples
    --------
    >>> len(package_hash())
    16
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _callable_key(fn: Callable) -> dict | None:
    args: tuple = ()
    keywords: dict = {}
    if isinstance(fn, functools.partial):
        fn, args, keywords = fn.func, fn.args, dict(fn.keywords)
    qualname = getattr(fn, "__qualname__", "")
    if not inspect.isfunction(fn) or not qualname or "<" in qualname:
        return None  # a lambda, a closure or a callable object: no stable name
    try:
        source = hashlib.sha256(Path(inspect.getsourcefile(fn) or "").read_bytes()).hexdigest()
    except (OSError, TypeError):
        return None
    return {
        "name": f"{fn.__module__}.{qualname}",
        "args": repr(args),
        "keywords": repr(sorted(keywords.items())),
        "source": source[:16],
    }


def _key(name: str, arguments: dict) -> str | None:
    plain = {}
    for arg, value in arguments.items():
        if callable(value):
            value = _callable_key(value)
            if value is None:
                return None
        plain[arg] = value
    data = json.dumps(
        {"name": name, "arguments": plain, "package": package_hash()}, sort_keys=True, default=repr
    )
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a recipe so that its result is stored and reused when ``DLGUIDE_CACHE_DIR`` is set.

    Parameters
    ----------
    fn : callable
        A deterministic function of its arguments whose result :func:`torch.save` can store.

    Returns
    -------
    callable
        ``fn`` with the same signature and docstring. Without ``DLGUIDE_CACHE_DIR`` it just
        calls ``fn``; with it, it loads the result stored for the same arguments and the same
        package source, or calls ``fn`` and stores what it returns (always the latter with
        ``DLGUIDE_CACHE_REFRESH=1``).

    Examples
    --------
    >>> @cached
    ... def square(x: int) -> int:
    ...     return x * x
    >>> square(3)
    9
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        folder = os.environ.get("DLGUIDE_CACHE_DIR")
        if not folder:
            return fn(*args, **kwargs)
        bound = inspect.signature(fn).bind(*args, **kwargs)
        bound.apply_defaults()
        key = _key(fn.__qualname__, dict(bound.arguments))
        if key is None:
            return fn(*args, **kwargs)
        path = Path(folder) / f"{fn.__name__}-{key}.pt"
        if path.is_file() and os.environ.get("DLGUIDE_CACHE_REFRESH") != "1":
            return torch.load(path, weights_only=False)
        result = fn(*args, **kwargs)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        torch.save(result, tmp)
        tmp.replace(path)
        return result

    return wrapper
