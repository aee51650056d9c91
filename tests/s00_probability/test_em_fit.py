"""Specs for katas/s00_probability/em_fit.py."""
import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape

# Two well-separated 2-D Gaussians, 300 and 700 points, fixed seed.
TRUE_W = np.array([0.3, 0.7])
TRUE_M = np.array([[-4.0, 0.0], [4.0, 1.0]])
TRUE_C = np.array([[[1.0, 0.5], [0.5, 1.0]], [[0.6, -0.2], [-0.2, 1.5]]])
_rng = np.random.default_rng(13)
LABELS = np.repeat([0, 1], [300, 700])
X2 = np.concatenate([_rng.multivariate_normal(TRUE_M[k], TRUE_C[k], size=n)
                     for k, n in enumerate([300, 700])])
# Three overlapping blobs: EM needs many rounds here, which exercises the monotone climb.
X3 = np.concatenate([_rng.normal(size=(150, 2)) + c for c in ([0.0, 0.0], [2.0, 1.0], [0.5, 2.5])])


def _loglik(X, weights, means, covs):
    """Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k), written out here as an independent oracle."""
    cols = []
    for w, m, c in zip(weights, means, covs):
        diff = X - m
        maha = np.sum(diff @ np.linalg.inv(c) * diff, axis=1)
        cols.append(np.log(w) - 0.5 * (maha + X.shape[1] * np.log(2 * np.pi) + np.log(np.linalg.det(c))))
    return float(np.sum(np.logaddexp.reduce(np.stack(cols, axis=1), axis=1)))


def test_shapes_and_history(kata):
    w, m, c, lls = kata.em_fit(X3, 3, np.random.default_rng(0), n_iter=5)
    expect_shape(w, (3,), "weights [K]")
    expect_shape(m, (3, 2), "means [K, D]")
    expect_shape(c, (3, 2, 2), "covs [K, D, D]")
    if expect(isinstance(lls, list), f"log_likelihoods should be a list, got {type(lls).__name__}"):
        expect(2 <= len(lls) <= 6, f"n_iter=5 allows 1 + 5 log-likelihoods (initial + one per round), got {len(lls)}")
        expect(all(np.ndim(v) == 0 for v in lls), "each log-likelihood should be one float")


def test_log_likelihood_never_decreases(kata):
    *_, lls = kata.em_fit(X3, 3, np.random.default_rng(1), n_iter=60, tol=0.0)
    lls = np.asarray(lls, dtype=float)
    expect(len(lls) >= 5, f"with tol=0 EM should run several rounds on overlapping blobs, got {len(lls)} values")
    drops = np.diff(lls)
    expect(np.all(drops >= -1e-9),
           f"EM never lowers the log-likelihood, but it dropped by {-drops.min():.3g} at round "
           f"{int(np.argmin(drops)) + 1} (E-step then M-step on the same data?)")


def test_last_log_likelihood_belongs_to_the_returned_parameters(kata):
    w, m, c, lls = kata.em_fit(X3, 3, np.random.default_rng(2), n_iter=20)
    expect_close(lls[-1], _loglik(X3, w, m, c), atol=1e-6,
                 what="log_likelihoods[-1] vs the log-likelihood of the returned parameters "
                      "(summed over points, natural log; computed after the last M-step)")


def test_recovers_two_separated_gaussians(kata):
    w, m, c, _ = kata.em_fit(X2, 2, np.random.default_rng(3))
    w, m, c = np.asarray(w), np.asarray(m), np.asarray(c)
    order = np.argsort(m[:, 0])  # labels are arbitrary: sort the components left to right
    w, m, c = w[order], m[order], c[order]
    # Oracle 1: the true parameters, within sampling error.
    expect_close(w, TRUE_W, atol=0.03, what="recovered weights (sorted by mean x)")
    expect_close(m, TRUE_M, atol=0.2, what="recovered means")
    expect_close(c, TRUE_C, atol=0.25, what="recovered covariances")
    # Oracle 2: with the clusters this far apart, EM lands on each cluster's own MLE.
    for k in range(2):
        Xk = X2[LABELS == k]
        expect_close(m[k], Xk.mean(axis=0), atol=1e-3, what=f"mean of component {k} vs its cluster's MLE")
        expect_close(c[k], np.cov(Xk, rowvar=False, bias=True), atol=1e-3,
                     what=f"cov of component {k} vs its cluster's MLE")


def test_beats_a_single_gaussian(kata):
    *_, lls = kata.em_fit(X2, 2, np.random.default_rng(4))
    mean, cov = X2.mean(axis=0), np.cov(X2, rowvar=False, bias=True)
    single = _loglik(X2, [1.0], [mean], [cov])
    expect(lls[-1] > single + 100,
           f"two components should fit two clusters far better than one Gaussian "
           f"(log-likelihood {single:.1f}); got {lls[-1]:.1f}")


def test_one_component_is_the_mle(kata):
    w, m, c, _ = kata.em_fit(X3, 1, np.random.default_rng(5))
    expect_close(w, [1.0], atol=1e-12, what="K = 1 weights")
    expect_close(np.reshape(m, -1), X3.mean(axis=0), atol=1e-9, what="K = 1 mean vs the data mean")
    expect_close(np.reshape(c, (2, 2)), np.cov(X3, rowvar=False, bias=True), atol=1e-5,
                 what="K = 1 covariance vs the data's MLE covariance (plus reg)")


def test_stopping_and_reproducibility(kata):
    *_, lls = kata.em_fit(X3, 3, np.random.default_rng(6), tol=1e12)
    expect(len(lls) == 2, f"with a huge tol EM should stop after the first round: expected 2 "
                          f"log-likelihoods (initial, after round 1), got {len(lls)}")
    *_, lls = kata.em_fit(X3, 3, np.random.default_rng(6), n_iter=3, tol=0.0)
    expect(len(lls) <= 4, f"n_iter=3 allows at most 4 log-likelihoods, got {len(lls)}")
    a = kata.em_fit(X3, 3, np.random.default_rng(7), n_iter=10)
    b = kata.em_fit(X3, 3, np.random.default_rng(7), n_iter=10)
    expect(all(np.array_equal(u, v) for u, v in zip(a[:3], b[:3])),
           "the same seed should give the same fit: initialise with the `rng` passed in")


def test_rejects_bad_k(kata):
    with pytest.raises(ValueError):
        kata.em_fit(X3, 0, np.random.default_rng(0))
    with pytest.raises(ValueError):
        kata.em_fit(X3[:2], 3, np.random.default_rng(0))  # 3 components, 2 points
