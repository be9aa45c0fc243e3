"""
The vanishing gradient, measured
================================

When the loss looks only at the last step, how much gradient reaches the earlier hidden
states? We measure ``||dL/dh_t||`` at every step for a vanilla RNN and an LSTM, and see how the
LSTM's forget-gate bias decides whether the gradient survives.
"""

# %%
# Measure the gradient at every step
# ----------------------------------
#
# :func:`dlguide.metrics.gradient_norms_through_time` runs a freshly initialised cell over 100
# random input steps, from the zero state ``h_0`` to ``h_1, ..., h_100``, takes the loss
# ``L = v . h_T`` from the last hidden state only, and returns the norm of the gradient with
# respect to every hidden state ``h_1, ..., h_T`` (entry ``t - 1`` of the result is
# ``||dL/dh_t||``). The gradient at the last step is 1 by construction; each step back
# multiplies it by one more Jacobian ``dh_{t+1}/dh_t``.
import matplotlib.pyplot as plt
import numpy as np
import torch

from dlguide.metrics import gradient_norms_through_time
from dlguide.plotting import setup_fonts, tr
from dlguide.rnn import RNNCell

torch.manual_seed(0)
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

T = 100
HIDDEN_SIZE = 32
FORGET_BIASES = (0.0, 1.0, 2.0)

rnn = gradient_norms_through_time("rnn", T, hidden_size=HIDDEN_SIZE).numpy()
lstm_default = gradient_norms_through_time("lstm", T, hidden_size=HIDDEN_SIZE).numpy()
lstm = {
    b: gradient_norms_through_time("lstm", T, hidden_size=HIDDEN_SIZE, forget_bias=b).numpy()
    for b in FORGET_BIASES
}
for name, norms in [("RNN", rnn), ("LSTM, torch init", lstm_default)] + [
    (f"LSTM, forget bias {b:g}", n) for b, n in lstm.items()
]:
    print(f"{name:22s} ||dL/dh_1|| = {norms[0]:.1e}")
factor = (rnn[0] / rnn[-1]) ** (1 / (T - 1))  # geometric mean of the 99 factors
print(f"RNN: mean factor per step back {factor:.2f}, so {1 - factor:.0%} of the gradient is lost")
print(f"     per step, and ||dL/dh_1|| / ||dL/dh_{T}|| = {rnn[0] / rnn[-1]:.1e}")

# %%
# RNN against LSTM
# ----------------
#
# On a log scale, a geometric decay is a straight line. The tanh RNN loses the share of its
# gradient per step printed above, and after 99 steps back almost nothing is left (the ratio
# printed above): nothing that happened at the start of the sequence can be learned from this
# loss. An LSTM with its forget gate started open
# (bias 1) decays far more slowly, because its cell state carries the gradient through a sum,
# ``c_t = f_t * c_{t-1} + i_t * g_t``, scaled only by the forget gate ``f_t``.
steps = np.arange(1, T + 1)  # h_1 ... h_T; h_0 is the zero state
# 6.88 in at 100 dpi fills the 688-pixel text column of a chapter page: 10 pt is 14 px there
fig1, ax1 = plt.subplots(figsize=(6.88, 3.2), layout="constrained")
ax1.semilogy(steps, rnn, label=tr("vanilla RNN (tanh)", "기본 RNN(tanh)"), color="C3")
ax1.semilogy(
    steps, lstm[1.0], label=tr("LSTM, forget bias 1", "LSTM, 망각 게이트 편향 1"), color="C0"
)
ax1.set_xlabel(tr("time step t", "시점 t"))
ax1.set_ylabel(tr("gradient norm ‖∂L/∂hₜ‖", "기울기 노름 ‖∂L/∂hₜ‖"))
ax1.set_title(
    tr(
        "Vanishing gradient over 100 steps: loss at the last step",
        "100시점에 걸친 기울기 소실: 마지막 시점의 손실",
    ),
    fontsize=11,
)
ax1.legend(fontsize=10, loc="lower right")
ax1.grid(True, which="major", alpha=0.3)

# %%
# The forget-gate bias
# --------------------
#
# torch draws every bias from a small uniform range, so the forget gate starts near
# ``sigmoid(0) = 0.5`` and the LSTM forgets half of its cell state (and of the gradient) at
# every step: at initialisation it vanishes as fast as the RNN. Setting the forget-gate bias
# to 1 (Gers et al. 2000; Jozefowicz et al. 2015) starts the gate near 0.73, and 2 near 0.88,
# which keeps the gradient alive over the whole sequence. Training can then close the gate
# where forgetting helps.
colors = {0.0: "C7", 1.0: "C0", 2.0: "C2"}
fig2, ax2 = plt.subplots(figsize=(6.88, 3.2), layout="constrained")
for b in FORGET_BIASES:
    ax2.semilogy(
        steps, lstm[b], color=colors[b], label=tr(f"forget bias {b:g}", f"망각 게이트 편향 {b:g}")
    )
ax2.set_ylim(ax1.get_ylim())  # the same scale as the figure above, to compare with the RNN
ax2.set_xlabel(tr("time step t", "시점 t"))
ax2.set_ylabel(tr("gradient norm ‖∂L/∂hₜ‖", "기울기 노름 ‖∂L/∂hₜ‖"))
ax2.set_title(tr("LSTM: forget-gate bias", "LSTM: 망각 게이트 편향"), fontsize=11)
ax2.legend(fontsize=10, loc="lower right")
ax2.grid(True, which="major", alpha=0.3)

# %%
# Why the RNN's gradient shrinks
# ------------------------------
#
# For the RNN, ``dh_{t+1}/dh_t = diag(1 - h_{t+1}^2) W_hh``: the recurrent weights times the
# slope of tanh, which is 1 at zero and smaller everywhere else. What sets the decay over many
# steps is not the largest singular value ``sigma_max`` of ``W_hh`` (that bounds a single
# step) but its spectral radius ``rho``, the largest absolute eigenvalue: a product of many
# copies of one matrix grows or shrinks like ``rho`` to the power of their number. torch draws
# every entry of ``W_hh`` from U(-1/sqrt(H), 1/sqrt(H)), of variance 1/(3H), so its
# eigenvalues fill a disc of radius about 1/sqrt(3) (the circular law) while ``sigma_max`` is
# about twice that, above 1. The cell below is the one measured above (same seed); the last
# line draws 100 more.
torch.manual_seed(0)  # the seed gradient_norms_through_time uses: the same W_hh
cell = RNNCell(2, HIDDEN_SIZE)
W_hh = cell.weight_hh.detach().double()
sigma_max = torch.linalg.svdvals(W_hh)[0].item()
rho = torch.linalg.eigvals(W_hh).abs().max().item()
print(f"largest singular value sigma_max of W_hh: {sigma_max:.2f}")
print(f"spectral radius rho of W_hh:              {rho:.2f}  (circular law: {3**-0.5:.2f})")
print(f"measured mean factor per step (RNN):      {factor:.2f}")
draws = [RNNCell(2, HIDDEN_SIZE).weight_hh.detach().double() for _ in range(100)]
above = sum(torch.linalg.svdvals(W)[0].item() > 1 for W in draws)
print(f"draws of W_hh with sigma_max > 1: {above} of {len(draws)}")

# %%
# The measured factor per step sits at or a little below ``rho``, not near ``sigma_max``: the
# tanh slopes below 1 shrink it a little further. So even though one step can stretch some
# directions (``sigma_max > 1``), a product of 99 steps collapses geometrically. Weights with
# ``rho`` well above 1 would make it explode instead (the exploding gradient, which gradient
# clipping tames). Only a product kept near 1 carries the signal, and that is what the LSTM's
# additive cell state provides.

plt.show()
