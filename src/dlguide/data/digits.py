"""The 8x8 handwritten digits that ship with scikit-learn, as image tensors.

scikit-learn's :func:`sklearn.datasets.load_digits` holds 1,797 grey-scale images of the
digits 0-9 (Alpaydin and Kaynak, UCI "Optical Recognition of Handwritten Digits", 1998), each
8x8 pixels with integer intensities 0-16. It is installed with scikit-learn, so nothing is
downloaded. This module turns it into what a convolutional network expects: float32 images of
shape ``(N, 1, 8, 8)`` scaled to ``[0, 1]`` and int64 class labels.

Two splits are offered:

- ``"stratified"``: a shuffled 80/20 split that keeps the share of each digit the same in both
  parts (``train_test_split(..., stratify=y, random_state=seed)``).
- ``"sklearn"``: the split of scikit-learn's "Recognizing hand-written digits" example, the
  first half for training and the second half for testing, unshuffled. Its SVC
  (``gamma=0.001``) scores about 96.9 % there, a well-known reference number.

Shape letters: N images, C channels (1, grey), H and W height and width (8).

Taught on the guide's CNN page and used by its gallery (``gallery/cnn``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from dlguide import checks

__all__ = ["SPLITS", "load_digit_image", "load_digits_split"]

#: Names accepted by :func:`load_digits_split`.
SPLITS = ("stratified", "sklearn")

# Pixel intensities in load_digits run from 0 to 16.
_MAX_PIXEL = 16.0


@lru_cache(maxsize=1)
def _raw_digits() -> tuple[np.ndarray, np.ndarray]:
    # Read once per process; callers get fresh tensors, so the cached arrays are never mutated.
    # scikit-learn is imported here, not at the top: importing it (and SciPy) takes seconds,
    # and every `import dlguide.cnn` (the docs build, the tests) would pay for it.
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.images.astype(np.float32), bunch.target.astype(np.int64)


def load_digits_split(
    split: str = "stratified", seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Load the digits as train and test tensors.

    Parameters
    ----------
    split : {"stratified", "sklearn"}, default "stratified"
        ``"stratified"``: shuffled 80/20 split stratified by digit (1,437 train, 360 test).
        ``"sklearn"``: scikit-learn's example split, first half train and second half test,
        unshuffled (898 train, 899 test).
    seed : int, default 0
        ``random_state`` of the stratified split. The ``"sklearn"`` split does not shuffle and
        ignores it.

    Returns
    -------
    X_train : Tensor of shape (N_train, 1, 8, 8)
        float32 images scaled to ``[0, 1]`` (pixel / 16).
    X_test : Tensor of shape (N_test, 1, 8, 8)
        float32 images scaled to ``[0, 1]``.
    y_train : Tensor of shape (N_train,)
        int64 labels 0-9.
    y_test : Tensor of shape (N_test,)
        int64 labels 0-9.

    Raises
    ------
    ValueError
        If ``split`` is not one of :data:`SPLITS`.
    TypeError
        If ``seed`` is not an int.

    See Also
    --------
    sklearn.datasets.load_digits : the data set itself.
    sklearn.model_selection.train_test_split : the function that splits it.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = load_digits_split()
    >>> tuple(X_train.shape), tuple(X_test.shape)
    ((1437, 1, 8, 8), (360, 1, 8, 8))
    >>> X_train.dtype, y_train.dtype, float(X_train.max())
    (torch.float32, torch.int64, 1.0)
    >>> len(load_digits_split("sklearn")[1])
    899
    """
    checks.choice(split, "split", SPLITS)
    checks.integer(seed, "seed")
    from sklearn.model_selection import train_test_split

    images, target = _raw_digits()
    if split == "stratified":
        parts = train_test_split(
            images, target, test_size=0.2, stratify=target, random_state=int(seed)
        )
    else:
        # Exactly the call in scikit-learn's "Recognizing hand-written digits" example.
        parts = train_test_split(images, target, test_size=0.5, shuffle=False)
    X_train, X_test, y_train, y_test = (torch.from_numpy(np.array(p)) for p in parts)
    # (N, 8, 8) -> (N, 1, 8, 8): one grey channel, scaled from 0..16 to 0..1.
    X_train = X_train.unsqueeze(1) / _MAX_PIXEL
    X_test = X_test.unsqueeze(1) / _MAX_PIXEL
    return X_train, X_test, y_train, y_test


def load_digit_image(index: int = 0) -> torch.Tensor:
    """Load one digit as an 8x8 image, for figures.

    Parameters
    ----------
    index : int, default 0
        Position in scikit-learn's ``load_digits`` (0-1796). Image ``i`` shows digit ``i % 10``
        for the first few images.

    Returns
    -------
    Tensor of shape (8, 8)
        float32 pixel intensities scaled to ``[0, 1]``.

    Raises
    ------
    TypeError
        If ``index`` is not an int.
    ValueError
        If ``index`` is out of range.

    Examples
    --------
    >>> image = load_digit_image(0)
    >>> tuple(image.shape), image.dtype
    ((8, 8), torch.float32)
    >>> round(float(image.max()), 2)
    0.94
    """
    images, _ = _raw_digits()
    index = checks.integer(index, "index", minimum=0, maximum=len(images) - 1)
    return torch.from_numpy(images[index].copy()) / _MAX_PIXEL
