"""Kata: the M-step of EM for a Gaussian mixture (weighted maximum likelihood).

Given the responsibilities r_nk from the E-step, the M-step re-estimates every parameter by
maximum likelihood in which point x_n counts towards component k with weight r_nk:

    N_k = Σ_n r_nk                                    (effective number of points in k)
    π_k = N_k / N
    μ_k = (1/N_k) Σ_n r_nk x_n
    Σ_k = (1/N_k) Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ  +  reg · I

With hard 0/1 responsibilities this is exactly mle_mvn on each component's own points (divide by
N_k, not N_k - 1, and centre on the *new* μ_k). `reg` (default 1e-6) is a tiny ridge added to each
covariance's diagonal only, so that a component that collapses onto a single point stays positive
definite; reg=0 gives the pure MLE.

Shapes: `X` [N, D]; `resp` [N, K]. Returns `weights` [K], `means` [K, D], `covs` [K, D, D].
The caller's `X` and `resp` are left unchanged.
Bad input: `resp` whose number of rows is not N, or a negative `reg`, raises ValueError.

【日本語】
カタ: 混合ガウス分布の EM アルゴリズムの M ステップ（重み付き最尤推定）。

E ステップで得た負担率 r_nk をもとに、M ステップではすべてのパラメータを最尤推定で求め直します。
その際、点 x_n は重み r_nk で成分 k に寄与します。

    N_k = Σ_n r_nk                                    （成分 k に属する実質的な点の数）
    π_k = N_k / N
    μ_k = (1/N_k) Σ_n r_nk x_n
    Σ_k = (1/N_k) Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ  +  reg · I

負担率が 0 か 1 の「ハード」な値なら、これは各成分に属する点だけで mle_mvn を
計算するのとまったく同じです（N_k - 1 ではなく N_k で割り、*新しい* μ_k で中心化します）。
`reg`（既定値 1e-6）は各共分散行列の対角成分にだけ足す小さなリッジ項で、1点に潰れた成分でも
共分散行列が正定値のままになるようにします。reg=0 なら純粋な最尤推定です。

形状: `X` は [N, D]、`resp` は [N, K] です。`weights` [K]、`means` [K, D]、`covs` [K, D, D] を
返します。呼び出し元の `X` と `resp` は書き換えません。
不正な入力: `resp` の行数が N でない場合や、`reg` が負の場合は ValueError を送出します。
"""
import numpy as np


def m_step(X, resp, reg: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted MLE of the mixture parameters from responsibilities resp [N, K]."""
    # TODO: validate (ValueError); soft counts N_k, then weights, means and covariances from the
    #       docstring's formulas, adding reg to each covariance's diagonal.
    raise NotImplementedError("m_step: re-estimate the parameters from the responsibilities"
                              " ‖ m_step: 負担率からパラメータを推定し直しましょう")
