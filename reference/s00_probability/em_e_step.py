"""Kata: the E-step of EM for a Gaussian mixture (responsibilities, in log space).

Expectation-maximisation (EM) fits a mixture by alternating two steps. The E-step asks, for each
point x_n and component k, how responsible k is for x_n: the posterior probability that x_n came
from component k (Bayes' rule, prior π_k times likelihood, normalised):

    r_nk = π_k N(x_n | μ_k, Σ_k) / Σ_j π_j N(x_n | μ_j, Σ_j)

Far from every component all the densities underflow to 0 and the ratio becomes 0/0 = NaN. So work
in log space: a_nk = log π_k + log N(x_n | μ_k, Σ_k), with

    log N(x | μ, Σ) = -½ [ (x - μ)ᵀ Σ⁻¹ (x - μ) + D log 2π + log det Σ ]

and normalise each row with log-sum-exp, which subtracts the row's largest term before exp:

    logsumexp_k a_nk = m_n + log Σ_k exp(a_nk - m_n),   m_n = max_k a_nk
    r_nk = exp(a_nk - logsumexp_k a_nk)

That row normaliser is log p(x_n), so its sum over n is the data's log-likelihood for free. With
`return_log_likelihood=True`, return it as well (em_fit uses it to watch convergence).

Shapes: `X` [N, D]; `weights` [K]; `means` [K, D]; `covs` [K, D, D].
Returns responsibilities [N, K], every row summing to 1; with `return_log_likelihood=True`, the
pair (responsibilities, log_likelihood) where log_likelihood = Σ_n log p(x_n) is a float.
Bad input: shapes that do not agree raise ValueError.

【日本語】
カタ: 混合ガウス分布の EM アルゴリズムの E ステップ（対数空間での負担率）。

EM アルゴリズム（期待値最大化法）は、2つのステップを交互に繰り返して混合分布を当てはめます。E
ステップでは、各点 x_n と各成分 k について、k が x_n をどれだけ「負担」しているか、つまり x_n が成分
k から来た事後確率を求めます。ベイズの定理により、事前確率 π_k と尤度の積を正規化したものです。

    r_nk = π_k N(x_n | μ_k, Σ_k) / Σ_j π_j N(x_n | μ_j, Σ_j)

どの成分からも遠い点では密度がすべてアンダーフローして 0 になり、比が 0/0 = NaN になってしまいます。
そこで対数空間で計算します。a_nk = log π_k + log N(x_n | μ_k, Σ_k) とし、

    log N(x | μ, Σ) = -½ [ (x - μ)ᵀ Σ⁻¹ (x - μ) + D log 2π + log det Σ ]

各行を log-sum-exp で正規化します。log-sum-exp は exp をとる前に、その行の最大の項を引きます。

    logsumexp_k a_nk = m_n + log Σ_k exp(a_nk - m_n),   m_n = max_k a_nk
    r_nk = exp(a_nk - logsumexp_k a_nk)

この行ごとの正規化項は log p(x_n) なので、n について和をとれば、データの対数尤度が追加の手間なしで
得られます。`return_log_likelihood=True` のときはそれも返します（em_fit が収束の判定に使います）。

形状: `X` は [N, D]、`weights` は [K]、`means` は [K, D]、`covs` は [K, D, D] です。各行の和が 1
になる負担率 [N, K] を返します。`return_log_likelihood=True` のときは組 (responsibilities,
log_likelihood) を返し、log_likelihood = Σ_n log p(x_n) は float です。
不正な入力: 食い違う形状は ValueError を送出します。
"""
import numpy as np


def e_step(X, weights, means, covs,
           return_log_likelihood: bool = False) -> np.ndarray | tuple[np.ndarray, float]:
    """Responsibilities r[n, k] = P(component k | x_n) (and optionally the log-likelihood)."""
    X = np.asarray(X, dtype=float)
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    if X.ndim != 2 or means.ndim != 2 or weights.shape != (means.shape[0],):
        raise ValueError(f"need X [N, D], weights [K], means [K, D]; got {X.shape}, "
                         f"{weights.shape}, {means.shape}")
    N, D = X.shape
    K = means.shape[0]
    if means.shape[1] != D or covs.shape != (K, D, D):
        raise ValueError(f"means must be [{K}, {D}] and covs [{K}, {D}, {D}], "
                         f"got {means.shape} and {covs.shape}")

    # a[n, k] = log π_k + log N(x_n | μ_k, Σ_k): never exponentiated on its own, so never 0.
    a = np.empty((N, K))
    for k in range(K):
        diff = X - means[k]  # [N, D]
        maha = np.sum(diff * np.linalg.solve(covs[k], diff.T).T, axis=1)  # [N]
        _, logdet = np.linalg.slogdet(covs[k])
        with np.errstate(divide="ignore"):  # a weight of 0 gives log 0 = -inf: r = 0, fine
            log_w = np.log(weights[k])
        a[:, k] = log_w - 0.5 * (maha + D * np.log(2 * np.pi) + logdet)

    # Log-sum-exp over components: the largest term becomes exp(0) = 1, so the sum is >= 1.
    m = a.max(axis=1, keepdims=True)  # [N, 1]
    log_px = m + np.log(np.sum(np.exp(a - m), axis=1, keepdims=True))  # [N, 1] = log p(x_n)
    resp = np.exp(a - log_px)  # divide by p(x_n), in log space
    if return_log_likelihood:
        return resp, float(log_px.sum())
    return resp
