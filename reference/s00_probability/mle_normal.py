"""Kata: maximum-likelihood estimate of a normal distribution.

Given samples x_1..x_N from N(μ, σ²), which μ and σ make the data most likely? Setting the
derivatives of the log-likelihood Σ_n log p(x_n | μ, σ) to zero gives the sample mean and the
*biased* standard deviation: divide by N, not by N - 1.

    μ̂ = (1/N) Σ_n x_n
    σ̂ = sqrt( (1/N) Σ_n (x_n - μ̂)² )

Shapes: `x` is a 1-D array (or list) of N samples. Returns two floats `(mu, sigma)`; `sigma` is the
standard deviation (a square root), not the variance. The caller's `x` is left unchanged.
Bad input: no samples (N = 0), or `x` that is not 1-D, raises ValueError.

【日本語】
カタ: 正規分布の最尤推定。

N(μ, σ²) から得たサンプル x_1..x_N があるとき、どの μ と σ がこのデータを最も
出やすくするでしょうか。対数尤度 Σ_n log p(x_n | μ, σ) を微分して 0 とおくと、標本平均と
「偏りのある」標準偏差が得られます。N - 1 ではなく N で割ります。

    μ̂ = (1/N) Σ_n x_n
    σ̂ = sqrt( (1/N) Σ_n (x_n - μ̂)² )

形状: `x` は N 個のサンプルからなる1次元配列（またはリスト）です。2つの float `(mu, sigma)` を
返します。`sigma` は標準偏差（平方根をとったもの）で、分散ではありません。呼び出し元の `x` は
書き換えません。
不正な入力: サンプルが1つもない（N = 0）場合や、`x` が1次元でない場合は ValueError を送出します。
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
