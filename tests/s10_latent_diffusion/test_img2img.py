"""Specs for katas/s10_latent_diffusion/img2img.py."""
import torch

from harness.checks import expect, expect_close, expect_raises

T = 100
STEPS = torch.tensor([99, 88, 77, 66, 55, 44, 33, 22, 11, 0])   # a DDIM-style schedule, descending, n = 10


def _alpha_bars(last=None):
    ab = torch.cumprod(1 - torch.linspace(1e-4, 0.1, T), dim=0)
    if last is not None:
        ab[-1] = last
    return ab


def _out(kata, z0, strength, ab, steps=STEPS, seed=0, what=("img2img_start", "img2img_start")):
    out = kata.img2img_start(z0, strength, ab, steps, generator=torch.Generator().manual_seed(seed))
    if not expect(isinstance(out, tuple) and len(out) == 2,
                  (f"{what[0]}: img2img_start should return (z_t, remaining_timesteps)",
                   f"{what[1]}: img2img_start は (z_t, remaining_timesteps) を返すはずです")):
        return None
    return out


def test_remaining_timesteps(kata):
    z0 = torch.randn(2, 4, 2, 2)
    for strength, k in ((0.5, 5), (0.35, 3), (0.8, 8), (0.05, 0), (1.0, 10)):
        out = _out(kata, z0, strength, _alpha_bars())
        if out is None:
            return
        got = out[1]
        want = STEPS[10 - k:]
        got_list = got.tolist() if isinstance(got, torch.Tensor) else got
        if got_list == want.tolist():
            expect(got.dtype == torch.long, (f"strength {strength}: the remaining timesteps should be a LongTensor, "
                                             f"got {got.dtype}",
                                             f"strength {strength}: 残りの時刻は LongTensor のはずですが、{got.dtype} でした"))
            continue
        if got_list == STEPS[:k].tolist():
            hint = ("these are the FIRST (noisiest) k steps; keep the LAST k, which end at the schedule's last step",
                    "これは「最初の」（最もノイズの多い）k 個です。スケジュールの最後のステップで終わる「最後の」k 個を残しましょう")
        elif got_list == want.flip(0).tolist():
            hint = ("these are in ascending order; the sampler runs them descending, noisiest first",
                    "昇順になっています。サンプラーは降順、つまりノイズの多いものから順に走らせます")
        elif isinstance(got_list, list) and abs(len(got_list) - k) == 1:
            hint = (f"{len(got_list)} steps instead of k = ⌊{strength}·10⌋ = {k} (int(strength * n), floor, not round "
                    f"or ceil)",
                    f"k = ⌊{strength}·10⌋ = {k} 個ではなく {len(got_list)} 個です（int(strength * n)。四捨五入や切り上げでは"
                    f"なく切り捨て）")
        else:
            hint = ("remaining = timesteps[n − k:] with k = int(strength · n)", "remaining = timesteps[n − k:]（k = int(strength · n)）")
        expect(False, (f"strength {strength} with 10 steps {STEPS.tolist()}: expected remaining {want.tolist()}, got "
                       f"{got_list}: {hint[0]}",
                       f"10 ステップ {STEPS.tolist()} で strength {strength}: 残りは {want.tolist()} のはずですが、"
                       f"{got_list} でした。{hint[1]}"))


def test_noised_to_the_first_remaining_step(kata):
    ab = _alpha_bars()
    z0 = torch.randn(3, 4, 2, 2)
    out = _out(kata, z0, 0.4, ab, seed=11)   # k = 4: remaining [33, 22, 11, 0]
    if out is None:
        return
    z_t = out[0]
    eps = torch.randn(z0.shape, generator=torch.Generator().manual_seed(11))

    def noised(t):
        return ab[t].sqrt() * z0 + (1 - ab[t]).sqrt() * eps

    if torch.allclose(z_t, noised(44), atol=1e-5):
        expect(False, ("z0 was noised to step 44, the last SKIPPED step; noise it to the first remaining step, 33 "
                       "(remaining[0])",
                       "z0 が、飛ばした最後のステップ 44 までノイズを加えられています。残りの最初のステップ 33（remaining[0]）"
                       "まで加えましょう"))
    elif torch.allclose(z_t, noised(0), atol=1e-5):
        expect(False, ("z0 was noised to step 0, the last remaining step; the denoising starts at remaining[0] = 33",
                       "z0 が残りの最後のステップ 0 までノイズを加えられています。ノイズ除去は remaining[0] = 33 から始まります"))
    else:
        expect_close(z_t, noised(33), atol=1e-5,
                     what=("strength 0.4, 10 steps: z_t = sqrt(ᾱ_33)·z0 + sqrt(1−ᾱ_33)·ε with "
                           "ε = torch.randn(z0.shape, generator=generator)",
                           "strength 0.4、10 ステップ: z_t = sqrt(ᾱ_33)·z0 + sqrt(1−ᾱ_33)·ε"
                           "（ε = torch.randn(z0.shape, generator=generator)）"))


def test_strength_zero_keeps_the_image(kata):
    z0 = torch.randn(2, 4, 2, 2)
    g = torch.Generator().manual_seed(5)
    out = kata.img2img_start(z0, 0.0, _alpha_bars(), STEPS, generator=g)
    if not expect(isinstance(out, tuple) and len(out) == 2,
                  ("img2img_start should return (z_t, remaining_timesteps)",
                   "img2img_start は (z_t, remaining_timesteps) を返すはずです")):
        return
    z_t, remaining = out
    expect_close(z_t, z0, atol=0, what=("strength 0: z_t is z0 itself (no noise)", "strength 0: z_t は z0 そのもの（ノイズなし）"))
    expect(isinstance(remaining, torch.Tensor) and remaining.numel() == 0,
           (f"strength 0: no steps remain, got {getattr(remaining, 'tolist', lambda: remaining)()}",
            f"strength 0: 残るステップはないはずですが、{getattr(remaining, 'tolist', lambda: remaining)()} でした"))
    fresh = torch.randn(3, generator=torch.Generator().manual_seed(5))
    expect(torch.equal(torch.randn(3, generator=g), fresh),
           ("strength 0 drew noise from the generator; with nothing to denoise, draw nothing",
            "strength 0 なのに generator からノイズを引いています。除くノイズがないので、何も引かないようにしましょう"))


def test_strength_one_starts_from_pure_noise(kata):
    ab = _alpha_bars(last=0.0)          # ᾱ at step 99 is 0: q_sample there is pure noise
    z0 = torch.randn(2, 4, 2, 2)
    out = _out(kata, z0, 1.0, ab, seed=2)
    if out is None:
        return
    z_t, remaining = out
    expect(remaining.tolist() == STEPS.tolist(),
           (f"strength 1: every step remains {STEPS.tolist()}, got {remaining.tolist()}",
            f"strength 1: すべてのステップ {STEPS.tolist()} が残るはずですが、{remaining.tolist()} でした"))
    expect_close(z_t, torch.randn(z0.shape, generator=torch.Generator().manual_seed(2)), atol=1e-6,
                 what=("strength 1 with ᾱ_99 = 0: z_t is pure noise ε (noised to the first step, 99)",
                       "ᾱ_99 = 0 で strength 1: z_t は純粋なノイズ ε（最初のステップ 99 まで加える）"))


def test_bad_input(kata):
    z0, ab = torch.randn(1, 4, 2, 2), _alpha_bars()
    expect_raises(ValueError, kata.img2img_start, z0, 1.5, ab, STEPS,
                  what=("strength 1.5 (must lie in [0, 1])", "strength 1.5（[0, 1] の中のはず）"))
    expect_raises(ValueError, kata.img2img_start, z0, -0.1, ab, STEPS,
                  what=("strength -0.1 (must lie in [0, 1])", "strength -0.1（[0, 1] の中のはず）"))
    expect_raises(ValueError, kata.img2img_start, z0, 0.5, ab, STEPS.flip(0),
                  what=("ascending timesteps [0, 11, …, 99] (the sampler's order is descending)",
                        "昇順の時刻 [0, 11, …, 99]（サンプラーの順は降順）"))
    expect_raises(ValueError, kata.img2img_start, z0, 0.5, ab, STEPS.view(2, 5),
                  what=("2-D timesteps [2, 5]", "2 次元の timesteps [2, 5]"))
