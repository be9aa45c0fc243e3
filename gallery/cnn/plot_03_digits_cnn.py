"""
A CNN for handwritten digits
============================

A small convolutional network, built from :mod:`dlguide.cnn` layers, learns to read 8x8
handwritten digits in seconds on a CPU. We look at the filters it learned, the feature maps
it computes, the digits it confuses, and how it compares with a support vector machine and a
dense network.
"""

# %%
# Data and training
# -----------------
#
# The digits are split 80/20, keeping the share of each digit equal in both parts. The network
# has three 3x3 convolutions with ReLU, two 2x2 max-pooling steps and one linear layer; Adam
# trains it for 30 epochs on mini-batches of 32 images, each moved by up to one pixel at random.
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.metrics import confusion_matrix
from sklearn.svm import SVC

from dlguide.cnn import DigitsCNN, MLPBaseline, count_parameters
from dlguide.data.digits import load_digits_split
from dlguide.metrics import accuracy
from dlguide.plotting import setup_fonts, tr
from dlguide.train.cnn import train_digits_cnn, train_mlp_baseline

torch.manual_seed(0)
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SPLIT = "stratified"
SEED = 0
DPI = 80

X_train, X_test, y_train, y_test = load_digits_split(SPLIT, seed=SEED)
print(f"train {tuple(X_train.shape)}, test {tuple(X_test.shape)}")

start = time.perf_counter()
model = train_digits_cnn(split=SPLIT, seed=SEED).model
print(model)
cnn_accuracy = accuracy(model, X_test, y_test)
print(f"CNN test accuracy: {cnn_accuracy:.1%}")

# %%
# The same split for the baselines
# --------------------------------
#
# A support vector machine with an RBF kernel (``SVC(gamma=0.001)``, the model of
# scikit-learn's digits example) sees the 64 pixels as a flat vector, and so does a dense
# network with two hidden layers of 128 units, which has more parameters than the CNN. The
# dense network trains like the CNN but without the random shifts (its recipe's default; the
# benchmark table "augment" on the CNN page trains both networks with and without them).
# The SVC's ``gamma`` was chosen for raw pixel values from 0 to 16, so it gets them on that
# scale.
pixels_train = 16 * X_train.flatten(1).numpy()  # (N, 1, 8, 8) in [0, 1] -> (N, 64) in [0, 16]
pixels_test = 16 * X_test.flatten(1).numpy()
svc = SVC(gamma=0.001).fit(pixels_train, y_train.numpy())
svc_accuracy = svc.score(pixels_test, y_test.numpy())
mlp = train_mlp_baseline(split=SPLIT, seed=SEED).model
mlp_accuracy = accuracy(mlp, X_test, y_test)

n_cnn, n_mlp = count_parameters(DigitsCNN()), count_parameters(MLPBaseline())
print(f"{'model':<22}{'parameters':>12}{'accuracy':>10}")
print(f"{'CNN (dlguide)':<22}{n_cnn:>12,}{cnn_accuracy:>10.1%}")
print(f"{'dense network (MLP)':<22}{n_mlp:>12,}{mlp_accuracy:>10.1%}")
print(f"{'SVC(gamma=0.001)':<22}{'-':>12}{svc_accuracy:>10.1%}")

fig, ax = plt.subplots(figsize=(5, 2.2), dpi=DPI, layout="constrained")
names = [tr("CNN", "CNN"), tr("dense network", "완전 연결 신경망"), "SVC"]
accuracies = [cnn_accuracy, mlp_accuracy, svc_accuracy]
bars = ax.barh(names, [100 * a for a in accuracies], color=["C0", "C7", "C2"])
ax.bar_label(bars, labels=[f"{100 * a:.1f}%" for a in accuracies], padding=3, fontsize=9)
ax.set_xlim(90, 100.9)
ax.invert_yaxis()
ax.set_xlabel(tr("test accuracy (%)", "테스트 정확도(%)"))
ax.set_title(tr("three models, one test split", "같은 테스트 세트로 비교한 세 모델"), fontsize=10)

# %%
# What the first layer learned
# ----------------------------
#
# Each of the 16 first-layer filters is a 3x3 grid of weights. Several look like the edge
# detectors of the previous example, at different angles: nobody designed them, training
# found them.
filters = model.conv1.weight.detach()[:, 0]  # (16, 3, 3)
limit = float(filters.abs().max())
fig, axes = plt.subplots(2, 8, figsize=(6, 1.8), dpi=DPI, layout="constrained")
for ax, kernel in zip(axes.flat, filters, strict=True):
    ax.imshow(kernel.numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle(tr("first-layer filters (3×3)", "첫 번째 층의 필터(3×3)"), fontsize=10)

# %%
# Feature maps of one digit
# -------------------------
#
# The first layer turns one test digit into 16 feature maps of 8x8 (after ReLU): each
# highlights where its filter's pattern occurs, and a map stays dark when its pattern is
# absent. Deeper layers see smaller maps (4x4, then 2x2) with more channels.
digit = X_test[:1]  # (1, 1, 8, 8)
with torch.no_grad():
    maps = model.feature_maps(digit)
for name, value in maps.items():
    print(f"{name}: {tuple(value.shape)}")
first = maps["conv1"][0]  # (16, 8, 8)

fig = plt.figure(figsize=(7, 2.2), dpi=DPI, layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=[1, 4])
ax = left.subplots()
ax.imshow(digit[0, 0].numpy(), cmap="gray_r", vmin=0, vmax=1)
ax.set_title(tr(f"input (label {int(y_test[0])})", f"입력(정답 {int(y_test[0])})"), fontsize=9)
ax.set_xticks([])
ax.set_yticks([])
axes = right.subplots(2, 8)
for ax, fmap in zip(axes.flat, first, strict=True):
    ax.imshow(fmap.numpy(), cmap="magma", vmin=0)
    ax.set_xticks([])
    ax.set_yticks([])
right.suptitle(
    tr("16 feature maps after conv1 + ReLU", "conv1 + ReLU 뒤의 특징 맵 16개"), fontsize=9
)

# %%
# Which digits does it confuse?
# -----------------------------
#
# Rows are the true digits, columns the predicted ones; every count off the diagonal is a
# mistake.
with torch.no_grad():
    predicted = model(X_test).argmax(dim=1)
matrix = confusion_matrix(y_test.numpy(), predicted.numpy(), labels=range(10))
print("mistakes:", int(matrix.sum() - np.trace(matrix)), "of", int(matrix.sum()))

fig, ax = plt.subplots(figsize=(3.6, 3.4), dpi=DPI, layout="constrained")
ax.imshow(matrix, cmap="Blues")
for (r, c), count in np.ndenumerate(matrix):
    if count:
        color = "white" if count > matrix.max() / 2 else "black"
        ax.text(c, r, str(count), ha="center", va="center", fontsize=7, color=color)
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel(tr("predicted digit", "예측한 숫자"))
ax.set_ylabel(tr("true digit", "실제 숫자"))
ax.set_title(tr("confusion matrix (test set)", "혼동 행렬(테스트 세트)"), fontsize=10)
print(f"total time: {time.perf_counter() - start:.1f} s")
plt.show()
