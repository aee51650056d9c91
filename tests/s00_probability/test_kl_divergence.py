"""Specs for katas/s00_probability/kl_divergence.py."""
import math

import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, fmt

P = [0.5, 0.5]
Q = [0.9, 0.1]
# Worked by hand, natural log:
#   KL(P‖Q) = 0.5·ln(0.5/0.9) + 0.5·ln(0.5/0.1) = 0.5·ln(25/9) = ln(5/3)
#   KL(Q‖P) = 0.9·ln(0.9/0.5) + 0.1·ln(0.1/0.5) = 0.9·ln 1.8 - 0.1·ln 5
KL_PQ = math.log(5 / 3)
KL_QP = 0.9 * math.log(1.8) - 0.1 * math.log(5)


def _check(got, want, other, label):
    """got == want within 1e-12; on failure, name the likely slip (swapped arguments, bits, sign)."""
    if not (expect(np.ndim(got) == 0, (f"{label[0]} should be one number, got shape {np.shape(got)}",
                                       f"{label[1]} は1つの数のはずですが、形状が {np.shape(got)} でした"))
            and expect_finite(got, label)):
        return
    got = float(got)
    why_en = why_ja = ""
    if abs(got - other) < 1e-9:
        why_en = " — that is the other direction: did you swap p and q?"
        why_ja = "。これは逆向きの値です。p と q を入れ替えていませんか？"
    elif abs(got - want / math.log(2)) < 1e-9:
        why_en = " — that is in bits: use the natural log (np.log), not log2"
        why_ja = "。これはビット単位の値です。log2 ではなく自然対数（np.log）を使いましょう"
    elif abs(got + want) < 1e-9:
        why_en = " — the sign is flipped: it is p·log(p/q), not p·log(q/p)"
        why_ja = "。符号が逆です。p·log(q/p) ではなく p·log(p/q) です"
    sep = "" if label[1].endswith("）") else " "
    expect(abs(got - want) < 1e-12, (f"{label[0]} should be {want:.6f}, got {fmt(got)}{why_en}",
                                     f"{label[1]}{sep}は {want:.6f} のはずですが、{fmt(got)} でした{why_ja}"))


def test_hand_worked_value(kata):
    _check(kata.kl_divergence(P, Q), KL_PQ, KL_QP,
           ("KL([.5, .5] ‖ [.9, .1]) = ln(5/3)", "KL([.5, .5] ‖ [.9, .1]) = ln(5/3)"))


def test_is_not_symmetric(kata):
    # KL(p‖q) weights the log-ratio by p, the first argument.
    _check(kata.kl_divergence(Q, P), KL_QP, KL_PQ,
           ("KL([.9, .1] ‖ [.5, .5]) (weighted by the first argument)",
            "KL([.9, .1] ‖ [.5, .5])（重みは第1引数から来ます）"))


def test_zeros(kata):
    # p_i = 0 terms vanish: KL([0, .5, .5] ‖ [.5, .25, .25]) = 2·0.5·ln 2 = ln 2.
    got = kata.kl_divergence([0.0, 0.5, 0.5], [0.5, 0.25, 0.25])
    expect_close(got, math.log(2), atol=1e-12,
                 what=("KL([0, .5, .5] ‖ [.5, .25, .25]) = ln 2 (0·log 0 counts as 0: skip the entries with p = 0)",
                       "KL([0, .5, .5] ‖ [.5, .25, .25]) = ln 2（0·log 0 は 0 とします。p = 0 の要素は飛ばしましょう）"))
    got = kata.kl_divergence([1.0, 0.0], [1.0, 0.0])
    expect_close(got, 0.0, atol=1e-12,
                 what=("KL(p‖p) for p = [1, 0] (the 0/0 entry has p = 0, so it counts 0)",
                       "p = [1, 0] での KL(p‖p)（0/0 になる要素は p = 0 なので 0 と数えます）"))
    got = kata.kl_divergence([0.5, 0.5], [1.0, 0.0])
    shown = fmt(got) if isinstance(got, (float, int, np.number)) else type(got).__name__
    expect(np.ndim(got) == 0 and got == math.inf,
           (f"KL([.5, .5] ‖ [1, 0]): q = 0 where p > 0 should give +inf, got {shown}",
            f"KL([.5, .5] ‖ [1, 0]): p > 0 の位置で q = 0 なら +inf のはずですが、{shown} でした"))


def test_gibbs_inequality_and_entropy_identity(kata):
    # Oracles: KL(p‖p) = 0; KL ≥ 0; and against the uniform u, KL(p‖u) = ln K - H(p).
    rng = np.random.default_rng(10)
    for _ in range(5):
        p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
        if not expect_close(kata.kl_divergence(p, p), 0.0, atol=1e-12,
                            what=("KL(p‖p) for a random p", "ランダムな p での KL(p‖p)")):
            return
        d = kata.kl_divergence(p, q)
        if not expect_finite(d, ("KL(p‖q) for two random p, q > 0", "ランダムな p, q > 0 での KL(p‖q)")):
            return
        if not expect(d >= 0, (f"KL(p‖q) must be >= 0 (Gibbs' inequality), got {fmt(d)}",
                               f"KL(p‖q) は 0 以上のはずです（ギブスの不等式）が、{fmt(d)} でした")):
            return
        entropy = -np.sum(p * np.log(p))
        if not expect_close(kata.kl_divergence(p, np.full(6, 1 / 6)), math.log(6) - entropy, atol=1e-12,
                            what=("KL(p‖uniform) vs ln K - H(p)", "KL(p‖一様分布) と ln K - H(p) の比較")):
            return


def test_returns_a_float(kata):
    # One number: a Python float or a numpy scalar both do.
    got = kata.kl_divergence(np.array([0.25, 0.75]), np.array([0.5, 0.5]))
    if expect(np.ndim(got) == 0, (f"kl_divergence should return one number, got shape {np.shape(got)} "
                                  f"(sum over the entries)",
                                  f"kl_divergence は1つの数を返すはずですが、形状が {np.shape(got)} でした"
                                  f"（要素について和をとりましょう）")):
        expect_close(got, 0.25 * math.log(0.5) + 0.75 * math.log(1.5), atol=1e-12,
                     what=("KL([.25, .75] ‖ [.5, .5])", "KL([.25, .75] ‖ [.5, .5]) の値"))


def test_rejects_bad_input(kata):
    bad = [
        ("a negative entry in p", "p に負の要素", [1.5, -0.5], [0.5, 0.5]),
        ("q summing to 0.9", "和が 0.9 の q", [0.5, 0.5], [0.5, 0.4]),
        ("p summing to 2", "和が 2 の p", [1.0, 1.0], [0.5, 0.5]),
        ("different lengths", "長さが異なる p と q", [0.5, 0.5], [0.2, 0.3, 0.5]),
        ("2-D p and q", "2次元の p と q", [[0.5, 0.5]], [[0.5, 0.5]]),
    ]
    for en, ja, p, q in bad:
        expect_raises(ValueError, kata.kl_divergence, p, q, what=(en, ja))
