"""dlguide.data.digits: the 8x8 digits as (N, 1, 8, 8) tensors and their two splits."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from dlguide.data.digits import SPLITS, load_digit_image, load_digits_split


@pytest.mark.parametrize(
    ("split", "n_train", "n_test"), [("stratified", 1437, 360), ("sklearn", 898, 899)]
)
def test_split_shapes_dtypes_and_ranges(split, n_train, n_test):
    X_train, X_test, y_train, y_test = load_digits_split(split)
    assert tuple(X_train.shape) == (n_train, 1, 8, 8)
    assert tuple(X_test.shape) == (n_test, 1, 8, 8)
    assert tuple(y_train.shape) == (n_train,) and tuple(y_test.shape) == (n_test,)
    assert X_train.dtype == X_test.dtype == torch.float32
    assert y_train.dtype == y_test.dtype == torch.int64
    for X in (X_train, X_test):
        assert float(X.min()) == 0.0 and float(X.max()) == 1.0
    assert set(y_train.tolist()) == set(y_test.tolist()) == set(range(10))


def test_stratified_split_keeps_class_shares():
    _, _, y_train, y_test = load_digits_split("stratified")
    share_train = torch.bincount(y_train, minlength=10) / len(y_train)
    share_test = torch.bincount(y_test, minlength=10) / len(y_test)
    assert float((share_train - share_test).abs().max()) < 0.01


def test_sklearn_split_is_first_half_then_second_half_unshuffled():
    bunch = load_digits()
    _, X_test, y_train, y_test = load_digits_split("sklearn")
    np.testing.assert_array_equal(y_train.numpy(), bunch.target[:898])
    np.testing.assert_array_equal(y_test.numpy(), bunch.target[898:])
    np.testing.assert_allclose(X_test[0, 0].numpy(), bunch.images[898] / 16)


def test_pixels_are_scaled_by_sixteen():
    bunch = load_digits()
    X_train, X_test, _, _ = load_digits_split("sklearn")
    restored = torch.cat([X_train, X_test])[:, 0] * 16
    np.testing.assert_array_equal(restored.numpy(), bunch.images)


def test_split_is_deterministic_and_seed_changes_it():
    first, again, other = (load_digits_split(seed=s) for s in (0, 0, 1))
    for a, b in zip(first, again, strict=True):
        assert torch.equal(a, b)
    assert not torch.equal(first[3], other[3])


def test_returned_tensors_are_independent_copies():
    X_train = load_digits_split()[0]
    X_train.zero_()
    assert float(load_digits_split()[0].max()) == 1.0
    image = load_digit_image(0)
    image.zero_()
    assert float(load_digit_image(0).max()) > 0


def test_load_digit_image_matches_sklearn():
    bunch = load_digits()
    image = load_digit_image(5)
    assert tuple(image.shape) == (8, 8) and image.dtype == torch.float32
    np.testing.assert_allclose(image.numpy(), bunch.images[5] / 16)


def test_splits_constant_lists_the_accepted_names():
    assert SPLITS == ("stratified", "sklearn")


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: load_digits_split("random"), ValueError, "split must be one of.*got 'random'"),
        (lambda: load_digits_split(seed="0"), TypeError, "seed must be an int, got '0'"),
        (
            lambda: load_digit_image(1797),
            ValueError,
            r"index must be an int in \[0, 1796\], got 1797",
        ),
        (lambda: load_digit_image(-1), ValueError, "got -1"),
        (lambda: load_digit_image(1.0), TypeError, "index must be an int, got float"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
