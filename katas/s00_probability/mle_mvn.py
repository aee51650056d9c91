"""Kata: maximum-likelihood estimate of a multivariate normal.

The D-dimensional version of mle_normal: the mean vector and covariance matrix that make N samples
most likely are the sample mean and the *biased* sample covariance (divide by N, not N - 1), built
from the centred data X - μ̂.

    μ̂ = (1/N) Σ_n x_n
    Σ̂ = (1/N) Σ_n (x_n - μ̂)(x_n - μ̂)ᵀ  =  (1/N) (X - μ̂)ᵀ (X - μ̂)

Shapes: `X` [N, D], one sample per row. Returns `mean` [D] and `cov` [D, D] (not [N, N]);
`cov` is [1, 1] when D = 1. The caller's `X` is left unchanged.
Bad input: `X` that is not 2-D, or has no rows, raises ValueError.

【日本語】
カタ: 多変量正規分布の最尤推定。

mle_normal の D 次元版です。N 個のサンプルを最も出やすくする平均ベクトルと共分散行列は、標本平均と
「偏りのある」標本共分散（N - 1 ではなく N で割る）で、中心化したデータ X - μ̂ から作ります。

    μ̂ = (1/N) Σ_n x_n
    Σ̂ = (1/N) Σ_n (x_n - μ̂)(x_n - μ̂)ᵀ  =  (1/N) (X - μ̂)ᵀ (X - μ̂)

形状: `X` は [N, D] で、1行が1サンプルです。`mean` [D] と `cov` [D, D]（[N, N] ではありません）を
返します。D = 1 でも `cov` は [1, 1] です。呼び出し元の `X` は書き換えません。
不正な入力: `X` が2次元でない場合や、行が1つもない場合は ValueError を送出します。
"""
import numpy as np


def mle_mvn(X) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood (mean [D], cov [D, D]) of the rows of X [N, D]."""
    # TODO: check X is [N, D] with N >= 1 (ValueError otherwise), take the mean over samples,
    #       centre X, and build the [D, D] covariance dividing by N.
    raise NotImplementedError("mle_mvn: return (mean, cov) from the formulas in the docstring"
                              " ‖ mle_mvn: docstring の式から (mean, cov) を返しましょう")
