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

【日本語】
カタ: 混合ガウス分布からのサンプリング（伝承サンプリング）。

GMM は2段階の生成過程で、サンプリングもその順にたどります。まず点がどの成分から来るかを z ~
Categorical(π) で選び、次にその成分から x ~ N(μ_z, Σ_z) を引きます。N(μ, Σ) から引くには、Σ = L Lᵀ
とコレスキー分解し（L は下三角行列）、標準正規分布のノイズを変換します。

    z_n ~ Categorical(π_1..π_K)                      （例: rng.choice(K, size=n, p=weights)）
    x_n = μ_{z_n} + L_{z_n} ε_n,   ε_n ~ N(0, I)     （Cov[L ε] = L I Lᵀ = Σ）

（2段階目は `rng.multivariate_normal(μ, Σ)` を使って成分ごとに行うこともできます。）
乱数は渡された生成器 `rng` だけを使い、グローバルな `np.random` は使わないでください。
そうすれば同じシードから同じサンプルが得られます。

形状: `n` は 0 以上の int、`weights` は [K]、`means` は [K, D]、`covs` は [K, D, D] です。
`X` [n, D]（float）と `z` [n]（0..K-1 の整数の成分ラベル）を返します。
不正な入力: n < 0、負の重みや和が 1 にならない重み、食い違う形状、正定値でない共分散行列は
ValueError を送出します。
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
