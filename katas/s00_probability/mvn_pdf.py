"""Kata: the multivariate normal density.

N(μ, Σ) in D dimensions has a mean vector μ and a covariance matrix Σ (symmetric, positive
definite) that says how far each dimension spreads and how the dimensions move together. Its
density generalises the 1-D bell curve:

    p(x | μ, Σ) = exp( -½ (x - μ)ᵀ Σ⁻¹ (x - μ) ) / sqrt( (2π)^D · det Σ )

The quadratic form (x - μ)ᵀ Σ⁻¹ (x - μ) is the squared Mahalanobis distance. With a diagonal Σ
the density is the product of D one-dimensional normals.

Shapes: `x` [N, D] (N points) or [D] (one point); `mean` [D]; `cov` [D, D].
Returns [N] densities, or a scalar (0-d) for a single point.
Bad input: `cov` that is not [D, D] (D = len(mean)), not symmetric, or not positive definite, or
`x` whose last dimension is not D, raises ValueError.
"""
import numpy as np


def mvn_pdf(x, mean, cov) -> np.ndarray:
    """Density of N(mean, cov) at each row of x (or at the single point x)."""
    # TODO: validate shapes, symmetry and positive definiteness (ValueError), then compute the
    #       quadratic form for every row of x and divide exp(-½·it) by the normalising constant.
    raise NotImplementedError("mvn_pdf: write the density from the docstring")
