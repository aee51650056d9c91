"""Specs for katas/s00_probability/normal_pdf.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt


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
    dens = kata.normal_pdf(xs, -3.0, 1.5)
    if not (expect_shape(dens, xs.shape, ("normal_pdf on 20001 points", "20001 点での normal_pdf"))
            and expect_finite(dens, ("normal_pdf(x, mu=-3, sigma=1.5)", "normal_pdf(x, mu=-3, sigma=1.5) の値"))):
        return
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    area = float(trapezoid(dens, xs))
    expect(abs(area - 1) < 1e-6, (f"area under N(-3, 1.5²) should be 1, got {fmt(area)} (check the constant "
                                  f"1/sqrt(2πσ²) and the ½ in the exponent)",
                                  f"N(-3, 1.5²) の曲線の下の面積は 1 のはずですが、{fmt(area)} でした"
                                  f"（定数 1/sqrt(2πσ²) と指数部の ½ を確認しましょう）"))


def test_broadcasts_over_a_grid(kata):
    x = np.linspace(-2, 2, 12).reshape(3, 4)
    got = kata.normal_pdf(x, 0.0, 1.0)
    if expect_shape(got, (3, 4), ("normal_pdf on a 3x4 grid", "3x4 の格子での normal_pdf")):
        expect_close(got, np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi), atol=1e-12,
                     what=("normal_pdf on a 3x4 grid", "3x4 の格子での normal_pdf"))
    # mu and sigma may be arrays too: x [5, 1] against mu, sigma [3] broadcasts to [5, 3].
    xs = np.linspace(-1.0, 1.0, 5)[:, None]
    mu, sigma = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.5, 3.0])
    want = np.exp(-((xs - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * math.pi * sigma**2)
    try:
        got = kata.normal_pdf(xs, mu, sigma)
    except (TypeError, ValueError) as e:
        expect(False, (f"normal_pdf(x [5, 1], mu [3], sigma [3]) raised {type(e).__name__}: {e} — with arrays, "
                       f"`if sigma <= 0` and math.sqrt fail; use np.any(sigma <= 0), np.sqrt and np.exp",
                       f"normal_pdf(x [5, 1], mu [3], sigma [3]) で {type(e).__name__}: {e} が送出されました。"
                       f"配列に対しては `if sigma <= 0` や math.sqrt は使えません。np.any(sigma <= 0)、np.sqrt、"
                       f"np.exp を使いましょう"))
        return
    if expect_shape(got, (5, 3), ("normal_pdf(x [5, 1], mu [3], sigma [3])",
                                  "normal_pdf(x [5, 1], mu [3], sigma [3]) の出力")):
        expect_close(got, want, atol=1e-12,
                     what=("normal_pdf with arrays of mu and sigma", "mu と sigma が配列のときの normal_pdf"))


def test_rejects_non_positive_sigma(kata):
    for sigma in (0.0, -1.0):
        expect_raises(ValueError, kata.normal_pdf, 0.0, 0.0, sigma,
                      what=(f"normal_pdf with sigma = {sigma}", f"sigma = {sigma} の normal_pdf"))
