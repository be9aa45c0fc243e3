"""
Train an LSTM forecaster yourself
=================================

The starter to copy: an LSTM learns to continue sine waves, with its model, its loss, its
optimiser and its training loop (gradient clipping included) written out in this file. Then
it forecasts waves it has never seen, feeding its own predictions back in.
"""

# %%
# Data, model, loss and optimiser
# -------------------------------
#
# Every training step draws 32 fresh sine waves of random period and phase
# (:func:`dlguide.data.sequences.sine_waves`); at each of the 60 steps the model reads the
# current value and predicts the next one. The model is :class:`dlguide.rnn.LSTM`, the
# from-scratch LSTM layer, with a linear read-out of its hidden state at every step. A little
# noise on the inputs teaches it to recover from its own small errors when it later forecasts
# from its own predictions.
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from dlguide.data.sequences import sine_waves
from dlguide.plotting import setup_fonts, tr
from dlguide.rnn import LSTM, set_forget_bias_

torch.manual_seed(0)  # the initial weights and the input noise
torch.set_num_threads(1)  # tiny networks: more threads gain little and stall on a busy machine
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

T = 60  # steps of each training sequence
STEPS = 400  # optimisation steps, a fresh batch each
BATCH_SIZE = 32  # waves per batch
HIDDEN = 64  # hidden units H
LR = 1e-2  # Adam's learning rate
CLIP = 1.0  # largest gradient norm
NOISE = 0.05  # standard deviation of the noise on the inputs


class Forecaster(nn.Module):
    """An LSTM layer and a linear read-out: x (N, T, 1) -> next values (N, T, 1)."""

    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.lstm = LSTM(input_size=1, hidden_size=hidden_size)
        set_forget_bias_(self.lstm, 1.0)  # start by remembering (Jozefowicz et al., 2015)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x, state=None):
        h, state = self.lstm(x, state)  # (N, T, H), final (h, c)
        return self.head(h), state  # (N, T, 1)


model = Forecaster(HIDDEN)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

# %%
# The training loop
# -----------------
#
# Backpropagation through time sends the gradient back along all 60 steps; clipping its norm
# (Pascanu, Mikolov and Bengio, 2013) keeps one unlucky batch from throwing the weights far
# off.
losses = []
for step in range(STEPS):
    x, y = sine_waves(BATCH_SIZE, T, seed=step)  # (B, T, 1): x_t and x_{t+1}
    x = x + NOISE * torch.randn_like(x)

    # gradients add up in .grad: reset them, dL/dθ ← 0
    optimizer.zero_grad()
    # forward: one prediction per step, ŷ_t = W h_t + b
    prediction, _ = model(x)  # (B, T, 1)
    # loss: L = (1 / BT) Σ_t (ŷ_t - x_{t+1})²
    loss = F.mse_loss(prediction, y)
    # backward: dL/dθ through all T steps (backpropagation through time)
    loss.backward()
    # clip: g ← g · min(1, CLIP / ‖g‖)
    nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    # step: θ ← θ - lr · m̂ / (√v̂ + ε)
    optimizer.step()

    losses.append(loss.item())
    if (step + 1) % 100 == 0:
        print(f"step {step + 1}: training MSE {loss.item():.5f}")

# %%
# Forecast waves it has never seen
# --------------------------------
#
# Held-out waves (a seed no training batch used): the model reads 40 steps, then continues on
# its own for 60, each prediction becoming the next input.
CONTEXT, HORIZON = 40, 60
waves, _ = sine_waves(3, CONTEXT + HORIZON, seed=10_000)  # (3, 100, 1)
context, future = waves[:, :CONTEXT], waves[:, CONTEXT:]  # (3, 40, 1), (3, 60, 1)

model.eval()
with torch.no_grad():
    prediction, state = model(context)  # reads the context
    value = prediction[:, -1:]  # (3, 1, 1): the first value after the context
    forecast = [value]
    for _ in range(HORIZON - 1):
        value, state = model(value, state)  # its own prediction is the next input
        forecast.append(value)
forecast = torch.cat(forecast, dim=1)  # (3, 60, 1)
forecast_mse = F.mse_loss(forecast, future).item()
print(f"forecast MSE over {HORIZON} steps: {forecast_mse:.4f}")

fig, (ax_loss, ax_wave) = plt.subplots(
    1, 2, figsize=(7.5, 2.8), layout="constrained", width_ratios=(1, 1.6)
)
ax_loss.semilogy(range(1, STEPS + 1), losses, color="C0", lw=0.8)
ax_loss.set_xlabel(tr("training step", "학습 단계"))
ax_loss.set_ylabel(tr("mean squared error", "평균 제곱 오차"))
ax_loss.set_title(tr("training loss", "학습 손실"), fontsize=10)
t = torch.arange(CONTEXT + HORIZON)
for i in range(3):
    offset = 2.5 * i  # one wave above the other
    ax_wave.plot(t, waves[i, :, 0] + offset, color="0.6", lw=1)
    ax_wave.plot(t[CONTEXT:], forecast[i, :, 0] + offset, color=f"C{i + 1}", lw=1.5, ls="--")
ax_wave.axvline(CONTEXT - 0.5, color="k", lw=0.8, ls=":")
ax_wave.set_yticks([])
ax_wave.set_xlabel(tr("time step t", "시점 t"))
ax_wave.set_title(
    tr(
        f"grey: true waves, dashed: forecast (MSE {forecast_mse:.3f})",
        f"회색: 실제 파형, 점선: 예측 (MSE {forecast_mse:.3f})",
    ),
    fontsize=10,
)
ax_wave.set_ylim(-1.3, 6.3)
plt.show()
