"""
A filter sliding over a digit
=============================

A convolution slides a small grid of weights, the filter, over an image. At each position it
multiplies the filter with the pixels under it and adds the nine products up: that sum is one
cell of the output feature map.
"""

# %%
# A digit and a filter
# --------------------
#
# The image is a real handwritten zero from scikit-learn's 8x8 digits, with pixel values
# scaled to ``[0, 1]`` and drawn dark on light (``gray_r``: higher values are darker ink). The
# filter is a Sobel vertical-edge detector: it answers strongly where the pixel values rise
# from left to right (positive, where a stroke begins) or fall (negative, where it ends).
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import animation
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from dlguide.cnn import conv2d, conv2d_output_size
from dlguide.data.digits import load_digit_image
from dlguide.plotting import setup_fonts, tr

setup_fonts()  # a Hangul font when DLGUIDE_LANG=ko, before any figure exists

DIGIT_INDEX = 0  # the first image of load_digits, a zero
SOBEL_X = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
K = SOBEL_X.shape[0]
DPI = 72
# The animation fills the text column (688 CSS px) at twice its pixel density: 6.88 in at
# 200 dpi is 1376 pixels, so 1 pt of text shows as 1.39 CSS px (10 pt = 14 px).
FRAME_DPI = 200

image = load_digit_image(DIGIT_INDEX)  # (H, W) = (8, 8)
H, W = image.shape
H_out, W_out = conv2d_output_size((H, W), K)  # no padding, stride 1
print(f"input {H}x{W}, filter {K}x{K} -> feature map {H_out}x{W_out}")

# %%
# The whole feature map in one call
# ---------------------------------
#
# :func:`dlguide.cnn.conv2d` takes a batch of images of shape ``(N, C, H, W)`` and a stack of
# filters of shape ``(C_out, C_in, kH, kW)``; here one image, one channel and one filter.
x = image[None, None]  # (1, 1, 8, 8)
weight = SOBEL_X[None, None]  # (1, 1, 3, 3)
feature_map = conv2d(x, weight)[0, 0]  # (6, 6)
print("feature map shape:", tuple(feature_map.shape))

# The same numbers by hand: one window, nine products, one sum per position.
products = torch.stack(
    [image[i : i + K, j : j + K] * SOBEL_X for i in range(H_out) for j in range(W_out)]
)  # (H_out * W_out, 3, 3)
print(
    "sums of products equal conv2d:", torch.allclose(products.sum((1, 2)), feature_map.flatten())
)

# %%
# Watch the filter slide
# ----------------------
#
# Each frame moves the filter one pixel: left to right, then down a row. The orange box is
# the 3x3 window, the middle panel shows the nine products of window and filter, and their sum
# fills the next cell of the feature map.
LIMIT = float(feature_map.abs().max())
fig, axes = plt.subplots(
    1, 4, figsize=(6.88, 2.6), dpi=FRAME_DPI, layout="constrained", width_ratios=[7, 3, 4.5, 5.5]
)
ax_in, ax_filter, ax_prod, ax_out = axes
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])

ax_in.imshow(image.numpy(), cmap="gray_r", vmin=0, vmax=1)
ax_in.set_title(tr("input digit", "입력 숫자"), fontsize=11)
window_box = Rectangle((-0.5, -0.5), K, K, fill=False, edgecolor="C1", linewidth=2.5)
ax_in.add_patch(window_box)

ax_filter.imshow(SOBEL_X.numpy(), cmap="RdBu_r", vmin=-2, vmax=2)
ax_filter.set_title(tr("filter", "필터"), fontsize=11)
for (r, c), value in np.ndenumerate(SOBEL_X.numpy()):
    color = "white" if abs(value) > 1 else "black"
    ax_filter.text(c, r, f"{value:.0f}", ha="center", va="center", fontsize=11, color=color)

prod_image = ax_prod.imshow(np.zeros((K, K)), cmap="RdBu_r", vmin=-2, vmax=2)
ax_prod.set_title(tr("window × filter", "창 × 필터"), fontsize=11)
prod_texts = [
    ax_prod.text(c, r, "", ha="center", va="center", fontsize=10)
    for r in range(K)
    for c in range(K)
]
sum_text = ax_prod.text(1, 3.0, "", ha="center", va="top", fontsize=12)

out_image = ax_out.imshow(np.full((H_out, W_out), np.nan), cmap="RdBu_r", vmin=-LIMIT, vmax=LIMIT)
ax_out.set_title(tr("feature map", "특징 맵"), fontsize=11)
cell_box = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor="C1", linewidth=2.5)
ax_out.add_patch(cell_box)
# At twice the screen's density, text without anti-aliasing still looks smooth, and it makes
# each PNG frame a third of the bytes: 36 frames stay light enough for the chapter page.
for text in fig.findobj(Text):
    text.set_antialiased(False)


def update(frame):
    i, j = divmod(frame, W_out)
    window_box.set_xy((j - 0.5, i - 0.5))
    cell_box.set_xy((j - 0.5, i - 0.5))
    prod = products[frame].numpy()
    prod_image.set_data(prod)
    for text, value in zip(prod_texts, prod.flatten(), strict=True):
        text.set_text(f"{value:.2f}".replace("-0.00", "0.00"))
        text.set_color("white" if abs(value) > 1 else "black")
    total = float(feature_map[i, j])
    sum_text.set_text(tr(f"sum = {total:.2f}", f"합 = {total:.2f}"))
    # cells up to this frame are known, the rest stay blank (NaN draws as background)
    shown = np.full(H_out * W_out, np.nan)
    shown[: frame + 1] = feature_map.flatten()[: frame + 1].numpy()
    out_image.set_data(shown.reshape(H_out, W_out))
    return []


FRAMES = H_out * W_out  # 36 positions of a 3x3 filter on an 8x8 image
update(0)
fig.canvas.draw()  # lay the figure out once and keep that layout for every frame:
fig.set_layout_engine("none")  # drawing the frames is faster and nothing jitters
anim = animation.FuncAnimation(fig, update, frames=FRAMES, interval=500, blit=False)

# %%
# The finished feature map
# ------------------------
#
# Pixel values measure ink. Red cells mark where the ink gets stronger from left to right (the
# left edge of a stroke), blue cells where it fades (the right edge). The map is two pixels smaller
# than the image in each direction: a 3x3 window fits only six times along eight pixels,
# ``floor((8 + 2*0 - 3) / 1) + 1 = 6``.
fig2, axes2 = plt.subplots(
    1, 3, figsize=(6, 2.4), dpi=DPI, layout="constrained", width_ratios=[8, 3, 6]
)
axes2[0].imshow(image.numpy(), cmap="gray_r", vmin=0, vmax=1)
axes2[0].set_title(tr("input 8×8", "입력 8×8"), fontsize=9)
axes2[1].imshow(SOBEL_X.numpy(), cmap="RdBu_r", vmin=-2, vmax=2)
axes2[1].set_title(tr("filter 3×3", "필터 3×3"), fontsize=9)
shown = axes2[2].imshow(feature_map.numpy(), cmap="RdBu_r", vmin=-LIMIT, vmax=LIMIT)
axes2[2].set_title(tr("feature map 6×6", "특징 맵 6×6"), fontsize=9)
for ax in axes2:
    ax.set_xticks([])
    ax.set_yticks([])
fig2.colorbar(shown, ax=axes2[2], shrink=0.8)
plt.show()

# sphinx_gallery_thumbnail_number = 2
