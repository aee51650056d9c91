"""Specs for katas/s02_gpt/attention_scores.py."""
import math

import torch

from harness.checks import expect, expect_close, expect_shape, fmt


def test_hand_worked_example(kata):
    q = torch.tensor([[1.0, 2.0, 0.0, 1.0],
                      [0.0, 1.0, 1.0, 0.0]])
    k = torch.tensor([[2.0, 0.0, 1.0, 1.0],
                      [1.0, 1.0, 1.0, 1.0]])
    # q @ kᵀ = [[2+0+0+1, 1+2+0+1], [0+0+1+0, 0+1+1+0]] = [[3, 4], [1, 2]]; d = 4, sqrt(d) = 2.
    want = torch.tensor([[1.5, 2.0], [0.5, 1.0]])
    got = kata.attention_scores(q, k)
    if expect_shape(got, (2, 2), "attention_scores on q, k [2, 4]"):
        if torch.allclose(got, want.T):
            expect(False, "got (q @ kᵀ)ᵀ = k @ qᵀ: row t must hold query t against every key")
        elif torch.allclose(got, 2 * want):
            expect(False, "got q @ kᵀ unscaled ([[3, 4], [1, 2]]): divide by sqrt(d) = 2")
        elif torch.allclose(got, want / 2):
            expect(False, "got q @ kᵀ / d ([[0.75, 1], [0.25, 0.5]]): divide by sqrt(d), not d")
        else:
            expect_close(got, want, atol=1e-6, what="attention_scores = q @ kᵀ / sqrt(4)")


def test_batched_shapes(kata):
    # T (5) != d (8) and distinct batch sizes, so transposing the wrong dims shows up as a shape.
    q, k = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 5, 8)
    expect_shape(kata.attention_scores(q, k), (2, 3, 5, 5), "scores for q, k [B=2, nh=3, T=5, d=8]")
    q, k = torch.randn(4, 7, 16), torch.randn(4, 7, 16)
    expect_shape(kata.attention_scores(q, k), (4, 7, 7), "scores for q, k [B=4, T=7, d=16]")


def test_matches_einsum_on_random_input(kata):
    q, k = torch.randn(2, 3, 6, 16), torch.randn(2, 3, 6, 16)
    want = torch.einsum("bhtd,bhsd->bhts", q, k) / 4.0  # sqrt(16) = 4
    got = kata.attention_scores(q, k)
    if expect_shape(got, (2, 3, 6, 6), "scores for q, k [2, 3, 6, 16]"):
        expect_close(got, want, atol=1e-5,
                     what="scores[b, h, t, s] = q[b, h, t] · k[b, h, s] / sqrt(16)")


def test_scaling_keeps_variance_near_one(kata):
    # Karpathy's drill: unit-variance q, k with d_k = 64.
    d = 64
    q, k = torch.randn(8, 32, d), torch.randn(8, 32, d)
    raw = (q @ k.transpose(-2, -1)).var()  # ≈ d = 64 without scaling (62.8 with these seeds)
    expect(50 < float(raw) < 80, f"(sanity) unscaled variance should be ≈ {d}, got {fmt(float(raw))}")
    got = kata.attention_scores(q, k)
    if expect_shape(got, (8, 32, 32), "scores for q, k [8, 32, 64]"):
        var = float(got.var())
        hint = (" (≈ d: no scaling)" if var > 20 else
                " (≈ 1/d: divided by d instead of sqrt(d))" if var < 0.1 else "")
        expect(0.8 < var < 1.25,
               f"variance of scaled scores should be ≈ 1 (unscaled it is {fmt(float(raw))} ≈ d_k = 64), "
               f"got {fmt(var)}{hint}")


def test_d_read_from_the_input(kata):
    for d in (1, 9, 100):
        q, k = torch.randn(3, d), torch.randn(3, d)
        got = kata.attention_scores(q, k)
        if expect_shape(got, (3, 3), f"scores for q, k [3, {d}]"):
            expect_close(got, q @ k.T / math.sqrt(d), atol=1e-5,
                         what=f"scores with d = {d} (scale by sqrt of q's last dim, not a constant)")
