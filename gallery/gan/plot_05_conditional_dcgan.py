"""
Ask for a digit: a conditional DCGAN
====================================

An unconditional generator draws whatever digit its latent vector lands on, and some of its
samples fall between two digits. A class-conditional GAN is told which digit to draw: here
both networks see the label, and each row of the figure asks for one digit, 0 to 9.
"""

# %%
# Train the conditional DCGAN
# ---------------------------
#
# :class:`dlguide.gan.ConditionalDCGANGenerator` reads a one-hot label beside the latent
# vector (Mirza and Osindero, 2014); :class:`dlguide.gan.ConditionalDCGANDiscriminator` is a
# projection discriminator (Miyato and Koyama, 2018): its logit is the unconditional read-out
# of its features plus their inner product with a learned embedding of the label.
# :func:`dlguide.train.gan.train_conditional_dcgan` trains the pair exactly as
# :func:`dlguide.train.gan.train_dcgan` trains the unconditional one (Adam, learning rate
# 2e-4, beta1 = 0.5), drawing each step's fakes for the labels of the real batch.
import matplotlib.pyplot as plt
import numpy as np
import torch

from dlguide.data.digits import load_digits_split
from dlguide.metrics import between_share, classifier_score, frechet_distance
from dlguide.plotting import setup_fonts, tr
from dlguide.train.cnn import train_digits_cnn
from dlguide.train.gan import train_conditional_dcgan

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SEED = 0  # every random draw below takes its seed from SEED
PER_DIGIT = 10  # images per row of the figure
N_EVAL = 2500  # generated images the judge scores, 250 per digit

result = train_conditional_dcgan(seed=SEED)
print(f"trained {result.snapshot_epochs[-1]} epochs in {result.seconds:.1f} s")

# %%
# Ten of each digit, on request
# -----------------------------
#
# Row r asks for the digit r ten times, with ten different latent vectors: the label decides
# which digit, the latent vector how it is written (thickness, slant, size). The same ten
# latent vectors are used in every row, so a column keeps its style across the digits.
z = torch.randn(PER_DIGIT, result.model.latent_dim, generator=torch.Generator().manual_seed(SEED))
labels = torch.arange(10).repeat_interleave(PER_DIGIT)  # (100,): 0 x10, 1 x10, ...
images = result.generate(z.repeat(10, 1), labels)  # (100, 1, 8, 8) in [0, 1]

fig, ax = plt.subplots(figsize=(5.2, 5.2), layout="constrained")
canvas = np.ones((10 * 9 - 1, PER_DIGIT * 9 - 1))
for k, image in enumerate(images.numpy()):
    r, c = divmod(k, PER_DIGIT)
    canvas[r * 9 : r * 9 + 8, c * 9 : c * 9 + 8] = image[0]
ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=1)
ax.set_xticks([])
ax.set_yticks(np.arange(10) * 9 + 3.5, [str(d) for d in range(10)])
ax.set_ylabel(tr("requested digit", "요청한 숫자"))
ax.set_title(tr("one row per requested digit", "요청한 숫자마다 한 줄"), fontsize=10)

# %%
# Does the judge read the requested digit?
# ----------------------------------------
#
# The digit classifier of :func:`dlguide.train.cnn.train_digits_cnn` (the judge) labels 2500
# generated images, 250 requested of each digit. The share it labels as requested measures
# whether the generator obeys the label; the classifier score
# (:func:`dlguide.metrics.classifier_score`) and its ratio to the real test digits' score, the
# share of images the judge cannot place (top probability below 0.9,
# :func:`dlguide.metrics.between_share`) and the Fréchet distance of the judge's features from
# the test digits' (:func:`dlguide.metrics.frechet_distance`, whose floor is the distance
# between the training and the test digits) measure how digit-like the images are.
judge = train_digits_cnn(seed=SEED).model.eval()
x_train, x_test = load_digits_split(seed=SEED)[:2]  # (N, 1, 8, 8) in [0, 1]
requested = torch.arange(N_EVAL) % 10  # (N,)
generated = result.sample(N_EVAL, seed=SEED + 100, labels=requested)  # (N, 1, 8, 8)


def judged(x):
    """The judge's class probabilities (N, 10) and last hidden features (N, 128)."""
    with torch.no_grad():
        return torch.softmax(judge(x), dim=1), judge.feature_maps(x)["conv3"].flatten(1)


fake_probs, fake_features = judged(generated)
real_probs, test_features = judged(x_test)
obeyed = (fake_probs.argmax(1) == requested).double().mean()
ratio = classifier_score(fake_probs) / classifier_score(real_probs)
print(f"labelled as the requested digit: {float(obeyed):.1%}")
print(f"classifier score ratio to real test digits: {ratio:.3f}")
print(f"between digits (top probability < 0.9): {between_share(fake_probs):.1%}")
fd_fake = frechet_distance(fake_features, test_features)
fd_floor = frechet_distance(judged(x_train)[1], test_features)
print(f"Fréchet distance to test digits: {fd_fake:.2f} (training digits: {fd_floor:.2f})")

# One bar per requested digit: the share the judge labels as that digit.
per_digit = [(fake_probs.argmax(1)[requested == d] == d).double().mean() for d in range(10)]
fig2, ax2 = plt.subplots(figsize=(6.0, 2.6), layout="constrained")
ax2.bar(range(10), [100 * float(p) for p in per_digit], color="C1")
ax2.set_xticks(range(10))
ax2.set_ylim(0, 100)
ax2.set_xlabel(tr("requested digit", "요청한 숫자"))
ax2.set_ylabel(tr("% labelled as requested", "요청대로 판정된 비율(%)"))
ax2.set_title(
    tr(f"judge agrees on {float(obeyed):.1%}", f"판정 분류기 일치율 {float(obeyed):.1%}"),
    fontsize=10,
)

plt.show()

# sphinx_gallery_thumbnail_number = 1
