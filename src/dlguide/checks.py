"""Argument checks shared by every public function of ``dlguide``.

A learner who passes the wrong thing should read what was expected and what came, not a
torch traceback from three calls down. One rule decides which exception a check raises:

- :class:`TypeError` when the argument is of the wrong *kind*: not a tensor, a float or a bool
  where an int belongs, a dtype that does not fit (integers where floats belong, or float64
  input to float32 parameters);
- :class:`ValueError` when the kind is right but the *value* is not: a shape, a rank, a size
  out of range, a name that is not one of the options.

Every message names the argument, what was expected and what came. ``tests/test_checks.py``
tests the rule once, here; the modules only call these functions.
"""

from __future__ import annotations

import numbers
from collections.abc import Collection
from typing import TypeVar

import torch
from torch import Tensor

__all__ = ["choice", "floating", "integer", "number", "pair", "tensor"]

T = TypeVar("T")


def _kind(value: object) -> str:
    return f"{type(value).__name__} {value!r}" if isinstance(value, (bool, float)) else repr(value)


def integer(
    value: object, name: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Check that ``value`` is an integer (an int or a NumPy integer, not a bool) in range.

    Parameters
    ----------
    value : object
    name : str
        The argument's name, for the message.
    minimum, maximum : int, optional
        Inclusive bounds.

    Returns
    -------
    int
        ``value``.

    Raises
    ------
    TypeError
        If ``value`` is not an int, or is a bool.
    ValueError
        If it lies outside the bounds.

    Examples
    --------
    >>> integer(3, "steps", minimum=1)
    3
    >>> integer(0, "steps", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be a positive int, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {_kind(value)}")
    value = int(value)  # NumPy integers too
    if minimum is not None and maximum is not None:
        if not minimum <= value <= maximum:
            raise ValueError(f"{name} must be an int in [{minimum}, {maximum}], got {value!r}")
    elif minimum is not None and value < minimum:
        words = {0: "a non-negative int", 1: "a positive int"}
        raise ValueError(
            f"{name} must be {words.get(minimum, f'an int >= {minimum}')}, got {value}"
        )
    elif maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an int <= {maximum}, got {value}")
    return value


def number(value: object, name: str, positive: bool = False) -> float:
    """Check that ``value`` is a real number (int or float, not a bool), positive if asked.

    Parameters
    ----------
    value : object
    name : str
    positive : bool, default False
        Require ``value > 0``.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``value`` is not an int or a float.
    ValueError
        If ``positive`` and ``value <= 0`` (or NaN).

    Examples
    --------
    >>> number(2, "lr", positive=True)
    2.0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    if positive and not value > 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return float(value)


def choice(value: T, name: str, options: Collection[T]) -> T:
    """Check that ``value`` is one of ``options``.

    Raises
    ------
    ValueError
        If it is not (a name that is not an option is a wrong value, not a wrong type).

    Examples
    --------
    >>> choice("lstm", "kind", ("rnn", "lstm"))
    'lstm'
    >>> choice("gru", "kind", ("rnn", "lstm"))
    Traceback (most recent call last):
    ...
    ValueError: kind must be one of 'rnn', 'lstm', got 'gru'
    """
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def pair(value: object, name: str, minimum: int | None = None) -> tuple[int, int]:
    """Turn an int or a pair of ints into a pair, as torch's ``_pair`` does, and check it.

    Parameters
    ----------
    value : int or (int, int)
    name : str
    minimum : int, optional
        Smallest allowed entry (1 for a kernel size or a stride, 0 for padding).

    Returns
    -------
    (int, int)

    Raises
    ------
    TypeError
        If an entry is not an int (or is a bool).
    ValueError
        If a sequence does not hold exactly two entries, or an entry is below ``minimum``.

    Examples
    --------
    >>> pair(3, "kernel_size"), pair((1, 2), "stride", minimum=1)
    ((3, 3), (1, 2))
    """
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
        entries = tuple(value)
    else:
        entries = (value, value)
    for entry in entries:
        if isinstance(entry, bool) or not isinstance(entry, int):
            raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    if minimum is not None and min(entries) < minimum:
        bound = {0: "non-negative", 1: "positive"}.get(minimum, f">= {minimum}")
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return entries  # type: ignore[return-value]


def tensor(
    value: object,
    name: str,
    ndim: int | Collection[int] | None = None,
    layout: str | None = None,
) -> Tensor:
    """Check that ``value`` is a tensor, of a given rank if asked.

    Parameters
    ----------
    value : object
    name : str
    ndim : int or collection of int, optional
        Allowed ranks.
    layout : str, optional
        The expected shape in letters, for the message (``"(N, C, H, W)"``).

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        If ``value`` is not a :class:`torch.Tensor`.
    ValueError
        If its rank is not allowed.

    Examples
    --------
    >>> tensor(torch.zeros(2, 3), "x", ndim=2).shape
    torch.Size([2, 3])
    """
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if value.dim() not in allowed:
            want = layout or " or ".join(f"rank {r}" for r in allowed)
            raise ValueError(
                f"{name} must have shape {want}, got rank {value.dim()} "
                f"with shape {tuple(value.shape)}"
            )
    return value


def floating(value: object, name: str, dtype: torch.dtype | None = None) -> Tensor:
    """Check that ``value`` is a floating-point tensor, of ``dtype`` if given.

    Raises
    ------
    TypeError
        If it is not a tensor, not floating point, or not of ``dtype``.

    Examples
    --------
    >>> floating(torch.zeros(2), "x").dtype
    torch.float32
    >>> floating(torch.zeros(2, dtype=torch.long), "x")
    Traceback (most recent call last):
    ...
    TypeError: x must be a floating-point tensor (...), got dtype torch.int64; ...
    """
    tensor(value, name)
    if not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor (for example torch.float32), "
            f"got dtype {value.dtype}; convert it with .float()"
        )
    if dtype is not None and value.dtype != dtype:
        raise TypeError(
            f"{name} must match the {dtype} parameters, got dtype {value.dtype}; "
            f"convert one of them with .to()"
        )
    return value
