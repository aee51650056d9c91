"""Specs for katas/s00_probability/mle_normal.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, fmt


def _loglik(x, mu, sigma):
    """Σ log N(x_n | mu, sigma²), written out here as an independent oracle."""
    return float(np.sum(-0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * math.log(2 * math.pi)))


def _fit(kata, x, label, why=("", "")):
    """kata.mle_normal(x) as two plain numbers, or None after saying what came back instead.
    `label` names x: one string for both languages, or an (English, Japanese) pair."""
    en, ja = (label, label) if isinstance(label, str) else label
    out = kata.mle_normal(x)
    if not expect(isinstance(out, (tuple, list)) and len(out) == 2,
                  (f"mle_normal({en}) should return a pair (mu, sigma), got {type(out).__name__}",
                   f"mle_normal({ja}) は組 (mu, sigma) を返すはずですが、{type(out).__name__} が返りました")):
        return None
    mu, sigma = out
    if not expect(np.ndim(mu) == 0 and np.ndim(sigma) == 0,
                  (f"mle_normal({en}): mu and sigma should be single numbers, got shapes "
                   f"{np.shape(mu)} and {np.shape(sigma)} (average over all the samples)",
                   f"mle_normal({ja}): mu と sigma は1つの数のはずですが、形状が {np.shape(mu)} と "
                   f"{np.shape(sigma)} でした（すべてのサンプルについて平均をとりましょう）")):
        return None
    if not (expect_finite(mu, (f"mu of {en}{why[0]}", f"{ja} の mu{why[1]}"))
            and expect_finite(sigma, (f"sigma of {en}{why[0]}", f"{ja} の sigma{why[1]}"))):
        return None
    return float(mu), float(sigma)


def test_hand_worked_example(kata):
    # x = 1, 2, 3, 4: mean 2.5; squared deviations 2.25, 0.25, 0.25, 2.25 sum to 5; 5/N = 1.25.
    got = _fit(kata, [1.0, 2.0, 3.0, 4.0], "[1, 2, 3, 4]")
    if got is None:
        return
    mu, sigma = got
    expect_close(mu, 2.5, atol=1e-12, what=("mu of [1, 2, 3, 4] (the plain average)",
                                            "[1, 2, 3, 4] の mu（単純な平均）"))
    why_en = why_ja = ""
    if abs(sigma - math.sqrt(5 / 3)) < 1e-9:
        why_en = " — that is sqrt(5/3): you divided by N - 1; the MLE divides by N"
        why_ja = "。これは sqrt(5/3) で、N - 1 で割っています。最尤推定では N で割ります"
    elif abs(sigma - 1.25) < 1e-9:
        why_en = " — that is the variance σ²; return its square root"
        why_ja = "。これは分散 σ² です。その平方根を返しましょう"
    expect(abs(sigma - math.sqrt(1.25)) < 1e-12,
           (f"sigma of [1, 2, 3, 4] should be sqrt(5/4) = {fmt(math.sqrt(1.25))}, got {fmt(sigma)}{why_en}",
            f"[1, 2, 3, 4] の sigma は sqrt(5/4) = {fmt(math.sqrt(1.25))} のはずですが、{fmt(sigma)} でした{why_ja}"))


def test_matches_numpy_mean_and_biased_std(kata):
    x = np.random.default_rng(1).normal(-2.0, 0.7, size=37)
    before = x.copy()
    got = _fit(kata, x, ("37 samples", "37 個のサンプル"))
    if not expect(np.array_equal(x, before),
                  ("mle_normal changed the caller's array x (an in-place `x -= mu`?); compute on a new "
                   "array, e.g. x - mu",
                   "mle_normal が呼び出し元の配列 x を書き換えました（`x -= mu` のようなその場での演算？）。"
                   "x - mu のように新しい配列で計算しましょう")) or got is None:
        return
    mu, sigma = got
    expect_close(mu, np.mean(x), atol=1e-12, what=("mu vs np.mean(x)", "mu と np.mean(x) の比較"))
    expect_close(sigma, np.std(x, ddof=0), atol=1e-12,
                 what=("sigma vs np.std(x, ddof=0) (biased: divide by N, not N - 1)",
                       "sigma と np.std(x, ddof=0) の比較（偏りのある推定: N - 1 ではなく N で割ります）"))


def test_maximises_the_likelihood(kata):
    # The MLE is the top of the log-likelihood: nudging mu or sigma by 1% must not do better.
    # With only 5 samples, an N - 1 sigma is 12% too large and loses to sigma / 1.01.
    x = np.array([0.3, -1.2, 2.5, 0.9, 1.4])
    got = _fit(kata, x.copy(), ("5 samples", "5 個のサンプル"))
    if got is None:
        return
    mu, sigma = got
    if not expect(sigma > 0, (f"sigma should be positive for 5 distinct samples, got {fmt(sigma)}",
                              f"異なる 5 個のサンプルなら sigma は正のはずですが、{fmt(sigma)} でした")):
        return
    best = _loglik(x, mu, sigma)
    for m, s, what in ((mu + 0.01, sigma, "mu + 0.01"), (mu - 0.01, sigma, "mu - 0.01"),
                       (mu, sigma * 1.01, "sigma * 1.01"), (mu, sigma / 1.01, "sigma / 1.01")):
        other = _loglik(x, m, s)
        expect(best >= other - 1e-12,
               (f"log-likelihood at your (mu, sigma) = {best:.6f} is beaten by {what}: {other:.6f}; "
                f"the MLE must be the maximum (the mean, and the std with 1/N)",
                f"あなたの (mu, sigma) での対数尤度 {best:.6f} が、{what} での {other:.6f} に負けています。"
                f"最尤推定値は最大値のはずです（平均と、1/N で割った標準偏差）"))


def test_single_sample_and_large_sample(kata):
    got = _fit(kata, np.array([7.0]), "[7.0]", (" (one sample: dividing by N - 1 = 0 gives NaN)",
                                                 "（サンプルが1つなので、N - 1 = 0 で割ると NaN になります）"))
    if got is not None:
        expect(abs(got[0] - 7.0) < 1e-12 and abs(got[1]) < 1e-12,
               (f"one sample 7.0 should give (7.0, 0.0), got ({fmt(got[0])}, {fmt(got[1])})",
                f"サンプルが 7.0 の1つだけなら (7.0, 0.0) のはずですが、({fmt(got[0])}, {fmt(got[1])}) でした"))
    # Fixed-seed statistic: 20 000 draws from N(3, 2²) recover the parameters within 0.05
    # (the standard errors are 0.014 and 0.01).
    x = np.random.default_rng(0).normal(3.0, 2.0, size=20_000)
    got = _fit(kata, x, ("20 000 samples of N(3, 2²)", "N(3, 2²) の 20 000 個のサンプル"))
    if got is None:
        return
    expect_close(got[0], 3.0, atol=0.05, what=("mu of 20 000 samples of N(3, 2²)",
                                               "N(3, 2²) の 20 000 個のサンプルの mu"))
    expect_close(got[1], 2.0, atol=0.05,
                 what=("sigma of 20 000 samples of N(3, 2²) (the std, not the variance 4)",
                       "N(3, 2²) の 20 000 個のサンプルの sigma（分散の 4 ではなく標準偏差）"))


def test_returns_plain_numbers(kata):
    # A pair of scalars: Python floats or numpy scalars both do.
    got = _fit(kata, [1.0, 3.0], "[1, 3]")
    if got is not None:
        expect_close(got, (2.0, 1.0), atol=1e-12, what=("(mu, sigma) of [1, 3]", "[1, 3] の (mu, sigma)"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.mle_normal, [],
                  what=("mle_normal([]) (no samples: no estimate)", "mle_normal([])（サンプルがないので推定できません）"))
    expect_raises(ValueError, kata.mle_normal, np.ones((3, 2)),
                  what=("mle_normal of a [3, 2] array (not 1-D)", "[3, 2] の配列での mle_normal（1次元ではありません）"))
    expect_raises(ValueError, kata.mle_normal, 5.0,
                  what=("mle_normal(5.0) (a bare number, not a 1-D array)",
                        "mle_normal(5.0)（ただの数で、1次元配列ではありません）"))
