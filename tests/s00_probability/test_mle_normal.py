"""Specs for katas/s00_probability/mle_normal.py."""
import math

import numpy as np
import pytest

from harness.checks import expect, expect_close


def _loglik(x, mu, sigma):
    """Σ log N(x_n | mu, sigma²), written out here as an independent oracle."""
    return float(np.sum(-0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * math.log(2 * math.pi)))


def test_hand_worked_example(kata):
    # x = 1, 2, 3, 4: mean 2.5; squared deviations 2.25, 0.25, 0.25, 2.25 sum to 5; 5/N = 1.25.
    mu, sigma = kata.mle_normal([1.0, 2.0, 3.0, 4.0])
    expect_close(mu, 2.5, atol=1e-12, what="mu of [1, 2, 3, 4]")
    hint = ""
    if abs(sigma - math.sqrt(5 / 3)) < 1e-9:
        hint = " — that is sqrt(5/3): you divided by N - 1; the MLE divides by N"
    elif abs(sigma - 1.25) < 1e-9:
        hint = " — that is the variance σ²; return its square root"
    expect(abs(sigma - math.sqrt(1.25)) < 1e-12,
           f"sigma of [1, 2, 3, 4] should be sqrt(5/4) = {math.sqrt(1.25):.6f}, got {sigma}{hint}")


def test_matches_numpy_mean_and_biased_std(kata):
    x = np.random.default_rng(1).normal(-2.0, 0.7, size=37)
    mu, sigma = kata.mle_normal(x)
    expect_close(mu, np.mean(x), atol=1e-12, what="mu vs np.mean(x)")
    expect_close(sigma, np.std(x, ddof=0), atol=1e-12,
                 what="sigma vs np.std(x, ddof=0) (biased: divide by N, not N - 1)")


def test_maximises_the_likelihood(kata):
    # The MLE is the top of the log-likelihood: nudging mu or sigma by 1% must not do better.
    # With only 5 samples, an N - 1 sigma is 12% too large and loses to sigma / 1.01.
    x = np.array([0.3, -1.2, 2.5, 0.9, 1.4])
    mu, sigma = kata.mle_normal(x)
    if not (np.isfinite(sigma) and sigma > 0):
        expect(False, f"sigma should be a positive number for 5 distinct samples, got {sigma}")
        return
    best = _loglik(x, mu, sigma)
    for m, s, what in ((mu + 0.01, sigma, "mu + 0.01"), (mu - 0.01, sigma, "mu - 0.01"),
                       (mu, sigma * 1.01, "sigma * 1.01"), (mu, sigma / 1.01, "sigma / 1.01")):
        other = _loglik(x, m, s)
        expect(best >= other - 1e-12,
               f"log-likelihood at your (mu, sigma) = {best:.6f} is beaten by {what}: {other:.6f}; "
               "the MLE must be the maximum (mean, and std with 1/N)")


def test_single_sample_and_large_sample(kata):
    mu, sigma = kata.mle_normal(np.array([7.0]))
    expect(mu == 7.0 and sigma == 0.0,
           f"one sample 7.0 should give (7.0, 0.0), got ({mu}, {sigma}) (N - 1 = 0 would divide by zero)")
    # Fixed-seed statistic: 20 000 draws from N(3, 2²) recover the parameters within 0.05.
    x = np.random.default_rng(0).normal(3.0, 2.0, size=20_000)
    mu, sigma = kata.mle_normal(x)
    expect_close(mu, 3.0, atol=0.05, what="mu of 20 000 samples of N(3, 2²)")
    expect_close(sigma, 2.0, atol=0.05, what="sigma of 20 000 samples of N(3, 2²) (the std, not the variance 4)")


def test_returns_plain_numbers(kata):
    mu, sigma = kata.mle_normal([1.0, 3.0])
    expect(np.ndim(mu) == 0 and np.ndim(sigma) == 0,
           f"mu and sigma should be scalars, got shapes {np.shape(mu)} and {np.shape(sigma)}")
    expect_close((mu, sigma), (2.0, 1.0), atol=1e-12, what="(mu, sigma) of [1, 3]")


def test_rejects_bad_input(kata):
    with pytest.raises(ValueError):
        kata.mle_normal([])  # no samples: no estimate
    with pytest.raises(ValueError):
        kata.mle_normal(np.ones((3, 2)))  # not 1-D
