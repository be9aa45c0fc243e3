"""Training recipes: the functions the gallery and the benchmarks call to train a model.

One file per chapter (:mod:`dlguide.train.nn`, :mod:`dlguide.train.cnn`,
:mod:`dlguide.train.rnn`, :mod:`dlguide.train.gan`), all built on :mod:`dlguide.train.loop`:
one supervised loop, one GAN loop, one result convention (:class:`~dlguide.train.loop.TrainResult`:
``model``, ``losses``, ``steps``, ``seconds``) and one seeding policy (a recipe's ``seed``
decides everything it draws, and the caller's global random state is left as it was). Each
recipe is cached with :func:`dlguide.cache.cached` when ``DLGUIDE_CACHE_DIR`` is set.
"""
