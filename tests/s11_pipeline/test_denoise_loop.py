"""Specs for katas/s11_pipeline/denoise_loop.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape

T, B, C, H, L = 20, 2, 4, 3, 5
ALPHA_BARS = torch.cumprod(1 - torch.linspace(0.01, 0.3, T, dtype=torch.float64), 0)
AB = ALPHA_BARS.float()


def ddim_ts(steps):
    """s08's timesteps, written out: round(linspace(0, T−1, steps)) descending ([T−1] for one step)."""
    if steps == 1:
        return [T - 1]
    return torch.linspace(0, T - 1, steps, dtype=torch.float64).round().long().flip(0).tolist()


class ToyUNet(nn.Module):
    """A stand-in for s10's CrossAttnUNet: eps = tanh(a·z + masked mean of the context + t/100), row by
    row. It records the timesteps and the batch size of every call."""

    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.tensor(0.5))
        self.calls = []

    def eps(self, z, t, context, mask=None):
        if mask is None:
            pooled = context.mean(1)
        else:
            m = mask.to(context.dtype)[..., None]
            pooled = (context * m).sum(1) / m.sum(1)
        t = torch.as_tensor(t).expand(z.shape[0]).to(z.dtype)
        return torch.tanh(self.a.to(z.dtype) * z + pooled[:, :, None, None] + t[:, None, None, None] / 100)

    def forward(self, z, t, context, context_mask=None):
        self.calls.append((torch.as_tensor(t).detach().clone(), z.shape[0]))
        return self.eps(z, t, context, context_mask)


class PerfectDenoiser(nn.Module):
    """Knows the answer x0: eps = (z − sqrt(ᾱ_t)·x0)/sqrt(1 − ᾱ_t), so every x̂0 is x0 exactly."""

    def __init__(self, x0):
        super().__init__()
        self.x0 = x0

    def forward(self, z, t, context, context_mask=None):
        a = AB[t].to(z.dtype)[:, None, None, None]
        return (z - a.sqrt() * self.x0.repeat(z.shape[0] // self.x0.shape[0], 1, 1, 1)) / (1 - a).sqrt()


def inputs():
    z = torch.randn(B, C, H, H)
    uncond, cond = torch.randn(B, L, C), torch.randn(B, L, C)
    um = torch.tensor([[True, True, False, False, False], [True, True, True, False, False]])
    cm = torch.tensor([[True, True, True, True, False], [True, True, True, True, True]])
    return z, uncond, cond, um, cm


def hand_loop(unet, z, uncond, cond, um, cm, steps, w):
    """The oracle: guided DDIM (η = 0) written out in float64."""
    ts = ddim_ts(steps)
    z = z.double()
    with torch.no_grad():
        for i, t in enumerate(ts):
            e_u, e_c = unet.eps(z, t, uncond.double(), um), unet.eps(z, t, cond.double(), cm)
            eps = e_u + w * (e_c - e_u)
            a_t = ALPHA_BARS[t]
            a_prev = ALPHA_BARS[ts[i + 1]] if i + 1 < len(ts) else torch.tensor(1.0, dtype=torch.float64)
            x0 = (z - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            z = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    return z


def test_timesteps_descend_one_call_each(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    kata.denoise_loop(unet, z, uncond, cond, AB, 5, 3.0, um, cm)
    seen = [int(t.reshape(-1)[0]) for t, _ in unet.calls]
    want = ddim_ts(5)   # [19, 14, 10, 5, 0]
    if seen == want[::-1]:
        expect(False, (f"the timesteps run upwards {seen}: sample from the noisiest T−1 down to 0, {want}",
                       f"タイムステップが上向き {seen} に進んでいます。いちばんノイズの強い T−1 から 0 へ、{want} の順です"))
        return
    expect(len(seen) == 5, (f"5 steps should make 5 UNet calls (one per timestep, on the doubled batch), got {len(seen)}",
                            f"5 ステップなら UNet の呼び出しは 5 回（タイムステップごとに 2 倍のバッチで 1 回）のはずですが、"
                            f"{len(seen)} 回でした"))
    expect(seen == want, (f"the UNet saw the timesteps {seen}; expected ddim_timesteps(20, 5) = {want}",
                          f"UNet が受け取ったタイムステップは {seen} でした。ddim_timesteps(20, 5) = {want} のはずです"))
    sizes = sorted({n for _, n in unet.calls})
    expect(sizes == [2 * B], (f"every UNet call should see the doubled batch 2B = {2 * B}, got batch sizes {sizes}",
                              f"UNet の呼び出しはどれも 2 倍のバッチ 2B = {2 * B} のはずですが、バッチサイズは {sizes} でした"))


def test_a_perfect_denoiser_lands_on_x0(kata):
    # If the UNet knew x0, every DDIM step would stay on the path to it, whatever the number of
    # steps: the result is x0 itself (the last step must jump to ᾱ = 1).
    x0 = torch.randn(B, C, H, H)
    _, uncond, cond, um, cm = inputs()
    for steps in (1, 4, T):
        got = kata.denoise_loop(PerfectDenoiser(x0), torch.randn(B, C, H, H), uncond, cond, AB, steps, 3.0, um, cm)
        what = (f"denoise_loop with a perfect denoiser, {steps} steps", f"完璧なノイズ除去器での denoise_loop（{steps} ステップ）")
        if expect_shape(got, (B, C, H, H), what):
            expect_close(got, x0, atol=1e-3,
                         what=(f"{what[0]} vs x0 (off? check t_prev: the next timestep of the list, −1 after the last)",
                               f"{what[1]} と x0 の比較（ずれるなら t_prev を確認: リストの次のタイムステップで、最後の後は −1）"))


def test_matches_a_hand_written_loop(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    got = kata.denoise_loop(unet, z, uncond, cond, AB, 4, 2.5, um, cm)
    if expect_shape(got, (B, C, H, H), ("denoise_loop output", "denoise_loop の出力")):
        expect(not got.requires_grad, ("the result needs no gradient: run the loop under torch.no_grad()",
                                       "結果に勾配は要りません。ループは torch.no_grad() のもとで動かしましょう"))
        expect_close(got, hand_loop(unet, z, uncond, cond, um, cm, 4, 2.5), atol=1e-4,
                     what=("denoise_loop (4 steps, guidance 2.5, masks) vs the guided DDIM loop written out",
                           "denoise_loop（4 ステップ、guidance 2.5、マスク付き）と、書き下したガイダンス付き DDIM ループの比較"))


def test_the_callback_sees_every_step(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    seen = []
    out = kata.denoise_loop(unet, z, uncond, cond, AB, 3, 3.0, um, cm,
                            callback=lambda i, t, zz: seen.append((i, int(t), zz.clone())))
    idx, ts = [s[0] for s in seen], [s[1] for s in seen]
    expect(idx == [0, 1, 2] and ts == ddim_ts(3),
           (f"callback(i, t, z) should be called after each step with i = [0, 1, 2] and t = {ddim_ts(3)}, "
            f"got i = {idx}, t = {ts}",
            f"callback(i, t, z) は各ステップの後に i = [0, 1, 2]、t = {ddim_ts(3)} で呼ばれるはずですが、"
            f"i = {idx}、t = {ts} でした"))
    if seen and expect_shape(out, (B, C, H, H), ("denoise_loop output", "denoise_loop の出力")):
        expect_close(seen[-1][2], out, atol=0,
                     what=("the latents of the last callback vs the returned latents",
                           "最後のコールバックの潜在変数と返り値の比較"))


def test_eta_draws_from_the_generator(kata):
    z, uncond, cond, um, cm = inputs()
    runs = [kata.denoise_loop(ToyUNet(), z, uncond, cond, AB, 4, 3.0, um, cm, eta=eta,
                              generator=torch.Generator().manual_seed(seed))
            for eta, seed in ((1.0, 0), (1.0, 0), (1.0, 1), (0.0, 0))]
    if not all(expect_shape(r, (B, C, H, H), ("denoise_loop output", "denoise_loop の出力")) for r in runs):
        return
    expect(torch.equal(runs[0], runs[1]), ("η = 1 with the same generator seed twice gave different latents",
                                           "同じシードのジェネレータで η = 1 を 2 回実行すると違う潜在変数になりました"))
    expect(not torch.allclose(runs[0], runs[2]), ("η = 1 gave the same latents for generator seeds 0 and 1: pass "
                                                  "eta and the generator on to scheduler_step",
                                                  "η = 1 でジェネレータのシード 0 と 1 が同じ潜在変数になりました。eta と"
                                                  "ジェネレータを scheduler_step に渡しましょう"))
    expect(not torch.allclose(runs[0], runs[3]), ("η = 1 and η = 0 gave the same latents: eta is ignored",
                                                  "η = 1 と η = 0 で同じ潜在変数になりました。eta が無視されています"))


def test_bad_steps(kata):
    z, uncond, cond, um, cm = inputs()
    for steps in (0, T + 1):
        expect_raises(ValueError, kata.denoise_loop, ToyUNet(), z, uncond, cond, AB, steps, 3.0,
                      what=(f"steps = {steps} with T = {T}", f"T = {T} で steps = {steps}"))
