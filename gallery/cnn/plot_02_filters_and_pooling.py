"""
Classic filters and pooling
===========================

Before networks learned their filters, image processing designed them by hand: edge
detectors, blurs, sharpeners. Applied to a digit with a convolution, each one brings out a
different feature; pooling then shrinks the feature map.
"""

# %%
# Four hand-made filters
# ----------------------
#
# Sobel filters respond to vertical and horizontal edges, a box blur averages the 3x3
# neighbourhood, and a sharpening filter adds the difference between a pixel and its
# neighbours back to the pixel.
import matplotlib.pyplot as plt
import numpy as np
import torch

from dlguide.cnn import avg_pool2d, conv2d, max_pool2d
from dlguide.data.digits import load_digit_image
from dlguide.plotting import setup_fonts, tr

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

DIGIT_INDEX = 3  # a three
DPI = 80
FILTERS = {
    tr("vertical edges\n(Sobel x)", "세로 경계\n(소벨 x)"): [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    tr("horizontal edges\n(Sobel y)", "가로 경계\n(소벨 y)"): [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    tr("blur\n(box 3×3)", "흐림\n(3×3 평균)"): [[1 / 9] * 3] * 3,
    tr("sharpen", "선명화"): [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}

image = load_digit_image(DIGIT_INDEX)  # (8, 8)
# all four filters as the C_out axis of one weight tensor
weight = torch.tensor(list(FILTERS.values()), dtype=torch.float32)[:, None]  # (4, 1, 3, 3)
print("weight shape (C_out, C_in, kH, kW):", tuple(weight.shape))

# %%
# One convolution, four feature maps
# ----------------------------------
#
# Stacking the filters along the first axis of the weight gives four output channels from a
# single call. Padding 1 adds a border of zeros so each feature map keeps the 8x8 size.
x = image[None, None]  # (N, C, H, W) = (1, 1, 8, 8)
maps = conv2d(x, weight, padding=1)  # (1, 4, 8, 8)
print("input shape:", tuple(x.shape), "-> feature maps:", tuple(maps.shape))

fig, axes = plt.subplots(2, 5, figsize=(7, 3.4), dpi=DPI, layout="constrained")
axes[0, 0].imshow(image.numpy(), cmap="gray_r", vmin=0, vmax=1)
axes[0, 0].set_title(tr("input digit", "입력 숫자"), fontsize=8)
axes[1, 0].set_axis_off()
axes[1, 0].text(
    0.5,
    0.5,
    tr("top: filters\nbottom: feature\nmaps (8×8)", "위: 필터\n아래: 특징 맵\n(8×8)"),
    ha="center",
    va="center",
    fontsize=8,
    transform=axes[1, 0].transAxes,
)
for k, (name, kernel) in enumerate(FILTERS.items()):
    kernel = torch.tensor(kernel).numpy()
    limit = float(np.abs(kernel).max())
    axes[0, k + 1].imshow(kernel, cmap="RdBu_r", vmin=-2 * limit, vmax=2 * limit)
    axes[0, k + 1].set_title(name, fontsize=8)
    for (r, c), value in np.ndenumerate(kernel):
        label = "1/9" if np.isclose(value, 1 / 9) else f"{value:.0f}"
        axes[0, k + 1].text(c, r, label, ha="center", va="center", fontsize=8)
    fmap = maps[0, k].numpy()
    if fmap.min() < 0:  # signed response: diverging colours centred on zero
        limit = float(np.abs(fmap).max())
        axes[1, k + 1].imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
    else:
        axes[1, k + 1].imshow(fmap, cmap="gray_r")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])

# %%
# Max pooling and average pooling
# -------------------------------
#
# Pooling looks at each 2x2 block of a feature map and keeps one number: the largest
# (max pooling) or the mean (average pooling). The map shrinks from 8x8 to 4x4, a quarter of
# the numbers, while a strong response anywhere in a block survives max pooling. Here the
# input is the vertical-edge map after ReLU (negative values set to zero), as in a CNN.
edges = torch.relu(maps[:, :1])  # (1, 1, 8, 8)
pooled_max = max_pool2d(edges, kernel_size=2)  # (1, 1, 4, 4)
pooled_avg = avg_pool2d(edges, kernel_size=2)  # (1, 1, 4, 4)
print("before pooling:", tuple(edges.shape))
print("max pooling 2x2:", tuple(pooled_max.shape))
print("average pooling 2x2:", tuple(pooled_avg.shape))

VMAX = float(edges.max())
fig2, axes2 = plt.subplots(1, 3, figsize=(6, 2.4), dpi=DPI, layout="constrained")
panels = [
    (edges, tr("ReLU(vertical edges) 8×8", "ReLU(세로 경계) 8×8")),
    (pooled_max, tr("max pooling → 4×4", "최대 풀링 → 4×4")),
    (pooled_avg, tr("average pooling → 4×4", "평균 풀링 → 4×4")),
]
for ax, (data, title) in zip(axes2, panels, strict=True):
    grid = data[0, 0].numpy()
    ax.imshow(grid, cmap="magma", vmin=0, vmax=VMAX)
    ax.set_title(title, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    if grid.shape[0] == 4:
        for (r, c), value in np.ndenumerate(grid):
            color = "black" if value > 0.6 * VMAX else "white"
            ax.text(c, r, f"{value:.1f}", ha="center", va="center", fontsize=7, color=color)
    else:  # show the 2x2 blocks that pooling summarises
        for line in np.arange(1.5, 7, 2):
            ax.axhline(line, color="white", linewidth=0.8)
            ax.axvline(line, color="white", linewidth=0.8)
plt.show()
