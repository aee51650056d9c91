"""Specs for katas/s10_latent_diffusion/diagonal_gaussian.py."""
import math

import torch
from torch.distributions import Normal, kl_divergence

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt


def _params(B=2, C=3, H=2, W=4):
    mean = torch.randn(B, C, H, W)
    logvar = torch.empty(B, C, H, W).uniform_(-3.0, 2.0)   # inside the clamp range
    return mean, logvar, torch.cat([mean, logvar], dim=1)


def test_mean_logvar_std_var(kata):
    mean, logvar, params = _params()
    d = kata.DiagonalGaussian(params)
    for name in ("mean", "logvar", "std", "var"):
        if not expect_shape(getattr(d, name, None), (2, 3, 2, 4),
                            (f"DiagonalGaussian(params [2, 6, 2, 4]).{name} -> [B, C, H, W]",
                             f"DiagonalGaussian(params [2, 6, 2, 4]).{name} の形状 [B, C, H, W]")):
            return
    if torch.allclose(d.mean, logvar) and torch.allclose(d.logvar, mean):
        expect(False, ("mean and logvar are swapped: the FIRST C channels are the means, the last C the "
                       "log-variances",
                       "mean と logvar が入れ替わっています。「前の」C チャネルが平均、後ろの C チャネルが対数分散です"))
        return
    expect_close(d.mean, mean, atol=0, what=("mean = params[:, :C]", "平均 mean = params[:, :C]"))
    expect_close(d.logvar, logvar, atol=0,
                 what=("logvar = params[:, C:] (values inside [-30, 20] are left as they are)",
                       "logvar = params[:, C:]（[-30, 20] の中の値はそのままです）"))
    if torch.allclose(d.std, logvar.exp()):
        expect(False, ("std = exp(logvar) is the variance; the standard deviation is its square root, "
                       "exp(½·logvar)",
                       "std = exp(logvar) は分散です。標準偏差はその平方根 exp(½·logvar) です"))
    else:
        expect_close(d.std, torch.exp(0.5 * logvar), atol=1e-6, rtol=1e-6,
                     what=("std = exp(½·logvar)", "標準偏差 std = exp(½·logvar)"))
    expect_close(d.var, logvar.exp(), atol=1e-6, rtol=1e-6, what=("var = exp(logvar)", "分散 var = exp(logvar)"))


def test_logvar_is_clamped(kata):
    mean = torch.zeros(1, 3, 1, 1)
    logvar = torch.tensor([100.0, -100.0, 5.0]).view(1, 3, 1, 1)
    d = kata.DiagonalGaussian(torch.cat([mean, logvar], dim=1))
    expect_close(d.logvar, torch.tensor([20.0, -30.0, 5.0]).view(1, 3, 1, 1), atol=0,
                 what=("logvar from [100, -100, 5] after clamp(-30, 20)",
                       "[100, -100, 5] の logvar を clamp(-30, 20) した結果"))
    if expect_finite(d.var, ("var for logvar = 100 (clamp first, then exp)",
                             "logvar = 100 のときの var（先にクランプしてから exp します）")):
        expect(bool((d.var > 0).all()),
               ("var must stay > 0 for logvar = -100: clamp to -30 before exp, or log(var) is -inf in the KL",
                "logvar = -100 でも var は 0 より大きくなければなりません。exp の前に -30 にクランプしないと、"
                "KL の log(var) が -inf になります"))
    expect_close(d.std, torch.exp(0.5 * torch.tensor([20.0, -30.0, 5.0])).view(1, 3, 1, 1), rtol=1e-5,
                 what=("std from the clamped logvar", "クランプ後の logvar から求めた std"))


def test_sample_reparameterised_with_the_generator(kata):
    mean, logvar, params = _params()
    params.requires_grad_(True)
    d = kata.DiagonalGaussian(params)
    s1 = d.sample(generator=torch.Generator().manual_seed(7))
    torch.manual_seed(123)   # the global RNG must not matter when a generator is given
    s2 = d.sample(generator=torch.Generator().manual_seed(7))
    if not expect_shape(s1, (2, 3, 2, 4), ("sample() -> [B, C, H, W]", "sample() の形状 [B, C, H, W]")):
        return
    if not expect_close(s1, s2, atol=0,
                        what=("two samples from generators with the same seed (draw ε with "
                              "torch.randn(..., generator=generator), not from the global RNG)",
                              "同じシードの generator での 2 回のサンプル（ε はグローバルな乱数ではなく "
                              "torch.randn(..., generator=generator) で引きます）")):
        return
    eps = torch.randn(2, 3, 2, 4, generator=torch.Generator().manual_seed(7))
    expect_close(s1, mean + torch.exp(0.5 * logvar) * eps, atol=1e-5,
                 what=("sample(generator) = mean + exp(½·logvar)·ε with ε = torch.randn(shape, generator=generator)",
                       "sample(generator) = mean + exp(½·logvar)·ε（ε は torch.randn(shape, generator=generator) で引きます）"))
    if expect(s1.requires_grad, ("the sample is cut off from params: build it as mean + std·ε so gradients flow",
                                 "サンプルが params から切り離されています。勾配が流れるよう mean + std·ε で作りましょう")):
        s1.sum().backward()
        expect_close(params.grad[:, :3], torch.ones_like(mean), atol=1e-6,
                     what=("d(sum of the sample)/d(mean) = 1", "d(サンプルの和)/d(mean) = 1"))


def test_sample_statistics(kata):
    # mean 2, std 0.5 everywhere: 8192 draws should have mean ≈ 2 and std ≈ 0.5.
    params = torch.cat([torch.full((2, 1, 64, 64), 2.0), torch.full((2, 1, 64, 64), math.log(0.25))], dim=1)
    s = kata.DiagonalGaussian(params).sample(generator=torch.Generator().manual_seed(0))
    if not expect_shape(s, (2, 1, 64, 64), ("sample() -> [B, C, H, W]", "sample() の形状 [B, C, H, W]")):
        return
    m, sd = float(s.mean()), float(s.std())
    expect(abs(m - 2.0) < 0.03, (f"8192 samples of N(2, 0.5²) have mean {fmt(m)}, expected ≈ 2 (± 0.03)",
                                 f"N(2, 0.5²) の 8192 個のサンプルの平均が {fmt(m)} でした。≈ 2（± 0.03）のはずです"))
    expect(abs(sd - 0.5) < 0.02, (f"8192 samples of N(2, 0.5²) have std {fmt(sd)}, expected ≈ 0.5 (± 0.02): "
                                  f"scale ε by exp(½·logvar)",
                                  f"N(2, 0.5²) の 8192 個のサンプルの標準偏差が {fmt(sd)} でした。≈ 0.5（± 0.02）の"
                                  f"はずです。ε には exp(½·logvar) を掛けます"))


def test_mode_is_the_mean(kata):
    mean, _, params = _params()
    d = kata.DiagonalGaussian(params)
    a, b = d.mode(), d.mode()
    if expect_shape(a, (2, 3, 2, 4), ("mode() -> [B, C, H, W]", "mode() の形状 [B, C, H, W]")):
        expect_close(a, mean, atol=0,
                     what=("mode() = mean: the most likely latent, with no noise added",
                           "mode() = mean: ノイズを加えない、最も確からしい潜在変数"))
        expect_close(a, b, atol=0, what=("mode() called twice (it must not draw noise)",
                                         "mode() を 2 回呼んだ結果（ノイズを引いてはいけません）"))


def test_kl_matches_torch_distributions(kata):
    mean, logvar, params = _params()
    got = kata.DiagonalGaussian(params).kl()
    want = kl_divergence(Normal(mean, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(dim=(1, 2, 3))
    if not expect_shape(got, (2,), ("kl() -> [B] (one KL per example)", "kl() の形状 [B]（1 例ごとに 1 つの KL）")):
        return
    n = 3 * 2 * 4
    for wrong, en, ja in ((2 * want, "twice the KL: the ½ in front is missing",
                           "KL の 2 倍です。前の ½ が抜けています"),
                          (-want, "the KL with the wrong sign: ½ Σ (mean² + var − 1 − logvar) is ≥ 0",
                           "KL の符号が逆です。½ Σ (mean² + var − 1 − logvar) は 0 以上です"),
                          (want / n, "the mean over C, H, W instead of the sum",
                           "C, H, W について和ではなく平均をとっています")):
        if torch.allclose(got, wrong, rtol=1e-4):
            expect(False, (f"kl() = {[round(float(v), 4) for v in got]}: {en}",
                           f"kl() = {[round(float(v), 4) for v in got]} でした。{ja}"))
            return
    expect_close(got, want, atol=1e-4, rtol=1e-5,
                 what=("kl() vs torch.distributions.kl_divergence(Normal(mean, std), Normal(0, 1)) summed over C, H, W",
                       "kl() と torch.distributions.kl_divergence(Normal(mean, std), Normal(0, 1)) を C, H, W で"
                       "足したものの比較"))
    zero = kata.DiagonalGaussian(torch.zeros(1, 4, 2, 2)).kl()
    expect_close(zero, torch.zeros(1), atol=1e-7,
                 what=("kl() of N(0, I) itself (mean 0, logvar 0)", "N(0, I) そのもの（mean 0、logvar 0）の kl()"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.DiagonalGaussian, torch.zeros(2, 5, 4, 4),
                  what=("params with 5 channels (odd: cannot split into means and log-variances)",
                        "5 チャネルの params（奇数なので平均と対数分散に分けられない）"))
    expect_raises(ValueError, kata.DiagonalGaussian, torch.zeros(2, 8),
                  what=("2-D params [2, 8] (needs [B, 2C, H, W])", "2 次元の params [2, 8]（[B, 2C, H, W] が必要）"))
