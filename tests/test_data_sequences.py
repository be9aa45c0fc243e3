"""dlguide.data.sequences: shapes, determinism, the adding-problem baseline, text helpers."""

import math

import pytest
import torch

from dlguide.data.sequences import (
    ADDING_BASELINE_MSE,
    TEXT,
    adding_problem,
    char_dataset,
    decode,
    encode,
    sine_waves,
    vocabulary,
)


@pytest.mark.parametrize(("n", "T"), [(1, 2), (5, 3), (16, 100)])
def test_adding_problem_shapes_and_dtype(n, T):
    x, y = adding_problem(n, T)
    assert x.shape == (n, T, 2) and y.shape == (n,)
    assert x.dtype == y.dtype == torch.float32
    x64, y64 = adding_problem(n, T, dtype=torch.float64)
    assert x64.dtype == y64.dtype == torch.float64
    torch.testing.assert_close(x64.float(), x)


def test_adding_problem_has_one_marker_in_each_half_and_sums_them():
    T = 31
    x, y = adding_problem(200, T, seed=3, dtype=torch.float64)
    values, markers = x[..., 0], x[..., 1]
    assert set(markers.unique().tolist()) == {0.0, 1.0}
    assert markers[:, : T // 2].sum(dim=1).eq(1).all()
    assert markers[:, T // 2 :].sum(dim=1).eq(1).all()
    assert values.min() >= 0 and values.max() <= 1
    torch.testing.assert_close(y, (values * markers).sum(dim=1))


def test_adding_problem_is_deterministic_per_seed():
    a = adding_problem(8, 20, seed=1)
    b = adding_problem(8, 20, seed=1)
    c = adding_problem(8, 20, seed=2)
    assert all(torch.equal(u, v) for u, v in zip(a, b, strict=True))
    assert not torch.equal(a[0], c[0])


def test_adding_baseline_mse_is_one_sixth_empirically():
    _, y = adding_problem(200_000, 2, seed=0, dtype=torch.float64)
    # Always answering 1 (the mean of the target) scores Var(U1 + U2) = 2/12.
    mse = ((y - 1.0) ** 2).mean().item()
    assert ADDING_BASELINE_MSE == pytest.approx(1 / 6)
    assert mse == pytest.approx(ADDING_BASELINE_MSE, abs=2e-3)
    assert y.mean().item() == pytest.approx(1.0, abs=5e-3)  # so 1 is the best constant


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0, "T": 5}, ValueError, r"n must be a positive int, got 0"),
        ({"n": 2, "T": 1}, ValueError, r"T must be an int >= 2, got 1"),
        ({"n": 2.0, "T": 5}, TypeError, r"n must be an int, got float"),
        ({"n": 2, "T": 5, "dtype": torch.int64}, TypeError, r"floating dtype, got torch.int64"),
    ],
)
def test_adding_problem_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        adding_problem(**kwargs)


def test_sine_waves_shapes_shift_and_range():
    x, y = sine_waves(10, 40, seed=5)
    assert x.shape == y.shape == (10, 40, 1)
    torch.testing.assert_close(x[:, 1:], y[:, :-1])
    assert x.abs().max() <= 1.0


def test_sine_waves_follow_their_period():
    # With a single period P, the wave repeats after P steps.
    x, _ = sine_waves(4, 60, seed=0, period_range=(20.0, 20.0), dtype=torch.float64)
    torch.testing.assert_close(x[:, 20:], x[:, :-20])


def test_sine_waves_are_deterministic_per_seed():
    assert torch.equal(sine_waves(3, 10, seed=4)[0], sine_waves(3, 10, seed=4)[0])
    assert not torch.equal(sine_waves(3, 10, seed=4)[0], sine_waves(3, 10, seed=5)[0])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 2, "T": 0}, ValueError, r"T must be a positive int, got 0"),
        ({"n": 2, "T": 5, "period_range": (5.0, 2.0)}, ValueError, r"0 < low <= high"),
        ({"n": 2, "T": 5, "dtype": torch.int32}, TypeError, r"floating dtype"),
    ],
)
def test_sine_waves_reject_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        sine_waves(**kwargs)


def test_text_is_the_zen_of_python():
    lines = TEXT.splitlines()
    assert len(lines) == 19
    assert lines[0] == "Beautiful is better than ugly."
    assert lines[-1].startswith("Namespaces are one honking great idea")


def test_vocabulary_is_sorted_and_distinct():
    vocab = vocabulary()
    assert list(vocab) == sorted(set(TEXT))
    assert vocabulary("banana") == "abn"


def test_encode_decode_round_trip():
    vocab = vocabulary()
    ids = encode(TEXT, vocab)
    assert ids.dtype == torch.long and ids.shape == (len(TEXT),)
    assert decode(ids, vocab) == TEXT
    assert decode([0, 1], "ab") == "ab"


@pytest.mark.parametrize("seq_len", [1, 16, 100])
def test_char_dataset_windows_are_shifted_by_one(seq_len):
    x, y, vocab = char_dataset(seq_len=seq_len)
    N = len(TEXT) - seq_len
    assert x.shape == y.shape == (N, seq_len)
    assert torch.equal(x[:, 1:], y[:, :-1])
    assert decode(x[5], vocab) == TEXT[5 : 5 + seq_len]
    assert decode(y[-1], vocab) == TEXT[-seq_len:]


def test_char_dataset_on_custom_text():
    x, y, vocab = char_dataset("abcabc", seq_len=2)
    assert vocab == "abc"
    assert x.tolist() == [[0, 1], [1, 2], [2, 0], [0, 1]]
    assert y.tolist() == [[1, 2], [2, 0], [0, 1], [1, 2]]


def test_text_helpers_reject_bad_input():
    with pytest.raises(ValueError, match=r"characters \['z'\] of text are not in the vocab"):
        encode("az", "ab")
    with pytest.raises(ValueError, match=r"indices must be in \[0, 2\), got \[2\]"):
        decode([0, 2], "ab")
    with pytest.raises(ValueError, match=r"indices must have shape \(T,\), got \(1, 2\)"):
        decode(torch.zeros(1, 2, dtype=torch.long), "ab")
    with pytest.raises(ValueError, match=r"at least seq_len \+ 1 = 11 characters, got 5"):
        char_dataset("hello", seq_len=10)
    with pytest.raises(ValueError, match=r"seq_len must be a positive int, got 0"):
        char_dataset(seq_len=0)
    with pytest.raises(ValueError, match="must not be empty"):
        vocabulary("")
    with pytest.raises(TypeError, match="text must be a str, got int"):
        vocabulary(3)


def test_baseline_constant_matches_its_formula():
    assert math.isclose(ADDING_BASELINE_MSE, 2 * (1 / 12))
