"""Kata: maximum-likelihood estimate of a normal distribution.

Given samples x_1..x_N from N(μ, σ²), which μ and σ make the data most likely? Setting the
derivatives of the log-likelihood Σ_n log p(x_n | μ, σ) to zero gives the sample mean and the
*biased* standard deviation: divide by N, not by N - 1.

    μ̂ = (1/N) Σ_n x_n
    σ̂ = sqrt( (1/N) Σ_n (x_n - μ̂)² )

Shapes: `x` is a 1-D array (or list) of N samples. Returns two floats `(mu, sigma)`; `sigma` is the
standard deviation (a square root), not the variance.
Bad input: no samples (N = 0), or `x` that is not 1-D, raises ValueError.
"""
import numpy as np


def mle_normal(x) -> tuple[float, float]:
    """Maximum-likelihood (mu, sigma) of the 1-D samples x."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    if x.size < 1:
        raise ValueError("need at least one sample")
    mu = x.mean()
    # The MLE divides by N. It is biased (a little too small on average), but it is the σ that
    # maximises the likelihood; N - 1 (Bessel's correction) answers a different question.
    sigma = np.sqrt(np.mean((x - mu) ** 2))
    return float(mu), float(sigma)
