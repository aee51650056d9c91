"""Specs for katas/s00_probability/gmm_pdf.py."""
import math

import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape


def _mvn(x, mean, cov):
    """Closed-form multivariate normal density, written out here as an independent oracle."""
    diff = x - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** len(mean) * np.linalg.det(cov))


WEIGHTS = np.array([0.5, 0.3, 0.2])
MEANS = np.array([[0.0, 0.0], [3.0, 1.0], [-2.0, 3.0]])
COVS = np.array([[[1.0, 0.3], [0.3, 0.5]], [[0.4, 0.0], [0.0, 2.0]], [[1.5, -0.7], [-0.7, 1.0]]])


def test_one_component_is_that_gaussian(kata):
    x = np.random.default_rng(8).normal(size=(5, 2))
    got = kata.gmm_pdf(x, [1.0], MEANS[:1], COVS[:1])
    if expect_shape(got, (5,), "gmm_pdf on x [5, 2] with K = 1"):
        expect_close(got, _mvn(x, MEANS[0], COVS[0]), atol=0, rtol=1e-9,
                     what="K = 1 mixture vs the single Gaussian N(μ_0, Σ_0)")


def test_weighted_sum_of_components(kata):
    x = np.random.default_rng(9).normal(size=(6, 2)) * 2
    want = sum(w * _mvn(x, m, c) for w, m, c in zip(WEIGHTS, MEANS, COVS))
    got = kata.gmm_pdf(x, WEIGHTS, MEANS, COVS)
    if expect_shape(got, (6,), "gmm_pdf on x [6, 2] with K = 3"):
        expect_close(got, want, atol=0, rtol=1e-9,
                     what="mixture density Σ_k π_k N(x | μ_k, Σ_k) (each component times its weight)")


def test_hand_worked_1d(kata):
    # D = 1: 0.2·N(x | -1, 1) + 0.8·N(x | 2, 0.5²). At x = 2 the narrow component's peak is
    # 1/(0.5·sqrt(2π)) ≈ 0.798, weighted 0.8; the wide one adds 0.2·exp(-4.5)/sqrt(2π).
    x = np.array([[2.0], [-1.0]])
    phi = lambda z: math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)  # noqa: E731
    want = [0.2 * phi(3.0) + 0.8 * phi(0.0) / 0.5, 0.2 * phi(0.0) + 0.8 * phi(-6.0) / 0.5]
    got = kata.gmm_pdf(x, [0.2, 0.8], [[-1.0], [2.0]], [[[1.0]], [[0.25]]])
    if expect_shape(got, (2,), "gmm_pdf on x [2, 1]"):
        expect_close(got, want, atol=1e-12, what="1-D mixture 0.2·N(-1, 1) + 0.8·N(2, 0.5²) at x = 2 and -1")


def test_integrates_to_one(kata):
    # Trapezoid rule on a 301 x 301 grid over [-9, 10] x [-8, 10]; tolerance 1e-3.
    # Forgetting the weights integrates to K = 3.
    u, v = np.linspace(-9, 10, 301), np.linspace(-8, 10, 301)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    dens = kata.gmm_pdf(np.stack([uu.ravel(), vv.ravel()], axis=1), WEIGHTS, MEANS, COVS)
    if expect_shape(dens, (301 * 301,), "gmm_pdf on a grid of points"):
        area = np.trapezoid(np.trapezoid(np.reshape(dens, uu.shape), v, axis=1), u)
        expect(abs(area - 1) < 1e-3, f"a mixture density must integrate to 1, got {area:.5f}")


def test_rejects_bad_weights_and_shapes(kata):
    x = np.zeros((2, 2))
    bad = {
        "a negative weight": ([1.2, -0.2], MEANS[:2], COVS[:2]),
        "weights summing to 1.1": ([0.5, 0.6], MEANS[:2], COVS[:2]),
        "3 weights for 2 components": (WEIGHTS, MEANS[:2], COVS[:2]),
        "covs [2, 2, 2] for 3 components": (WEIGHTS, MEANS, COVS[:2]),
    }
    for why, (w, m, c) in bad.items():
        with pytest.raises(ValueError):
            kata.gmm_pdf(x, w, m, c)
            pytest.fail(f"{why} should raise ValueError", pytrace=False)
