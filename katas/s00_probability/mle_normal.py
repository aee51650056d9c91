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
    # TODO: check x is 1-D with at least one sample (ValueError otherwise), then return the mean and
    #       the square root of the mean squared deviation from it (divide by N).
    raise NotImplementedError("mle_normal: return (mu, sigma) from the formulas in the docstring")
