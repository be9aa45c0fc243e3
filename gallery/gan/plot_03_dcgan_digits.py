"""
A DCGAN draws digits
====================

A deep convolutional GAN, scaled down to the 8x8 handwritten digits that ship with
scikit-learn, learns to draw digits from noise. A digit classifier trained separately acts as
the judge: which digits does it see, and how sure is it?
"""

# %%
# Train the DCGAN
# ---------------
#
# The generator (:class:`dlguide.gan.DCGANGenerator`) grows a latent vector of size 32 into an
# 8x8 image with three transposed convolutions (1x1 to 2x2 to 4x4 to 8x8); the discriminator
# (:class:`dlguide.gan.DCGANDiscriminator`) shrinks an image back to one logit with strided
# convolutions. :func:`dlguide.train.gan.train_dcgan` trains both with Adam (learning rate 2e-4,
# beta1 = 0.5), following Radford et al. (2015). A fixed batch of latent vectors shows the
# generator's progress.
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import animation

from dlguide.data.digits import load_digits_split
from dlguide.metrics import (
    accuracy,
    between_share,
    classes_covered,
    classifier_score,
    frechet_distance,
)
from dlguide.plotting import setup_fonts, tr
from dlguide.train.cnn import train_digits_cnn
from dlguide.train.gan import train_dcgan

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SEED = 0  # every random draw below takes its seed from SEED: weights, batches, latent vectors
N_EVAL = 2500  # generated images the judge scores
N_SHOW = 36  # images in the animated grid (6 x 6)
INTERPOLATION_STEPS = 9

result = train_dcgan(seed=SEED)
print(f"trained {result.snapshot_epochs[-1]} epochs in {result.seconds:.1f} s")


def tile(images, rows, cols):
    """Arrange (N, 1, 8, 8) images into one (rows * 9 - 1, cols * 9 - 1) array, 1-pixel gaps."""
    canvas = np.ones((rows * 9 - 1, cols * 9 - 1))
    for k, image in enumerate(images[: rows * cols]):
        r, c = divmod(k, cols)
        canvas[r * 9 : r * 9 + 8, c * 9 : c * 9 + 8] = image[0]
    return canvas


# %%
# The same noise, epoch by epoch
# ------------------------------
#
# Each frame shows what the generator makes of the same 36 latent vectors after another few
# epochs of training. Blobs turn into strokes, then into digits.
snapshots = result.snapshots.numpy()  # (frames, N, 1, 8, 8) in [0, 1]
# The frames fill the text column (688 CSS px) at twice its pixel density: 6.88 in at 200 dpi
# is 1376 pixels, so 1 pt of text shows as 1.39 CSS px (10 pt = 14 px); the square grid sits in
# the middle. At that density, text without anti-aliasing still looks smooth and keeps each
# PNG frame small.
fig, ax = plt.subplots(figsize=(6.88, 3.6), dpi=200, layout="constrained")
picture = ax.imshow(tile(snapshots[0], 6, 6), cmap="gray_r", vmin=0, vmax=1)
ax.set_axis_off()
title = ax.set_title("", fontsize=12, antialiased=False)


def update(frame):
    epoch = result.snapshot_epochs[frame]
    picture.set_data(tile(snapshots[frame], 6, 6))
    title.set_text(tr(f"epoch {epoch}", f"에포크 {epoch}"))
    return picture, title


update(0)
fig.canvas.draw()  # lay the figure out once and keep that layout for every frame:
fig.set_layout_engine("none")  # drawing the frames is faster and nothing jitters
anim = animation.FuncAnimation(fig, update, frames=len(snapshots), interval=300)

# %%
# Ask the judge
# -------------
#
# The judge is the small CNN of :func:`dlguide.train.cnn.train_digits_cnn`, trained on the
# training split of the digits; its accuracy on the held-out test digits is printed first. It
# classifies 2500 generated images. A generator that has collapsed onto a few digits shows gaps
# in the histogram. The *classifier score* (:func:`dlguide.metrics.classifier_score`, the
# Inception Score with this judge) is high when the judge is sure of each image and the classes
# are balanced; at most 10. Real test digits set the bar. Two more numbers follow: the share of
# images *between digits*, whose top class probability is below 0.9
# (:func:`dlguide.metrics.between_share`), and the Fréchet distance of the judge's last hidden
# features from those of the test digits (:func:`dlguide.metrics.frechet_distance`), next to
# its floor, the distance of the training digits from the test digits.
judge = train_digits_cnn(seed=SEED).model
x_train, x_test, _, y_test = load_digits_split(seed=SEED)  # (N, 1, 8, 8) in [0, 1], (N,)
print(f"judge's accuracy on {len(y_test)} held-out digits: {accuracy(judge, x_test, y_test):.1%}")
generated = result.sample(N_EVAL, seed=SEED + 100)  # (N, 1, 8, 8) in [0, 1]
with torch.no_grad():
    fake_probs = torch.softmax(judge(generated), dim=1)  # (N, 10)
    real_probs = torch.softmax(judge(x_test), dim=1)
fake_score, real_score = classifier_score(fake_probs), classifier_score(real_probs)
labels = fake_probs.argmax(1)
print(f"classes covered: {classes_covered(labels)} / 10")
print(f"classifier score: generated {fake_score:.2f}, real test digits {real_score:.2f}")
print(f"ratio: {fake_score / real_score:.3f}")
between = between_share(fake_probs), between_share(real_probs)
print(f"between digits (top probability < 0.9): generated {between[0]:.1%}, real {between[1]:.1%}")


def features(images):
    """The judge's last hidden features: the 128 numbers its dense layer reads."""
    with torch.no_grad():
        return judge.feature_maps(images)["conv3"].flatten(1)  # (N, 128)


test_features = features(x_test)
fd_generated = frechet_distance(features(generated), test_features)
fd_floor = frechet_distance(features(x_train), test_features)
print(
    f"Fréchet distance to the test digits: generated {fd_generated:.2f}, training {fd_floor:.2f}"
)

fig2, (ax_grid, ax_hist) = plt.subplots(
    1, 2, figsize=(6.88, 3.3), layout="constrained", width_ratios=(1, 1.2)
)
ax_grid.imshow(tile(generated.numpy(), 8, 8), cmap="gray_r", vmin=0, vmax=1)
ax_grid.set_axis_off()
ax_grid.set_title(tr("generated digits", "생성된 숫자"), fontsize=10)
share_fake = np.bincount(labels.numpy(), minlength=10) / len(labels)
share_real = np.bincount(real_probs.argmax(1).numpy(), minlength=10) / len(x_test)
ax_hist.bar(np.arange(10) - 0.2, share_real, width=0.4, color="0.6", label=tr("real", "실제"))
ax_hist.bar(np.arange(10) + 0.2, share_fake, width=0.4, color="C1", label=tr("generated", "생성"))
ax_hist.set_xticks(range(10))
ax_hist.set_xlabel(tr("class predicted by the judge", "판정 분류기가 예측한 숫자"))
ax_hist.set_ylabel(tr("share of images", "이미지 비율"))
ax_hist.legend(fontsize=10)
ax_hist.set_title(
    tr(
        f"score {fake_score:.2f} (real {real_score:.2f})",
        f"점수 {fake_score:.2f} (실제 {real_score:.2f})",
    ),
    fontsize=10,
)

# %%
# Walk through the latent space
# -----------------------------
#
# Latent vectors between two points of the latent space give images between the two digits.
# The path is spherical (*slerp*, as White (2016) recommends for Gaussian latents), so every
# point on it has a typical length for a sample of the prior. The judge's label and
# confidence are written under each image.
z = result.fixed_noise  # (N, Z)
with torch.no_grad():
    confidence, fixed_labels = torch.softmax(judge(result.generate(z)), dim=1).max(1)
# Start at the image the judge is surest of; end at the surest one of another class.
first = int(confidence.argmax())
second = int(torch.argmax(confidence * (fixed_labels != fixed_labels[first])))


def slerp(a, b, t):
    omega = torch.arccos(torch.clamp(torch.dot(a / a.norm(), b / b.norm()), -1, 1))
    return (torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b) / torch.sin(omega)


path = torch.stack(
    [slerp(z[first], z[second], t) for t in np.linspace(0, 1, INTERPOLATION_STEPS)]
)  # (steps, Z)
with torch.no_grad():
    images = result.generate(path)  # (steps, 1, 8, 8)
    probs = torch.softmax(judge(images), dim=1)
fig3, axes = plt.subplots(1, INTERPOLATION_STEPS, figsize=(7, 1.3), layout="constrained")
for k, axis in enumerate(axes):
    axis.imshow(images[k, 0].numpy(), cmap="gray_r", vmin=0, vmax=1)
    axis.set_xticks([])
    axis.set_yticks([])
    p, label = probs[k].max(0)
    axis.set_xlabel(f"{int(label)} ({100 * float(p):.0f}%)", fontsize=8)
fig3.suptitle(tr("from one digit to another", "한 숫자에서 다른 숫자로"), fontsize=10)

plt.show()

# sphinx_gallery_thumbnail_number = 2
