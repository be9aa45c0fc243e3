"""
Train a GAN yourself
====================

The starter to copy: a generator and a discriminator play their game on a ring of eight
Gaussians, with both networks, both losses, both optimisers and the training loop written out
in this file, one discriminator step and then one generator step at a time.
"""

# %%
# Data, networks and optimisers
# -----------------------------
#
# The real data: points of a ring of eight Gaussians
# (:func:`dlguide.data.mixtures.ring_of_gaussians`). The generator
# :class:`dlguide.gan.Generator2D` turns 2D noise into points; the discriminator
# :class:`dlguide.gan.Discriminator2D` gives each point a logit, whose sigmoid
# :math:`D(x)` is the probability that the point is real. Each network has its own Adam
# optimiser, with :math:`\beta_1 = 0.5` as in DCGAN (Radford et al., 2015), and learning
# rates that fall linearly to zero over training.
import math

import matplotlib.pyplot as plt
import torch

from dlguide.data.mixtures import ring_modes, ring_of_gaussians
from dlguide.gan import (
    Discriminator2D,
    Generator2D,
    discriminator_loss,
    generator_loss_nonsaturating,
)
from dlguide.metrics import mode_metrics
from dlguide.plotting import setup_fonts, tr

torch.manual_seed(0)  # the initial weights and the latent vectors
torch.set_num_threads(1)  # tiny networks: more threads gain little and stall on a busy machine
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

STEPS = 3000  # training steps, one D update and one G update each
BATCH_SIZE = 128  # real and fake points per step
LATENT = 2  # size Z of the latent vector z
LR = 2e-3  # initial learning rate of both optimisers
STD = 0.01  # standard deviation of each Gaussian of the ring

data = torch.Generator().manual_seed(1)  # the stream of real batches
G = Generator2D(latent_dim=LATENT, hidden=96)
D = Discriminator2D(hidden=128)
# fused=True: one update of all the parameters at once, instead of a loop over the tensors
opt_g = torch.optim.Adam(G.parameters(), lr=LR, betas=(0.5, 0.999), fused=True)
opt_d = torch.optim.Adam(D.parameters(), lr=LR, betas=(0.5, 0.999), fused=True)
decay = [  # the learning rate of step k is LR * (1 - k / STEPS)
    torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1 - k / STEPS) for opt in (opt_g, opt_d)
]

# %%
# The training loop
# -----------------
#
# Each step first improves the discriminator on a real batch and a fake one, then improves
# the generator against the discriminator just updated. The fakes are detached for the
# discriminator's step, so that step leaves the generator alone.
d_losses, g_losses = [], []
for step in range(STEPS):
    real = ring_of_gaussians(BATCH_SIZE, seed=data)  # x ~ p_data, (B, 2)
    z = torch.randn(BATCH_SIZE, LATENT)  # z ~ N(0, I), (B, Z)
    fake = G(z)  # (B, 2)

    # (1) Update D: maximise log D(x) + log(1 - D(G(z))),
    #     that is minimise L_D = -log D(x) - log(1 - D(G(z)))
    opt_d.zero_grad()
    loss_d = discriminator_loss(D(real), D(fake.detach()))
    loss_d.backward()
    opt_d.step()

    # (2) Update G: maximise log D(G(z)) (the non-saturating loss),
    #     that is minimise L_G = -log D(G(z))
    opt_g.zero_grad()
    loss_g = generator_loss_nonsaturating(D(fake))
    loss_g.backward()  # also leaves gradients in D; opt_d.zero_grad() clears them next step
    opt_g.step()

    for schedule in decay:
        schedule.step()
    d_losses.append(loss_d.item())
    g_losses.append(loss_g.item())
    if (step + 1) % 500 == 0:
        print(f"step {step + 1}: L_D {loss_d.item():.3f}, L_G {loss_g.item():.3f}")

# %%
# Score the generator
# -------------------
#
# :func:`dlguide.metrics.mode_metrics` scores 2500 fresh samples: a sample is *high quality*
# when it lies within three standard deviations of a mode, and a mode is *captured* when a
# high-quality sample is nearest to it. At the balance point of the game
# :math:`D(x) = 1/2` everywhere and :math:`L_D = 2 \log 2 \approx 1.39`.
G.eval()
with torch.no_grad():
    samples = G(torch.randn(2500, LATENT))  # (2500, 2)
metrics = mode_metrics(samples, ring_modes(), STD)
print(f"modes captured: {metrics.modes_captured} / 8")
print(f"high-quality samples: {100 * metrics.high_quality:.1f} %")

fig, (ax_pts, ax_loss) = plt.subplots(
    1, 2, figsize=(7, 3), layout="constrained", width_ratios=(1, 1.3)
)
ax_pts.scatter(*samples.T.numpy(), s=2, color="C1", label=tr("generated", "생성"))
ax_pts.scatter(*ring_modes().T.numpy(), s=40, marker="x", color="k", label=tr("modes", "모드"))
ax_pts.set_aspect("equal")
ax_pts.set_xticks([])
ax_pts.set_yticks([])
ax_pts.legend(loc="center", fontsize=8)
ax_pts.set_title(
    tr(
        f"{metrics.modes_captured}/8 modes, {100 * metrics.high_quality:.0f}% high quality",
        f"모드 {metrics.modes_captured}/8개, 고품질 {100 * metrics.high_quality:.0f}%",
    ),
    fontsize=10,
)
window = 50  # steps averaged in the loss curves
kernel = torch.ones(1, 1, window) / window
for losses, color, label in (
    (d_losses, "C0", tr("discriminator L_D", "판별자 L_D")),
    (g_losses, "C1", tr("generator L_G", "생성자 L_G")),
):
    smooth = torch.conv1d(torch.tensor(losses)[None, None], kernel)[0, 0]  # moving average
    ax_loss.plot(range(window, STEPS + 1), smooth, color=color, lw=1, label=label)
ax_loss.axhline(2 * math.log(2), color="0.5", lw=0.8, ls="--")
ax_loss.set_xlabel(tr("training step", "학습 단계"))
ax_loss.set_ylabel(tr("loss", "손실"))
ax_loss.legend(fontsize=8)
plt.show()
