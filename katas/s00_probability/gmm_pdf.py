"""Kata: the Gaussian mixture density.

A Gaussian mixture model (GMM) describes data that form several clumps: K normal components, each
with its own mean μ_k and covariance Σ_k, mixed with weights π_k (π_k ≥ 0, Σ_k π_k = 1). Its density
is the weighted sum of the component densities:

    p(x) = Σ_k π_k · N(x | μ_k, Σ_k)

Because the weights sum to 1 and each component integrates to 1, the mixture integrates to 1 too.

Shapes: `x` [N, D]; `weights` [K]; `means` [K, D]; `covs` [K, D, D]. Returns [N].
Bad input: a negative weight, weights that do not sum to 1 (within 1e-8), or shapes that do not
agree raise ValueError. Reuse your `mvn_pdf` (it already checks each covariance).
"""
import numpy as np

from .mvn_pdf import mvn_pdf


def gmm_pdf(x, weights, means, covs) -> np.ndarray:
    """Density of the Gaussian mixture at each row of x."""
    # TODO: check the weights and shapes (ValueError), then sum weight * mvn_pdf(...) over components.
    raise NotImplementedError("gmm_pdf: write the weighted sum from the docstring")
