"""Kata: the normal (Gaussian) probability density.

The normal distribution N(μ, σ²) is the bell curve that every later stage leans on: VAEs sample from
it, diffusion adds it as noise. Its density tells how likely each value x is under mean μ and
standard deviation σ.

    p(x | μ, σ) = 1 / sqrt(2π σ²) · exp( -(x - μ)² / (2σ²) )

Shapes: `x` is any numpy array (or a float); `mu` and `sigma` are floats (or arrays that broadcast
with `x`). The result has the broadcast shape of the inputs.
Bad input: `sigma` <= 0 has no density; raise ValueError.

【日本語】
カタ: 正規分布（ガウス分布）の確率密度。

正規分布 N(μ, σ²) は、この先のすべてのステージが頼りにする釣鐘型の曲線です。VAE はここからサンプルを
取り、拡散モデルはノイズとしてこれを加えます。確率密度は、平均 μ・標準偏差 σ のもとで各値 x が
どれくらい出やすいかを表します。

    p(x | μ, σ) = 1 / sqrt(2π σ²) · exp( -(x - μ)² / (2σ²) )

形状: `x` は任意の numpy 配列（または float）、`mu` と `sigma` は float（または `x` とブロードキャスト
できる配列）です。結果は入力をブロードキャストした形状になります。
不正な入力: `sigma` <= 0 では密度が定義できないので、ValueError を送出します。
"""
import numpy as np


def normal_pdf(x, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Density of N(mu, sigma²) at each x (elementwise)."""
    sigma = np.asarray(sigma, dtype=float)
    if np.any(sigma <= 0):
        raise ValueError(f"sigma must be > 0, got {sigma}")
    x = np.asarray(x, dtype=float)
    z = (x - mu) / sigma
    # Normalising constant 1/sqrt(2πσ²) makes the curve integrate to 1.
    return np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi * sigma**2)
