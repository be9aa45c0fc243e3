"""dlguide: readable, from-scratch reference implementations for a deep-learning concept guide.

The concept modules hold what the pages teach, each piece checked against its ``torch.nn``
twin:

- :mod:`dlguide.nn`: activations, losses, a layer of neurons, a multilayer perceptron,
  backpropagation by hand, a finite-difference gradient check, gradient descent.
- :mod:`dlguide.optim`: SGD with momentum and Adam.
- :mod:`dlguide.init`: Xavier and Kaiming initialisation, and what they do through depth.
- :mod:`dlguide.layers`: leaky ReLU, batch normalisation and dropout.
- :mod:`dlguide.cnn`: convolution, pooling and a small CNN for handwritten digits.
- :mod:`dlguide.residual`: residual blocks, and why their identity path lets depth train.
- :mod:`dlguide.rnn`: RNN, LSTM and GRU cells, unrolling, truncated BPTT, perplexity.
- :mod:`dlguide.attention`: scaled dot-product and multi-head attention, what replaced the
  LSTM for long text.
- :mod:`dlguide.gan`: transposed convolution, the GAN losses, GAN and DCGAN networks.
- :mod:`dlguide.metrics`: accuracy, and the scores that judge a generator.

Around them:

- :mod:`dlguide.data`: data sets generated from a seed or shipped with scikit-learn.
- :mod:`dlguide.train`: the training recipes, one loop and one result convention for all.
- :mod:`dlguide.checks`: the argument checks every public function uses.
- :mod:`dlguide.cache`: the on-disk cache of trained models used by the docs build.
- :mod:`dlguide.plotting`: figure text in the reader's language and a font with Hangul.

>>> import dlguide
>>> dlguide.__version__ != ""
True
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dlguide")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["__version__"]
