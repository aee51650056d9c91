"""Specs for katas/s05_vae/reparameterize.py."""
import math

import torch

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def test_matches_mu_plus_sigma_eps(kata):
    mu = torch.randn(4, 3)
    logvar = torch.randn(4, 3)
    eps = torch.randn(4, 3, generator=_gen(123))      # what torch.randn(mu.shape, generator=g) draws
    got = kata.reparameterize(mu, logvar, _gen(123))
    if not expect_shape(got, (4, 3), ("reparameterize(mu [4, 3], logvar [4, 3])",
                                      "reparameterize(mu [4, 3], logvar [4, 3]) の出力")):
        return
    got = got.detach()
    want = mu + torch.exp(0.5 * logvar) * eps
    if torch.allclose(got, mu):
        expect(False, ("z equals mu: there is no noise; add exp(½·logvar) · ε with ε ~ N(0, I)",
                       "z が mu と等しくなっています。ノイズがありません。ε ~ N(0, I) として exp(½·logvar) · ε を"
                       "足しましょう"))
    elif torch.allclose(got, mu + torch.exp(logvar) * eps, atol=1e-5):
        expect(False, ("you scaled ε by exp(logvar) = σ², the variance; the standard deviation is "
                       "σ = exp(½·logvar)",
                       "ε に exp(logvar) = σ²、つまり分散をかけています。標準偏差は σ = exp(½·logvar) です"))
    elif torch.allclose(got, mu + logvar * eps, atol=1e-5):
        expect(False, ("you scaled ε by logvar itself; logvar = log σ², so σ = exp(½·logvar)",
                       "ε に logvar そのものをかけています。logvar = log σ² なので σ = exp(½·logvar) です"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("z = mu + exp(½·logvar) · ε with ε = torch.randn(mu.shape, generator=generator) "
                           "(seed 123; draw ε once, from the given generator)",
                           "z = mu + exp(½·logvar) · ε、ε = torch.randn(mu.shape, generator=generator)"
                           "（シード 123。ε は与えられた generator から 1 回だけ引きます）"))


def test_the_generator_decides_the_noise(kata):
    mu, logvar = torch.zeros(2, 5), torch.zeros(2, 5)
    a = kata.reparameterize(mu, logvar, _gen(7))
    torch.manual_seed(999)                             # the global generator moves; the given one decides
    b = kata.reparameterize(mu, logvar, _gen(7))
    c = kata.reparameterize(mu, logvar, _gen(8))
    if not all(expect_shape(t, (2, 5), ("reparameterize(zeros [2, 5], zeros [2, 5], g)",
                                        "reparameterize(zeros [2, 5], zeros [2, 5], g) の出力")) for t in (a, b, c)):
        return
    expect(torch.equal(a, b), ("the same generator seed gave different z: draw ε with "
                               "torch.randn(mu.shape, generator=generator), not from the global generator",
                               "同じシードの generator なのに z が違いました。ε はグローバルな乱数生成器ではなく "
                               "torch.randn(mu.shape, generator=generator) で引きましょう"))
    expect(not torch.equal(a, c), ("generators with seeds 7 and 8 gave the same z: is the noise drawn from the "
                                   "generator at all?",
                                   "シード 7 と 8 の generator で同じ z になりました。ノイズを generator から"
                                   "引いていますか？"))
    d = kata.reparameterize(mu, logvar)
    e = kata.reparameterize(mu, logvar)
    if expect_shape(d, (2, 5), ("reparameterize(mu, logvar) without a generator",
                                "generator なしの reparameterize(mu, logvar)")):
        expect(not torch.equal(d, e), ("without a generator, two calls gave the same z: each call should draw "
                                       "new noise from the global generator",
                                       "generator なしで 2 回呼んだら同じ z になりました。呼ぶたびにグローバルな"
                                       "乱数生成器から新しいノイズを引くはずです"))


def test_sample_mean_and_std(kata):
    # 20000 fixed-seed draws per latent: the sample mean is within 4 standard errors (4σ/√N) of mu,
    # the sample standard deviation within 3 % of σ = exp(½·logvar) (its own error is about 0.5 %).
    n = 20000
    mu = torch.tensor([0.5, -2.0, 3.0])
    logvar = torch.tensor([0.0, math.log(4.0), -2.0])     # σ = 1, 2, e⁻¹ ≈ 0.368
    sigma = torch.exp(0.5 * logvar)
    z = kata.reparameterize(mu.expand(n, 3), logvar.expand(n, 3), _gen(0))
    if not expect_shape(z, (n, 3), (f"reparameterize of [{n}, 3]", f"[{n}, 3] の reparameterize")):
        return
    z = z.detach()
    for j in range(3):
        m, s = float(z[:, j].mean()), float(z[:, j].std())
        tol = 4 * float(sigma[j]) / math.sqrt(n)
        expect(abs(m - float(mu[j])) <= tol,
               (f"latent {j}: the sample mean of z is {fmt(m)}, expected mu = {fmt(mu[j])} ± {fmt(tol)}",
                f"潜在変数 {j}: z の標本平均が {fmt(m)} でした。mu = {fmt(mu[j])} ± {fmt(tol)} のはずです"))
        expect(abs(s - float(sigma[j])) <= 0.03 * float(sigma[j]),
               (f"latent {j} (logvar = {fmt(logvar[j])}): the sample std of z is {fmt(s)}, expected "
                f"σ = exp(½·logvar) = {fmt(sigma[j])} within 3 % (exp(logvar) would give {fmt(logvar[j].exp())}, "
                f"|logvar| would give {fmt(logvar[j].abs())})",
                f"潜在変数 {j}（logvar = {fmt(logvar[j])}）: z の標本標準偏差が {fmt(s)} でした。"
                f"σ = exp(½·logvar) = {fmt(sigma[j])} に 3 % 以内で近いはずです（exp(logvar) なら "
                f"{fmt(logvar[j].exp())}、|logvar| なら {fmt(logvar[j].abs())} になります）"))


def test_gradients_reach_mu_and_logvar(kata):
    mu = torch.randn(3, 4, requires_grad=True)
    logvar = torch.randn(3, 4, requires_grad=True)
    z = kata.reparameterize(mu, logvar, _gen(5))
    if not expect_shape(z, (3, 4), ("reparameterize(mu [3, 4], logvar [3, 4])",
                                    "reparameterize(mu [3, 4], logvar [3, 4]) の出力")):
        return
    if not expect(z.requires_grad, ("z is cut off from mu and logvar (no .detach(), no torch.normal(mu, std): "
                                    "write z = mu + std · ε so autograd can see it)",
                                    "z が mu と logvar から切り離されています（.detach() や torch.normal(mu, std) は"
                                    "使わず、z = mu + std · ε と書いて autograd に見えるようにしましょう）")):
        return
    z.sum().backward()
    eps = torch.randn(3, 4, generator=_gen(5))
    if expect_grad(mu, ("mu", "入力 mu")):
        expect_close(mu.grad, torch.ones(3, 4), atol=1e-6,
                     what=("dz/dmu = 1 (z = mu + σ·ε)", "dz/dmu は 1 です（z = mu + σ·ε）"))
    if expect_grad(logvar, ("logvar", "入力 logvar")):
        expect_close(logvar.grad, 0.5 * torch.exp(0.5 * logvar.detach()) * eps, atol=1e-5,
                     what=("dz/dlogvar = ½·exp(½·logvar)·ε (σ = exp(½·logvar), ε from the generator)",
                           "dz/dlogvar = ½·exp(½·logvar)·ε（σ = exp(½·logvar)、ε は generator から）"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.reparameterize, torch.zeros(2, 3), torch.zeros(2, 4),
                  what=("mu [2, 3] with logvar [2, 4]", "mu [2, 3] と logvar [2, 4]"))
    expect_raises(ValueError, kata.reparameterize, torch.zeros(2, 3), torch.zeros(3),
                  what=("mu [2, 3] with logvar [3] (no silent broadcasting)",
                        "mu [2, 3] と logvar [3]（黙ってブロードキャストしない）"))
