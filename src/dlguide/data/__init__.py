"""Data sets of the guide: generated on the fly from a seed, or shipped inside a pip package.

Nothing is downloaded. Each module returns plain tensors and knows nothing of the models:

- :mod:`dlguide.data.toy`: a noisy curve, two classes in the plane, a train/test split
  (the neural-network basics);
- :mod:`dlguide.data.digits`: scikit-learn's 8x8 handwritten digits as image tensors
  (the CNN and GAN chapters);
- :mod:`dlguide.data.sequences`: the adding problem, sine waves and characters of a short
  text (the RNN chapter);
- :mod:`dlguide.data.mixtures`: rings and grids of Gaussians in 2D (the GAN chapter).
"""
