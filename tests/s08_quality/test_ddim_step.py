"""Specs for katas/s08_quality/ddim_step.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt

T = 1000
BETAS = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)     # the DDPM linear schedule
ALPHA_BARS = torch.cumprod(1 - BETAS, 0)


def ab(t):
    return float(ALPHA_BARS[t])


def _noisy(t, shape=(2, 3, 4, 4)):
    """x0 in [−1, 1], the true noise ε and x_t = q_sample(x0, t, ε), all float32."""
    x0 = torch.rand(shape) * 2 - 1
    eps = torch.randn(shape)
    x_t = ab(t) ** 0.5 * x0 + (1 - ab(t)) ** 0.5 * eps
    return x0, eps, x_t


def test_true_noise_lands_on_q_sample(kata):
    # With the true ε and η = 0, DDIM moves x_t exactly to q_sample(x0, prev, the same ε),
    # even across a big jump; ᾱ_prev = 1 (after the last timestep) gives x0 itself.
    for t, prev in ((999, 899), (500, 499), (300, 0), (20, None)):
        x0, eps, x_t = _noisy(t)
        a_prev = 1.0 if prev is None else ab(prev)
        got = kata.ddim_step(x_t, eps, ab(t), a_prev)
        want = a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps
        name = "ᾱ_prev = 1" if prev is None else f"prev = {prev}"
        what = (f"ddim_step from t = {t} to {name} with the true ε, η = 0: expected sqrt(ᾱ_prev)·x0 + "
                f"sqrt(1 − ᾱ_prev)·ε = q_sample(x0, prev, ε) (check the sqrt(ᾱ_prev) in front of x̂0 and the "
                f"sqrt(1 − ᾱ_prev) in front of ε)",
                f"t = {t} から {name} への真の ε、η = 0 での ddim_step: sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev)·ε = "
                f"q_sample(x0, prev, ε) のはずです（x̂0 の前の sqrt(ᾱ_prev) と ε の前の sqrt(1 − ᾱ_prev) を確かめましょう）")
        if expect_shape(got, x0.shape, what):
            expect_close(got, want, atol=1e-4, what=what)


def test_eta_zero_ignores_the_noise(kata):
    x0, eps, x_t = _noisy(600)
    out_a = kata.ddim_step(x_t, eps, ab(600), ab(400), eta=0.0, noise=torch.randn_like(x_t))
    out_b = kata.ddim_step(x_t, eps, ab(600), ab(400), eta=0.0, noise=10 * torch.randn_like(x_t))
    if expect_shape(out_a, x_t.shape, ("ddim_step output", "ddim_step の出力")):
        expect_close(out_b, out_a, atol=1e-6,
                     what=("η = 0 is deterministic: σ = η·(…) = 0, so two different noise tensors must give the "
                           "same x_prev",
                           "η = 0 は決定的です。σ = η·(…) = 0 なので、違うノイズを渡しても x_prev は同じはずです"))


def test_eta_one_is_the_ddpm_step(kata):
    # η = 1 and consecutive timesteps: σ² is the DDPM posterior variance β̃_t and the rest is the
    # DDPM posterior mean μ̃_t(x_t, x0), both computed here from β directly.
    for t in (1, 10, 500, 999):
        x0, eps, x_t = _noisy(t)
        zero, one = torch.zeros_like(x_t), torch.ones_like(x_t)
        out0 = kata.ddim_step(x_t, eps, ab(t), ab(t - 1), eta=1.0, noise=zero)
        out1 = kata.ddim_step(x_t, eps, ab(t), ab(t - 1), eta=1.0, noise=one)
        if not (expect_shape(out0, x_t.shape, ("ddim_step output", "ddim_step の出力"))
                and expect_shape(out1, x_t.shape, ("ddim_step output", "ddim_step の出力"))):
            return
        b, a, a_prev = float(BETAS[t]), ab(t), ab(t - 1)
        var_ddpm = b * (1 - a_prev) / (1 - a)
        sigma = (out1 - out0).double().mean()        # x_prev is σ·noise + (the rest)
        ok = expect_close(sigma ** 2, torch.tensor(var_ddpm, dtype=torch.float64), atol=0, rtol=2e-3,
                          what=(f"σ² at η = 1, t = {t} -> {t - 1} vs the DDPM posterior variance β̃_t = "
                                f"β_t(1 − ᾱ_{{t−1}})/(1 − ᾱ_t) = {fmt(var_ddpm)} (σ = η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))"
                                f"·sqrt(1 − ᾱ_t/ᾱ_prev); is η used?)",
                                f"η = 1、t = {t} -> {t - 1} での σ² と DDPM の事後分布の分散 β̃_t = "
                                f"β_t(1 − ᾱ_{{t−1}})/(1 − ᾱ_t) = {fmt(var_ddpm)} の比較（σ = η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))"
                                f"·sqrt(1 − ᾱ_t/ᾱ_prev)。η を使っていますか？）"))
        if not ok:
            return
        mean = (a_prev ** 0.5 * b / (1 - a)) * x0 + ((1 - b) ** 0.5 * (1 - a_prev) / (1 - a)) * x_t
        if not expect_close(out0, mean, atol=2e-4,
                            what=(f"x_prev without the fresh noise at η = 1, t = {t} vs the DDPM posterior mean "
                                  f"μ̃_t(x_t, x0): the direction term must be sqrt(1 − ᾱ_prev − σ²)·ε (subtract σ²)",
                                  f"η = 1、t = {t} での新しいノイズを除いた x_prev と DDPM の事後平均 μ̃_t(x_t, x0) の"
                                  f"比較: 方向の項は sqrt(1 − ᾱ_prev − σ²)·ε です（σ² を引きましょう）")):
            return


def test_eta_shares_the_noise_variance(kata):
    # noise share of x_prev: c·ε + σ·z with c² + σ² = 1 − ᾱ_prev, and σ grows linearly with η.
    t, prev = 700, 500
    x0, eps, x_t = _noisy(t)
    a, a_prev = ab(t), ab(prev)
    sigma_full = ((1 - a_prev) / (1 - a)) ** 0.5 * (1 - a / a_prev) ** 0.5
    for eta in (0.5, 1.0):
        zero = torch.zeros_like(x_t)
        out0 = kata.ddim_step(x_t, eps, a, a_prev, eta=eta, noise=zero)
        out1 = kata.ddim_step(x_t, eps, a, a_prev, eta=eta, noise=torch.ones_like(x_t))
        if not expect_shape(out0, x_t.shape, ("ddim_step output", "ddim_step の出力")):
            return
        sigma = float((out1 - out0).double().mean())
        expect_close(torch.tensor(sigma), torch.tensor(eta * sigma_full), atol=1e-4,
                     what=(f"σ at η = {eta} (t = {t} -> {prev}): η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev)",
                           f"η = {eta}（t = {t} -> {prev}）での σ: η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev)"))
        c = ((out0 - a_prev ** 0.5 * x0).double() / eps.double()).median()
        want_c = (1 - a_prev - (eta * sigma_full) ** 2) ** 0.5
        expect_close(c, torch.tensor(want_c, dtype=torch.float64), atol=1e-3,
                     what=(f"the factor in front of ε at η = {eta}: sqrt(1 − ᾱ_prev − σ²) = {fmt(want_c)}, so that "
                           f"(factor)² + σ² = 1 − ᾱ_prev",
                           f"η = {eta} での ε の前の係数: sqrt(1 − ᾱ_prev − σ²) = {fmt(want_c)}。こうすると "
                           f"(係数)² + σ² = 1 − ᾱ_prev になります"))


def test_clip_clamps_the_clean_image_only(kata):
    t, prev = 400, 200
    x0 = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.7, 2.5]).view(1, 1, 2, 3)
    eps = torch.randn(1, 1, 2, 3)
    a, a_prev = ab(t), ab(prev)
    x_t = a ** 0.5 * x0 + (1 - a) ** 0.5 * eps
    got = kata.ddim_step(x_t, eps, a, a_prev, clip=True)
    clean = x0.clamp(-1, 1)
    consistent = (x_t - a ** 0.5 * clean) / (1 - a) ** 0.5  # the noise that, with the clamped x̂0, makes x_t
    want = a_prev ** 0.5 * clean + (1 - a_prev) ** 0.5 * consistent
    if expect_shape(got, x0.shape, ("ddim_step(clip=True)", "ddim_step(clip=True) の出力")):
        stale = a_prev ** 0.5 * clean + (1 - a_prev) ** 0.5 * eps
        hint = ((" — this is the clamped x̂0 with the OLD ε: recompute ε = (x_t − sqrt(ᾱ_t)·x̂0)/sqrt(1 − ᾱ_t)",
                 " — clamp した x̂0 に「古い」ε を組み合わせた値です。ε = (x_t − sqrt(ᾱ_t)·x̂0)/sqrt(1 − ᾱ_t) で"
                 "計算し直しましょう") if torch.allclose(got, stale, atol=1e-4) else ("", ""))
        expect_close(got, want, atol=1e-4,
                     what=("clip=True: sqrt(ᾱ_prev)·clamp(x̂0, −1, 1) + sqrt(1 − ᾱ_prev)·ε', with ε' recomputed from the "
                           "clamped x̂0" + hint[0],
                           "clip=True: sqrt(ᾱ_prev)·clamp(x̂0, −1, 1) + sqrt(1 − ᾱ_prev)·ε'（ε' は clamp した x̂0 から"
                           "計算し直したノイズ）" + hint[1]))
    got = kata.ddim_step(x_t, eps, a, a_prev, clip=False)
    if expect_shape(got, x0.shape, ("ddim_step(clip=False)", "ddim_step(clip=False) の出力")):
        expect_close(got, a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps, atol=1e-4,
                     what=("clip=False (the default) must not clamp x̂0", "clip=False（既定値）では x̂0 を clamp しないはずです"))


def test_one_alpha_bar_per_sample(kata):
    ts, prevs = [900, 450, 30], [700, 449, 0]
    a = torch.tensor([ab(t) for t in ts]).view(3, 1, 1, 1)
    a_prev = torch.tensor([ab(p) for p in prevs]).view(3, 1, 1, 1)
    x0, eps = torch.rand(3, 2, 4, 4) * 2 - 1, torch.randn(3, 2, 4, 4)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
    got = kata.ddim_step(x_t, eps, a, a_prev)
    what = ("ddim_step with alpha_bar_t and alpha_bar_prev [3, 1, 1, 1] (one timestep pair per sample), true ε, η = 0",
            "alpha_bar_t と alpha_bar_prev が [3, 1, 1, 1]（サンプルごとのタイムステップの組）、真の ε、η = 0 の ddim_step")
    if expect_shape(got, x0.shape, what):
        expect_close(got, a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps, atol=1e-4, what=what)


def test_rejects_bad_input(kata):
    x = torch.randn(1, 1, 2, 2)
    expect_raises(ValueError, kata.ddim_step, x, x, 0.9, 0.5,
                  what=("ddim_step with ᾱ_prev = 0.5 < ᾱ_t = 0.9 (a step towards MORE noise)",
                        "ᾱ_prev = 0.5 < ᾱ_t = 0.9 の ddim_step（ノイズが「増える」向きのステップ）"))
    expect_raises(ValueError, kata.ddim_step, x, x, 0.5, 0.9, eta=-0.5,
                  what=("ddim_step with η = −0.5", "η = −0.5 の ddim_step"))
    expect_raises(ValueError, kata.ddim_step, x, x, 0.0, 0.9,
                  what=("ddim_step with ᾱ_t = 0 (x̂0 would divide by zero)", "ᾱ_t = 0 の ddim_step（x̂0 で 0 で割ります）"))
