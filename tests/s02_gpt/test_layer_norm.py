"""Specs for katas/s02_gpt/layer_norm.py.

Every value check goes through `_check`: it compares with the oracle and, when the output is off,
names the first classic mistake it matches (unbiased variance, eps outside the sqrt, …). So a
learner with one mistake reads the same diagnosis in every spec, never a guess that contradicts it.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_grad, expect_shape


def _oracle(ndim, weight=None, bias=None, eps=1e-5, use_bias=True):
    ref = nn.LayerNorm(ndim, eps=eps, bias=use_bias)
    with torch.no_grad():
        if weight is not None:
            ref.weight.copy_(weight)
        if bias is not None and use_bias:
            ref.bias.copy_(bias)
    return ref


def _mistakes(x, gamma, beta, eps):
    """The classic wrong LayerNorms on x, each ((en, ja), value), computed in float64.
    beta is None when the LayerNorm has no bias."""
    x = x.detach().double()
    g = torch.ones(x.shape[-1], dtype=torch.float64) if gamma is None else gamma.detach().double()
    b = torch.zeros(x.shape[-1], dtype=torch.float64) if beta is None else beta.detach().double()
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    n = x.shape[-1]
    var_unbiased = var * n / (n - 1)
    xhat = (x - mu) / torch.sqrt(var + eps)
    every = (x - x.mean()) / torch.sqrt(((x - x.mean()) ** 2).mean() + eps)
    mu0 = x.mean(0, keepdim=True)
    dim0 = (x - mu0) / torch.sqrt(((x - mu0) ** 2).mean(0, keepdim=True) + eps)
    affine = [] if beta is None else [
        (("γ (weight) and β (bias) were not applied: multiply by self.weight and add self.bias "
          "after normalising",
          "γ（weight）と β（bias）が適用されていません。正規化の後に self.weight を掛け、self.bias を"
          "足しましょう"),
         xhat),
        (("γ and β are swapped: multiply by self.weight (γ), then add self.bias (β)",
          "γ と β が入れ替わっています。self.weight（γ）を掛けてから self.bias（β）を足しましょう"),
         xhat * b + g),
        (("β (bias) was not added", "β（bias）が足されていません"), xhat * g),
    ]
    return affine + [
        (("you used the unbiased variance (dividing by N-1); LayerNorm divides by N: use "
          "((x - mu) ** 2).mean(-1) or x.var(-1, unbiased=False)",
          "不偏分散（N-1 で割る分散）を使っています。LayerNorm は N で割ります。"
          "((x - mu) ** 2).mean(-1) か x.var(-1, unbiased=False) を使いましょう"),
         (x - mu) / torch.sqrt(var_unbiased + eps) * g + b),
        (("eps sits outside the square root: divide by sqrt(σ² + eps), not by sqrt(σ²) + eps",
          "eps が平方根の外にあります。sqrt(σ²) + eps ではなく sqrt(σ² + eps) で割りましょう"),
         (x - mu) / (torch.sqrt(var) + eps) * g + b),
        (("eps is missing: divide by sqrt(σ² + eps), not by sqrt(σ²)",
          "eps が抜けています。sqrt(σ²) ではなく sqrt(σ² + eps) で割りましょう"),
         (x - mu) / torch.sqrt(var) * g + b),
        (("you divided by the variance σ² + eps; divide by its square root, the standard deviation",
          "分散 σ² + eps で割っています。その平方根（標準偏差）で割りましょう"),
         (x - mu) / (var + eps) * g + b),
        (("the hard-coded eps 1e-5 was used; use the eps argument (self.eps)",
          "決め打ちの eps 1e-5 が使われています。引数の eps（self.eps）を使いましょう"),
         (x - mu) / torch.sqrt(var + 1e-5) * g + b),
        (("γ (weight) was not multiplied", "γ（weight）が掛けられていません"), xhat + b),
        (("the mean was not subtracted: y = (x - μ) / sqrt(σ² + eps)",
          "平均が引かれていません。y = (x - μ) / sqrt(σ² + eps) です"),
         x / torch.sqrt(var + eps) * g + b),
        (("the statistics were taken over every element at once; take them per vector, over the "
          "last dim only (mean(-1, keepdim=True))",
          "統計量を全要素まとめて計算しています。ベクトルごとに、最後の次元だけで計算しましょう"
          "（mean(-1, keepdim=True)）"),
         every * g + b),
        (("the statistics were taken over the first dim (the batch); take them over the last dim",
          "統計量を最初の次元（バッチ）で計算しています。最後の次元で計算しましょう"),
         dim0 * g + b),
    ]


def _run(ln, x, what):
    """ln(x), or None with a message when it raises (a missing keepdim fails to broadcast)."""
    try:
        return ln(x)
    except NotImplementedError:
        raise  # the runner says 'not implemented yet'
    except RuntimeError as e:
        expect(False, (f"{what[0]} raised RuntimeError: {e} (keep the statistics' last dim, "
                       f"mean(-1, keepdim=True), so they broadcast back over x)",
                       f"{what[1]} で RuntimeError: {e} が送出されました（統計量の最後の次元を "
                       f"mean(-1, keepdim=True) で残すと、x にそのままブロードキャストできます）"))
        return None


def _check(out, want, x, what, gamma=None, beta=0.0, eps=1e-5, atol=1e-5) -> bool:
    """out matches want; if not, one message naming the cause (NaN first, then a known mistake).
    gamma, beta: the module's γ and β (None for gamma: ones; beta=None: no bias; a float: filled)."""
    if isinstance(beta, float):
        beta = torch.full((x.shape[-1],), beta)
    if out is None or not expect_shape(out, tuple(x.shape), what):
        return False
    out = out.detach().double()
    if not bool(torch.isfinite(out).all()):
        const = (x.max(-1).values == x.min(-1).values)
        if bool((~torch.isfinite(out).all(-1) & const).any()):
            return expect(False, (f"{what[0]}: a constant vector gave NaN/inf (0/0): eps belongs inside "
                                  f"the square root, sqrt(σ² + eps), so a constant vector gives 0",
                                  f"{what[1]}: 定数ベクトルで NaN/inf（0/0）になりました。eps は平方根の中、"
                                  f"sqrt(σ² + eps) に入れます。そうすれば定数ベクトルは 0 になります"))
        return expect_finite(out, what)
    want = want.detach().double()
    if torch.allclose(out, want, atol=atol, rtol=0):
        return True
    # The known mistake nearest to the output, if the output is much nearer to it than to the oracle.
    best = None
    for (en, ja), wrong in _mistakes(x, gamma, beta, eps):
        if not bool(torch.isfinite(wrong).all()):
            continue
        off, apart = float((out - wrong).abs().max()), float((wrong - want).abs().max())
        if apart > atol and off <= max(atol, 0.2 * apart) and (best is None or off < best[0]):
            best = (off, en, ja)
    if best is not None:
        return expect(False, (f"{what[0]}: {best[1]}", f"{what[1]}。原因: {best[2]}"))
    return expect_close(out, want, atol=atol, what=what)


class _LibraryCall(Exception):
    pass


def test_parameters(kata):
    ln = kata.LayerNorm(6)
    w, b = getattr(ln, "weight", None), getattr(ln, "bias", None)
    if expect(isinstance(w, nn.Parameter), (f"LayerNorm.weight should be an nn.Parameter, got {type(w).__name__}",
                                            f"LayerNorm.weight は nn.Parameter のはずですが、{type(w).__name__} でした")):
        expect_close(w, torch.ones(6), atol=0, what=("LayerNorm.weight γ at init (ones [ndim])",
                                                     "初期状態の LayerNorm.weight γ（1 で埋めた [ndim]）"))
    if expect(isinstance(b, nn.Parameter), (f"LayerNorm.bias should be an nn.Parameter, got {type(b).__name__}",
                                            f"LayerNorm.bias は nn.Parameter のはずですが、{type(b).__name__} でした")):
        expect_close(b, torch.zeros(6), atol=0, what=("LayerNorm.bias β at init (zeros [ndim])",
                                                      "初期状態の LayerNorm.bias β（0 で埋めた [ndim]）"))
    no_bias = kata.LayerNorm(6, bias=False)
    expect(getattr(no_bias, "bias", "missing") is None,
           ("LayerNorm(ndim, bias=False).bias should be None", "LayerNorm(ndim, bias=False).bias は None のはずです"))
    expect(not any(n.endswith("bias") for n, _ in no_bias.named_parameters()),
           ("with bias=False there should be no bias parameter to train",
            "bias=False のときは学習する bias パラメータがないはずです"))


def test_hand_worked_biased_variance(kata, monkeypatch):
    # x = [1, 2, 3, 4]: μ = 2.5, biased σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    # (the unbiased one, dividing by N-1 = 3, would be 1.667).
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0]])
    want = (x - 2.5) / math.sqrt(1.25 + 1e-5)  # ≈ [-1.3416, -0.4472, 0.4472, 1.3416]

    def _off(*args, **kwargs):  # write the normalisation yourself: the library versions are off here
        raise _LibraryCall
    monkeypatch.setattr(F, "layer_norm", _off)
    monkeypatch.setattr(torch, "layer_norm", _off)
    what = ("LayerNorm(4) on [[1, 2, 3, 4]] (should be (x - 2.5) / sqrt(1.25 + 1e-5))",
            "[[1, 2, 3, 4]] での LayerNorm(4)（(x - 2.5) / sqrt(1.25 + 1e-5) のはずです）")
    try:
        out = _run(kata.LayerNorm(4), x, what)
    except _LibraryCall:
        expect(False, ("write LayerNorm with mean and variance yourself; F.layer_norm and nn.LayerNorm "
                       "are the specs' oracle",
                       "LayerNorm は平均と分散を使って自分で書きましょう。F.layer_norm と nn.LayerNorm は"
                       "スペックの答え合わせ用です"))
        return
    _check(out, want, x, what)


def test_matches_nn_layernorm_with_random_affine(kata):
    C = 16
    ln = kata.LayerNorm(C)
    gamma, beta = torch.randn(C), torch.randn(C)
    with torch.no_grad():
        ln.weight.copy_(gamma)
        ln.bias.copy_(beta)
    x = 3 * torch.randn(2, 5, C) + 1.5
    what = ("LayerNorm(16) on [2, 5, 16] vs nn.LayerNorm with the same random γ and β",
            "[2, 5, 16] での LayerNorm(16) と、同じランダムな γ・β を持つ nn.LayerNorm の比較")
    _check(_run(ln, x, what), _oracle(C, gamma, beta)(x), x, what, gamma, beta)


def test_normalises_each_vector_over_the_last_dim(kata):
    # Vectors with very different means and scales: each must come out at mean 0, variance 1 on its own.
    x = torch.tensor([[[0.0, 1.0, 2.0, 3.0, 4.0], [100.0, 90.0, 120.0, 80.0, 110.0]],
                      [[-5.0, -5.5, -4.0, -6.0, -4.5], [0.1, 0.2, 0.3, 0.4, 0.5]]])
    what = ("LayerNorm(5) on [2, 2, 5] vs nn.LayerNorm(5) (each vector normalised on its own)",
            "[2, 2, 5] での LayerNorm(5) と nn.LayerNorm(5) の比較（各ベクトルを個別に正規化します）")
    _check(_run(kata.LayerNorm(5), x, what), _oracle(5)(x), x, what)


def test_eps_inside_the_sqrt(kata):
    # Nearly constant vector: σ² = 2.5e-7 is far below eps = 1e-5, so where eps sits matters a lot;
    # a constant vector must give exactly 0.
    x = torch.tensor([[0.0, 1e-3, 0.0, 1e-3], [7.0, 7.0, 7.0, 7.0]])
    what = ("LayerNorm(4) on a nearly-constant and a constant vector: (x - μ) / sqrt(σ² + eps) gives "
            "±0.156 and 0",
            "ほぼ定数のベクトルと定数ベクトルでの LayerNorm(4): (x - μ) / sqrt(σ² + eps) なら ±0.156 と 0 です")
    if not _check(_run(kata.LayerNorm(4), x, what), _oracle(4)(x), x, what, atol=1e-4):
        return
    what = ("LayerNorm(4, eps=0.5) on the nearly-constant vector", "ほぼ定数のベクトルでの LayerNorm(4, eps=0.5)")
    _check(_run(kata.LayerNorm(4, eps=0.5), x[:1], what), _oracle(4, eps=0.5)(x[:1]), x[:1], what, eps=0.5)


def test_without_bias(kata):
    C = 8
    ln = kata.LayerNorm(C, bias=False)
    gamma = torch.randn(C)
    with torch.no_grad():
        ln.weight.copy_(gamma)
    x = torch.randn(3, 4, C)
    what = ("LayerNorm(8, bias=False) on [3, 4, 8] vs nn.LayerNorm(bias=False)",
            "[3, 4, 8] での LayerNorm(8, bias=False) と nn.LayerNorm(bias=False) の比較")
    _check(_run(ln, x, what), _oracle(C, gamma, use_bias=False)(x), x, what, gamma, beta=None)


def test_gradients(kata):
    C = 6
    ln = kata.LayerNorm(C)
    ref = _oracle(C)
    x = torch.randn(2, 3, C, requires_grad=True)
    xr = x.detach().clone().requires_grad_(True)
    r = torch.randn(2, 3, C)
    what = ("LayerNorm(6) on [2, 3, 6]", "[2, 3, 6] での LayerNorm(6)")
    out = _run(ln, x, what)
    if not _check(out, ref(xr), x, what):
        return  # the forward value is off: its message names the cause; the gradients would follow it
    (out * r).sum().backward()
    (ref(xr) * r).sum().backward()
    expect_grad(ln.weight, ("LayerNorm.weight", "LayerNorm.weight（γ、スケール）"))
    expect_grad(ln.bias, ("LayerNorm.bias", "LayerNorm.bias（β、シフト）"))
    if expect(x.grad is not None, ("no gradient reached the input x (is it detached?)",
                                   "入力 x に勾配が届いていません（detach していませんか？）")):
        expect_close(x.grad, xr.grad, atol=1e-5, what=("d(loss)/dx vs nn.LayerNorm's",
                                                       "d(loss)/dx と nn.LayerNorm の勾配の比較"))
