"""Tests for dlguide.attention: the attention function and multi-head attention against torch,
the masks, input checks, the position code, the attention network and its training recipe."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlguide.attention import (
    AttentionNet,
    MultiheadAttention,
    attention_weights,
    causal_mask,
    scaled_dot_product_attention,
    sinusoidal_positions,
)
from dlguide.train.attention import train_adding_attention

F64 = torch.float64


def _leaf(*shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=F64).requires_grad_()


def _compare(inputs, ours, theirs):
    """Run ``ours`` and ``theirs`` on copies of ``inputs``; compare values and gradients."""
    ins_a = [t.detach().clone().requires_grad_(t.requires_grad) for t in inputs]
    ins_b = [t.detach().clone().requires_grad_(t.requires_grad) for t in inputs]
    out_a, out_b = ours(*ins_a), theirs(*ins_b)
    torch.testing.assert_close(out_a, out_b)
    w = torch.randn(out_a.shape, generator=torch.Generator().manual_seed(99), dtype=F64)
    (out_a * w).sum().backward()
    (out_b * w).sum().backward()
    for a, b in zip(ins_a, ins_b, strict=True):
        if a.requires_grad:
            torch.testing.assert_close(a.grad, b.grad)


# --------------------------------------------------------------------------------------------
# The function against torch.nn.functional.scaled_dot_product_attention
# --------------------------------------------------------------------------------------------

SHAPES = [
    # (query shape, key shape, value shape)
    ((2, 3, 4), (2, 5, 4), (2, 5, 6)),  # L != S, E != Ev
    ((4, 4), (4, 4), (4, 4)),  # no batch dimension
    ((2, 3, 1, 8), (2, 3, 7, 8), (2, 3, 7, 2)),  # two batch dims (N, heads), L = 1
    ((1, 6, 3), (1, 6, 3), (1, 6, 3)),  # self-attention shape, batch 1
    ((3, 5, 2), (3, 1, 2), (3, 1, 4)),  # a single key
    ((1, 2, 4, 3), (3, 1, 6, 3), (1, 1, 6, 5)),  # broadcast batch dimensions
]


@pytest.mark.parametrize("is_causal", [False, True])
@pytest.mark.parametrize(("q", "k", "v"), SHAPES)
def test_scaled_dot_product_attention_matches_torch(q, k, v, is_causal):
    inputs = [_leaf(*q, seed=1), _leaf(*k, seed=2), _leaf(*v, seed=3)]
    _compare(
        inputs,
        lambda q, k, v: scaled_dot_product_attention(q, k, v, is_causal=is_causal),
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=is_causal),
    )


@pytest.mark.parametrize("kind", ["bool", "float", "bool-broadcast"])
def test_masks_match_torch(kind):
    q, k, v = _leaf(2, 4, 3, seed=1), _leaf(2, 6, 3, seed=2), _leaf(2, 6, 5, seed=3)
    g = torch.Generator().manual_seed(4)
    if kind == "float":
        mask = _leaf(2, 4, 6, seed=5).detach()  # any additive bias, gradients flow past it
    elif kind == "bool":
        mask = torch.rand(2, 4, 6, generator=g) > 0.4
        mask[..., 0] = True  # every query sees at least one key
    else:
        mask = torch.tensor([True, False, True, True, False, True])  # (S,), broadcast
    _compare(
        [q, k, v],
        lambda q, k, v: scaled_dot_product_attention(q, k, v, attn_mask=mask),
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=mask),
    )


def test_scale_matches_torch():
    inputs = [_leaf(2, 3, 4, seed=1), _leaf(2, 5, 4, seed=2), _leaf(2, 5, 4, seed=3)]
    _compare(
        inputs,
        lambda q, k, v: scaled_dot_product_attention(q, k, v, scale=0.3),
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, scale=0.3),
    )


@pytest.mark.parametrize("kind", ["bool", "float"])
def test_a_query_that_sees_no_key_gets_zeros_like_torch(kind):
    q, k, v = _leaf(3, 2, seed=1), _leaf(4, 2, seed=2), _leaf(4, 3, seed=3)
    mask = torch.ones(3, 4, dtype=torch.bool)
    mask[1] = False
    if kind == "float":
        mask = torch.zeros(3, 4, dtype=F64).masked_fill(~mask, float("-inf"))
    ours = scaled_dot_product_attention(q, k, v, attn_mask=mask)
    torch.testing.assert_close(ours, F.scaled_dot_product_attention(q, k, v, attn_mask=mask))
    assert torch.equal(ours[1], torch.zeros(3, dtype=F64))
    ours.sum().backward()
    assert torch.isfinite(q.grad).all() and torch.isfinite(k.grad).all()


def test_weights_are_rows_of_probabilities_and_causal_hides_the_future():
    q, k = _leaf(2, 5, 3, seed=1), _leaf(2, 5, 3, seed=2)
    w = attention_weights(q, k, is_causal=True)
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 5, dtype=F64))
    assert torch.all(w.triu(diagonal=1) == 0)
    torch.testing.assert_close(scaled_dot_product_attention(q, k, k, is_causal=True), w @ k)
    torch.testing.assert_close(
        attention_weights(q, k, is_causal=True), attention_weights(q, k, causal_mask(5))
    )


def test_causal_mask_is_the_lower_triangle_aligned_top_left():
    assert causal_mask(2, 4).int().tolist() == [[1, 0, 0, 0], [1, 1, 0, 0]]
    assert torch.equal(causal_mask(4), torch.ones(4, 4, dtype=torch.bool).tril())


def test_large_scores_do_not_overflow():
    q = torch.full((1, 2, 4), 100.0, dtype=F64)
    k = torch.full((1, 3, 4), 100.0, dtype=F64)
    w = attention_weights(q, k)
    torch.testing.assert_close(w, torch.full((1, 2, 3), 1 / 3, dtype=F64))


# --------------------------------------------------------------------------------------------
# Multi-head attention against torch.nn.MultiheadAttention
# --------------------------------------------------------------------------------------------

MHA_CASES = [
    # (E, heads, N, L, S, causal)
    (8, 2, 3, 5, 5, False),
    (8, 2, 3, 5, 5, True),
    (6, 1, 1, 4, 7, False),
    (12, 3, 2, 1, 6, False),
    (4, 4, 2, 6, 6, True),
]


@pytest.mark.parametrize(("E", "heads", "N", "L", "S", "causal"), MHA_CASES)
def test_multihead_attention_matches_torch(E, heads, N, L, S, causal):
    torch.manual_seed(0)
    theirs = nn.MultiheadAttention(E, heads, batch_first=True).double()
    ours = MultiheadAttention(E, heads).double()
    ours.load_state_dict(theirs.state_dict())
    q = _leaf(N, L, E, seed=1)
    kv = q if L == S else _leaf(N, S, E, seed=2)
    # torch's bool attn_mask is True where attention is NOT allowed: the opposite of ours
    mask = ~causal_mask(L, S) if causal else None
    ins = [q] if kv is q else [q, kv]
    copies_a = [t.detach().clone().requires_grad_() for t in ins]
    copies_b = [t.detach().clone().requires_grad_() for t in ins]
    qa, kva = copies_a[0], copies_a[-1]
    qb, kvb = copies_b[0], copies_b[-1]
    out_a, w_a = ours(qa, kva, kva, is_causal=causal)
    out_b, w_b = theirs(qb, kvb, kvb, attn_mask=mask, need_weights=True)
    torch.testing.assert_close(out_a, out_b)
    torch.testing.assert_close(w_a, w_b)
    g = torch.Generator().manual_seed(9)
    weight = torch.randn(out_a.shape, generator=g, dtype=F64)
    ((out_a * weight).sum() + w_a.sum()).backward()
    ((out_b * weight).sum() + w_b.sum()).backward()
    for a, b in zip(copies_a, copies_b, strict=True):
        torch.testing.assert_close(a.grad, b.grad)
    params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        torch.testing.assert_close(p.grad, params[name].grad, msg=f"gradient of {name}")


def test_multihead_attention_has_torch_names_shapes_and_init():
    torch.manual_seed(0)
    ours, theirs = MultiheadAttention(8, 2), nn.MultiheadAttention(8, 2)
    shapes = {n: tuple(p.shape) for n, p in theirs.state_dict().items()}
    assert {n: tuple(p.shape) for n, p in ours.state_dict().items()} == shapes
    assert torch.all(ours.in_proj_bias == 0) and torch.all(ours.out_proj.bias == 0)
    bound = (6 / (8 + 24)) ** 0.5  # Xavier-uniform on (3E, E)
    assert ours.in_proj_weight.abs().max() <= bound
    theirs.load_state_dict(ours.state_dict())
    assert MultiheadAttention(8, 2, bias=False).in_proj_bias is None


# --------------------------------------------------------------------------------------------
# Positions and the network
# --------------------------------------------------------------------------------------------


def test_sinusoidal_positions_follow_the_formula():
    P = sinusoidal_positions(7, 6)
    t, i = 5, 2  # features 2i, 2i + 1 of position t
    angle = torch.tensor(t / 10000 ** (2 * i / 6))
    torch.testing.assert_close(P[t, 2 * i], torch.sin(angle).float())
    torch.testing.assert_close(P[t, 2 * i + 1], torch.cos(angle).float())
    assert sinusoidal_positions(3, 5).shape == (3, 5)
    assert len({tuple(row.tolist()) for row in sinusoidal_positions(50, 8)}) == 50


def test_without_positions_the_network_ignores_order():
    torch.manual_seed(0)
    x = torch.randn(2, 9, 2)
    perm = torch.randperm(9)
    blind = AttentionNet(2, 8, 1, positions=False)
    torch.testing.assert_close(blind(x[:, perm]), blind(x))
    seeing = AttentionNet(2, 8, 1)
    assert not torch.allclose(seeing(x[:, perm]), seeing(x))


def test_attention_maps_are_rows_of_probabilities():
    net = AttentionNet(2, 8, 1, num_heads=2, num_layers=2)
    maps = net.attention_maps(torch.randn(3, 6, 2))
    assert len(maps) == 2
    for w in maps:
        torch.testing.assert_close(w.sum(-1), torch.ones(3, 6))


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------

q3, k3, v3 = torch.zeros(2, 3, 4), torch.zeros(2, 5, 4), torch.zeros(2, 5, 6)
BAD = [
    (lambda: scaled_dot_product_attention([1.0], k3, v3), TypeError, "query must be a torch"),
    (lambda: scaled_dot_product_attention(q3.long(), k3, v3), TypeError, "floating-point"),
    (lambda: scaled_dot_product_attention(q3, k3.double(), v3), TypeError, "same dtype"),
    (lambda: scaled_dot_product_attention(q3[0, 0], k3, v3), ValueError, r"\(\*, L, E\)"),
    (lambda: scaled_dot_product_attention(q3, k3[..., :3], v3), ValueError, "E = 4 features"),
    (lambda: scaled_dot_product_attention(q3, k3, v3[:, :4]), ValueError, "S = 5 positions"),
    (lambda: scaled_dot_product_attention(q3, k3[:, :0], v3[:, :0]), ValueError, "at least one"),
    (
        lambda: scaled_dot_product_attention(torch.zeros(3, 3, 4), k3, v3),
        ValueError,
        "must broadcast",
    ),
    (
        lambda: scaled_dot_product_attention(q3, k3, v3, causal_mask(3, 5), is_causal=True),
        ValueError,
        "not both",
    ),
    (lambda: scaled_dot_product_attention(q3, k3, v3, is_causal=1), TypeError, "must be a bool"),
    (
        lambda: scaled_dot_product_attention(q3, k3, v3, attn_mask=torch.ones(3, 5).long()),
        TypeError,
        "bool tensor",
    ),
    (
        lambda: scaled_dot_product_attention(q3, k3, v3, attn_mask=torch.ones(3, 4).bool()),
        ValueError,
        r"\(2, 3, 5\), got shape \(3, 4\)",
    ),
    (
        lambda: scaled_dot_product_attention(q3, k3, v3, attn_mask=torch.ones(4, 3, 5).bool()),
        ValueError,
        "must broadcast to",
    ),
    (lambda: scaled_dot_product_attention(q3, k3, v3, scale=0), ValueError, "positive"),
    (lambda: causal_mask(0), ValueError, "L must be a positive int"),
    (lambda: MultiheadAttention(8, 3), ValueError, "must divide embed_dim"),
    (lambda: MultiheadAttention(8)(q3, q3, q3), ValueError, "embed_dim = 8"),
    (lambda: MultiheadAttention(4)(q3[0], q3[0], q3[0]), ValueError, r"\(N, L, E\)"),
    (lambda: MultiheadAttention(4)(q3.double(), k3, k3), TypeError, "float32 parameters"),
    (lambda: MultiheadAttention(4)(q3, k3, k3[:, :2]), ValueError, "agree on N and S"),
    (lambda: AttentionNet(2, 8, 1)(torch.zeros(2, 5, 3)), ValueError, "D = input_size = 2"),
    (lambda: AttentionNet(2, 8, 1)(torch.zeros(5, 2)), ValueError, r"\(N, T, D\)"),
    (lambda: sinusoidal_positions(5, 0), ValueError, "d_model"),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------


def test_train_adding_attention_learns_short_sequences():
    out = train_adding_attention(T=10, steps=60, batch_size=32, d_model=16, lr=1e-2, eval_every=20)
    assert out.eval_steps.tolist() == [0, 20, 40, 60]
    assert out.final_mse < 0.05 and out.test_mse[-1] < out.test_mse[0]
    assert isinstance(out.model, AttentionNet) and not out.model.training


def test_train_adding_attention_leaves_the_global_rng_alone():
    before = torch.random.get_rng_state()
    a = train_adding_attention(T=8, steps=2, d_model=8, batch_size=4)
    b = train_adding_attention(T=8, steps=2, d_model=8, batch_size=4)
    assert torch.equal(torch.random.get_rng_state(), before)
    torch.testing.assert_close(a.losses, b.losses)


# --------------------------------------------------------------------------------------------
# The page's figure (docs/_figures/attention.py)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_attention_figure_draws_the_computed_weights(lang, monkeypatch):
    import sys
    from pathlib import Path

    monkeypatch.setenv("DLGUIDE_LANG", lang)
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "docs"))
    sys.modules.pop("_figures.attention", None)
    from _figures import attention as figures

    before = torch.random.get_rng_state()
    fig = figures.attention_weights_grid()
    assert torch.equal(torch.random.get_rng_state(), before)
    width, height = fig.get_size_inches()
    assert width <= 6.4 and 2.5 <= height <= 4.5
    texts = [t for t in fig.findobj(lambda o: hasattr(o, "get_text")) if t.get_text()]
    assert min(t.get_fontsize() for t in texts) >= 10
    shown = {t.get_text() for t in texts}
    gen = torch.Generator().manual_seed(figures._SEED)
    q, k = torch.randn(6, 4, generator=gen, dtype=F64), torch.randn(6, 4, generator=gen, dtype=F64)
    w = attention_weights(q, k, is_causal=True)
    assert f"{w[1, 0].item():.2f}".removeprefix("0") in shown
    hangul = any("\uac00" <= ch <= "\ud7a3" for text in shown for ch in text)
    assert hangul == (lang == "ko")
