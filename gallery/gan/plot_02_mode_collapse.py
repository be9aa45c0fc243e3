"""
Mode collapse, measured
=======================

A GAN can fool its discriminator by producing only a few kinds of samples: mode collapse.
Two GANs learn the same ring of eight Gaussians; one covers every mode, the other does not,
and the mode metrics of VEEGAN and PacGAN put numbers on the difference.
"""

# %%
# Two training runs
# -----------------
#
# Both runs use :func:`dlguide.gan.train_gan_2d` with the same networks, data and seed. The
# healthy run uses the settings of the guide. The other changes one thing:
# COLLAPSE_DESCRIPTION.
import matplotlib.pyplot as plt
import numpy as np
import torch

from dlguide.gan import train_gan_2d
from dlguide.plotting import setup_fonts, tr
from dlguide.toy2d import mode_metrics, ring_modes, ring_of_gaussians

torch.manual_seed(0)
np.random.default_rng(0)
setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

SEED = 0
N_EVAL = 2500
STD = 0.01
COLLAPSE_SETTINGS = {}  # filled in below

healthy = train_gan_2d(ring_of_gaussians, seed=SEED)
collapsed = train_gan_2d(ring_of_gaussians, seed=SEED, **COLLAPSE_SETTINGS)
runs = {
    tr("healthy", "정상 학습"): healthy,
    tr("collapsed", "모드 붕괴"): collapsed,
}
