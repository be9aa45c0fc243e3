"""
Mode collapse, measured
=======================

A generator can fool its discriminator by drawing only a few kinds of samples: mode collapse.
Two GANs learn the same ring of eight Gaussians; one covers every mode, the other does not,
and the mode metrics of VEEGAN and PacGAN turn the difference into numbers. A third run
repeats the collapsing one with a discriminator that judges pairs of samples (PacGAN), and
spreads out again.
"""

# %%
# Three training runs
# -------------------
#
# All runs use :func:`dlguide.train.gan.train_gan_2d` with the same networks, data, seed
# and number of steps. The healthy run uses the guide's settings: both networks learn at the same
# rate. In the second run the generator learns ten times faster than the discriminator. Each
# time the discriminator settles on where the real data is, the generator rushes all of its
# samples to the one point the discriminator currently likes best, faster than the
# discriminator can learn that a single point is not the whole ring.
#
# The third run keeps that fast generator and changes one thing, as PacGAN (Lin et al., 2018)
# does: the discriminator (:class:`dlguide.gan.Discriminator2D` with ``pack=2``) judges two
# samples at once, concatenated. Two real points usually come from two different modes; two
# points of a collapsed generator come from the same place, and a packed discriminator can
# see that, where one point at a time looks perfectly real.
import matplotlib.pyplot as plt
import numpy as np

from dlguide.data.mixtures import ring_modes, ring_of_gaussians
from dlguide.metrics import mode_metrics
from dlguide.plotting import setup_fonts, tr
from dlguide.train.gan import train_gan_2d

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SEED = 0  # every random draw below takes its seed from SEED: weights, data, latent vectors
STEPS = 3000
LR = 2e-3  # the discriminator's learning rate in both runs
FAST_GENERATOR_LR = 10 * LR
PACK = 2  # samples per judgement of the packed discriminator
N_EVAL = 2500  # samples scored, as in the VEEGAN / PacGAN protocol
STD = 0.01  # standard deviation of each Gaussian of the ring

healthy = train_gan_2d(ring_of_gaussians, steps=STEPS, seed=SEED, lr_g=LR, lr_d=LR)
collapsed = train_gan_2d(
    ring_of_gaussians, steps=STEPS, seed=SEED, lr_g=FAST_GENERATOR_LR, lr_d=LR
)
packed = train_gan_2d(
    ring_of_gaussians, steps=STEPS, seed=SEED, lr_g=FAST_GENERATOR_LR, lr_d=LR, pack=PACK
)
runs = {
    tr("healthy:\nequal learning rates", "정상:\n같은 학습률"): healthy,
    tr("collapsed:\ngenerator 10x faster", "붕괴:\n생성자 학습률 10배"): collapsed,
    tr("the same, D judges pairs:\npacking (PacGAN2)", "같은 설정, 둘씩 판별:\n패킹(PacGAN2)"): (
        packed
    ),
}
seconds = ", ".join(f"{run.seconds:.1f} s" for run in runs.values())
print(f"trained in {seconds}")

# %%
# Where the samples land
# ----------------------
#
# Grey: the real ring. Orange: 2500 samples of each trained generator.
real = ring_of_gaussians(2500, seed=SEED + 1)
samples = {name: run.sample(N_EVAL, seed=SEED + 100) for name, run in runs.items()}
fig, axes = plt.subplots(1, 3, figsize=(7, 2.9), layout="constrained", sharex=True, sharey=True)
for ax, (name, points) in zip(axes, samples.items(), strict=True):
    ax.scatter(*real.T.numpy(), s=2, color="0.6", label=tr("real", "실제 데이터"))
    ax.scatter(*points.T.numpy(), s=2, color="C1", label=tr("generated", "생성"))
    ax.set_aspect("equal")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_title(name, fontsize=9)
axes[0].legend(loc="center", fontsize=8, markerscale=4)

# %%
# The collapse, step by step
# --------------------------
#
# Snapshots of the fast generator during training: the samples move as one clump, jumping
# from mode to mode instead of spreading over the ring.
snapshot_steps = collapsed.snapshot_steps  # (0, 120, 240, ..., 3000)
picks = np.linspace(len(snapshot_steps) // 5, len(snapshot_steps) - 1, 5).astype(int)
fig2, axes2 = plt.subplots(1, 5, figsize=(7, 1.9), layout="constrained", sharey=True)
for ax, k in zip(axes2, picks, strict=True):
    ax.scatter(*real[:500].T.numpy(), s=1, color="0.7")
    ax.scatter(*collapsed.samples[k].T.numpy(), s=2, color="C1")
    ax.set_aspect("equal")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(tr(f"step {snapshot_steps[k]}", f"{snapshot_steps[k]}단계"), fontsize=9)

# %%
# Measure it
# ----------
#
# :func:`dlguide.metrics.mode_metrics` counts the modes captured (nearest mode of at least one
# high-quality sample), the share of high-quality samples (within three standard deviations
# of a mode) and the KL divergence of the modes' shares from the uniform split (0 when every
# mode gets 1/8 of the samples, log 8 = 2.08 when one mode gets them all). Sample quality
# alone cannot reveal collapse: a collapsed generator can put every sample right on a mode.
metrics = {name: mode_metrics(points, ring_modes(), STD) for name, points in samples.items()}
for name, m in metrics.items():
    print(
        f"{name.replace(chr(10), ' '):>44}: {m.modes_captured} modes, "
        f"{100 * m.high_quality:5.1f}% high quality, KL {m.kl:.3f}"
    )

fig3, (ax_modes, ax_hq, ax_kl) = plt.subplots(1, 3, figsize=(7, 2.6), layout="constrained")
colors = ["C0", "C3", "C2"]
names = [tr("healthy", "정상"), tr("collapsed", "붕괴"), tr("packed", "패킹")]
values = list(metrics.values())
ax_modes.bar(names, [m.modes_captured for m in values], color=colors)
ax_modes.axhline(8, color="k", lw=0.8, ls="--")
ax_modes.set_title(tr("modes captured", "포착한 모드 수"), fontsize=10)
ax_hq.bar(names, [100 * m.high_quality for m in values], color=colors)
ax_hq.set_ylim(0, 100)
ax_hq.set_title(tr("% high quality", "고품질 표본 비율(%)"), fontsize=10)
ax_kl.bar(names, [m.kl for m in values], color=colors)
ax_kl.axhline(np.log(8), color="k", lw=0.8, ls="--")
ax_kl.set_title(tr("KL from uniform", "균등 분포와의 KL"), fontsize=10)

plt.show()
