"""Specs for katas/s00_probability/mvn_pdf.py."""
import math

import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape

# A correlated 2-D Gaussian worked by hand: det Σ = 1 - 0.25 = 0.75,
# Σ⁻¹ = (1/0.75)·[[1, -0.5], [-0.5, 1]], so the peak is 1 / (2π·sqrt(0.75)).
COV2 = np.array([[1.0, 0.5], [0.5, 1.0]])
PEAK2 = 1 / (2 * math.pi * math.sqrt(0.75))


def test_diagonal_cov_is_a_product_of_1d_normals(kata):
    rng = np.random.default_rng(2)
    mean = np.array([0.5, -1.0, 2.0])
    sig = np.array([0.5, 1.0, 2.0])
    x = rng.normal(size=(5, 3)) * 2
    z = (x - mean) / sig
    want = np.prod(np.exp(-0.5 * z**2) / (np.sqrt(2 * math.pi) * sig), axis=1)
    got = kata.mvn_pdf(x, mean, np.diag(sig**2))
    if expect_shape(got, (5,), "mvn_pdf on x [5, 3]"):
        expect_close(got, want, atol=0, rtol=1e-9,
                     what="diagonal Σ: density vs the product of three 1-D normals")


def test_hand_worked_correlated_2d(kata):
    # Quadratic forms with Σ⁻¹: (0,0) -> 0, (1,0) -> 4/3, (1,-1) -> 3/0.75 = 4.
    mean = np.array([1.0, 2.0])
    offsets = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, -1.0]])
    want = PEAK2 * np.exp(-0.5 * np.array([0.0, 4 / 3, 4.0]))
    got = kata.mvn_pdf(mean + offsets, mean, COV2)
    if expect_shape(got, (3,), "mvn_pdf on x [3, 2]"):
        expect_close(got[0], want[0], atol=1e-12,
                     what="density at the mean, 1/sqrt((2π)^D det Σ) (is det Σ under the sqrt?)")
        expect_close(got[1:], want[1:], atol=1e-12,
                     what="density away from the mean (the exponent needs Σ⁻¹, not Σ, and the ½)")


def test_integrates_to_one(kata):
    # Trapezoid rule on a 401 x 401 grid covering ±8 standard deviations; tolerance 1e-4.
    mean = np.array([1.0, -1.0])
    cov = np.array([[2.0, 0.8], [0.8, 1.0]])
    u = np.linspace(mean[0] - 8 * math.sqrt(2), mean[0] + 8 * math.sqrt(2), 401)
    v = np.linspace(mean[1] - 8, mean[1] + 8, 401)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    dens = kata.mvn_pdf(np.stack([uu.ravel(), vv.ravel()], axis=1), mean, cov)
    if expect_shape(dens, (401 * 401,), "mvn_pdf on a grid of points"):
        area = np.trapezoid(np.trapezoid(np.reshape(dens, uu.shape), v, axis=1), u)
        expect(abs(area - 1) < 1e-4,
               f"a density must integrate to 1, got {area:.6f} (check (2π)^D and sqrt(det Σ))")


def test_general_cov_via_whitening(kata):
    # Oracle: with Σ = L Lᵀ, z = L⁻¹(x - μ) is standard normal, so p(x) = Π φ(z_i) / Π L_ii.
    rng = np.random.default_rng(3)
    A = rng.normal(size=(3, 3))
    cov = A @ A.T + 0.5 * np.eye(3)
    mean = rng.normal(size=3)
    x = mean + rng.normal(size=(6, 3))
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (x - mean).T).T
    want = np.prod(np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi), axis=1) / np.prod(np.diag(L))
    got = kata.mvn_pdf(x, mean, cov)
    if expect_shape(got, (6,), "mvn_pdf on x [6, 3]"):
        expect_close(got, want, atol=0, rtol=1e-9, what="density for a full 3x3 Σ vs the whitening oracle")


def test_single_point_gives_a_scalar(kata):
    mean = np.array([1.0, 2.0])
    got = kata.mvn_pdf(np.array([2.0, 2.0]), mean, COV2)
    if expect_shape(got, (), "mvn_pdf on a single point x [D]"):
        expect_close(got, PEAK2 * math.exp(-2 / 3), atol=1e-12, what="density at one point")


def test_rejects_bad_cov_and_x(kata):
    mean = np.zeros(2)
    bad = {
        "not positive definite": np.array([[1.0, 2.0], [2.0, 1.0]]),
        "not symmetric": np.array([[1.0, 0.5], [0.0, 1.0]]),
        "wrong shape [2, 3]": np.ones((2, 3)),
        "[3, 3] for a 2-D mean": np.eye(3),
    }
    for why, cov in bad.items():
        with pytest.raises(ValueError):
            kata.mvn_pdf(np.zeros((1, 2)), mean, cov)
            pytest.fail(f"cov {why} should raise ValueError", pytrace=False)
    with pytest.raises(ValueError):
        kata.mvn_pdf(np.zeros((4, 3)), mean, np.eye(2))  # x has D = 3, mean has D = 2
