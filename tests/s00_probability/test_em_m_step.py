"""Specs for katas/s00_probability/em_m_step.py."""
import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt

_rng = np.random.default_rng(12)
X = np.concatenate([_rng.normal(size=(4, 3)) + [3.0, 0.0, -1.0], _rng.normal(size=(3, 3)) * 0.5])  # N=7, D=3
LABELS = np.array([0, 0, 0, 0, 1, 1, 1])
HARD = np.eye(2)[LABELS]  # one-hot responsibilities [7, 2]
SOFT = _rng.dirichlet([1.0, 1.0], size=7)  # rows sum to 1


def _step(kata, X, resp, copy=True, **kw):
    """(weights, means, covs) as arrays, or None after saying what came back instead. The kata gets
    copies of X and resp (copy=True), so an in-place slip cannot spoil the other specs' data."""
    out = kata.m_step(X.copy(), resp.copy(), **kw) if copy else kata.m_step(X, resp, **kw)
    if not expect(isinstance(out, (tuple, list)) and len(out) == 3,
                  (f"m_step should return three things (weights, means, covs), got {type(out).__name__}",
                   f"m_step は3つ (weights, means, covs) を返すはずですが、{type(out).__name__} が返りました")):
        return None
    w, m, c = (np.asarray(v, dtype=float) for v in out)
    ok = expect_shape(w, (2,), ("weights [K]", "重み weights [K]"))
    ok &= expect_shape(m, (2, 3), ("means [K, D]", "平均 means [K, D]"))
    ok &= expect_shape(c, (2, 3, 3), ("covs [K, D, D]", "共分散行列 covs [K, D, D]"))
    return (w, m, c) if ok else None


def test_shapes(kata):
    out = _step(kata, X, SOFT)
    if out is not None:
        expect_close(np.sum(out[0]), 1.0, atol=1e-12,
                     what=("sum of the weights (π_k = N_k / N)", "重みの和（π_k = N_k / N）"))


def test_hard_responsibilities_give_per_cluster_mle(kata):
    # Oracle: with 0/1 responsibilities each component is the plain MLE of its own points.
    out = _step(kata, X, HARD, reg=0.0)
    if out is None:
        return
    w, m, c = out
    expect_close(w, [4 / 7, 3 / 7], atol=1e-12,
                 what=("weights = share of points in each cluster (N_k / N)", "重み = 各クラスタの点の割合（N_k / N）"))
    for k in range(2):
        Xk = X[LABELS == k]
        if expect_close(m[k], Xk.mean(axis=0), atol=1e-12,
                        what=(f"mean of cluster {k} (divide by N_k, not N)", f"クラスタ {k} の平均（N ではなく N_k で割ります）")):
            expect_close(c[k], np.cov(Xk, rowvar=False, bias=True), atol=1e-12,
                         what=(f"cov of cluster {k} vs np.cov(bias=True) (divide by N_k, not N_k - 1 or N; "
                               f"centre on the new μ_k)",
                               f"クラスタ {k} の共分散と np.cov(bias=True) の比較（N_k - 1 や N ではなく N_k で割り、"
                               f"新しい μ_k で中心化します）"))


def test_soft_responsibilities_vs_explicit_sums(kata):
    # Oracle: the docstring's sums written out point by point.
    Nk = SOFT.sum(axis=0)
    want_m = np.array([sum(SOFT[n, k] * X[n] for n in range(7)) / Nk[k] for k in range(2)])
    want_c = np.array([sum(SOFT[n, k] * np.outer(X[n] - want_m[k], X[n] - want_m[k]) for n in range(7)) / Nk[k]
                       for k in range(2)])
    X_in, resp_in = X.copy(), SOFT.copy()
    out = _step(kata, X_in, resp_in, copy=False, reg=0.0)
    if not expect(np.array_equal(X_in, X) and np.array_equal(resp_in, SOFT),
                  ("m_step changed the caller's X or resp (an in-place -= or *=?); compute on new arrays",
                   "m_step が呼び出し元の X か resp を書き換えました（-= や *= のようなその場での演算？）。"
                   "新しい配列で計算しましょう")) or out is None:
        return
    w, m, c = out
    expect_close(w, Nk / 7, atol=1e-12, what=("weights N_k / N", "重み N_k / N"))
    if expect_close(m, want_m, atol=1e-12,
                    what=("means Σ_n r_nk x_n / N_k (a weighted average)", "平均 Σ_n r_nk x_n / N_k（重み付き平均）")):
        expect_close(c, want_c, atol=1e-12,
                     what=("covs Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k (each outer product weighted by r_nk once, "
                           "not r_nk²)",
                           "共分散 Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k（各外積に r_nk を1回だけ掛けます。"
                           "r_nk² ではありません）"))


def test_reg_goes_on_the_diagonal(kata):
    outs = [_step(kata, X, SOFT, reg=0.0), _step(kata, X, SOFT, reg=0.1), _step(kata, X, SOFT)]
    if any(o is None for o in outs):
        return
    c0, c1, cd = (o[2] for o in outs)
    expect_close(c1 - c0, np.stack([0.1 * np.eye(3)] * 2), atol=1e-12,
                 what=("covs(reg=0.1) - covs(reg=0): reg · I, on each diagonal only",
                       "covs(reg=0.1) - covs(reg=0): 各共分散行列の対角成分にだけ reg · I"))
    expect_close(cd - c0, np.stack([1e-6 * np.eye(3)] * 2), atol=1e-12,
                 what=("covs(default reg) - covs(reg=0): the default reg should be 1e-6",
                       "covs(reg の既定値) - covs(reg=0): reg の既定値は 1e-6 のはずです"))


def test_collapsed_component_stays_positive_definite(kata):
    # Component 1 owns a single point: its pure MLE covariance is all zeros; reg keeps it invertible.
    out = _step(kata, X, np.eye(2)[[0, 0, 0, 0, 0, 0, 1]])
    if out is None or not expect_finite(out[2], ("covs with a one-point component", "1点だけの成分がある covs")):
        return
    eig = np.linalg.eigvalsh(out[2][1])
    shown = ", ".join(fmt(e) for e in eig)
    expect(eig.min() > 0, (f"a one-point component's covariance should be reg·I (eigenvalues > 0), "
                           f"got eigenvalues {shown}",
                           f"1点だけの成分の共分散行列は reg·I（固有値 > 0）のはずですが、固有値は {shown} でした"))


def test_rejects_mismatched_resp(kata):
    expect_raises(ValueError, kata.m_step, X, SOFT[:5],
                  what=("5 rows of responsibilities for 7 points", "7 点に対して 5 行の負担率"))
    expect_raises(ValueError, kata.m_step, X, SOFT, reg=-1.0, what=("reg = -1", "負の reg = -1"))
