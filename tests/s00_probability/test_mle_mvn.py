"""Specs for katas/s00_probability/mle_mvn.py."""
import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape


def _loglik(X, mean, cov):
    """Σ_n log N(x_n | mean, cov), written out here as an independent oracle."""
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    D = X.shape[1]
    return float(np.sum(-0.5 * (maha + D * np.log(2 * np.pi) + np.log(np.linalg.det(cov)))))


def _fit(kata, X, label):
    """kata.mle_mvn(X) as (mean, cov), or None after saying what came back instead.
    `label` names X: one string for both languages, or an (English, Japanese) pair."""
    en, ja = (label, label) if isinstance(label, str) else label
    out = kata.mle_mvn(X)
    if not expect(isinstance(out, (tuple, list)) and len(out) == 2,
                  (f"mle_mvn({en}) should return a pair (mean, cov), got {type(out).__name__}",
                   f"mle_mvn({ja}) は組 (mean, cov) を返すはずですが、{type(out).__name__} が返りました")):
        return None
    return out


def test_shapes_are_d_not_n(kata):
    X = np.random.default_rng(4).normal(size=(7, 3))
    out = _fit(kata, X, "X [7, 3]")
    if out is not None:
        expect_shape(out[0], (3,), ("mean of X [7, 3] (average over the samples, axis 0)",
                                    "X [7, 3] の mean（サンプルの方向 axis 0 で平均します）"))
        expect_shape(out[1], (3, 3), ("cov of X [7, 3] ([D, D]; an [N, N] result means the outer product is "
                                      "transposed)",
                                      "X [7, 3] の cov（[D, D] です。[N, N] になったら外積の転置が逆です）"))
    # D = 1 still gives a [1, 1] covariance (np.cov would return a 0-d array here).
    out = _fit(kata, np.array([[1.0], [2.0], [4.0]]), "X [3, 1]")
    if out is not None:
        expect_shape(out[0], (1,), ("mean of X [3, 1]", "X [3, 1] の mean"))
        if expect_shape(out[1], (1, 1), ("cov of X [3, 1] (D = 1 is still [D, D] = [1, 1])",
                                         "X [3, 1] の cov（D = 1 でも [D, D] = [1, 1] です）")):
            expect_close(out[1], [[14 / 9]], atol=1e-12, what=("cov of [1, 2, 4] as a column", "列 [1, 2, 4] の cov"))


def test_hand_worked_square(kata):
    # The corners of a 2x2 square centred at (5, -3): mean (5, -3); each coordinate is ±1 around
    # it, uncorrelated, so the biased covariance is the identity (N - 1 would give 4/3).
    X = np.array([[4.0, -4.0], [6.0, -4.0], [4.0, -2.0], [6.0, -2.0]])
    out = _fit(kata, X, ("the square's corners", "正方形の頂点"))
    if out is None:
        return
    mean, cov = out
    expect_close(mean, [5.0, -3.0], atol=1e-12, what=("mean of the square's corners", "正方形の頂点の mean"))
    expect_close(cov, np.eye(2), atol=1e-12,
                 what=("cov of the square's corners (centre on the mean; divide by N = 4, not N - 1)",
                       "正方形の頂点の cov（平均で中心化し、N - 1 ではなく N = 4 で割ります）"))


def test_matches_numpy_cov_biased(kata):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(9, 3)) @ np.array([[1.0, 0.4, 0.0], [0.0, 2.0, -0.7], [0.0, 0.0, 0.5]]) + [10.0, -4.0, 2.0]
    before = X.copy()
    out = _fit(kata, X, "X [9, 3]")
    if not expect(np.array_equal(X, before),
                  ("mle_mvn changed the caller's array X (an in-place `X -= mean`?); centre into a new "
                   "array, Xc = X - mean",
                   "mle_mvn が呼び出し元の配列 X を書き換えました（`X -= mean` のようなその場での演算？）。"
                   "Xc = X - mean のように新しい配列に中心化しましょう")) or out is None:
        return
    mean, cov = out
    expect_close(mean, X.mean(axis=0), atol=1e-12, what=("mean vs X.mean(axis=0)", "mean と X.mean(axis=0) の比較"))
    expect_close(cov, np.cov(X, rowvar=False, bias=True), atol=1e-10,
                 what=("cov vs np.cov(X, rowvar=False, bias=True) (uncentred data, N - 1, or only the diagonal?)",
                       "cov と np.cov(X, rowvar=False, bias=True) の比較（中心化し忘れ、N - 1 で割っている、"
                       "対角成分だけ、のどれかでは？）"))


def test_maximises_the_likelihood(kata):
    # Scaling the MLE covariance by 1% either way, or moving the mean, must not raise the
    # log-likelihood. With N = 6 an N - 1 covariance is 20% too big and loses.
    X = np.random.default_rng(6).normal(size=(6, 2)) + [1.0, 2.0]
    out = _fit(kata, X.copy(), ("6 points", "6 点"))
    if out is None:
        return
    mean, cov = np.asarray(out[0], dtype=float), np.asarray(out[1], dtype=float)
    if not (expect_shape(mean, (2,), ("mean of 6 2-D points", "2次元の 6 点の mean"))
            and expect_shape(cov, (2, 2), ("cov of 6 2-D points", "2次元の 6 点の cov"))
            and expect_finite(cov, ("cov of 6 2-D points", "2次元の 6 点の cov"))):
        return
    if not expect(np.linalg.det(cov) > 0,
                  ("cov of 6 random 2-D points should be positive definite (det > 0)",
                   "ランダムな 2次元の 6 点の cov は正定値（det > 0）のはずです")):
        return
    best = _loglik(X, mean, cov)
    for m, c, what in ((mean, cov * 1.01, "cov * 1.01"), (mean, cov / 1.01, "cov / 1.01"),
                       (mean + [0.01, 0.0], cov, "mean + (0.01, 0)")):
        other = _loglik(X, m, c)
        expect(best >= other - 1e-12,
               (f"log-likelihood at your (mean, cov) = {best:.6f} is beaten by {what}: {other:.6f}; "
                f"the MLE must be the maximum",
                f"あなたの (mean, cov) での対数尤度 {best:.6f} が、{what} での {other:.6f} に負けています。"
                f"最尤推定値は最大値のはずです"))


def test_recovers_a_known_gaussian(kata):
    # Fixed-seed statistic: 3 000 draws recover the mean within 0.1 and the covariance within
    # 0.15 (about 3 standard errors).
    true_mean = np.array([1.0, -2.0])
    true_cov = np.array([[2.0, -0.6], [-0.6, 0.5]])
    X = np.random.default_rng(7).multivariate_normal(true_mean, true_cov, size=3_000)
    out = _fit(kata, X, ("3 000 samples", "3 000 個のサンプル"))
    if out is None:
        return
    expect_close(out[0], true_mean, atol=0.1, what=("mean of 3 000 samples", "3 000 個のサンプルの mean"))
    expect_close(out[1], true_cov, atol=0.15, what=("cov of 3 000 samples", "3 000 個のサンプルの cov"))


def test_single_sample_and_bad_input(kata):
    out = _fit(kata, np.array([[1.0, 2.0]]), ("one sample [[1, 2]]", "1 サンプル [[1, 2]]"))
    if out is not None:
        expect_close(out[0], [1.0, 2.0], atol=1e-12, what=("mean of one sample", "1 サンプルの mean"))
        expect_close(out[1], np.zeros((2, 2)), atol=1e-12,
                     what=("cov of one sample (all zeros; N - 1 = 0 would divide by zero)",
                           "1 サンプルの cov（すべて 0 です。N - 1 = 0 で割るとゼロ除算になります）"))
    expect_raises(ValueError, kata.mle_mvn, np.array([1.0, 2.0, 3.0]),
                  what=("X of shape [3] (1-D: 3 samples or one 3-D sample? refuse it)",
                        "形状 [3] の X（1次元: 3 サンプルなのか 3 次元の 1 サンプルなのか曖昧なので拒否します）"))
    expect_raises(ValueError, kata.mle_mvn, np.zeros((0, 2)),
                  what=("X of shape [0, 2] (no samples)", "形状 [0, 2] の X（サンプルがありません）"))
