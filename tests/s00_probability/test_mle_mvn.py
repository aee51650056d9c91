"""Specs for katas/s00_probability/mle_mvn.py."""
import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape


def _loglik(X, mean, cov):
    """Σ_n log N(x_n | mean, cov), written out here as an independent oracle."""
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    D = X.shape[1]
    return float(np.sum(-0.5 * (maha + D * np.log(2 * np.pi) + np.log(np.linalg.det(cov)))))


def test_shapes_are_d_not_n(kata):
    X = np.random.default_rng(4).normal(size=(7, 3))
    mean, cov = kata.mle_mvn(X)
    expect_shape(mean, (3,), "mean of X [7, 3] (average over the samples, axis 0)")
    expect_shape(cov, (3, 3), "cov of X [7, 3] ([D, D]; an [N, N] result means the outer product is transposed)")


def test_hand_worked_square(kata):
    # The corners of a 2x2 square centred at (5, -3): mean (5, -3); each coordinate is ±1 around
    # it, uncorrelated, so the biased covariance is the identity (N - 1 would give 4/3).
    X = np.array([[4.0, -4.0], [6.0, -4.0], [4.0, -2.0], [6.0, -2.0]])
    mean, cov = kata.mle_mvn(X)
    expect_close(mean, [5.0, -3.0], atol=1e-12, what="mean of the square's corners")
    expect_close(cov, np.eye(2), atol=1e-12,
                 what="cov of the square's corners (centre on the mean; divide by N = 4, not N - 1)")


def test_matches_numpy_cov_biased(kata):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(9, 3)) @ np.array([[1.0, 0.4, 0.0], [0.0, 2.0, -0.7], [0.0, 0.0, 0.5]]) + [10.0, -4.0, 2.0]
    mean, cov = kata.mle_mvn(X)
    expect_close(mean, X.mean(axis=0), atol=1e-12, what="mean vs X.mean(axis=0)")
    expect_close(cov, np.cov(X, rowvar=False, bias=True), atol=1e-10,
                 what="cov vs np.cov(X, rowvar=False, bias=True) (uncentred data or N - 1?)")


def test_maximises_the_likelihood(kata):
    # Scaling the MLE covariance by 1% either way, or moving the mean, must not raise the
    # log-likelihood. With N = 6 an N - 1 covariance is 20% too big and loses.
    X = np.random.default_rng(6).normal(size=(6, 2)) + [1.0, 2.0]
    mean, cov = kata.mle_mvn(X)
    try:
        best = _loglik(X, mean, cov)
    except np.linalg.LinAlgError:
        expect(False, f"cov should be invertible for 6 random 2-D points, got {cov}")
        return
    for m, c, what in ((mean, cov * 1.01, "cov * 1.01"), (mean, cov / 1.01, "cov / 1.01"),
                       (mean + [0.01, 0.0], cov, "mean + (0.01, 0)")):
        other = _loglik(X, m, c)
        expect(best >= other - 1e-12,
               f"log-likelihood at your (mean, cov) = {best:.6f} is beaten by {what}: {other:.6f}")


def test_recovers_a_known_gaussian(kata):
    # Fixed-seed statistic: 3 000 draws recover the mean within 0.1 and the covariance within
    # 0.15 (about 3 standard errors).
    true_mean = np.array([1.0, -2.0])
    true_cov = np.array([[2.0, -0.6], [-0.6, 0.5]])
    X = np.random.default_rng(7).multivariate_normal(true_mean, true_cov, size=3_000)
    mean, cov = kata.mle_mvn(X)
    expect_close(mean, true_mean, atol=0.1, what="mean of 3 000 samples")
    expect_close(cov, true_cov, atol=0.15, what="cov of 3 000 samples")


def test_single_sample_and_bad_input(kata):
    mean, cov = kata.mle_mvn(np.array([[1.0, 2.0]]))
    expect_close(mean, [1.0, 2.0], atol=0, what="mean of one sample")
    expect_close(cov, np.zeros((2, 2)), atol=0, what="cov of one sample (all zeros; N - 1 = 0 would divide by zero)")
    with pytest.raises(ValueError):
        kata.mle_mvn(np.array([1.0, 2.0, 3.0]))  # 1-D: is it 3 samples or one 3-D sample? Refuse.
    with pytest.raises(ValueError):
        kata.mle_mvn(np.zeros((0, 2)))  # no samples
