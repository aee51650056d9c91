"""Specs for katas/s00_probability/kl_divergence.py."""
import math

import numpy as np
import pytest

from harness.checks import expect, expect_close

P = [0.5, 0.5]
Q = [0.9, 0.1]
# Worked by hand, natural log:
#   KL(P‖Q) = 0.5·ln(0.5/0.9) + 0.5·ln(0.5/0.1) = 0.5·ln(25/9) = ln(5/3)
#   KL(Q‖P) = 0.9·ln(0.9/0.5) + 0.1·ln(0.1/0.5) = 0.9·ln 1.8 - 0.1·ln 5
KL_PQ = math.log(5 / 3)
KL_QP = 0.9 * math.log(1.8) - 0.1 * math.log(5)


def _why(got, want, other=None):
    if other is not None and abs(got - other) < 1e-9:
        return " — that is the other direction: did you swap p and q?"
    if abs(got - want / math.log(2)) < 1e-9:
        return " — that is in bits: use the natural log (np.log), not log2"
    return ""


def test_hand_worked_value(kata):
    got = kata.kl_divergence(P, Q)
    expect(abs(got - KL_PQ) < 1e-12,
           f"KL([.5, .5] ‖ [.9, .1]) should be ln(5/3) = {KL_PQ:.6f}, got {got}{_why(got, KL_PQ, KL_QP)}")


def test_is_not_symmetric(kata):
    got = kata.kl_divergence(Q, P)
    expect(abs(got - KL_QP) < 1e-12,
           f"KL([.9, .1] ‖ [.5, .5]) should be {KL_QP:.6f}, got {got}{_why(got, KL_QP, KL_PQ)} "
           "(KL(p‖q) weights the log-ratio by p, the first argument)")


def test_zeros(kata):
    # p_i = 0 terms vanish: KL([0, .5, .5] ‖ [.5, .25, .25]) = 2·0.5·ln 2 = ln 2.
    got = kata.kl_divergence([0.0, 0.5, 0.5], [0.5, 0.25, 0.25])
    expect(abs(got - math.log(2)) < 1e-12,
           f"KL([0, .5, .5] ‖ [.5, .25, .25]) should be ln 2 = {math.log(2):.6f}, got {got} "
           "(0·log 0 counts as 0, not NaN)")
    got = kata.kl_divergence([1.0, 0.0], [1.0, 0.0])
    expect(got == 0.0, f"KL(p‖p) with a zero entry should be 0, got {got}")
    got = kata.kl_divergence([0.5, 0.5], [1.0, 0.0])
    expect(got == math.inf, f"q = 0 where p > 0 should give +inf, got {got}")


def test_gibbs_inequality_and_entropy_identity(kata):
    # Oracles: KL(p‖p) = 0; KL ≥ 0; and against the uniform u, KL(p‖u) = ln K - H(p).
    rng = np.random.default_rng(10)
    for _ in range(5):
        p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
        expect_close(kata.kl_divergence(p, p), 0.0, atol=1e-12, what="KL(p‖p)")
        d = kata.kl_divergence(p, q)
        expect(d >= 0, f"KL(p‖q) must be >= 0 (Gibbs' inequality), got {d}")
        entropy = -np.sum(p * np.log(p))
        expect_close(kata.kl_divergence(p, np.full(6, 1 / 6)), math.log(6) - entropy, atol=1e-12,
                     what="KL(p‖uniform) vs ln K - H(p)")


def test_returns_a_float(kata):
    got = kata.kl_divergence(np.array([0.25, 0.75]), np.array([0.5, 0.5]))
    if expect(np.ndim(got) == 0, f"kl_divergence should return one number, got shape {np.shape(got)}"):
        expect_close(got, 0.25 * math.log(0.5) + 0.75 * math.log(1.5), atol=1e-12,
                     what="KL([.25, .75] ‖ [.5, .5])")


def test_rejects_bad_input(kata):
    bad = {
        "a negative entry in p": ([1.5, -0.5], [0.5, 0.5]),
        "q summing to 0.9": ([0.5, 0.5], [0.5, 0.4]),
        "p summing to 2": ([1.0, 1.0], [0.5, 0.5]),
        "different lengths": ([0.5, 0.5], [0.2, 0.3, 0.5]),
    }
    for why, (p, q) in bad.items():
        with pytest.raises(ValueError):
            kata.kl_divergence(p, q)
            pytest.fail(f"{why} should raise ValueError", pytrace=False)
