"""Specs for katas/s00_probability/em_e_step.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt


def _mvn(x, mean, cov):
    """Closed-form multivariate normal density, written out here as an independent oracle."""
    diff = x - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** len(mean) * np.linalg.det(cov))


WEIGHTS = np.array([0.6, 0.3, 0.1])
MEANS = np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 2.0]])
COVS = np.array([[[1.0, 0.3], [0.3, 0.5]], [[0.4, 0.0], [0.0, 2.0]], [[1.5, -0.7], [-0.7, 1.0]]])
X = np.random.default_rng(11).normal(size=(6, 2)) * 1.5
FAR = ([0.5, 0.5], [[0.0, 0.0], [1.0, 0.0]], np.stack([np.eye(2)] * 2))  # weights, means, covs


def test_shape_and_rows_sum_to_one(kata):
    r = kata.e_step(X.copy(), WEIGHTS, MEANS, COVS)
    if expect_shape(r, (6, 3), ("responsibilities for N = 6 points, K = 3 components [N, K]",
                                "N = 6 点、K = 3 成分の負担率 [N, K]")) \
            and expect_finite(r, ("responsibilities", "負担率")):
        r = np.asarray(r, dtype=float)
        expect_close(r.sum(axis=1), np.ones(6), atol=1e-12,
                     what=("row sums of the responsibilities (normalise over the components, axis 1)",
                           "負担率の各行の和（成分の方向 axis 1 で正規化します）"))
        expect(np.all((r >= 0) & (r <= 1)),
               (f"responsibilities must lie in [0, 1], got {fmt(r.min())}..{fmt(r.max())}",
                f"負担率は [0, 1] の範囲のはずですが、{fmt(r.min())}..{fmt(r.max())} でした"))


def test_matches_bayes_rule(kata):
    # Oracle: π_k N(x | μ_k, Σ_k) / Σ_j π_j N(x | μ_j, Σ_j), safe here because the points are near.
    joint = np.stack([w * _mvn(X, m, c) for w, m, c in zip(WEIGHTS, MEANS, COVS)], axis=1)
    want = joint / joint.sum(axis=1, keepdims=True)
    X_in = X.copy()
    r = kata.e_step(X_in, WEIGHTS, MEANS, COVS)
    if not expect(np.array_equal(X_in, X),
                  ("e_step changed the caller's X (an in-place `X -= means[k]`?); compute X - means[k] as a "
                   "new array",
                   "e_step が呼び出し元の X を書き換えました（`X -= means[k]` のようなその場での演算？）。"
                   "X - means[k] を新しい配列として計算しましょう")):
        return
    if expect_shape(r, (6, 3), ("responsibilities [N, K]", "負担率 [N, K]")):
        expect_close(r, want, atol=1e-10,
                     what=("responsibilities vs Bayes' rule (prior π_k × likelihood, normalised; the exponent "
                           "is -½ (x - μ)ᵀ Σ⁻¹ (x - μ))",
                           "負担率とベイズの定理の比較（事前確率 π_k × 尤度を正規化します。指数部は "
                           "-½ (x - μ)ᵀ Σ⁻¹ (x - μ) です）"))


def test_weights_and_determinant_matter(kata):
    # Two components with the same mean: at x = μ only π_k and det Σ_k differ.
    # Same cov, weights .25/.75 -> r = (.25, .75) everywhere.
    x = np.array([[0.0, 0.0], [3.0, -1.0]])
    r = kata.e_step(x, [0.25, 0.75], np.zeros((2, 2)), np.stack([np.eye(2)] * 2))
    expect_close(r, [[0.25, 0.75]] * 2, atol=1e-12,
                 what=("identical components with weights (.25, .75) (is log π_k added?)",
                       "重み (.25, .75) の同一の成分（log π_k を足していますか？）"))
    # Equal weights, Σ = I vs 4I at the mean: densities 1/(2π) vs 1/(2π·sqrt(16)) -> r = (.8, .2).
    r = kata.e_step(x[:1], [0.5, 0.5], np.zeros((2, 2)), np.stack([np.eye(2), 4 * np.eye(2)]))
    expect_close(r, [[0.8, 0.2]], atol=1e-12,
                 what=("Σ = I vs 4I at their shared mean (the log-density needs -½ log det Σ)",
                       "共通の平均での Σ = I と 4I の比較（対数密度には -½ log det Σ が必要です）"))


def test_far_point_does_not_give_nan(kata):
    # x = (50, 0) is 50σ from N((0,0), I) and 49σ from N((1,0), I): both densities are
    # exp(-1250) and exp(-1200.5), which underflow to 0.0, so the plain ratio is 0/0 = NaN.
    # Their log-ratio is 49.5, so r = (1/(1+e^49.5), e^49.5/(1+e^49.5)) ≈ (3e-22, 1).
    x = np.array([[50.0, 0.0], [0.5, 0.0]])
    r = kata.e_step(x, *FAR)
    if expect_shape(r, (2, 2), ("responsibilities [N, K]", "負担率 [N, K]")) and expect_finite(
            r, ("responsibilities of a point 50σ away (work in log space and subtract each row's max "
                "before exp: log-sum-exp)",
                "50σ 離れた点の負担率（対数空間で計算し、exp の前に各行の最大値を引きましょう: log-sum-exp）")):
        r = np.asarray(r, dtype=float)
        far = 1 / (1 + math.exp(49.5))
        expect_close(r[0], [far, 1 - far], atol=1e-15, rtol=1e-9,
                     what=("responsibilities of the far point", "遠い点の負担率"))
        expect_close(r[1], [0.5, 0.5], atol=1e-12,
                     what=("responsibilities of the midpoint x = (0.5, 0)", "中点 x = (0.5, 0) の負担率"))


def test_log_likelihood(kata):
    # log p(x_n) is the row's log-sum-exp; summed over n it is the data's log-likelihood.
    want = float(np.sum(np.log(sum(w * _mvn(X, m, c) for w, m, c in zip(WEIGHTS, MEANS, COVS)))))
    out = kata.e_step(X.copy(), WEIGHTS, MEANS, COVS, return_log_likelihood=True)
    if not expect(isinstance(out, (tuple, list)) and len(out) == 2,
                  (f"with return_log_likelihood=True, return the pair (responsibilities, log_likelihood), "
                   f"got {type(out).__name__}",
                   f"return_log_likelihood=True のときは組 (responsibilities, log_likelihood) を返すはずですが、"
                   f"{type(out).__name__} が返りました")):
        return
    r, ll = out
    expect_shape(r, (6, 3), ("responsibilities [N, K]", "負担率 [N, K]"))
    if expect(np.ndim(ll) == 0, (f"the log-likelihood should be one number, got shape {np.shape(ll)} "
                                 f"(sum log p(x_n) over the points)",
                                 f"対数尤度は1つの数のはずですが、形状が {np.shape(ll)} でした"
                                 f"（log p(x_n) を点について和をとりましょう）")):
        expect_close(ll, want, atol=1e-9,
                     what=("log-likelihood Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k) (a sum over the points, natural log)",
                           "対数尤度 Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)（点についての和、自然対数）"))
    # Far away it is a large negative number, not -inf: log(1/(2π)) + logaddexp(-1250, -1200.5) - ln 2.
    out = kata.e_step([[50.0, 0.0]], *FAR, return_log_likelihood=True)
    if isinstance(out, (tuple, list)) and len(out) == 2:
        want = -math.log(2 * math.pi) + np.logaddexp(-1250.0, -1200.5) - math.log(2)
        expect_close(out[1], want, atol=1e-9,
                     what=("log-likelihood of a point 50σ away (the row's log-sum-exp, not log of a sum that "
                           "underflowed to 0)",
                           "50σ 離れた点の対数尤度（アンダーフローして 0 になった和の log ではなく、行の log-sum-exp）"))


def test_rejects_mismatched_shapes(kata):
    expect_raises(ValueError, kata.e_step, X, WEIGHTS, MEANS[:, :1], COVS,
                  what=("means [K, 1] for 2-D data", "2次元のデータに対する means [K, 1]"))
    expect_raises(ValueError, kata.e_step, X, WEIGHTS[:2], MEANS, COVS,
                  what=("2 weights for 3 components", "3 成分に対して 2 つの重み"))
    expect_raises(ValueError, kata.e_step, X, WEIGHTS, MEANS, COVS[:2],
                  what=("2 covariances for 3 components", "3 成分に対して 2 つの共分散行列"))
