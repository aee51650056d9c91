"""Specs for katas/s02_gpt/attention_scores.py.

Value checks go through `_check`: when the scores are off it names the classic mistake they match
(no scaling, ÷d, the transpose of the result, √T instead of √d), the same in every spec.
"""
import math

import torch

from harness.checks import expect, expect_close, expect_shape, fmt


def _scores(kata, q, k, what):
    """attention_scores(q, k), or None with a message when the matmul fails (a wrong transpose)."""
    try:
        return kata.attention_scores(q, k)
    except NotImplementedError:
        raise  # the runner says 'not implemented yet'
    except RuntimeError as e:
        expect(False, (f"{what[0]} raised RuntimeError: {e} (transpose only the last two dims of k: "
                       f"k.transpose(-2, -1); k.T or transpose(0, 1) moves the batch dims too)",
                       f"{what[1]} で RuntimeError: {e} が送出されました（k の最後の 2 つの次元だけを "
                       f"k.transpose(-2, -1) で転置しましょう。k.T や transpose(0, 1) はバッチの次元まで動かします）"))
        return None


def _mistakes(q, k):
    q, k = q.double(), k.double()
    d, T = q.shape[-1], q.shape[-2]
    raw = q @ k.transpose(-2, -1)
    return [
        ((f"the scores are q @ kᵀ unscaled: divide by sqrt(d) = sqrt({d})",
          f"スコアが q @ kᵀ のままでスケールされていません。sqrt(d) = sqrt({d}) で割りましょう"), raw),
        ((f"the scores are q @ kᵀ / d: divide by sqrt(d) = sqrt({d}), not by d",
          f"スコアが q @ kᵀ / d になっています。d ではなく sqrt(d) = sqrt({d}) で割りましょう"), raw / d),
        (("the scores are multiplied by sqrt(d); divide by it",
          "スコアに sqrt(d) が掛けられています。sqrt(d) で割りましょう"), raw * math.sqrt(d)),
        ((f"the scores are divided by sqrt(T) = sqrt({T}), the sequence length; d is q's LAST dim, "
          f"q.shape[-1] = {d}",
          f"スコアが系列長の sqrt(T) = sqrt({T}) で割られています。d は q の最後の次元 "
          f"q.shape[-1] = {d} です"), raw / math.sqrt(T)),
        (("got (q @ kᵀ)ᵀ = k @ qᵀ: row t must hold query t against every key",
          "(q @ kᵀ)ᵀ = k @ qᵀ になっています。t 行目はクエリ t とすべてのキーとの比較のはずです"),
         (raw / math.sqrt(d)).transpose(-2, -1)),
    ]


def _check(got, q, k, what, atol=1e-5) -> bool:
    """got == q @ kᵀ / sqrt(d) (oracle: einsum); if not, one message naming the cause."""
    want = torch.einsum("...td,...sd->...ts", q.double(), k.double()) / math.sqrt(q.shape[-1])
    if got is None or not expect_shape(got, tuple(want.shape), what):
        return False
    out = got.detach().double()
    if bool(torch.isfinite(out).all()) and not torch.allclose(out, want, atol=atol, rtol=0):
        for (en, ja), wrong in _mistakes(q, k):
            if not torch.allclose(wrong, want, atol=atol, rtol=0) and torch.allclose(out, wrong, atol=atol, rtol=0):
                return expect(False, (f"{what[0]}: {en}", f"{what[1]}。原因: {ja}"))
    return expect_close(out, want, atol=atol, what=what)


def test_hand_worked_example(kata):
    q = torch.tensor([[1.0, 2.0, 0.0, 1.0],
                      [0.0, 1.0, 1.0, 0.0]])
    k = torch.tensor([[2.0, 0.0, 1.0, 1.0],
                      [1.0, 1.0, 1.0, 1.0]])
    # q @ kᵀ = [[2+0+0+1, 1+2+0+1], [0+0+1+0, 0+1+1+0]] = [[3, 4], [1, 2]]; d = 4, sqrt(d) = 2,
    # so the scores are [[1.5, 2.0], [0.5, 1.0]].
    what = ("attention_scores on q, k [2, 4] (should be [[1.5, 2.0], [0.5, 1.0]])",
            "q, k [2, 4] での attention_scores（[[1.5, 2.0], [0.5, 1.0]] のはずです）")
    _check(_scores(kata, q, k, what), q, k, what, atol=1e-6)


def test_batched_shapes(kata):
    # T (5) != d (8) and distinct batch sizes, so transposing the wrong dims shows up as a shape.
    for shape in ((2, 3, 5, 8), (4, 7, 16)):
        q, k = torch.randn(*shape), torch.randn(*shape)
        *lead, T, d = shape
        what = (f"scores for q, k {list(shape)} -> [..., T, T]", f"q, k {list(shape)} でのスコア -> [..., T, T]")
        got = _scores(kata, q, k, what)
        if got is not None:
            expect_shape(got, (*lead, T, T), what)


def test_matches_einsum_on_random_input(kata):
    q, k = torch.randn(2, 3, 6, 16), torch.randn(2, 3, 6, 16)
    what = ("scores[b, h, t, s] = q[b, h, t] · k[b, h, s] / sqrt(16) on q, k [2, 3, 6, 16] (oracle: einsum)",
            "q, k [2, 3, 6, 16] でのスコア scores[b, h, t, s] = q[b, h, t] · k[b, h, s] / sqrt(16)（答え: einsum）")
    _check(_scores(kata, q, k, what), q, k, what)


def test_scaling_keeps_variance_near_one(kata):
    # Karpathy's drill: unit-variance q, k with d_k = 64.
    d = 64
    q, k = torch.randn(8, 32, d), torch.randn(8, 32, d)
    raw = float((q @ k.transpose(-2, -1)).var())  # ≈ d = 64 without scaling (62.8 with these seeds)
    what = ("scores for q, k [8, 32, 64]", "q, k [8, 32, 64] でのスコア")
    got = _scores(kata, q, k, what)
    if got is None or not expect_shape(got, (8, 32, 32), what):
        return
    if not expect(bool(torch.isfinite(got).all()), ("the scores contain NaN or inf", "スコアに NaN か inf が含まれています")):
        return
    var = float(got.var())
    hint_en, hint_ja = (("; ≈ d: no scaling", "。≈ d なのでスケーリングがありません") if var > 20 else
                        ("; ≈ 1/d: divided by d instead of sqrt(d)", "。≈ 1/d なので sqrt(d) ではなく d で割っています")
                        if var < 0.1 else ("", ""))
    expect(0.8 < var < 1.25,
           (f"the variance of the scaled scores should be ≈ 1 (unscaled it is {fmt(raw)} ≈ d_k = 64), "
            f"got {fmt(var)}{hint_en}",
            f"スケール後のスコアの分散は ≈ 1 のはずです（スケール前は {fmt(raw)} ≈ d_k = 64）が、"
            f"{fmt(var)} でした{hint_ja}"))


def test_d_read_from_the_input(kata):
    for d in (1, 9, 100):
        q, k = torch.randn(3, d), torch.randn(3, d)
        what = (f"scores for q, k [3, {d}] (scale by the sqrt of q's last dim, not a constant)",
                f"q, k [3, {d}] でのスコア（定数ではなく q の最後の次元の平方根でスケールします）")
        if not _check(_scores(kata, q, k, what), q, k, what):
            return
