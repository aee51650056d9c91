"""Kata: the Kullback-Leibler divergence between two discrete distributions.

KL(p ‖ q) measures how much information is lost when q is used to approximate p: the expected
extra surprise, under p, of believing q. It is ≥ 0, it is 0 only when p = q, and it is not
symmetric: KL(p ‖ q) ≠ KL(q ‖ p) in general. With natural logarithms (nats):

    KL(p ‖ q) = Σ_i p_i · log(p_i / q_i)

Conventions: a term with p_i = 0 contributes 0 (0 · log 0 = 0, whatever q_i is); if q_i = 0 where
p_i > 0, q calls impossible what p says happens, and the divergence is +inf.

Shapes: `p` and `q` are 1-D arrays of the same length K. Returns a float.
Bad input: different shapes, negative entries, or entries that do not sum to 1 (within 1e-8) raise
ValueError.

【日本語】
カタ: 2つの離散分布の間のカルバック・ライブラー（KL）ダイバージェンス。

KL(p ‖ q) は、p を q で近似したときに失われる情報量を測ります。q を信じたときに余分に生じる「驚き」
の、p のもとでの期待値です。値は 0 以上で、0 になるのは p = q のときだけです。また対称ではなく、
一般に KL(p ‖ q) ≠ KL(q ‖ p) です。自然対数を使います（単位はナット）。

    KL(p ‖ q) = Σ_i p_i · log(p_i / q_i)

約束事: p_i = 0 の項は q_i の値にかかわらず 0 とします（0 · log 0 = 0）。p_i > 0 なのに q_i = 0
なら、p が起こると言っていることを q は起こりえないとしているので、ダイバージェンスは +inf です。

形状: `p` と `q` は同じ長さ K の1次元配列です。float を返します。
不正な入力: 形状が異なる、負の要素がある、要素の和が 1 にならない（誤差 1e-8 以内なら 1
とみなします）場合は ValueError を送出します。
"""
import numpy as np


def kl_divergence(p, q) -> float:
    """KL(p ‖ q) in nats for discrete distributions p and q."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.ndim != 1 or p.shape != q.shape:
        raise ValueError(f"p and q must be 1-D with the same length, got {p.shape} and {q.shape}")
    for name, d in (("p", p), ("q", q)):
        if np.any(d < 0) or not np.isclose(d.sum(), 1.0, rtol=0.0, atol=1e-8):
            raise ValueError(f"{name} must be non-negative and sum to 1, got {d}")
    # Only outcomes p can produce count: 0 · log(0/q) = 0, and skipping them avoids 0 · (-inf) = NaN.
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")  # q rules out something p can do
    return float(np.sum(p[support] * np.log(p[support] / q[support])))
