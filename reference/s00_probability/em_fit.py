"""Kata: fitting a Gaussian mixture with EM.

Put the pieces together: start from a guess, then alternate the E-step (responsibilities) and the
M-step (weighted MLE). No round can lower the data's log-likelihood

    ℓ = Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)

so EM climbs to a (local) maximum. Stop when a round improves ℓ by less than `tol`.

    initialise: means   = K distinct data points, rows rng.choice(N, size=K, replace=False) of X
                covs    = the covariance of all the data (mle_mvn), the same for every component
                weights = 1/K each
    resp, ℓ = e_step(..., return_log_likelihood=True);  log_likelihoods = [ℓ]
    repeat at most n_iter times:
        weights, means, covs = m_step(X, resp)                 # M-step
        resp, ℓ = e_step(..., return_log_likelihood=True)     # E-step; append ℓ
        stop if ℓ - (the previous ℓ) < tol

So log_likelihoods[0] belongs to the initial guess, log_likelihoods[-1] to the returned parameters,
and there are at most n_iter + 1 of them.

Shapes: `X` [N, D]; `K` the number of components. Returns `weights` [K], `means` [K, D],
`covs` [K, D, D] and `log_likelihoods`, a list of floats (natural log, summed over the N points).
Bad input: X not 2-D, K < 1 or K > N raises ValueError.

【日本語】
カタ: EM アルゴリズムによる混合ガウス分布の学習。

これまでの部品を組み合わせます。初期値から始めて、E ステップ（負担率）と
M ステップ（重み付き最尤推定）を交互に繰り返します。どのラウンドもデータの対数尤度

    ℓ = Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)

を下げることはないので、EM は（局所的な）最大値へと登っていきます。1ラウンドでの ℓ の改善が `tol`
未満になったら止めます。

    初期化: means   = 異なる K 個のデータ点。X の rng.choice(N, size=K, replace=False) 行目
            covs    = 全データの共分散行列（mle_mvn）。全成分で同じもの
            weights = それぞれ 1/K
    resp, ℓ = e_step(..., return_log_likelihood=True);  log_likelihoods = [ℓ]
    最大 n_iter 回繰り返す:
        weights, means, covs = m_step(X, resp)                 # M ステップ
        resp, ℓ = e_step(..., return_log_likelihood=True)     # E ステップ。ℓ を追加する
        ℓ - （直前の ℓ） < tol なら止める

したがって log_likelihoods[0] は初期値のもの、log_likelihoods[-1] は返すパラメータのもので、要素は
最大で n_iter + 1 個です。

形状: `X` は [N, D]、`K` は成分の数です。`weights` [K]、`means` [K, D]、`covs` [K, D, D] と、float
のリスト `log_likelihoods`（自然対数で、N 点について和をとったもの）を返します。
不正な入力: X が2次元でない、K < 1、K > N の場合は ValueError を送出します。
"""
import numpy as np

from .em_e_step import e_step
from .em_m_step import m_step
from .mle_mvn import mle_mvn


def em_fit(X, K: int, rng: np.random.Generator, n_iter: int = 100,
           tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """Fit a K-component Gaussian mixture to X by EM; return its parameters and the ℓ history."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be [N, D], got shape {X.shape}")
    N, D = X.shape
    if not 1 <= K <= N:
        raise ValueError(f"K must be between 1 and N = {N}, got {K}")

    # Initial guess: means on real data points (so every component starts where data is), one
    # broad shared covariance (so every point has some responsibility), equal weights.
    means = X[rng.choice(N, size=K, replace=False)]
    covs = np.repeat(mle_mvn(X)[1][None], K, axis=0)
    weights = np.full(K, 1.0 / K)

    resp, ll = e_step(X, weights, means, covs, return_log_likelihood=True)
    log_likelihoods = [ll]
    for _ in range(n_iter):
        weights, means, covs = m_step(X, resp)
        resp, ll = e_step(X, weights, means, covs, return_log_likelihood=True)
        log_likelihoods.append(ll)
        if ll - log_likelihoods[-2] < tol:  # converged: this round barely helped
            break
    return weights, means, covs, log_likelihoods
