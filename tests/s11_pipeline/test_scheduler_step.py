"""Specs for katas/s11_pipeline/scheduler_step.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape

T = 10
BETAS = torch.linspace(0.05, 0.5, T, dtype=torch.float64)
ALPHA_BARS = torch.cumprod(1 - BETAS, 0)          # float64 for the closed forms
AB = ALPHA_BARS.float()                            # what the kata gets


def on_trajectory(x0, eps, a):
    """The forward process: sqrt(ᾱ)·x0 + sqrt(1 − ᾱ)·eps."""
    return a ** 0.5 * x0 + (1 - a) ** 0.5 * eps


def test_stays_on_the_forward_trajectory(kata):
    # With the TRUE noise and η = 0, DDIM moves x_t = sqrt(ᾱ_t)x0 + sqrt(1−ᾱ_t)eps exactly to
    # sqrt(ᾱ_prev)x0 + sqrt(1−ᾱ_prev)eps: the same x0 and eps at the earlier timestep.
    x0, eps = torch.randn(2, 4, 3, 3, dtype=torch.float64), torch.randn(2, 4, 3, 3, dtype=torch.float64)
    for t, t_prev in ((7, 4), (9, 0), (3, 2)):
        x_t = on_trajectory(x0, eps, ALPHA_BARS[t]).float()
        got = kata.scheduler_step(x_t, eps.float(), t, t_prev, AB)
        what = (f"scheduler_step from t={t} to t_prev={t_prev}", f"t={t} から t_prev={t_prev} への scheduler_step")
        if not expect_shape(got, (2, 4, 3, 3), what):
            return
        if t_prev != t - 1 and torch.allclose(got.double(), on_trajectory(x0, eps, ALPHA_BARS[t - 1]), atol=1e-4):
            expect(False, (f"{what[0]}: you used ᾱ_(t−1) = alpha_bars[{t - 1}]; DDIM jumps to the NEXT timestep of "
                           f"the schedule, ᾱ_prev = alpha_bars[t_prev] = alpha_bars[{t_prev}]",
                           f"{what[1]}: ᾱ_(t−1) = alpha_bars[{t - 1}] を使っています。DDIM はスケジュールの「次の」"
                           f"タイムステップへ飛ぶので、ᾱ_prev = alpha_bars[t_prev] = alpha_bars[{t_prev}] です"))
            continue
        expect_close(got, on_trajectory(x0, eps, ALPHA_BARS[t_prev]), atol=1e-4,
                     what=(f"{what[0]} with the true noise and η = 0 vs sqrt(ᾱ_prev)·x0 + sqrt(1−ᾱ_prev)·eps",
                           f"{what[1]}（真のノイズ、η = 0）と sqrt(ᾱ_prev)·x0 + sqrt(1−ᾱ_prev)·eps の比較"))


def test_the_last_step_returns_the_clean_latent(kata):
    x0, eps = torch.randn(2, 4, 3, 3, dtype=torch.float64), torch.randn(2, 4, 3, 3, dtype=torch.float64)
    x_t = on_trajectory(x0, eps, ALPHA_BARS[3]).float()
    for t_prev in (-1, None):
        what = (f"the last step, t=3 -> t_prev={t_prev}", f"最後のステップ t=3 -> t_prev={t_prev}")
        try:
            got = kata.scheduler_step(x_t, eps.float(), 3, t_prev, AB)
        except NotImplementedError:
            raise
        except Exception as e:  # noqa: BLE001 — ddim_step refuses a ᾱ_prev below ᾱ_t
            expect(False, (f"{what[0]} raised {type(e).__name__}: {e}. After the last step ᾱ_prev = 1; alpha_bars[-1] "
                           f"would be the LAST entry ᾱ_(T−1), noisier than ᾱ_t (t_prev = None also means −1)",
                           f"{what[1]} が {type(e).__name__}: {e} を送出しました。最後のステップの後は ᾱ_prev = 1 です。"
                           f"alpha_bars[-1] は「最後の」要素 ᾱ_(T−1) で、ᾱ_t よりノイズが強くなります（t_prev = None も −1 の"
                           f"意味です）"))
            continue
        if not expect_shape(got, (2, 4, 3, 3), what):
            continue
        got = got.double()
        if torch.allclose(got, on_trajectory(x0, eps, ALPHA_BARS[-1]), atol=1e-4):
            expect(False, (f"{what[0]}: ᾱ_prev came from alpha_bars[-1], which is the LAST entry ᾱ_(T−1) (the "
                           f"noisiest); after the last step ᾱ_prev = 1",
                           f"{what[1]}: ᾱ_prev を alpha_bars[-1] から取っています。これは「最後の」要素 ᾱ_(T−1)（いちばん"
                           f"ノイズが強い）です。最後のステップの後は ᾱ_prev = 1 です"))
            continue
        if torch.allclose(got, on_trajectory(x0, eps, ALPHA_BARS[0]), atol=1e-4):
            expect(False, (f"{what[0]}: ᾱ_prev = alpha_bars[0] leaves the noise of timestep 0 in; after the last "
                           f"step ᾱ_prev = 1 (no noise left)",
                           f"{what[1]}: ᾱ_prev = alpha_bars[0] ではタイムステップ 0 のノイズが残ります。最後のステップの"
                           f"後は ᾱ_prev = 1（ノイズなし）です"))
            continue
        expect_close(got, x0, atol=1e-4,
                     what=(f"{what[0]} vs the clean x0 (ᾱ_prev = 1: the step returns x̂0)",
                           f"{what[1]} ときれいな x0 の比較（ᾱ_prev = 1 なのでステップは x̂0 を返します）"))


def test_eta_one_between_neighbours_is_the_ddpm_posterior(kata):
    # η = 1 and t_prev = t − 1: σ² is the DDPM posterior variance β̃_t = β_t·(1−ᾱ_(t−1))/(1−ᾱ_t).
    t = 5
    x_t, eps, noise = (torch.randn(2, 4, 3, 3, dtype=torch.float64) for _ in range(3))
    a_t, a_prev, beta = ALPHA_BARS[t], ALPHA_BARS[t - 1], BETAS[t]
    var = beta * (1 - a_prev) / (1 - a_t)
    x0 = (x_t - (1 - a_t) ** 0.5 * eps) / a_t ** 0.5
    want = a_prev ** 0.5 * x0 + (1 - a_prev - var) ** 0.5 * eps + var ** 0.5 * noise
    got = kata.scheduler_step(x_t.float(), eps.float(), t, t - 1, AB, eta=1.0, noise=noise.float())
    if expect_shape(got, (2, 4, 3, 3), ("scheduler_step with η = 1", "η = 1 での scheduler_step")):
        expect_close(got, want, atol=1e-4,
                     what=("η = 1, t=5 -> 4, noise given: sqrt(ᾱ_prev)x̂0 + sqrt(1−ᾱ_prev−σ²)eps + σ·noise with σ² = β̃_5 "
                           "(η must reach ddim_step)",
                           "η = 1、t=5 -> 4、ノイズ指定: σ² = β̃_5 の sqrt(ᾱ_prev)x̂0 + sqrt(1−ᾱ_prev−σ²)eps + σ·noise"
                           "（η を ddim_step に渡しましょう）"))


def test_the_noise_comes_from_the_generator(kata):
    x_t, eps = torch.randn(2, 4, 3, 3), torch.randn(2, 4, 3, 3)
    got = kata.scheduler_step(x_t, eps, 8, 4, AB, eta=0.5, generator=torch.Generator().manual_seed(3))
    noise = torch.randn(2, 4, 3, 3, generator=torch.Generator().manual_seed(3))
    want = kata.scheduler_step(x_t, eps, 8, 4, AB, eta=0.5, noise=noise)
    if expect_shape(got, (2, 4, 3, 3), ("scheduler_step with η = 0.5 and a generator",
                                        "η = 0.5 とジェネレータでの scheduler_step")):
        expect_close(got, want, atol=1e-6,
                     what=("η = 0.5 with generator seeded 3 vs the same step with noise = torch.randn(shape, generator "
                           "seeded 3): draw the noise from the caller's generator",
                           "シード 3 のジェネレータでの η = 0.5 と、noise = torch.randn(shape, シード 3 のジェネレータ) での"
                           "同じステップの比較: ノイズは呼び出し側のジェネレータから引きましょう"))
    g = torch.Generator().manual_seed(4)
    before = g.get_state()
    kata.scheduler_step(x_t, eps, 8, 4, AB, eta=0.0, generator=g)
    expect(torch.equal(g.get_state(), before),
           ("with η = 0 the step is deterministic and must draw nothing from the generator",
            "η = 0 のステップは決定的なので、ジェネレータから何も引いてはいけません"))


def test_bad_input(kata):
    x_t, eps = torch.randn(1, 4, 2, 2), torch.randn(1, 4, 2, 2)
    expect_raises(ValueError, kata.scheduler_step, x_t, eps, T, 3, AB,
                  what=(f"t = {T} with T = {T} timesteps (0..{T - 1})", f"タイムステップが T = {T} 個（0..{T - 1}）で t = {T}"))
    expect_raises(ValueError, kata.scheduler_step, x_t, eps, 4, 4, AB,
                  what=("t_prev = t = 4 (a step must go to an earlier timestep)",
                        "t_prev = t = 4（1 歩はより前のタイムステップへ進みます）"))
    expect_raises(ValueError, kata.scheduler_step, x_t, eps, 4, -2, AB,
                  what=("t_prev = -2 (only -1 means the end)", "t_prev = -2（終わりを表すのは -1 だけです）"))
