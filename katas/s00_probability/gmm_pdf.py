"""Kata: the Gaussian mixture density.

A Gaussian mixture model (GMM) describes data that form several clumps: K normal components, each
with its own mean μ_k and covariance Σ_k, mixed with weights π_k (π_k ≥ 0, Σ_k π_k = 1). Its density
is the weighted sum of the component densities:

    p(x) = Σ_k π_k · N(x | μ_k, Σ_k)

Because the weights sum to 1 and each component integrates to 1, the mixture integrates to 1 too.

Shapes: `x` [N, D]; `weights` [K]; `means` [K, D]; `covs` [K, D, D]. Returns [N].
Bad input: a negative weight, weights that do not sum to 1 (within 1e-8), or shapes that do not
agree raise ValueError. Reuse your `mvn_pdf` (it already checks each covariance).

【日本語】
カタ: 混合ガウス分布の確率密度。

混合ガウスモデル（GMM）は、いくつかの塊をなすデータを表します。K 個の正規分布の成分がそれぞれ平均
μ_k と共分散行列 Σ_k をもち、混合重み π_k（π_k ≥ 0、Σ_k π_k = 1）で混ぜ合わされます。確率密度は
各成分の密度の重み付き和です。

    p(x) = Σ_k π_k · N(x | μ_k, Σ_k)

重みの和が 1 で、各成分の積分も 1 なので、混合分布の積分も 1 になります。

形状: `x` は [N, D]、`weights` は [K]、`means` は [K, D]、`covs` は [K, D, D] です。[N] を返します。
不正な入力: 負の重み、和が 1 にならない重み（誤差 1e-8 以内なら 1 とみなします）、食い違う形状は
ValueError を送出します。自分で書いた `mvn_pdf` を再利用しましょう（各共分散行列のチェック
はそちらがしてくれます）。
"""
import numpy as np

from .mvn_pdf import mvn_pdf


def gmm_pdf(x, weights, means, covs) -> np.ndarray:
    """Density of the Gaussian mixture at each row of x."""
    # TODO: check the weights and shapes (ValueError), then sum weight * mvn_pdf(...) over components.
    raise NotImplementedError("gmm_pdf: write the weighted sum from the docstring"
                              " ‖ gmm_pdf: docstring の重み付き和を書きましょう")
