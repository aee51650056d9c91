"""Kata: maximum-likelihood estimate of a multivariate normal.

The D-dimensional version of mle_normal: the mean vector and covariance matrix that make N samples
most likely are the sample mean and the *biased* sample covariance (divide by N, not N - 1), built
from the centred data X - μ̂.

    μ̂ = (1/N) Σ_n x_n
    Σ̂ = (1/N) Σ_n (x_n - μ̂)(x_n - μ̂)ᵀ  =  (1/N) (X - μ̂)ᵀ (X - μ̂)

Shapes: `X` [N, D], one sample per row. Returns `mean` [D] and `cov` [D, D] (not [N, N]).
Bad input: `X` that is not 2-D, or has no rows, raises ValueError.
"""
import numpy as np


def mle_mvn(X) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood (mean [D], cov [D, D]) of the rows of X [N, D]."""
    # TODO: check X is [N, D] with N >= 1 (ValueError otherwise), take the mean over samples,
    #       centre X, and build the [D, D] covariance dividing by N.
    raise NotImplementedError("mle_mvn: return (mean, cov) from the formulas in the docstring")
