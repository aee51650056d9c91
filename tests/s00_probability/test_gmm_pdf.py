"""Specs for katas/s00_probability/gmm_pdf.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape


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
    if expect_shape(got, (5,), ("gmm_pdf on x [5, 2] with K = 1", "K = 1、x [5, 2] での gmm_pdf")):
        expect_close(got, _mvn(x, MEANS[0], COVS[0]), atol=0, rtol=1e-9,
                     what=("K = 1 mixture vs the single Gaussian N(μ_0, Σ_0)",
                           "K = 1 の混合分布と単独のガウス分布 N(μ_0, Σ_0) の比較"))


def test_weighted_sum_of_components(kata):
    x = np.random.default_rng(9).normal(size=(6, 2)) * 2
    want = sum(w * _mvn(x, m, c) for w, m, c in zip(WEIGHTS, MEANS, COVS))
    got = kata.gmm_pdf(x, WEIGHTS, MEANS, COVS)
    if expect_shape(got, (6,), ("gmm_pdf on x [6, 2] with K = 3 (sum over the components)",
                                "K = 3、x [6, 2] での gmm_pdf（成分について和をとります）")):
        expect_close(got, want, atol=0, rtol=1e-9,
                     what=("mixture density Σ_k π_k N(x | μ_k, Σ_k) (each component times its own weight)",
                           "混合分布の密度 Σ_k π_k N(x | μ_k, Σ_k)（各成分にそれぞれの重みを掛けます）"))
    # 0.6 + 0.3 + 0.1 is 0.9999999999999999 in floating point: within 1e-8 of 1, so it is valid.
    w = np.array([0.6, 0.3, 0.1])
    try:
        got = kata.gmm_pdf(x, w, MEANS, COVS)
    except ValueError as e:
        expect(False, (f"gmm_pdf rejected the weights (0.6, 0.3, 0.1) ({e}); their sum is 0.9999999999999999 in "
                       f"floating point, which is 1 within 1e-8: compare with a tolerance "
                       f"(np.isclose(weights.sum(), 1, rtol=0, atol=1e-8)), not ==",
                       f"gmm_pdf が重み (0.6, 0.3, 0.1) を拒否しました（{e}）。この和は浮動小数点では "
                       f"0.9999999999999999 ですが、誤差 1e-8 以内で 1 です。== ではなく許容誤差つきで"
                       f"（np.isclose(weights.sum(), 1, rtol=0, atol=1e-8)）比べましょう"))
        return
    expect_close(got, sum(wk * _mvn(x, m, c) for wk, m, c in zip(w, MEANS, COVS)), atol=0, rtol=1e-9,
                 what=("weights (0.6, 0.3, 0.1), which sum to 1 up to rounding (compare with a tolerance, not ==)",
                       "重み (0.6, 0.3, 0.1)。丸め誤差の範囲で和が 1 です（== ではなく許容誤差つきで比べましょう）"))


def test_hand_worked_1d(kata):
    # D = 1: 0.2·N(x | -1, 1) + 0.8·N(x | 2, 0.5²). At x = 2 the narrow component's peak is
    # 1/(0.5·sqrt(2π)) ≈ 0.798, weighted 0.8; the wide one adds 0.2·exp(-4.5)/sqrt(2π).
    x = np.array([[2.0], [-1.0]])
    phi = lambda z: math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)  # noqa: E731
    want = [0.2 * phi(3.0) + 0.8 * phi(0.0) / 0.5, 0.2 * phi(0.0) + 0.8 * phi(-6.0) / 0.5]
    got = kata.gmm_pdf(x, [0.2, 0.8], [[-1.0], [2.0]], [[[1.0]], [[0.25]]])
    if expect_shape(got, (2,), ("gmm_pdf on x [2, 1]", "x [2, 1] での gmm_pdf")):
        expect_close(got, want, atol=1e-12,
                     what=("1-D mixture 0.2·N(-1, 1) + 0.8·N(2, 0.5²) at x = 2 and -1 (covs hold variances: 0.25)",
                           "1次元の混合分布 0.2·N(-1, 1) + 0.8·N(2, 0.5²) の x = 2 と -1 での値（covs は分散 0.25 です）"))


def test_integrates_to_one(kata):
    # Trapezoid rule on a 301 x 301 grid over [-9, 10] x [-8, 10]; tolerance 1e-3.
    # Forgetting the weights integrates to K = 3. One call per grid row (301 points).
    u, v = np.linspace(-9, 10, 301), np.linspace(-8, 10, 301)
    rows = [kata.gmm_pdf(np.stack([np.full_like(v, ui), v], axis=1), WEIGHTS, MEANS, COVS) for ui in u]
    if not expect_shape(rows[0], (301,), ("gmm_pdf on a row of 301 grid points", "格子の 1 行 301 点での gmm_pdf")):
        return
    dens = np.array(rows, dtype=float)
    if not expect_finite(dens, ("mixture densities on the grid", "格子上の混合分布の密度")):
        return
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    area = float(trapezoid(trapezoid(dens, v, axis=1), u))
    expect(abs(area - 1) < 1e-3,
           (f"a mixture density must integrate to 1, got {area:.5f} (an area of 3 = K means the weights are missing)",
            f"混合分布の密度の積分は 1 のはずですが、{area:.5f} でした（3 = K になるなら重みを掛け忘れています）"))


def test_rejects_bad_weights_and_shapes(kata):
    x = np.zeros((2, 2))
    bad = [
        ("a negative weight (1.2, -0.2)", "負の重み (1.2, -0.2)", ([1.2, -0.2], MEANS[:2], COVS[:2])),
        ("weights summing to 1.1", "和が 1.1 になる重み", ([0.5, 0.6], MEANS[:2], COVS[:2])),
        ("3 weights for 2 components (zip would silently drop one)",
         "2 成分に対して 3 つの重み（zip だと黙って 1 つ捨ててしまいます）", (WEIGHTS, MEANS[:2], COVS[:2])),
        ("covs [2, 2, 2] for 3 components", "3 成分に対して covs が [2, 2, 2]", (WEIGHTS, MEANS, COVS[:2])),
    ]
    for en, ja, (w, m, c) in bad:
        expect_raises(ValueError, kata.gmm_pdf, x, w, m, c, what=(en, ja))
