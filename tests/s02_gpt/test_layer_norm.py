"""Specs for katas/s02_gpt/layer_norm.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt


def _oracle(ndim, weight=None, bias=None, eps=1e-5, use_bias=True):
    ref = nn.LayerNorm(ndim, eps=eps, bias=use_bias)
    with torch.no_grad():
        if weight is not None:
            ref.weight.copy_(weight)
        if bias is not None and use_bias:
            ref.bias.copy_(bias)
    return ref


def test_parameters(kata):
    ln = kata.LayerNorm(6)
    w, b = getattr(ln, "weight", None), getattr(ln, "bias", None)
    if expect(isinstance(w, nn.Parameter), f"LayerNorm.weight should be an nn.Parameter, got {type(w).__name__}"):
        expect_close(w, torch.ones(6), atol=0, what="LayerNorm.weight γ at init (ones [ndim])")
    if expect(isinstance(b, nn.Parameter), f"LayerNorm.bias should be an nn.Parameter, got {type(b).__name__}"):
        expect_close(b, torch.zeros(6), atol=0, what="LayerNorm.bias β at init (zeros [ndim])")
    expect(getattr(kata.LayerNorm(6, bias=False), "bias", "missing") is None,
           "LayerNorm(ndim, bias=False).bias should be None")
    out = ln(torch.randn(2, 6))
    expect_shape(out, (2, 6), "LayerNorm(6) on [2, 6]")


def test_hand_worked_biased_variance(kata, monkeypatch):
    # x = [1, 2, 3, 4]: μ = 2.5, biased σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0]])
    want = (x - 2.5) / math.sqrt(1.25 + 1e-5)  # ≈ [-1.3416, -0.4472, 0.4472, 1.3416]
    unbiased = (x - 2.5) / math.sqrt(5 / 3 + 1e-5)  # the classic mistake: divide by N-1
    # Write the normalisation yourself: the library versions are switched off here.
    def _off(*args, **kwargs):
        raise AssertionError("write LayerNorm with mean/var yourself; F.layer_norm is the oracle")
    monkeypatch.setattr(F, "layer_norm", _off)
    monkeypatch.setattr(torch, "layer_norm", _off)
    out = kata.LayerNorm(4)(x)
    if expect_shape(out, (1, 4), "LayerNorm(4) on [[1, 2, 3, 4]]"):
        if torch.allclose(out, unbiased, atol=1e-4):
            expect(False, "you used the unbiased variance (divides by N-1 = 3, gives σ² = 1.667); "
                          "LayerNorm divides by N = 4 (σ² = 1.25): use var(unbiased=False) / correction=0")
        else:
            expect_close(out, want, atol=1e-5,
                         what="LayerNorm([1, 2, 3, 4]) = (x - 2.5) / sqrt(1.25 + 1e-5)")


def test_matches_nn_layernorm_with_random_affine(kata):
    C = 16
    ln = kata.LayerNorm(C)
    gamma, beta = torch.randn(C), torch.randn(C)
    with torch.no_grad():
        ln.weight.copy_(gamma)
        ln.bias.copy_(beta)
    x = 3 * torch.randn(2, 5, C) + 1.5
    want = _oracle(C, gamma, beta)(x)
    out = ln(x)
    if expect_shape(out, (2, 5, C), "LayerNorm(16) on [2, 5, 16]"):
        expect_close(out, want, atol=1e-5,
                     what="LayerNorm vs nn.LayerNorm with the same random γ and β "
                          "(is γ multiplied and β added after normalising?)")


def test_normalises_over_last_dim_only(kata):
    # Rows with very different means and scales: each must come out at mean 0, variance 1 on its own.
    x = torch.tensor([[[0.0, 1.0, 2.0, 3.0, 4.0], [100.0, 90.0, 120.0, 80.0, 110.0]],
                      [[-5.0, -5.5, -4.0, -6.0, -4.5], [0.1, 0.2, 0.3, 0.4, 0.5]]])
    out = kata.LayerNorm(5)(x)
    if expect_shape(out, (2, 2, 5), "LayerNorm(5) on [2, 2, 5]"):
        out = out.detach()
        mean, var = out.mean(-1), out.var(-1, unbiased=False)
        expect(mean.abs().max() < 1e-5,
               f"each vector along the last dim should have mean 0, got means {mean.flatten().tolist()} "
               "(normalising over the wrong dim, or over everything?)")
        expect((var - 1).abs().max() < 1e-3,
               f"each vector along the last dim should have variance ≈ 1, got {var.flatten().tolist()}")
        expect_close(out, _oracle(5)(x), atol=1e-5, what="LayerNorm(5) vs nn.LayerNorm(5)")


def test_eps_inside_the_sqrt(kata):
    # Nearly constant rows: σ² = 2.5e-7 is far below eps = 1e-5, so where eps sits matters a lot.
    x = torch.tensor([[0.0, 1e-3, 0.0, 1e-3], [7.0, 7.0, 7.0, 7.0]])
    out = kata.LayerNorm(4)(x)
    want = _oracle(4)(x)  # (x - μ) / sqrt(σ² + eps): ±0.156 and exactly 0 for the constant row
    if expect_shape(out, (2, 4), "LayerNorm(4) on [2, 4]"):
        expect(bool(torch.isfinite(out).all()), "a constant row gave NaN/inf: eps belongs inside "
                                                "the sqrt, sqrt(σ² + eps)")
        expect_close(out, want, atol=1e-4,
                     what="LayerNorm on nearly-constant rows: (x - μ) / sqrt(σ² + eps), not "
                          "/ (sqrt(σ²) + eps)")
    big = kata.LayerNorm(4, eps=0.5)(x[:1])
    expect_close(big, _oracle(4, eps=0.5)(x[:1]), atol=1e-6,
                 what="LayerNorm(4, eps=0.5): use the eps argument, not a hard-coded 1e-5")


def test_without_bias(kata):
    C = 8
    ln = kata.LayerNorm(C, bias=False)
    gamma = torch.randn(C)
    with torch.no_grad():
        ln.weight.copy_(gamma)
    x = torch.randn(3, 4, C)
    out = ln(x)
    if expect_shape(out, (3, 4, C), "LayerNorm(8, bias=False) on [3, 4, 8]"):
        expect_close(out, _oracle(C, gamma, use_bias=False)(x), atol=1e-5,
                     what="LayerNorm(bias=False) vs nn.LayerNorm(bias=False)")
    expect(not any(n.endswith("bias") for n, _ in ln.named_parameters()),
           "with bias=False there should be no bias parameter to train")


def test_gradients(kata):
    C = 6
    ln = kata.LayerNorm(C)
    ref = _oracle(C)
    x = torch.randn(2, 3, C, requires_grad=True)
    xr = x.detach().clone().requires_grad_(True)
    r = torch.randn(2, 3, C)
    (ln(x) * r).sum().backward()
    (ref(xr) * r).sum().backward()
    expect_grad(ln.weight, "LayerNorm.weight")
    expect_grad(ln.bias, "LayerNorm.bias")
    if expect(x.grad is not None, "no gradient reached the input x"):
        expect_close(x.grad, xr.grad, atol=1e-5, what="d(loss)/dx vs nn.LayerNorm's")
