"""Every topic of the seed text is covered, correctly, somewhere in the guide.

The guide grew from a Korean blog post (shared/seed/). This table maps each of its claims to
the page that covers it and to words that page must contain, so the coverage is checked, not
claimed. Where the seed is wrong, the pattern asserts the correction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"

# (seed topic, page, regular expressions that must all match the page's English source)
COVERAGE = [
    ("AI: a device built to act like a person", "chapters/ai-ml-dl",
     [r"artificial intelligence", r"rule"]),
    ("ML: a function learned from data answers automatically", "chapters/ai-ml-dl",
     [r"learning a function from data", r"overfit"]),
    ("DL: ML plus artificial neural networks", "chapters/ai-ml-dl",
     [r"deep learning", r"neural network"]),
    ("CNN: features from neighbouring values", "chapters/cnn", [r"neighbo", r"feature map"]),
    ("CNN: small filters, fewer weights (parameter sharing)", "chapters/cnn",
     [r"parameter sharing", r"count_parameters|parameters"]),
    ("CNN: pooling shrinks maps, cancels noise, consistent features", "chapters/cnn",
     [r"max_pool2d", r"average", r"noise"]),
    ("CNN: keeps 2-D spatial structure", "chapters/cnn",
     [r"flatten", r"spatial|2-D|two-dimensional"]),
    ("CNN: vision, face recognition, self-driving cars", "chapters/cnn",
     [r"face", r"self-driving|autonomous"]),
    ("RNN: recurrence carries the past through weights", "chapters/rnn",
     [r"hidden state", r"W_\{hh\}"]),
    ("RNN: text, speech, music, video", "chapters/rnn", [r"speech", r"music", r"video"]),
    ("Vanishing gradient (seed defines it via deep MLPs)", "chapters/rnn",
     [r"vanishing gradient", r"Jacobian", r"MLP|multilayer"]),
    ("LSTM is long short-term memory (seed: 'short-term memory network')", "chapters/rnn",
     [r"[Ll]ong short-term memory", r"forget"]),
    ("LSTM uses: composing, writing, forecasting stock prices", "chapters/rnn",
     [r"forecast", r"music|compos", r"stock|market"]),
    ("GAN generates images or sound", "chapters/gan", [r"generator", r"discriminator"]),
    ("GAN is not 'source A + source B'", "chapters/gan", [r"distribution"]),
    ("GAN restoration, deepfakes", "chapters/gan", [r"restor|inpaint", r"[Dd]eepfake"]),
    ("GAN 'unsupervised'", "chapters/gan", [r"unsupervised"]),
    ("DCGAN stabilises GANs", "chapters/gan", [r"DCGAN", r"Radford"]),
    ("Tool: Torch (Lua)", "chapters/tools", [r"Torch", r"Lua"]),
    ("Tool: PyTorch", "chapters/tools", [r"PyTorch"]),
    ("Tool: Neural Designer (commercial)", "chapters/tools", [r"Neural Designer", r"commercial"]),
    ("Tool: TensorFlow (Google)", "chapters/tools", [r"TensorFlow", r"Google"]),
    ("Tool: Jupyter is a notebook, not an ML library (seed error)", "chapters/tools",
     [r"Jupyter", r"notebook"]),
    ("Tool: scikit-learn (classification, regression, clustering)", "chapters/tools",
     [r"scikit-learn", r"clustering"]),
    ("Tool: Keras (multi-backend)", "chapters/tools", [r"Keras", r"JAX"]),
]  # fmt: skip


@pytest.mark.parametrize(("topic", "page", "patterns"), COVERAGE, ids=[c[0] for c in COVERAGE])
def test_seed_topic_is_covered(topic, page, patterns):
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    missing = [p for p in patterns if not re.search(p, text, re.IGNORECASE)]
    assert not missing, f"{page}.md does not cover {topic!r}: {missing}"


def test_every_chapter_is_in_the_table_of_contents():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in {c[1] for c in COVERAGE}:
        assert page in index, page
