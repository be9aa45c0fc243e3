"""Scaled dot-product attention from scratch, and a small attention network built on it.

Attention lets every position of a sequence read every other position in one step. Each
position asks a *query*; every position offers a *key* and a *value*; the answer is the
average of the values, weighted by how well each key matches the query:

``Attention(Q, K, V) = softmax(Q K^T / sqrt(E)) V``

as in Vaswani et al. (2017, "Attention is all you need"), which dropped recurrence for it;
Bahdanau, Cho & Bengio (2015, "Neural machine translation by jointly learning to align and
translate") first let a recurrent translator attend over its input. This module writes:

- :func:`scaled_dot_product_attention`: the formula, with the arguments and mask semantics of
  ``torch.nn.functional.scaled_dot_product_attention`` (a bool mask is True where a query may
  look, a float mask is added to the scores; ``is_causal`` hides the future);
- :func:`attention_weights`: the softmax matrix alone, to look at; :func:`causal_mask`;
- :class:`MultiheadAttention`: several attentions side by side on learned projections, with
  the parameter names and layout of ``torch.nn.MultiheadAttention`` (``batch_first=True``);
- :func:`sinusoidal_positions`: the position code of Vaswani et al., since attention by itself
  does not know the order of its inputs;
- :class:`AttentionNet`: an encoder (input projection, positions, pre-norm residual
  self-attention as in Xiong et al. 2020, mean pooling, linear read-out) for the adding problem of
  :mod:`dlguide.data.sequences`, trained by :func:`dlguide.train.attention.train_adding_attention`.

Shape letters: N batch (any number of leading batch dimensions ``*``), L query positions,
S key/value positions, E query/key features, Ev value features, T time steps, D input
features, O outputs.

The guide page on recurrent networks teaches this in its section on attention.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from dlguide import checks

__all__ = [
    "AttentionNet",
    "MultiheadAttention",
    "attention_weights",
    "causal_mask",
    "scaled_dot_product_attention",
    "sinusoidal_positions",
]


# --------------------------------------------------------------------------------------------
# Input checks: "key must have E = 4 features like query, got shape (2, 5, 3)", not a bmm error.
# --------------------------------------------------------------------------------------------


def _check_qkv(query: object, key: object, value: object) -> tuple[int, ...]:
    """Check query, key and value; return the broadcast batch shape."""
    query = checks.floating(query, "query")
    for name, t in (("key", key), ("value", value)):
        t = checks.floating(t, name)
        if t.dtype != query.dtype:
            raise TypeError(
                f"query, key and value must have the same dtype, got query {query.dtype} "
                f"and {name} {t.dtype}; convert one of them with .to()"
            )
    for name, t, layout in (
        ("query", query, "(*, L, E)"),
        ("key", key, "(*, S, E)"),
        ("value", value, "(*, S, Ev)"),
    ):
        checks.tensor(t, name, ndim=range(2, 9), layout=f"{layout} (rank 2 or more)")
    if key.shape[-1] != query.shape[-1]:
        raise ValueError(
            f"key must have E = {query.shape[-1]} features in its last dimension like query "
            f"{tuple(query.shape)}, got shape {tuple(key.shape)}"
        )
    if value.shape[-2] != key.shape[-2]:
        raise ValueError(
            f"value must have S = {key.shape[-2]} positions like key {tuple(key.shape)}, "
            f"got shape {tuple(value.shape)}"
        )
    if key.shape[-2] == 0:
        raise ValueError(f"key must have at least one position, got shape {tuple(key.shape)}")
    try:
        batch = torch.broadcast_shapes(query.shape[:-2], key.shape[:-2], value.shape[:-2])
    except RuntimeError:
        raise ValueError(
            "the batch dimensions of query, key and value must broadcast, got shapes "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        ) from None
    return tuple(batch)


def _mask_scores(
    scores: Tensor, attn_mask: object, is_causal: object, dtype: torch.dtype
) -> Tensor:
    """Apply a bool or float mask, or the causal mask, to the scores (*, L, S)."""
    if not isinstance(is_causal, bool):
        raise TypeError(f"is_causal must be a bool, got {type(is_causal).__name__} {is_causal!r}")
    L, S = scores.shape[-2:]
    if is_causal:
        if attn_mask is not None:
            raise ValueError(
                "give either attn_mask or is_causal=True, not both: is_causal builds its own "
                "mask (pass causal_mask(L, S) & your_mask as attn_mask to combine them)"
            )
        attn_mask = causal_mask(L, S, device=scores.device)
    if attn_mask is None:
        return scores
    mask = checks.tensor(attn_mask, "attn_mask")
    if mask.dtype != torch.bool and mask.dtype != dtype:
        raise TypeError(
            f"attn_mask must be a bool tensor (True = may attend) or a float tensor of the "
            f"query's dtype {dtype} (added to the scores), got dtype {mask.dtype}"
        )
    shape = tuple(scores.shape)
    try:
        fits = tuple(torch.broadcast_shapes(mask.shape, shape)) == shape
    except RuntimeError:
        fits = False
    if not fits:
        raise ValueError(
            f"attn_mask must broadcast to the scores' shape (*, L, S) = {shape}, "
            f"got shape {tuple(mask.shape)}"
        )
    if mask.dtype == torch.bool:
        return scores.masked_fill(~mask, float("-inf"))  # a hidden key scores -inf
    return scores + mask


def _softmax(scores: Tensor, masked: bool) -> Tensor:
    """Softmax over the last dimension; a row whose every score is -inf gets zero weights.

    ``softmax(s)_j = exp(s_j) / sum_j' exp(s_j')``, by torch's fused kernel (it subtracts the
    row maximum first, which changes nothing mathematically and keeps exp() from
    overflowing). A query whose mask hides every key attends to nothing (weights 0, output 0)
    as in torch's ``scaled_dot_product_attention``, instead of 0/0 = NaN. Only a caller's mask
    can hide a whole row (the causal mask always leaves key 0), so only then is it checked.
    """
    if not masked:
        return torch.softmax(scores, dim=-1)  # (*, L, S)
    seen = torch.isfinite(scores).any(dim=-1, keepdim=True)  # (*, L, 1)
    return torch.softmax(scores.masked_fill(~seen, 0.0), dim=-1) * seen  # (*, L, S)


def _scale(scale: object, E: int) -> float:
    if scale is None:
        return 1.0 / math.sqrt(E)
    return checks.number(scale, "scale", positive=True)


# --------------------------------------------------------------------------------------------
# The function: softmax(Q K^T / sqrt(E)) V.
# --------------------------------------------------------------------------------------------


def causal_mask(L: int, S: int | None = None, device: torch.device | None = None) -> Tensor:
    """The causal mask: query ``i`` may attend to keys ``0 .. i`` only, never to later ones.

    Parameters
    ----------
    L : int
        Query positions.
    S : int, optional
        Key positions; ``L`` when omitted. With ``S != L`` the mask is aligned at the top left,
        as torch's ``is_causal=True`` is.
    device : torch.device, optional

    Returns
    -------
    Tensor of shape (L, S), dtype bool
        True where the query may attend: the lower triangle and the diagonal.

    Examples
    --------
    >>> causal_mask(3).int().tolist()
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    L = checks.integer(L, "L", minimum=1)
    S = L if S is None else checks.integer(S, "S", minimum=1)
    return torch.ones(L, S, dtype=torch.bool, device=device).tril()


def attention_weights(
    query: Tensor,
    key: Tensor,
    attn_mask: Tensor | None = None,
    is_causal: bool = False,
    scale: float | None = None,
) -> Tensor:
    """The attention weights ``softmax(Q K^T / sqrt(E))``: how much each query reads each key.

    Same arguments as :func:`scaled_dot_product_attention`, without the values.

    Parameters
    ----------
    query : Tensor of shape (..., L, E)
    key : Tensor of shape (..., S, E)
    attn_mask : Tensor, optional
        Bool (True where the query may attend) or float (added to the scores), broadcastable
        to ``(*, L, S)``.
    is_causal : bool, default False
        Hide every key after the query's own position (:func:`causal_mask`).
    scale : float, optional
        Factor of the scores; ``1 / sqrt(E)`` when omitted.

    Returns
    -------
    Tensor of shape (..., L, S)
        Non-negative; each row sums to 1 (to 0 if its mask hides every key).

    Shape
    -----
    - Input ``query``: ``(*, L, E)``; ``key``: ``(*, S, E)``; batch dimensions ``*`` broadcast.
    - Output: ``(*, L, S)``.

    Examples
    --------
    >>> q = k = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> w = attention_weights(q, k, is_causal=True)  # (L, S) = (2, 2)
    >>> w[0].tolist(), [round(a, 2) for a in w[1].tolist()]  # query 0 sees key 0 only
    ([1.0, 0.0], [0.33, 0.67])
    """
    _check_qkv(query, key, key)
    # s_ij = q_i . k_j / sqrt(E): large when query i and key j point the same way
    scores = query @ key.mT * _scale(scale, query.shape[-1])  # (*, L, S)
    scores = _mask_scores(scores, attn_mask, is_causal, query.dtype)
    # a_ij = exp(s_ij) / sum_j' exp(s_ij'): each row a probability distribution over keys
    return _softmax(scores, masked=attn_mask is not None)  # (*, L, S)


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Tensor | None = None,
    is_causal: bool = False,
    scale: float | None = None,
) -> Tensor:
    """Scaled dot-product attention: ``softmax(Q K^T / sqrt(E)) V`` (Vaswani et al. 2017).

    Each of the L queries scores all S keys by a dot product, divided by ``sqrt(E)`` so the
    scores do not grow with the number of features; the softmax turns each row of scores into
    weights that sum to 1; the output of a query is the weighted average of the values.

    Parameters
    ----------
    query : Tensor of shape (..., L, E)
    key : Tensor of shape (..., S, E)
    value : Tensor of shape (..., S, Ev)
        All three of the same floating dtype; their batch dimensions ``*`` broadcast.
    attn_mask : Tensor, optional
        Which keys each query may read. A bool mask is True where the query **may** attend
        (False hides the key); a float mask of the query's dtype is added to the scores (0
        keeps a key, ``-inf`` hides it). Broadcastable to ``(*, L, S)``.
    is_causal : bool, default False
        Hide the future: query ``i`` reads keys ``0 .. i`` only (:func:`causal_mask`). Not
        together with ``attn_mask``.
    scale : float, optional
        Factor of the scores; ``1 / sqrt(E)`` when omitted.

    Returns
    -------
    Tensor of shape (..., L, Ev)
        A query whose mask hides every key gets zeros.

    Raises
    ------
    TypeError
        If an input is not a floating tensor, the dtypes differ, ``attn_mask`` is neither bool
        nor of the query's dtype, or ``is_causal`` is not a bool.
    ValueError
        If the shapes do not fit (E of query and key, S of key and value, batch dimensions,
        the mask), or both ``attn_mask`` and ``is_causal=True`` are given.

    Shape
    -----
    - Input ``query``: ``(*, L, E)``; ``key``: ``(*, S, E)``; ``value``: ``(*, S, Ev)``.
    - Input ``attn_mask``: broadcastable to ``(*, L, S)``.
    - Output: ``(*, L, Ev)``.

    See Also
    --------
    torch.nn.functional.scaled_dot_product_attention : the same function, fused and faster.
    attention_weights : the softmax matrix alone.

    Examples
    --------
    >>> q, k, v = torch.randn(2, 3, 4), torch.randn(2, 5, 4), torch.randn(2, 5, 6)
    >>> out = scaled_dot_product_attention(q, k, v, is_causal=True)
    >>> theirs = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    >>> tuple(out.shape), torch.allclose(out, theirs, atol=1e-6)
    ((2, 3, 6), True)
    """
    _check_qkv(query, key, value)
    weights = attention_weights(query, key, attn_mask, is_causal, scale)  # (*, L, S)
    # o_i = sum_j a_ij v_j
    return weights @ value  # (*, L, Ev)


# --------------------------------------------------------------------------------------------
# Multi-head attention (torch.nn.MultiheadAttention) and positions.
# --------------------------------------------------------------------------------------------


class MultiheadAttention(nn.Module):
    """Multi-head attention: ``h`` attentions on learned projections, side by side.

    ``head_i = Attention(Q W_q,i, K W_k,i, V W_v,i)`` for ``i = 1..h``, each of
    ``E / h`` features; the heads are concatenated and projected by ``W_o`` (Vaswani et al.
    2017, section 3.2.2). The parameters have the names and layout of
    ``torch.nn.MultiheadAttention`` (``W_q, W_k, W_v`` stacked in ``in_proj_weight``), so a
    state dict copies both ways; the inputs are batch first.

    Parameters
    ----------
    embed_dim : int
        Features E of the inputs and the output.
    num_heads : int, default 1
        Heads h; must divide ``embed_dim``.
    bias : bool, default True

    Attributes
    ----------
    in_proj_weight : Parameter of shape (3*E, E)
        ``W_q, W_k, W_v`` stacked; Xavier-uniform as in torch.
    in_proj_bias : Parameter of shape (3*E,)
        Zeros at the start.
    out_proj : torch.nn.Linear
        ``W_o``, E -> E; its bias starts at zero.

    Shape
    -----
    - Input ``query``: (N, L, E); ``key``, ``value``: (N, S, E).
    - Output: ``(out, weights)``, ``out`` (N, L, E) and ``weights`` (N, L, S) averaged over
      the heads (None if ``need_weights=False``).

    See Also
    --------
    torch.nn.MultiheadAttention : the same layer with ``batch_first=True``. Its bool
        ``attn_mask`` is True where attention is *not* allowed, the opposite of
        :func:`scaled_dot_product_attention`; this layer takes only ``is_causal``.

    Examples
    --------
    >>> mha = MultiheadAttention(8, num_heads=2)
    >>> x = torch.randn(3, 5, 8)
    >>> out, w = mha(x, x, x)
    >>> tuple(out.shape), tuple(w.shape)
    ((3, 5, 8), (3, 5, 5))
    >>> mha.load_state_dict(torch.nn.MultiheadAttention(8, 2).state_dict())
    <All keys matched successfully>
    """

    def __init__(self, embed_dim: int, num_heads: int = 1, bias: bool = True) -> None:
        super().__init__()
        self.embed_dim = checks.integer(embed_dim, "embed_dim", minimum=1)
        self.num_heads = checks.integer(num_heads, "num_heads", minimum=1)
        if embed_dim % num_heads:
            raise ValueError(
                f"num_heads must divide embed_dim, got embed_dim={embed_dim}, "
                f"num_heads={num_heads}"
            )
        E = embed_dim
        self.in_proj_weight = nn.Parameter(torch.empty(3 * E, E))
        self.in_proj_bias = nn.Parameter(torch.empty(3 * E)) if bias else None
        self.out_proj = nn.Linear(E, E, bias=bias)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Initialise as torch does: Xavier-uniform projections, zero biases."""
        nn.init.xavier_uniform_(self.in_proj_weight)
        if self.in_proj_bias is not None:
            nn.init.zeros_(self.in_proj_bias)
            nn.init.zeros_(self.out_proj.bias)

    def extra_repr(self) -> str:
        return f"{self.embed_dim}, num_heads={self.num_heads}"

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        need_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Project, attend in every head, concatenate the heads and project back.

        Parameters
        ----------
        query : Tensor
        key, value : Tensor
            The same tensor as ``query`` for self-attention.
        need_weights : bool, default True
            Also return the attention weights, averaged over the heads.
        is_causal : bool, default False
            Query ``i`` reads keys ``0 .. i`` only.

        Returns
        -------
        out : Tensor
        weights : Tensor or None

        Shape
        -----
        - Input ``query``: (N, L, E); ``key``, ``value``: (N, S, E).
        - Output: ``out`` (N, L, E); ``weights`` (N, L, S).
        """
        E, h = self.embed_dim, self.num_heads
        dtype = self.in_proj_weight.dtype
        for name, t, layout in (
            ("query", query, "(N, L, E)"),
            ("key", key, "(N, S, E)"),
            ("value", value, "(N, S, E)"),
        ):
            checks.tensor(checks.floating(t, name, dtype), name, ndim=3, layout=layout)
            if t.shape[-1] != E:
                raise ValueError(
                    f"{name} must have E = embed_dim = {E} features in its last dimension, "
                    f"got shape {tuple(t.shape)}"
                )
        if key.shape[:2] != value.shape[:2] or key.shape[0] != query.shape[0]:
            raise ValueError(
                "query (N, L, E), key (N, S, E) and value (N, S, E) must agree on N and S, "
                f"got shapes {tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
            )
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)  # 3 x (E, E)
        b_q = b_k = b_v = None
        if self.in_proj_bias is not None:
            b_q, b_k, b_v = self.in_proj_bias.chunk(3)  # 3 x (E,)

        def heads(x: Tensor, w: Tensor, b: Tensor | None) -> Tensor:
            x = nn.functional.linear(x, w, b)  # (N, L, E)
            return x.unflatten(-1, (h, E // h)).transpose(1, 2)  # (N, h, L, E/h)

        q, k, v = heads(query, w_q, b_q), heads(key, w_k, b_k), heads(value, w_v, b_v)
        weights = attention_weights(q, k, is_causal=is_causal)  # (N, h, L, S)
        out = (weights @ v).transpose(1, 2).flatten(-2)  # (N, h, L, E/h) -> (N, L, E)
        out = self.out_proj(out)  # (N, L, E)
        return out, weights.mean(dim=1) if need_weights else None  # (N, L, S)


def sinusoidal_positions(T: int, d_model: int) -> Tensor:
    """The sinusoidal position code of Vaswani et al. (2017, section 3.5).

    ``P[t, 2i] = sin(t / 10000^(2i/d))`` and ``P[t, 2i+1] = cos(t / 10000^(2i/d))``: every
    pair of features is a clock of its own period, from 2 pi steps to 10000 * 2 pi, so every
    position gets a distinct code and nearby positions get similar codes. Attention alone is
    blind to order (permuting the inputs permutes the outputs); adding this to the inputs
    tells it where each one stands.

    Parameters
    ----------
    T : int
        Positions.
    d_model : int
        Features.

    Returns
    -------
    Tensor of shape (T, d_model)

    Examples
    --------
    >>> P = sinusoidal_positions(50, 8)
    >>> tuple(P.shape), P[0, :4].tolist()  # position 0: sin 0, cos 0, ...
    ((50, 8), [0.0, 1.0, 0.0, 1.0])
    """
    T = checks.integer(T, "T", minimum=1)
    d_model = checks.integer(d_model, "d_model", minimum=1)
    t = torch.arange(T, dtype=torch.float64)[:, None]  # (T, 1)
    i = torch.arange(0, d_model, 2, dtype=torch.float64)  # (ceil(d/2),)
    angle = t / 10000.0 ** (i / d_model)  # (T, ceil(d/2))
    P = torch.stack([torch.sin(angle), torch.cos(angle)], dim=-1).flatten(-2)  # (T, 2*ceil)
    return P[:, :d_model].float()


# --------------------------------------------------------------------------------------------
# A small attention network for the adding problem.
# --------------------------------------------------------------------------------------------


class AttentionNet(nn.Module):
    """An attention encoder with one output per sequence: embed, attend, pool, read out.

    ``z_0 = x W_in^T + b_in + P`` (``P`` from :func:`sinusoidal_positions`), then for each
    layer ``z = z + MHA(LN(z))`` (self-attention on layer-normalised inputs with a residual
    connection, the pre-norm arrangement of Xiong et al. 2020), then the mean over the T
    positions and a linear read-out. Every position reaches every other in one attention step,
    however long the sequence. A Transformer layer would add a position-wise MLP after each
    attention; the adding problem needs none.

    Parameters
    ----------
    input_size : int
        Input features D.
    d_model : int
        Features of every position inside the network.
    output_size : int
        Outputs O per sequence.
    num_heads : int, default 1
    num_layers : int, default 1
    positions : bool, default True
        Add the sinusoidal position code. Without it the network cannot tell positions apart
        and its output does not change when the steps of a sequence are shuffled.

    Shape
    -----
    - Input ``x``: (N, T, D).
    - Output: (N, O).

    Examples
    --------
    >>> net = AttentionNet(2, 16, 1, num_heads=2)
    >>> tuple(net(torch.randn(3, 7, 2)).shape)
    (3, 1)
    >>> tuple(net.attention_maps(torch.randn(3, 7, 2))[0].shape)  # layer 0, (N, T, T)
    (3, 7, 7)
    """

    def __init__(
        self,
        input_size: int,
        d_model: int,
        output_size: int,
        num_heads: int = 1,
        num_layers: int = 1,
        positions: bool = True,
    ) -> None:
        super().__init__()
        self.input_size = checks.integer(input_size, "input_size", minimum=1)
        d_model = checks.integer(d_model, "d_model", minimum=1)
        checks.integer(output_size, "output_size", minimum=1)
        checks.integer(num_layers, "num_layers", minimum=1)
        self.positions = positions
        self.embed = nn.Linear(input_size, d_model)
        layers = range(num_layers)
        self.attn = nn.ModuleList(MultiheadAttention(d_model, num_heads) for _ in layers)
        self.norms = nn.ModuleList(nn.LayerNorm(d_model) for _ in layers)
        self.head = nn.Linear(d_model, output_size)

    def _run(self, x: Tensor) -> tuple[Tensor, list[Tensor]]:
        checks.tensor(checks.floating(x, "x", self.embed.weight.dtype), "x", 3, "(N, T, D)")
        if x.shape[-1] != self.input_size or x.shape[1] == 0:
            raise ValueError(
                f"x must have shape (N, T, D) with T >= 1 and D = input_size = "
                f"{self.input_size}, got shape {tuple(x.shape)}"
            )
        z = self.embed(x)  # (N, T, d_model)
        if self.positions:
            z = z + sinusoidal_positions(x.shape[1], z.shape[-1]).to(z)  # (N, T, d_model)
        maps = []
        for attn, norm in zip(self.attn, self.norms, strict=True):
            a = norm(z)
            out, w = attn(a, a, a)  # (N, T, d_model), (N, T, T)
            z = z + out  # every position reads every other in one step
            maps.append(w)
        pooled = z.mean(dim=1)  # (N, d_model)
        return self.head(pooled), maps  # (N, O)

    def forward(self, x: Tensor) -> Tensor:
        """The output of every sequence.

        Parameters
        ----------
        x : Tensor

        Returns
        -------
        Tensor

        Shape
        -----
        - Input ``x``: (N, T, D).
        - Output: (N, O).
        """
        return self._run(x)[0]

    def attention_maps(self, x: Tensor) -> list[Tensor]:
        """The attention weights of every layer, averaged over heads, to look at.

        Parameters
        ----------
        x : Tensor

        Returns
        -------
        list of Tensor
            One per layer.

        Shape
        -----
        - Input ``x``: (N, T, D).
        - Output: ``num_layers`` tensors of shape (N, T, T).
        """
        with torch.no_grad():
            return self._run(x)[1]
