"""
Train the digits CNN yourself
=============================

The starter to copy: the data, the model, the loss, the optimiser and the training loop of
the digits CNN, every line in this file. Change a number, run the script again and see what
it does to the test accuracy.
"""

# %%
# Data, model, loss and optimiser
# -------------------------------
#
# The 1,797 8x8 digits of scikit-learn, split 80/20 with the share of each digit kept equal
# (:func:`dlguide.data.digits.load_digits_split`); :class:`dlguide.cnn.DigitsCNN`, three
# from-scratch 3x3 convolutions with ReLU and max pooling, then one linear layer; the
# cross-entropy loss; Adam (Kingma and Ba, 2015).
import matplotlib.pyplot as plt
import torch
from torch import nn

from dlguide.cnn import DigitsCNN
from dlguide.data.digits import load_digits_split
from dlguide.metrics import accuracy
from dlguide.plotting import setup_fonts, tr

torch.manual_seed(0)  # the initial weights and the batch order
torch.set_num_threads(1)  # tiny networks: more threads gain little and stall on a busy machine
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

EPOCHS = 15  # passes over the training set
BATCH_SIZE = 32  # images per optimisation step
LR = 3e-3  # Adam's learning rate

X_train, X_test, y_train, y_test = load_digits_split("stratified", seed=0)
print(f"train {tuple(X_train.shape)}, test {tuple(X_test.shape)}")  # (N, 1, 8, 8)

model = DigitsCNN()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

# %%
# The training loop
# -----------------
#
# One epoch visits the training images once, in a new random order, 32 at a time. Each step
# is the same five lines: clear the gradients, compute the scores, measure the loss,
# backpropagate, update the weights. After each epoch the model is scored on the test images,
# which it never trains on.
losses, test_accuracy = [], []
for epoch in range(EPOCHS):
    model.train()
    first = len(losses)
    order = torch.randperm(len(X_train))  # a new random order every epoch
    for start in range(0, len(X_train), BATCH_SIZE):
        index = order[start : start + BATCH_SIZE]
        x, y = X_train[index], y_train[index]  # (B, 1, 8, 8), (B,)

        # gradients add up in .grad: reset them, dL/dθ ← 0
        optimizer.zero_grad()
        # forward: the ten scores of each image, s = f_θ(x)
        scores = model(x)  # (B, 10)
        # loss: L = -(1/B) Σ_i log softmax(s_i)[y_i]
        loss = loss_fn(scores, y)
        # backward: dL/dθ for every weight θ, by backpropagation
        loss.backward()
        # step: θ ← θ - lr · m̂ / (√v̂ + ε), Adam's moving averages m̂, v̂ of dL/dθ
        optimizer.step()

        losses.append(loss.item())
    test_accuracy.append(accuracy(model, X_test, y_test))  # eval mode, no gradients
    mean_loss = sum(losses[first:]) / len(losses[first:])
    print(f"epoch {epoch + 1:2d}: loss {mean_loss:.4f}, test accuracy {test_accuracy[-1]:.1%}")

# %%
# Learning curves
# ---------------
#
# The training loss of every step (light) and its average over each epoch (dark), next to
# the accuracy on the test images after each epoch.
steps_per_epoch = len(losses) // EPOCHS
epoch_loss = torch.tensor(losses).view(EPOCHS, steps_per_epoch).mean(dim=1)

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7, 2.8), layout="constrained")
ax_loss.semilogy(losses, color="C0", alpha=0.3, lw=0.8)
ax_loss.semilogy(
    steps_per_epoch * torch.arange(1, EPOCHS + 1), epoch_loss, color="C0", marker="o", ms=3
)
ax_loss.set_xlabel(tr("training step", "학습 단계"))
ax_loss.set_ylabel(tr("cross-entropy loss", "교차 엔트로피 손실"))
ax_loss.set_title(tr("training loss", "학습 손실"), fontsize=10)
ax_acc.plot(range(1, EPOCHS + 1), [100 * a for a in test_accuracy], color="C2", marker="o")
ax_acc.set_xlabel(tr("epoch", "에포크"))
ax_acc.set_ylabel(tr("test accuracy (%)", "테스트 정확도(%)"))
ax_acc.set_title(
    tr(
        f"test accuracy {100 * test_accuracy[-1]:.1f}%",
        f"테스트 정확도 {100 * test_accuracy[-1]:.1f}%",
    ),
    fontsize=10,
)
plt.show()
