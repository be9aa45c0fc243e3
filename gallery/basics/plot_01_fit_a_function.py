"""
Learning a function from data
=============================

A small neural network learns the curve behind noisy samples by gradient descent. Then a
polynomial fit shows what too much capacity does: the training error keeps falling while the
error on held-out data rises.
"""

# %%
# Setup
# -----
#
# Everything is seeded, so the figures are the same on every run.

import matplotlib.pyplot as plt
import torch

from dlguide import nn
from dlguide.data.toy import noisy_curve, train_test_split
from dlguide.plotting import setup_fonts, tr

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists
SEED = 5
torch.manual_seed(SEED)

N_SAMPLES = 30  # noisy samples of sin(pi x) on [-1, 1]
NOISE = 0.2  # standard deviation of the noise on y
SIZES = (1, 32, 1)  # input x -> a hidden layer of 32 tanh units -> output y
LEARNING_RATE = 0.1
CHECKPOINTS = (0, 10, 100, 1000)  # gradient steps after which the fit is drawn
DEGREES = range(1, 16)  # polynomial degrees for the capacity sweep
SHOW_DEGREES = (1, 3, 15)

# %%
# Noisy samples of a curve
# ------------------------
#
# The learner sees only the dots: 30 points of :math:`\sin(\pi x)` with noise added. It never
# sees the curve itself.

x, y = noisy_curve(N_SAMPLES, noise=NOISE, seed=SEED)  # (N, 1) each
x_dense = torch.linspace(-1, 1, 200)[:, None]  # (200, 1) for drawing curves
y_true = torch.sin(torch.pi * x_dense)

fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.plot(x_dense, y_true, color="0.6", linestyle="--", label=tr("true curve", "실제 곡선"))
ax.scatter(x, y, s=18, color="C0", label=tr("noisy samples", "잡음 섞인 표본"))
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left")

# %%
# Fit a small network by gradient descent
# ---------------------------------------
#
# A multilayer perceptron with one hidden layer starts from random weights. Each step of
# plain gradient descent computes the mean squared error on all samples, backpropagates, and
# moves every weight and bias a little against its gradient. The loss falls quickly at first
# and then slowly, as the fit settles onto the shape of the curve.

model = nn.MLP(SIZES, activation="tanh")
fits, history = {}, []
for step in CHECKPOINTS:
    if step > len(history):  # train on until `step` gradient steps have been taken
        history += nn.gradient_descent_fit(
            model, x, y, lr=LEARNING_RATE, steps=step - len(history)
        )
    with torch.no_grad():
        fits[step] = model(x_dense)  # (200, 1)

fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
ax_fit.scatter(x, y, s=12, color="0.5")
for i, (step, fit) in enumerate(fits.items()):
    ax_fit.plot(x_dense, fit, color=plt.cm.viridis(i / (len(fits) - 1)), label=f"{step}")
ax_fit.set_xlabel("x")
ax_fit.set_ylabel("y")
ax_fit.legend(title=tr("step", "단계"), fontsize="small", loc="upper left")
ax_fit.set_title(tr("Network output while training", "학습 중 신경망의 출력"))
ax_loss.plot(range(1, len(history) + 1), history)
ax_loss.set_xscale("log")
ax_loss.set_yscale("log")
ax_loss.set_xlabel(tr("gradient descent step", "경사 하강법 단계"))
ax_loss.set_ylabel(tr("training loss (MSE)", "학습 손실(MSE)"))
ax_loss.set_title(tr("Loss curve", "손실 곡선"))

print(f"loss before training: {history[0]:.3f}, after {len(history)} steps: {history[-1]:.3f}")

# %%
# The gradients, by hand
# ----------------------
#
# ``loss.backward()`` applies the chain rule layer by layer.
# :func:`dlguide.nn.mlp_forward_backward` writes those steps out for a network with one hidden
# layer; the gradients it derives by hand agree with autograd's to rounding error.

small = nn.MLP((1, 8, 1), activation="tanh", dtype=torch.float64)
x64, y64 = x.double(), y.double()
loss, manual = nn.mlp_forward_backward(small, x64, y64, loss="mse")
nn.mse_loss(small(x64), y64).backward()
for name, p in small.named_parameters():
    gap = (manual[name] - p.grad).abs().max().item()
    print(f"{name:16s} shape {tuple(p.shape)!s:8s} hand vs autograd: {gap < 1e-12}")

# %%
# Too much capacity: overfitting
# ------------------------------
#
# A third of the samples are held out as a test set. A polynomial of degree :math:`d` is
# fitted to the rest by least squares (the point that gradient descent on the mean squared
# error converges to). Raising the degree gives the model more capacity: the training error
# can only go down, but past a few degrees the polynomial starts to follow the noise, and the
# error on the test points, which it never saw, goes up.

x_train, x_test, y_train, y_test = train_test_split(
    x.double(), y.double(), test_fraction=1 / 3, seed=SEED
)
train_error, test_error, poly = [], [], {}
for degree in DEGREES:
    poly[degree] = nn.fit_polynomial(x_train, y_train, degree)
    with torch.no_grad():
        predict = poly[degree](nn.polynomial_features(x_train, degree))
        train_error.append(nn.mse_loss(predict, y_train).item())
        predict = poly[degree](nn.polynomial_features(x_test, degree))
        test_error.append(nn.mse_loss(predict, y_test).item())

best = DEGREES[min(range(len(DEGREES)), key=test_error.__getitem__)]
print(f"{len(x_train)} training and {len(x_test)} test samples")
print("degree  train MSE  test MSE")
for degree, tr_mse, te_mse in zip(DEGREES, train_error, test_error, strict=True):
    print(f"{degree:6d}  {tr_mse:9.3f}  {te_mse:8.3f}")
print(f"lowest test error at degree {best}")

fig, (ax_err, ax_poly) = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
ax_err.plot(DEGREES, train_error, marker="o", ms=3, label=tr("training error", "학습 오차"))
ax_err.plot(DEGREES, test_error, marker="o", ms=3, label=tr("test error", "테스트 오차"))
ax_err.axvline(best, color="0.7", linestyle=":")
ax_err.set_yscale("log")
ax_err.set_xlabel(tr("polynomial degree (capacity)", "다항식 차수(모델 용량)"))
ax_err.set_ylabel("MSE")
ax_err.legend()

x_dense64 = x_dense.double()
for degree in SHOW_DEGREES:
    with torch.no_grad():
        curve = poly[degree](nn.polynomial_features(x_dense64, degree))
    ax_poly.plot(x_dense64, curve, label=tr(f"degree {degree}", f"{degree}차"))
ax_poly.scatter(x_train, y_train, s=14, color="k", label=tr("train", "학습용"), zorder=3)
ax_poly.scatter(
    x_test, y_test, s=22, facecolors="none", edgecolors="C3", label=tr("test", "테스트용")
)
ax_poly.set_ylim(-2, 2)
ax_poly.set_xlabel("x")
ax_poly.legend(fontsize="small", ncols=2, loc="lower right")
plt.show()
