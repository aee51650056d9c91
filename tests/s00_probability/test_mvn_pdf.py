"""Specs for katas/s00_probability/mvn_pdf.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape

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
    if expect_shape(got, (5,), ("mvn_pdf on x [5, 3]", "x [5, 3] での mvn_pdf")):
        expect_close(got, want, atol=0, rtol=1e-9,
                     what=("diagonal Σ: density vs the product of three 1-D normals (Σ holds variances σ², "
                           "not standard deviations)",
                           "対角の Σ: 密度と 3 つの1次元正規分布の積の比較（Σ の対角は標準偏差ではなく分散 σ² です）"))


def test_hand_worked_correlated_2d(kata):
    # Quadratic forms with Σ⁻¹: (0,0) -> 0, (1,0) -> 4/3, (1,-1) -> 3/0.75 = 4.
    mean = np.array([1.0, 2.0])
    x = mean + np.array([[0.0, 0.0], [1.0, 0.0], [1.0, -1.0]])
    before = x.copy()
    want = PEAK2 * np.exp(-0.5 * np.array([0.0, 4 / 3, 4.0]))
    got = kata.mvn_pdf(x, mean, COV2)
    if not expect(np.array_equal(x, before),
                  ("mvn_pdf changed the caller's array x (an in-place `x -= mean`?); compute x - mean as a "
                   "new array",
                   "mvn_pdf が呼び出し元の配列 x を書き換えました（`x -= mean` のようなその場での演算？）。"
                   "x - mean を新しい配列として計算しましょう")):
        return
    if expect_shape(got, (3,), ("mvn_pdf on x [3, 2]", "x [3, 2] での mvn_pdf")):
        got = np.asarray(got)
        if expect_close(got[0], want[0], atol=1e-12,
                        what=("density at the mean, 1/sqrt((2π)^D det Σ) (is det Σ under the sqrt?)",
                              "平均での密度 1/sqrt((2π)^D det Σ)（det Σ は sqrt の中にありますか？）")):
            expect_close(got[1:], want[1:], atol=1e-12,
                         what=("density away from the mean (the exponent needs Σ⁻¹, not Σ, and the ½)",
                               "平均から離れた点での密度（指数部には Σ ではなく Σ⁻¹ と、½ が必要です）"))


def test_integrates_to_one(kata):
    # Trapezoid rule on a 401 x 401 grid covering ±8 standard deviations; tolerance 1e-4.
    # One call per grid row (401 points), so a solution that builds an [N, N] matrix still fits.
    mean = np.array([1.0, -1.0])
    cov = np.array([[2.0, 0.8], [0.8, 1.0]])
    u = np.linspace(mean[0] - 8 * math.sqrt(2), mean[0] + 8 * math.sqrt(2), 401)
    v = np.linspace(mean[1] - 8, mean[1] + 8, 401)
    rows = [kata.mvn_pdf(np.stack([np.full_like(v, ui), v], axis=1), mean, cov) for ui in u]
    if not expect_shape(rows[0], (401,), ("mvn_pdf on a row of 401 grid points", "格子の 1 行 401 点での mvn_pdf")):
        return
    dens = np.array(rows, dtype=float)
    if not expect_finite(dens, ("densities on the grid", "格子上の密度")):
        return
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    area = float(trapezoid(trapezoid(dens, v, axis=1), u))
    expect(abs(area - 1) < 1e-4,
           (f"a density must integrate to 1, got {area:.6f} (check (2π)^D and sqrt(det Σ))",
            f"確率密度の積分は 1 のはずですが、{area:.6f} でした（(2π)^D と sqrt(det Σ) を確認しましょう）"))


def test_general_cov_via_whitening(kata):
    # Oracle: with Σ = L Lᵀ, z = L⁻¹(x - μ) is standard normal, so p(x) = Π φ(z_i) / Π L_ii.
    rng = np.random.default_rng(3)
    A = rng.normal(size=(3, 3))
    cov = A @ A.T + 0.5 * np.eye(3)
    cov = (cov + cov.T) / 2  # exactly symmetric
    mean = rng.normal(size=3)
    x = mean + rng.normal(size=(6, 3))
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (x - mean).T).T
    want = np.prod(np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi), axis=1) / np.prod(np.diag(L))
    got = kata.mvn_pdf(x, mean, cov)
    if expect_shape(got, (6,), ("mvn_pdf on x [6, 3]", "x [6, 3] での mvn_pdf")):
        expect_close(got, want, atol=0, rtol=1e-9,
                     what=("density for a full 3x3 Σ vs the whitening oracle (the exponent is "
                           "-½ (x - μ)ᵀ Σ⁻¹ (x - μ), summed over the D dimensions of each row)",
                           "一般の 3x3 の Σ での密度と白色化による正解の比較（指数部は各行の D 次元について"
                           "和をとった -½ (x - μ)ᵀ Σ⁻¹ (x - μ) です）"))


def test_single_point_gives_a_scalar(kata):
    mean = np.array([1.0, 2.0])
    want = PEAK2 * math.exp(-2 / 3)
    got = kata.mvn_pdf(np.array([2.0, 2.0]), mean, COV2)
    if expect_shape(got, (), ("mvn_pdf on a single point x [D]", "1点 x [D] での mvn_pdf")):
        expect_close(got, want, atol=1e-12, what=("density at one point", "1点での密度"))
    # A batch of one point [1, D] is still a batch: [1] densities, not a scalar.
    got = kata.mvn_pdf(np.array([[2.0, 2.0]]), mean, COV2)
    if expect_shape(got, (1,), ("mvn_pdf on x [1, D] (one row is still a batch; .squeeze() drops it)",
                                "x [1, D] での mvn_pdf（1 行でもバッチです。.squeeze() は次元を消してしまいます）")):
        expect_close(got, [want], atol=1e-12, what=("density of the batch x [1, D]", "バッチ x [1, D] の密度"))


def test_rejects_bad_cov_and_x(kata):
    mean = np.zeros(2)
    bad = [
        ("cov [[1, 2], [2, 1]] (symmetric but not positive definite: det = -3)",
         "cov [[1, 2], [2, 1]]（対称ですが正定値ではありません: det = -3）", np.array([[1.0, 2.0], [2.0, 1.0]])),
        ("cov = -I (det = 1 > 0, but not positive definite: a positive det is not enough)",
         "cov = -I（det = 1 > 0 ですが正定値ではありません。det が正なだけでは不十分です）", -np.eye(2)),
        ("cov [[1, 0.5], [0, 1]] (not symmetric; Cholesky alone reads only one triangle)",
         "cov [[1, 0.5], [0, 1]]（対称ではありません。コレスキー分解は片方の三角しか見ません）",
         np.array([[1.0, 0.5], [0.0, 1.0]])),
        ("cov of shape [2, 3]", "形状 [2, 3] の cov", np.ones((2, 3))),
        ("cov [3, 3] for a 2-D mean", "2次元の mean に対する [3, 3] の cov", np.eye(3)),
    ]
    for en, ja, cov in bad:
        expect_raises(ValueError, kata.mvn_pdf, np.zeros((1, 2)), mean, cov, what=(en, ja))
    expect_raises(ValueError, kata.mvn_pdf, np.zeros((4, 3)), mean, np.eye(2),
                  what=("x [4, 3] for a 2-D mean", "2次元の mean に対する x [4, 3]"))
    expect_raises(ValueError, kata.mvn_pdf, np.zeros(3), mean, np.eye(2),
                  what=("a single point x [3] for a 2-D mean", "2次元の mean に対する1点 x [3]"))
