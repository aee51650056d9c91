"""Specs for katas/s00_probability/normal_pdf.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_peak_of_standard_normal(kata):
    # At x = μ the exponent is 0, so p = 1/sqrt(2π) ≈ 0.398942 for σ = 1.
    got = kata.normal_pdf(0.0)
    expect_close(got, 1 / math.sqrt(2 * math.pi), atol=1e-9,
                 what=("normal_pdf(0) for N(0,1) (should be 1/sqrt(2π))",
                       "N(0,1) の normal_pdf(0)（1/sqrt(2π) になるはずです）"))


def test_matches_closed_form_values(kata):
    x = np.array([-1.0, 0.5, 2.0, 3.5])
    mu, sigma = 0.5, 2.0
    want = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2)
    got = kata.normal_pdf(x, mu, sigma)
    if expect_shape(got, (4,), ("normal_pdf on 4 points", "4 点での normal_pdf")):
        expect_close(got, want, atol=1e-12,
                     what=("normal_pdf(x, mu=0.5, sigma=2) (is σ squared in both the exponent and "
                           "the constant?)",
                           "normal_pdf(x, mu=0.5, sigma=2)（指数部と定数の両方で σ を 2 乗していますか？）"))


def test_integrates_to_one(kata):
    # A density must integrate to 1: a missing sqrt or a σ instead of σ² breaks this.
    xs = np.linspace(-3 + -12, -3 + 12, 20001)
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    area = float(trapezoid(kata.normal_pdf(xs, -3.0, 1.5), xs))
    expect(abs(area - 1) < 1e-6, (f"area under N(-3, 1.5²) should be 1, got {fmt(area)}",
                                  f"N(-3, 1.5²) の曲線の下の面積は 1 のはずですが、{fmt(area)} でした"))


def test_broadcasts_over_a_grid(kata):
    x = np.linspace(-2, 2, 12).reshape(3, 4)
    got = kata.normal_pdf(x, 0.0, 1.0)
    expect_shape(got, (3, 4), ("normal_pdf on a 3x4 grid", "3x4 の格子での normal_pdf"))


def test_rejects_non_positive_sigma(kata):
    for sigma in (0.0, -1.0):
        expect_raises(ValueError, kata.normal_pdf, 0.0, 0.0, sigma,
                      what=(f"normal_pdf with sigma = {sigma}", f"sigma = {sigma} の normal_pdf"))
