"""
Forecasting and generating sequences
====================================

The same LSTM layer, trained to predict the next element of a sequence, can continue it: a
sine wave into the future, or a text one character at a time. We measure how a forecast drifts
once the model reads its own predictions, and score the text model by its perplexity.
"""

# %%
# Learn to predict the next value of a sine wave
# ----------------------------------------------
#
# Each training sequence is 60 steps of a sine wave with a random period (12 to 40 steps) and
# phase. At every step the LSTM (64 hidden units) sees the current value and predicts the next
# one; the loss is the mean squared error over all steps. Its input at every step is the
# *true* previous value, never its own prediction: that is **teacher forcing**. A little
# Gaussian noise on the inputs (standard deviation 0.05) shows it slightly wrong inputs during
# training too, which matters below, when it reads its own predictions.
import math

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlguide.data.sequences import sine_waves
from dlguide.plotting import setup_fonts, tr
from dlguide.rnn import forecast, sample_text
from dlguide.train.rnn import train_chars, train_sine

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SINE_T = 60  # length of each training sequence
HIDDEN = 64  # LSTM hidden units
NOISE = 0.05  # standard deviation of the Gaussian noise on the inputs
CONTEXT = 40  # steps the model reads before it forecasts
HORIZON = 60  # steps it forecasts by feeding back its own predictions
CHECKPOINTS = (0, 100, 300, 600)
N_TEST = 200  # held-out waves on which the drift is measured
TEMPERATURES = (0.5, 1.0, 1.5)

sine = train_sine(T=SINE_T, hidden_size=HIDDEN, noise=NOISE)
print(
    f"sine: training MSE {sine.losses[:10].mean():.3f} -> "
    f"{sine.losses[-10:].mean():.5f} in {len(sine.losses)} steps"
)

# %%
# Forecast by feeding predictions back
# ------------------------------------
#
# Given the first 40 steps of new waves, the model predicts step 41, then reads its own
# prediction to predict step 42, and so on for 60 steps. Small errors can add up, since no
# true value ever corrects the model again, yet it keeps both the period and the phase.
x_new, y_new = sine_waves(3, CONTEXT + HORIZON, seed=2024)
future = forecast(sine.model, x_new[:, :CONTEXT], HORIZON)  # (3, HORIZON, 1)
t_context, t_future = np.arange(CONTEXT), np.arange(CONTEXT, CONTEXT + HORIZON)
fig, axes = plt.subplots(3, 1, figsize=(7, 4.2), sharex=True, layout="constrained")
for i, ax in enumerate(axes):
    ax.plot(t_context, x_new[i, :CONTEXT, 0], color="0.2", label=tr("input", "입력"))
    ax.plot(
        t_future,
        x_new[i, CONTEXT:, 0],
        color="0.6",
        linestyle="--",
        label=tr("true continuation", "실제 값"),
    )
    ax.plot(t_future, future[i, :, 0], color="C0", label=tr("LSTM forecast", "LSTM 예측"))
    ax.axvline(CONTEXT - 0.5, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_ylim(-1.4, 1.4)
    ax.set_yticks([-1, 0, 1])
axes[0].legend(fontsize=8, loc="upper right", ncols=3)
axes[0].set_title(
    tr("Forecasting sine waves, 60 steps ahead", "사인파 예측: 60시점 앞까지"), fontsize=10
)
axes[-1].set_xlabel(tr("time step t", "시점 t"))

# %%
# Teacher forcing against feeding back predictions
# ------------------------------------------------
#
# On 200 held-out waves we compare two ways of predicting the same 60 steps. With teacher
# forcing the model reads the true value at every step, as in training, and predicts only
# one step ahead. Fed back, as in :func:`dlguide.rnn.forecast`, it reads its own previous
# prediction, so an error made at one step becomes part of the next step's input. The mean
# absolute error at each step ahead shows what that costs.
x_test, _ = sine_waves(N_TEST, CONTEXT + HORIZON, seed=7)  # (200, 100, 1)
truth = x_test[:, CONTEXT:, 0]  # (200, 60)
with torch.no_grad():
    one_step = sine.model(x_test)[0][:, CONTEXT - 1 : -1, 0]  # (200, 60): reads true inputs
    fed_back = forecast(sine.model, x_test[:, :CONTEXT], HORIZON)[..., 0]  # (200, 60)
err_forced = (one_step - truth).abs().mean(dim=0).numpy()  # (60,)
err_fed = (fed_back - truth).abs().mean(dim=0).numpy()
for k in (1, 10, 30, 60):
    print(
        f"{k:2d} steps ahead: mean |error| {err_fed[k - 1]:.3f} fed back, "
        f"{err_forced[k - 1]:.3f} teacher forced"
    )
ahead = np.arange(1, HORIZON + 1)
fig, ax = plt.subplots(figsize=(7, 2.8), layout="constrained")
ax.semilogy(ahead, err_fed, color="C0", label=tr("own predictions fed back", "자기 예측을 입력"))
ax.semilogy(
    ahead, err_forced, color="0.4", linestyle="--", label=tr("teacher forcing", "교사 강요")
)
ax.set_xlabel(tr("steps ahead", "앞선 시점 수"))
ax.set_ylabel(tr("mean absolute error", "평균 절대 오차"))
ax.set_title(
    tr(
        f"The forecast drifts: {N_TEST} held-out waves",
        f"예측의 표류: 검증 파형 {N_TEST}개",
    ),
    fontsize=10,
)
ax.legend(fontsize=8, loc="lower right")
ax.grid(True, which="major", alpha=0.3)

# %%
# A character-level language model
# --------------------------------
#
# The text is the Zen of Python (PEP 20), shipped with :mod:`dlguide.data.sequences`. Each
# character enters as a one-hot vector; at every step the LSTM (128 hidden units) predicts a
# probability for each possible next character, trained with the cross-entropy loss on random
# 32-character windows. At a few checkpoints it writes 120 characters after the prompt
# "Beautiful", sampling each next character from its prediction with a fixed seed, so the
# samples are the same on every run.
chars = train_chars(checkpoints=CHECKPOINTS)
for step, text in chars.samples.items():
    print(f"--- after {step} steps ---")
    print(text)
    print()

# %%
# The loss and the samples
# ------------------------
#
# Before training, the model spreads its bets over all the characters of the vocabulary: the
# loss of that uniform guess is ln V nats, printed below with the first step's loss. It first
# learns which characters are common, then spaces and short words, then whole phrases of the
# text: the samples above go from noise to English-looking words to lines of the Zen of
# Python.
V = len(chars.vocab)
print(f"uniform guess: ln {V} = {math.log(V):.2f} nats; first training loss {chars.losses[0]:.2f}")
loss = chars.losses.numpy()
window = 20
smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
fig, ax = plt.subplots(figsize=(7, 2.8), layout="constrained")
ax.plot(np.arange(len(loss)), loss, color="C0", alpha=0.3, linewidth=0.8)
ax.plot(
    np.arange(window - 1, len(loss)),
    smooth,
    color="C0",
    label=tr("cross-entropy (moving average)", "교차 엔트로피(이동 평균)"),
)
ax.axhline(
    np.log(len(chars.vocab)),
    color="0.4",
    linestyle="--",
    linewidth=1,
    label=tr(f"uniform guess, ln {V}", f"균등 추측, ln {V}"),
)
for step in CHECKPOINTS:
    ax.axvline(step, color="C1", linewidth=0.8, linestyle=":")
ax.set_xlabel(tr("training step", "학습 단계"))
ax.set_ylabel(tr("loss (nats per character)", "손실(문자당 nat)"))
ax.set_title(
    tr(
        "Character-level LSTM on the Zen of Python",
        "파이썬의 선(Zen of Python)을 학습하는 문자 단위 LSTM",
    ),
    fontsize=10,
)
ax.legend(fontsize=8, loc="upper right")

# %%
# Perplexity
# ----------
#
# The perplexity is the exponential of the mean cross-entropy, ``exp(loss)``
# (:func:`dlguide.rnn.perplexity`): the model is as unsure as if it chose uniformly among that
# many characters. A uniform guess over the vocabulary scores V; a perfect model 1. The
# trained model reads the whole text once, from the zero state. This is the text it was
# trained on, and there is no held-out text: a perplexity near 1 here means the model has
# nearly memorised the Zen of Python, not that it would predict other English that well.
print(f"perplexity on the text: {chars.perplexity:.2f} (uniform guess: {V})")

# %%
# Sampling temperature
# --------------------
#
# :func:`dlguide.rnn.sample_text` draws each character from ``softmax(z / temperature)``.
# Below 1 the distribution sharpens toward the likeliest character, and the text repeats the
# lines the model knows best; above 1 it flattens toward the uniform guess, and unlikely
# characters slip in. The same model and seed at three temperatures:
for temperature in TEMPERATURES:
    text = sample_text(chars.model, chars.vocab, "Beautiful", 120, temperature=temperature)
    print(f"--- temperature {temperature} ---")
    print(text)
    print()

plt.show()
