"""
PyTorch and scikit-learn side by side
=====================================

One small task, recognising 8x8 handwritten digits, solved with a tiny PyTorch network
trained by ``torch.optim``, with the from-scratch MLP of :mod:`dlguide.nn` in the same loop,
and with scikit-learn's ``LogisticRegression`` and ``MLPClassifier``.
"""

# %%
# Setup
# -----
#
# The digits data set ships inside scikit-learn (1,797 images, 64 pixels each), so nothing is
# downloaded. A quarter of the images are held out for testing, with the same share of each
# digit in both parts.

import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from dlguide import nn
from dlguide.plotting import setup_fonts, tr

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists
SEED = 0
torch.manual_seed(SEED)

TEST_SIZE = 0.25
HIDDEN = 64  # hidden units of every network below
EPOCHS = 30
BATCH_SIZE = 64
LEARNING_RATE = 1e-3

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data, digits.target, test_size=TEST_SIZE, stratify=digits.target, random_state=SEED
)
# Scale each pixel to mean 0 and standard deviation 1, with statistics of the training set only.
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
print(f"train {X_train.shape}, test {X_test.shape}, classes {np.unique(y_train).tolist()}")

results = {}  # name -> (test accuracy, training seconds)

# %%
# PyTorch: write the training loop
# --------------------------------
#
# In PyTorch the model is a stack of modules and the training loop is yours to write:
# shuffle, cut into mini-batches, compute the loss, backpropagate, let the optimizer step.
# The same loop trains :class:`dlguide.nn.MLP`, the from-scratch network of this guide, which
# has the same layers and the same parameter layout.

Xtr = torch.tensor(X_train, dtype=torch.float32)  # (N, 64)
ytr = torch.tensor(y_train)  # (N,)
Xte = torch.tensor(X_test, dtype=torch.float32)
yte = torch.tensor(y_test)


def train(model: torch.nn.Module) -> float:
    """Train ``model`` with Adam on mini-batches; return the seconds it took."""
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    shuffle = torch.Generator().manual_seed(SEED)
    start = time.perf_counter()
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(Xtr), generator=shuffle).split(BATCH_SIZE):
            loss = F.cross_entropy(model(Xtr[batch]), ytr[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return time.perf_counter() - start


def accuracy(model: torch.nn.Module) -> float:
    with torch.no_grad():
        return (model(Xte).argmax(dim=1) == yte).float().mean().item()


torch.manual_seed(SEED)
torch_mlp = torch.nn.Sequential(
    torch.nn.Linear(64, HIDDEN),
    torch.nn.ReLU(),
    torch.nn.Linear(HIDDEN, 10),
)
seconds = train(torch_mlp)
results["PyTorch MLP"] = (accuracy(torch_mlp), seconds)

torch.manual_seed(SEED)
scratch_mlp = nn.MLP((64, HIDDEN, 10), activation="relu")
seconds = train(scratch_mlp)
results["dlguide MLP"] = (accuracy(scratch_mlp), seconds)

# %%
# scikit-learn: fit and score
# ---------------------------
#
# scikit-learn hides the loop: every model has ``fit`` and ``score``. A linear model
# (logistic regression) is a strong baseline on this small, clean data set; ``MLPClassifier``
# is a network with one hidden layer, trained by Adam as well.

sklearn_models = {
    "LogisticRegression": LogisticRegression(max_iter=1000),
    "MLPClassifier": MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        batch_size=BATCH_SIZE,
        learning_rate_init=LEARNING_RATE,
        max_iter=EPOCHS,
        n_iter_no_change=EPOCHS,  # train for exactly EPOCHS epochs, as in PyTorch
        tol=0.0,
        random_state=SEED,
    ),
}
for name, model in sklearn_models.items():
    start = time.perf_counter()
    with warnings.catch_warnings():
        # MLPClassifier warns when it stops at max_iter before its own convergence test
        # passes; stopping after EPOCHS epochs, like the PyTorch loop, is intended here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    results[name] = (model.score(X_test, y_test), seconds)

# %%
# The comparison
# --------------
#
# The table gives each model's accuracy on the held-out images, and the lines under it measure
# how far apart the four are: the spread between the best and the worst, how much the best
# network with a hidden layer gains over the linear logistic regression, and what a single
# test image is worth. On 64 clean pixels a linear model already does well, so the gaps are
# a few test images at most. The times are this machine's, on the CPU; they show the scale, not
# a benchmark. The real difference is the code: scikit-learn is one ``fit`` call for a fixed
# menu of models, PyTorch is a loop you write for any model you can express.

print(f"{'model':20s} {'test accuracy':>13s} {'train time':>11s}")
for name, (acc, seconds) in results.items():
    print(f"{name:20s} {acc:13.1%} {seconds:10.2f}s")

accuracy_of = {name: acc for name, (acc, _) in results.items()}
best_network = max(accuracy_of[name] for name in ("PyTorch MLP", "dlguide MLP", "MLPClassifier"))
spread = max(accuracy_of.values()) - min(accuracy_of.values())
print(f"best minus worst: {100 * spread:.1f} points")
gain = 100 * (best_network - accuracy_of["LogisticRegression"])
print(f"best network with a hidden layer minus logistic regression: {gain:+.1f} points")
print(f"one test image is worth {100 / len(y_test):.2f} points")

names = list(results)
accs = [100 * results[name][0] for name in names]
times = [results[name][1] for name in names]
colors = ["C0", "C1", "C2", "C2"]

fig, (ax_acc, ax_time) = plt.subplots(1, 2, figsize=(7, 2.8), layout="constrained", sharey=True)
ax_acc.barh(names, accs, color=colors)
ax_acc.set_xlim(90, 100)
ax_acc.set_xlabel(tr("test accuracy (%)", "테스트 정확도(%)"))
ax_acc.invert_yaxis()
for i, acc in enumerate(accs):
    ax_acc.text(acc - 0.2, i, f"{acc:.1f}", va="center", ha="right", color="white")
ax_time.barh(names, times, color=colors)
ax_time.set_xlabel(tr("training time (s, CPU)", "학습 시간(초, CPU)"))
fig.suptitle(tr("Handwritten digits, 8x8 pixels", "8x8 손글씨 숫자"))

# %%
# Other libraries
# ---------------
#
# Keras and TensorFlow are not dependencies of this guide, so nothing of theirs runs here.
# :doc:`/chapters/tools` shows the same network written with each, and compares the libraries.

plt.show()
