"""
Forecasting and generating sequences
====================================

The same LSTM layer, trained to predict the next element of a sequence, can continue it: a
sine wave into the future, or a text one character at a time.
"""

# %%
# Learn to predict the next value of a sine wave
# ----------------------------------------------
#
# Each training sequence is 60 steps of a sine wave with a random period (12 to 40 steps) and
# phase. At every step the LSTM (64 hidden units) sees the current value and predicts the next
# one; the loss is the mean squared error over all steps. A little Gaussian noise on the
# inputs (standard deviation 0.05) teaches it to recover from small errors, which matters
# below, when it reads its own predictions: trained without it, the same model's forecasts
# drift away within a few steps.
import matplotlib.pyplot as plt
import numpy as np

from dlguide.data.sequences import sine_waves
from dlguide.plotting import setup_fonts, tr
from dlguide.rnn import forecast
from dlguide.train.rnn import train_chars, train_sine

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SINE_T = 60  # length of each training sequence
HIDDEN = 64  # LSTM hidden units
NOISE = 0.05  # standard deviation of the Gaussian noise on the inputs
CONTEXT = 40  # steps the model reads before it forecasts
HORIZON = 60  # steps it forecasts by feeding back its own predictions
CHECKPOINTS = (0, 100, 300, 600)

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
# Before training, the model spreads its bets over all 43 characters (a loss of about
# ln 43 ≈ 3.8 nats). It first learns which characters are common, then spaces and short
# words, then whole phrases of the text: the samples above go from noise to English-looking
# words to lines of the Zen of Python.
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
    label=tr("uniform guess, ln 43", "균등 추측, ln 43"),
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

plt.show()
