"""Kata: the multivariate normal density.

N(μ, Σ) in D dimensions has a mean vector μ and a covariance matrix Σ (symmetric, positive
definite) that says how far each dimension spreads and how the dimensions move together. Its
density generalises the 1-D bell curve:

    p(x | μ, Σ) = exp( -½ (x - μ)ᵀ Σ⁻¹ (x - μ) ) / sqrt( (2π)^D · det Σ )

The quadratic form (x - μ)ᵀ Σ⁻¹ (x - μ) is the squared Mahalanobis distance. With a diagonal Σ
the density is the product of D one-dimensional normals.

Shapes: `x` [N, D] (N points) or [D] (one point); `mean` [D]; `cov` [D, D].
Returns [N] densities for x [N, D] (N = 1 included), or a scalar (0-d) for a single point x
[D]. The caller's `x` is left unchanged.
Bad input: `cov` that is not [D, D] (D = len(mean)), not symmetric, or not positive definite, or
`x` whose last dimension is not D, raises ValueError.

【日本語】
カタ: 多変量正規分布の確率密度。

D 次元の正規分布 N(μ, Σ) は、平均ベクトル μ と共分散行列 Σ（対称かつ正定値）をもちます。Σ は
各次元がどれだけ散らばるか、そして次元どうしがどう連動するかを表します。確率密度は
1次元の釣鐘型の曲線を一般化したものです。

    p(x | μ, Σ) = exp( -½ (x - μ)ᵀ Σ⁻¹ (x - μ) ) / sqrt( (2π)^D · det Σ )

二次形式 (x - μ)ᵀ Σ⁻¹ (x - μ) はマハラノビス距離の2乗です。Σ が対角行列なら、密度は D
個の1次元正規分布の積になります。

形状: `x` は [N, D]（N 個の点）または [D]（1点）、`mean` は [D]、`cov` は [D, D] です。`x` が [N, D]
なら（N = 1 でも）[N] 個の密度を、1点 [D] ならスカラー（0次元）を返します。呼び出し元の `x` は
書き換えません。
不正な入力: `cov` が [D, D]（D = len(mean)）でない、対称でない、正定値でない場合や、`x`
の最後の次元が D でない場合は ValueError を送出します。
"""
import numpy as np


def mvn_pdf(x, mean, cov) -> np.ndarray:
    """Density of N(mean, cov) at each row of x (or at the single point x)."""
    x = np.asarray(x, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if mean.ndim != 1:
        raise ValueError(f"mean must be 1-D [D], got shape {mean.shape}")
    D = mean.shape[0]
    if cov.shape != (D, D):
        raise ValueError(f"cov must be [{D}, {D}] to match mean, got shape {cov.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != D:
        raise ValueError(f"x must be [N, {D}] or [{D}], got shape {x.shape}")
    if not np.allclose(cov, cov.T):
        raise ValueError("cov must be symmetric")
    try:
        np.linalg.cholesky(cov)  # succeeds exactly when a symmetric matrix is positive definite
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None

    diff = np.atleast_2d(x) - mean  # [N, D]
    # Solve Σ y = (x - μ) rather than forming Σ⁻¹: same answer, numerically safer.
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T, axis=1)  # [N]
    norm = np.sqrt((2 * np.pi) ** D * np.linalg.det(cov))
    p = np.exp(-0.5 * maha) / norm
    return p if x.ndim == 2 else p[0]
