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
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    if X.ndim != 2 or resp.ndim != 2 or resp.shape[0] != X.shape[0]:
        raise ValueError(f"need X [N, D] and resp [N, K] with the same N, got {X.shape} and {resp.shape}")
    if reg < 0:
        raise ValueError(f"reg must be >= 0, got {reg}")
    N, D = X.shape
    K = resp.shape[1]

    Nk = resp.sum(axis=0)  # [K] soft counts; they sum to N because each row of resp sums to 1
    weights = Nk / N
    means = resp.T @ X / Nk[:, None]  # [K, N] @ [N, D] -> [K, D], a weighted average per component
    covs = np.empty((K, D, D))
    for k in range(K):
        diff = X - means[k]  # centre on the new mean of component k
        # Weight each outer product by r_nk: (r ⊙ diff)ᵀ diff = Σ_n r_nk diff_n diff_nᵀ.
        covs[k] = (resp[:, k, None] * diff).T @ diff / Nk[k] + reg * np.eye(D)
    return weights, means, covs
