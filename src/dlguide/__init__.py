"""dlguide: readable, from-scratch reference implementations for a deep-learning concept guide.

Each module teaches one concept and is checked against its ``torch.nn`` twin:

- :mod:`dlguide.nn`: neurons, a multilayer perceptron, gradient descent.
- :mod:`dlguide.cnn`: convolution, pooling and a small CNN for handwritten digits.
- :mod:`dlguide.rnn`: RNN and LSTM cells, unrolling, the vanishing gradient.
- :mod:`dlguide.gan`: GAN and DCGAN, transposed convolution, mode-collapse metrics.
- :mod:`dlguide.data`: small data sets generated on the fly or shipped with scikit-learn.
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
