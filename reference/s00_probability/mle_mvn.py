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
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be [N, D], got shape {X.shape}")
    N = X.shape[0]
    if N < 1:
        raise ValueError("need at least one sample")
    mean = X.mean(axis=0)  # average over samples (axis 0), one value per dimension
    Xc = X - mean  # the covariance is about spread around the mean: centre first
    # [D, N] @ [N, D] -> [D, D]: entry (i, j) sums (x_ni - μ_i)(x_nj - μ_j) over the samples.
    cov = Xc.T @ Xc / N
    return mean, cov
