"""Specs for katas/s00_probability/em_m_step.py."""
import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape

_rng = np.random.default_rng(12)
X = np.concatenate([_rng.normal(size=(4, 3)) + [3.0, 0.0, -1.0], _rng.normal(size=(3, 3)) * 0.5])  # N=7, D=3
LABELS = np.array([0, 0, 0, 0, 1, 1, 1])
HARD = np.eye(2)[LABELS]  # one-hot responsibilities [7, 2]
SOFT = _rng.dirichlet([1.0, 1.0], size=7)  # rows sum to 1


def test_shapes(kata):
    w, m, c = kata.m_step(X, SOFT)
    ok = expect_shape(w, (2,), "weights [K]")
    expect_shape(m, (2, 3), "means [K, D]")
    expect_shape(c, (2, 3, 3), "covs [K, D, D]")
    if ok:
        expect_close(np.sum(w), 1.0, atol=1e-12, what="sum of the weights (π_k = N_k / N)")


def test_hard_responsibilities_give_per_cluster_mle(kata):
    # Oracle: with 0/1 responsibilities each component is the plain MLE of its own points.
    w, m, c = kata.m_step(X, HARD, reg=0.0)
    expect_close(w, [4 / 7, 3 / 7], atol=1e-12, what="weights = share of points in each cluster")
    for k in range(2):
        Xk = X[LABELS == k]
        expect_close(np.asarray(m)[k], Xk.mean(axis=0), atol=1e-12, what=f"mean of cluster {k}")
        expect_close(np.asarray(c)[k], np.cov(Xk, rowvar=False, bias=True), atol=1e-12,
                     what=f"cov of cluster {k} vs np.cov(bias=True) (divide by N_k, centre on μ_k)")


def test_soft_responsibilities_vs_explicit_sums(kata):
    # Oracle: the docstring's sums written out point by point.
    Nk = SOFT.sum(axis=0)
    want_m = np.array([sum(SOFT[n, k] * X[n] for n in range(7)) / Nk[k] for k in range(2)])
    want_c = np.array([sum(SOFT[n, k] * np.outer(X[n] - want_m[k], X[n] - want_m[k]) for n in range(7)) / Nk[k]
                       for k in range(2)])
    w, m, c = kata.m_step(X, SOFT, reg=0.0)
    expect_close(w, Nk / 7, atol=1e-12, what="weights N_k / N")
    expect_close(m, want_m, atol=1e-12, what="means Σ_n r_nk x_n / N_k (a weighted average)")
    expect_close(c, want_c, atol=1e-12,
                 what="covs Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k (weight each outer product by r_nk)")


def test_reg_goes_on_the_diagonal(kata):
    _, _, c0 = kata.m_step(X, SOFT, reg=0.0)
    _, _, c1 = kata.m_step(X, SOFT, reg=0.1)
    _, _, cd = kata.m_step(X, SOFT)
    expect_close(np.asarray(c1) - np.asarray(c0), np.stack([0.1 * np.eye(3)] * 2), atol=1e-12,
                 what="covs(reg=0.1) - covs(reg=0): reg · I on each diagonal only")
    expect_close(np.asarray(cd) - np.asarray(c0), np.stack([1e-6 * np.eye(3)] * 2), atol=1e-12,
                 what="the default reg should be 1e-6")


def test_collapsed_component_stays_positive_definite(kata):
    # Component 1 owns a single point: its pure MLE covariance is all zeros; reg keeps it invertible.
    resp = np.eye(2)[[0, 0, 0, 0, 0, 0, 1]]
    _, _, c = kata.m_step(X, resp)
    eig = np.linalg.eigvalsh(np.asarray(c)[1])
    expect(eig.min() > 0, f"a one-point component's covariance should be reg·I (eigenvalues > 0), got {eig}")


def test_rejects_mismatched_resp(kata):
    with pytest.raises(ValueError):
        kata.m_step(X, SOFT[:5])  # 5 rows of responsibilities for 7 points
    with pytest.raises(ValueError):
        kata.m_step(X, SOFT, reg=-1.0)
