"""Kata: sampling from a Gaussian mixture (ancestral sampling).

A GMM is a two-step story, and sampling follows it: first pick which component a point comes from,
z ~ Categorical(π), then draw the point from that component, x ~ N(μ_z, Σ_z). To draw from
N(μ, Σ), factor Σ = L Lᵀ (Cholesky, L lower-triangular) and transform standard normal noise:

    z_n ~ Categorical(π_1..π_K)                      (e.g. rng.choice(K, size=n, p=weights))
    x_n = μ_{z_n} + L_{z_n} ε_n,   ε_n ~ N(0, I)     (Cov[L ε] = L I Lᵀ = Σ)

(`rng.multivariate_normal(μ, Σ)` does the second step for you, one component at a time.)
Use only the generator `rng` you are given, never the global `np.random`, so the same seed gives
the same samples.

Shapes: `n` an int ≥ 0; `weights` [K]; `means` [K, D]; `covs` [K, D, D].
Returns `X` [n, D] (floats) and `z` [n] (integer component labels in 0..K-1).
Bad input: n < 0, negative weights or weights not summing to 1, shapes that do not agree, or a
covariance that is not positive definite raise ValueError.
"""
import numpy as np


def gmm_sample(n: int, weights, means, covs,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw n points from the Gaussian mixture; return them and their component labels."""
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if weights.ndim != 1 or means.ndim != 2 or means.shape[0] != weights.shape[0]:
        raise ValueError(f"need weights [K] and means [K, D], got {weights.shape} and {means.shape}")
    K, D = means.shape
    if covs.shape != (K, D, D):
        raise ValueError(f"covs must be [{K}, {D}, {D}], got shape {covs.shape}")
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, rtol=0.0, atol=1e-8):
        raise ValueError(f"weights must be >= 0 and sum to 1, got {weights}")
    try:
        L = np.linalg.cholesky(covs)  # [K, D, D], one lower-triangular factor per component
    except np.linalg.LinAlgError:
        raise ValueError("every covariance must be positive definite") from None

    # Step 1: the ancestor, which component each point comes from.
    z = rng.choice(K, size=n, p=weights)
    # Step 2: that component's Gaussian. L ε (a column vector) has covariance L Lᵀ = Σ;
    # for row vectors that is ε @ Lᵀ, written here per point with einsum.
    eps = rng.standard_normal((n, D))
    X = means[z] + np.einsum("nij,nj->ni", L[z], eps)
    return X, z
