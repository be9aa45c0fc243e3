"""
AI, ML and DL, nested
=====================

Deep learning is one family of machine-learning methods, and machine learning is one way of
building artificial intelligence. This figure draws the three as nested regions, each with
examples that belong to it and not to the region inside it.
"""

# %%
# The three regions
# -----------------
#
# Each region lists methods that belong to it but not to the region inside it: a chess engine
# that searches a game tree is AI without learning; a decision tree learns from data without
# a neural network; a CNN is a deep network.
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

from dlguide.plotting import tr

REGIONS = [
    # (x, y, width, height, colour, title, examples)
    (0.02, 0.02, 0.96, 0.96, "#dbe9f6", tr("Artificial intelligence", "인공지능"),
     tr("search and planning, rule-based expert systems, logic",
        "탐색과 계획, 규칙 기반 전문가 시스템, 논리 추론")),
    (0.10, 0.06, 0.80, 0.68, "#a9cbe8", tr("Machine learning", "머신러닝"),
     tr("linear models, decision trees, SVMs, k-means",
        "선형 모델, 결정 트리, SVM, k-평균")),
    (0.20, 0.10, 0.60, 0.38, "#5d9bd1", tr("Deep learning", "딥러닝"),
     tr("MLPs, CNNs, RNNs/LSTMs, GANs, Transformers",
        "다층 퍼셉트론, CNN, RNN/LSTM, GAN, 트랜스포머")),
]  # fmt: skip

fig, ax = plt.subplots(figsize=(6.5, 4.4), layout="constrained")
for x, y, w, h, colour, title, examples in REGIONS:
    ax.add_patch(
        FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.04",
                       facecolor=colour, edgecolor="#1f4e79", linewidth=1.2)
    )  # fmt: skip
    ax.text(x + w / 2, y + h - 0.06, title, ha="center", va="center", fontsize=13,
            fontweight="bold", color="#0b2540")  # fmt: skip
    ax.text(x + w / 2, y + h - 0.13, examples, ha="center", va="center", fontsize=9,
            color="#0b2540")  # fmt: skip
ax.set_xlim(0, 1)
ax.set_ylim(0, 1)
ax.set_axis_off()
ax.set_title(tr("AI ⊃ machine learning ⊃ deep learning", "인공지능 ⊃ 머신러닝 ⊃ 딥러닝"))
plt.show()
