"""
A decision boundary forming
===========================

A small network learns to separate two interleaved half-moons. Each frame of the animation
colours the plane by the class the network predicts there, at one moment of training.
"""

# %%
# Setup
# -----
#
# The data are scikit-learn's two moons (generated, not downloaded), scaled to mean 0 and
# standard deviation 1. The network has one hidden layer of 16 tanh units.

import matplotlib.pyplot as plt
import torch
from matplotlib import animation, ticker

from dlguide.plotting import setup_fonts, tr
from dlguide.train.nn import train_mlp_classifier

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists
SEED = 0
torch.manual_seed(SEED)

DATASET = "moons"
N_SAMPLES = 200
NOISE = 0.2
HIDDEN = (16,)
ACTIVATION = "tanh"
LEARNING_RATE = 0.5
STEPS = 800  # full-batch gradient descent steps
N_FRAMES = 16
GRID_SIZE = 60  # the plane is evaluated on a GRID_SIZE x GRID_SIZE grid

# %%
# Train and take snapshots
# ------------------------
#
# :func:`dlguide.train.nn.train_mlp_classifier` trains by plain gradient descent on the
# cross-entropy loss and, at 16 moments, records the predicted probability of the second
# class at every grid point. The moments are packed densely at the start, where the boundary
# moves fastest.

run = train_mlp_classifier(
    dataset=DATASET,
    n_samples=N_SAMPLES,
    noise=NOISE,
    hidden=HIDDEN,
    activation=ACTIVATION,
    lr=LEARNING_RATE,
    steps=STEPS,
    n_snapshots=N_FRAMES,
    grid_size=GRID_SIZE,
    seed=SEED,
)
print(f"snapshots at steps {list(run.snapshot_steps)}")
print(f"training accuracy: {run.accuracy[0]:.1%} at step 0, {run.accuracy[-1]:.1%} at the end")

# %%
# The animation
# -------------
#
# Left: where the network says "class 0" (blue) or "class 1" (red), with the 0.5 contour as
# the decision boundary. At step 0 the untrained network splits the plane almost at random;
# gradient descent bends the boundary around the moons. Right: the training loss, with the
# current step marked.

x, y = run.x.numpy(), run.y.numpy()
gx, gy = run.grid_x.numpy(), run.grid_y.numpy()
colors = ["#9ecae1", "#fcae91"]  # light blue, light red

# The frames fill the text column (688 CSS px) at twice its pixel density: 6.88 in at 200 dpi
# is 1376 pixels, so 1 pt of text shows as 1.39 CSS px (10 pt = 14 px). JPEG frames are a
# fraction of the size of PNG ones for the filled regions and the scattered points.
plt.rcParams["animation.frame_format"] = "jpeg"
fig, (ax, ax_loss) = plt.subplots(
    1, 2, figsize=(6.88, 3.0), dpi=200, layout="constrained", width_ratios=(1.15, 1)
)
ax.set_xlim(gx[0], gx[-1])
ax.set_ylim(gy[0], gy[-1])
ax.set_xticks([])
ax.set_yticks([])
ax.scatter(*x[y == 0].T, s=12, color="C0", edgecolors="white", linewidths=0.4, zorder=3)
ax.scatter(*x[y == 1].T, s=12, color="C3", edgecolors="white", linewidths=0.4, zorder=3)

steps_axis = range(1, len(run.losses) + 1)
ax_loss.plot(steps_axis, run.losses, color="0.3")
ax_loss.set_xscale("log")
ax_loss.xaxis.set_major_formatter(ticker.StrMethodFormatter("{x:g}"))  # 1, 10, 100, 1000
ax_loss.set_xlabel(tr("gradient descent step", "경사 하강법 단계"))
ax_loss.set_ylabel(tr("training loss (cross-entropy)", "학습 손실(교차 엔트로피)"))
(marker,) = ax_loss.plot([], [], "o", color="C3")
layers = []


def draw(frame: int) -> list:
    """Draw snapshot ``frame``: filled regions, the 0.5 contour, the title, the loss marker."""
    for artist in layers:
        artist.remove()
    probs = run.probs[frame].numpy()
    layers[:] = [
        ax.contourf(gx, gy, probs, levels=[0, 0.5, 1], colors=colors),
        ax.contour(gx, gy, probs, levels=[0.5], colors="k", linewidths=1),
    ]
    step, accuracy = run.snapshot_steps[frame], run.accuracy[frame]
    ax.set_title(
        tr(f"step {step}: accuracy {accuracy:.0%}", f"{step}단계: 정확도 {accuracy:.0%}"),
        fontsize=11,
    )
    index = min(max(step, 1), len(run.losses))  # step 0 sits at the first point of the log axis
    marker.set_data([index], [run.losses[index - 1]])
    return [*layers, marker]


draw(0)
fig.canvas.draw()  # lay the figure out once and keep that layout for every frame:
fig.set_layout_engine("none")  # drawing the frames is faster and nothing jitters
ani = animation.FuncAnimation(
    fig, draw, frames=len(run.snapshot_steps), interval=250, repeat_delay=1500
)

# %%
# The trained network
# -------------------
#
# After the last step the boundary follows the gap between the moons; the few points it
# still gets wrong sit where the noise pushed them into the other moon.

model = run.model
with torch.no_grad():
    predicted = model(run.x).argmax(dim=1)
wrong = (predicted != run.y).nonzero().flatten().tolist()
print(f"final training accuracy: {run.accuracy[-1]:.1%} ({len(wrong)} of {len(run.y)} wrong)")
plt.show()
