"""Specs for katas/s10_latent_diffusion/latent_scale.py."""
import torch

from harness.checks import expect, expect_raises, fmt


def _factor(kata, latents, what):
    f = kata.latent_scale_factor(latents)
    if not expect(isinstance(f, float), (f"{what[0]}: latent_scale_factor should return a Python float, got "
                                         f"{type(f).__name__} (use float(...))",
                                         f"{what[1]}: latent_scale_factor は Python の float を返すはずですが、"
                                         f"{type(f).__name__} でした（float(...) を使いましょう）")):
        return None
    return f


def test_one_over_std(kata):
    latents = 5.0 * torch.randn(8, 4, 8, 8)        # spread 5, like an untamed autoencoder
    std = float(latents.std())
    f = _factor(kata, latents, ("latents with std 5", "std 5 の潜在変数"))
    if f is None:
        return
    for wrong, en, ja in ((std, "that is the std itself; the factor is its inverse 1/std",
                           "それは std そのものです。係数はその逆数 1/std です"),
                          (1 / std ** 2, "that is 1/variance; take the square root: 1/std",
                           "それは 1/分散 です。平方根をとって 1/std にしましょう"),
                          (std ** 2, "that is the variance; the factor is 1/std", "それは分散です。係数は 1/std です")):
        if abs(f - wrong) < 1e-3 * abs(wrong):
            expect(False, (f"latent_scale_factor = {fmt(f)} for latents with std {fmt(std)}: {en} = {fmt(1 / std)}",
                           f"std {fmt(std)} の潜在変数に latent_scale_factor = {fmt(f)} でした。{ja}（{fmt(1 / std)}）"))
            return
    expect(abs(f - 1 / std) < 1e-3 / std,
           (f"latent_scale_factor = {fmt(f)}, expected 1/std = {fmt(1 / std)} (± 0.1 %)",
            f"latent_scale_factor = {fmt(f)} でした。1/std = {fmt(1 / std)}（± 0.1 %）のはずです"))


def test_scaled_latents_have_unit_std(kata):
    latents = 0.3 + 2.5 * torch.randn(4, 4, 16, 16)
    f = _factor(kata, latents, ("latents with mean 0.3, std 2.5", "平均 0.3、std 2.5 の潜在変数"))
    if f is None:
        return
    s = float((latents * f).std())
    expect(abs(s - 1.0) < 1e-3, (f"std(latents · f) = {fmt(s)}, expected 1 (± 0.001)",
                                 f"std(latents · f) = {fmt(s)} でした。1（± 0.001）のはずです"))


def test_spread_around_the_mean(kata):
    # Mean 3, std 1: the root mean square sqrt(mean(z²)) ≈ 3.16 is not the standard deviation.
    latents = 3.0 + torch.randn(4, 4, 16, 16)
    f = _factor(kata, latents, ("latents with mean 3, std 1", "平均 3、std 1 の潜在変数"))
    if f is None:
        return
    std, rms = float(latents.std()), float(latents.pow(2).mean().sqrt())
    if abs(f - 1 / rms) < 1e-3:
        expect(False, (f"latent_scale_factor = {fmt(f)} = 1/sqrt(mean(z²)): measure the spread around the mean "
                       f"(the standard deviation), expected {fmt(1 / std)}",
                       f"latent_scale_factor = {fmt(f)} = 1/sqrt(mean(z²)) です。平均のまわりの広がり（標準偏差）を"
                       f"測りましょう。{fmt(1 / std)} のはずです"))
    else:
        expect(abs(f - 1 / std) < 1e-3 / std,
               (f"latent_scale_factor = {fmt(f)}, expected 1/std = {fmt(1 / std)}",
                f"latent_scale_factor = {fmt(f)} でした。1/std = {fmt(1 / std)} のはずです"))


def test_one_number_for_all_channels(kata):
    # Channel c has std c + 1: the factor is ONE number for the whole tensor, not one per channel.
    latents = torch.randn(16, 4, 8, 8) * torch.arange(1.0, 5.0).view(1, 4, 1, 1)
    f = _factor(kata, latents, ("latents whose channels have stds 1, 2, 3, 4", "チャネルの std が 1, 2, 3, 4 の潜在変数"))
    if f is None:
        return
    want = 1 / float(latents.std())
    expect(abs(f - want) < 1e-3 * want,
           (f"latent_scale_factor = {fmt(f)}, expected 1/std over all values = {fmt(want)} (one scalar for the "
            f"whole tensor, not per channel or per image)",
            f"latent_scale_factor = {fmt(f)} でした。全部の値についての 1/std = {fmt(want)} のはずです（チャネルや"
            f"画像ごとではなく、テンソル全体で 1 つのスカラー）"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.latent_scale_factor, torch.full((2, 4, 8, 8), 0.7),
                  what=("latents that are all 0.7 (std 0)", "すべて 0.7 の潜在変数（std 0）"))
    expect_raises(ValueError, kata.latent_scale_factor, torch.ones(1),
                  what=("a single latent value", "1 個だけの潜在変数の値"))
    bad = torch.randn(2, 4, 2, 2)
    bad[0, 0, 0, 0] = float("nan")
    expect_raises(ValueError, kata.latent_scale_factor, bad,
                  what=("latents containing a NaN", "NaN を含む潜在変数"))
