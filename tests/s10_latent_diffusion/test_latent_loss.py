"""Specs for katas/s10_latent_diffusion/latent_loss.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, fmt

T = 50


def _alpha_bars():
    return torch.cumprod(1 - torch.linspace(1e-3, 0.2, T), dim=0)


class _Recorder(nn.Module):
    """A stand-in UNet: remembers what it was called with; its output depends on z_t, t and the context."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def forward(self, z_t, t, context, context_mask=None):
        self.calls.append((z_t.detach().clone(), t.clone(), context, context_mask))
        return 0.5 * z_t + 0.01 * t.float().view(-1, 1, 1, 1) + context.mean(dim=(1, 2)).view(-1, 1, 1, 1)


def _expected(z0, t, noise, context, ab):
    a = ab[t].view(-1, 1, 1, 1)
    z_t = a.sqrt() * z0 + (1 - a).sqrt() * noise
    pred = 0.5 * z_t + 0.01 * t.float().view(-1, 1, 1, 1) + context.mean(dim=(1, 2)).view(-1, 1, 1, 1)
    return z_t, pred


def test_matches_the_formula(kata):
    ab = _alpha_bars()
    z0, noise, context = torch.randn(3, 4, 2, 2), torch.randn(3, 4, 2, 2), torch.randn(3, 5, 6)
    t = torch.tensor([0, 20, 49])
    unet = _Recorder()
    loss = kata.latent_eps_loss(unet, z0, context, ab, t=t, noise=noise)
    z_t, pred = _expected(z0, t, noise, context, ab)
    want = (pred - noise).pow(2).mean()
    if not expect(isinstance(loss, torch.Tensor) and loss.dim() == 0,
                  (f"latent_eps_loss should return a scalar tensor, got {type(loss).__name__} "
                   f"{tuple(getattr(loss, 'shape', ()))}",
                   f"latent_eps_loss はスカラーのテンソルを返すはずですが、{type(loss).__name__} "
                   f"{tuple(getattr(loss, 'shape', ()))} でした")):
        return
    wrongs = (((pred - z0).pow(2).mean(), "the target is the noise ε, not z0", "目標は z0 ではなくノイズ ε です"),
              ((pred - noise).pow(2).sum(), "that is the sum of the squared errors; take the mean (F.mse_loss)",
               "それは二乗誤差の和です。平均をとりましょう（F.mse_loss）"))
    for wrong, en, ja in wrongs:
        if abs(float(loss) - float(wrong)) < 1e-5 * max(1.0, abs(float(wrong))):
            expect(False, (f"loss = {fmt(loss)}: {en} (expected {fmt(want)})",
                           f"loss = {fmt(loss)} でした。{ja}（{fmt(want)} のはず）"))
            return
    expect_close(loss, want, atol=1e-5, rtol=1e-5,
                 what=("latent_eps_loss vs mean((unet(sqrt(ᾱ_t)·z0 + sqrt(1−ᾱ_t)·ε, t, context) − ε)²)",
                       "latent_eps_loss と mean((unet(sqrt(ᾱ_t)·z0 + sqrt(1−ᾱ_t)·ε, t, context) − ε)²) の比較"))


def test_the_unet_gets_z_t_t_context_and_mask(kata):
    ab = _alpha_bars()
    z0, noise, context = torch.randn(2, 4, 2, 2), torch.randn(2, 4, 2, 2), torch.randn(2, 3, 6)
    t, mask = torch.tensor([7, 33]), torch.tensor([[True, True, False], [True, False, False]])
    unet = _Recorder()
    kata.latent_eps_loss(unet, z0, context, ab, context_mask=mask, t=t, noise=noise)
    if not expect(len(unet.calls) == 1, (f"the UNet should be called once, it was called {len(unet.calls)} times",
                                         f"UNet は 1 回呼ばれるはずですが、{len(unet.calls)} 回呼ばれました")):
        return
    z_t, got_t, got_context, got_mask = unet.calls[0]
    a = ab[t].view(-1, 1, 1, 1)
    if torch.allclose(z_t, a * z0 + (1 - a) * noise, atol=1e-5):
        expect(False, ("z_t = ᾱ·z0 + (1−ᾱ)·ε mixes VARIANCES; q_sample uses their square roots: sqrt(ᾱ)·z0 + sqrt(1−ᾱ)·ε",
                       "z_t = ᾱ·z0 + (1−ᾱ)·ε は「分散」の混ぜ方です。q_sample はその平方根を使います: "
                       "sqrt(ᾱ)·z0 + sqrt(1−ᾱ)·ε"))
    else:
        alpha = (ab / torch.cat([torch.ones(1), ab[:-1]]))[t].view(-1, 1, 1, 1)
        if torch.allclose(z_t, alpha.sqrt() * z0 + (1 - alpha).sqrt() * noise, atol=1e-5):
            expect(False, ("z_t was made with the one-step α_t = 1 − β_t; q_sample jumps straight from z0 with the "
                           "cumulative ᾱ_t = alpha_bars[t]",
                           "z_t が 1 ステップ分の α_t = 1 − β_t で作られています。q_sample は累積の ᾱ_t = alpha_bars[t] で "
                           "z0 から一気に進みます"))
        else:
            expect_close(z_t, a.sqrt() * z0 + (1 - a).sqrt() * noise, atol=1e-5,
                         what=("the UNet's input z_t = sqrt(ᾱ_t)·z0 + sqrt(1−ᾱ_t)·ε (q_sample)",
                               "UNet の入力 z_t = sqrt(ᾱ_t)·z0 + sqrt(1−ᾱ_t)·ε（q_sample）"))
    expect(torch.equal(got_t, t), (f"the UNet should get the timesteps t = {t.tolist()}, got {got_t.tolist()}",
                                   f"UNet には時刻 t = {t.tolist()} を渡すはずですが、{got_t.tolist()} でした"))
    expect(got_context is context, ("the UNet should get the text context itself (unet(z_t, t, context, context_mask))",
                                    "UNet にはテキストのコンテキストそのものを渡します（unet(z_t, t, context, context_mask)）"))
    expect(got_mask is mask, ("the UNet should get the context_mask (pass it on, so padding tokens stay hidden)",
                              "UNet には context_mask を渡します（パディングのトークンが隠れたままになるように）"))


def test_random_t_and_noise_come_from_the_generator(kata):
    ab = _alpha_bars()
    z0, context = torch.randn(4, 4, 2, 2), torch.randn(4, 3, 6)
    unet = _Recorder()
    a = kata.latent_eps_loss(unet, z0, context, ab, generator=torch.Generator().manual_seed(3))
    torch.manual_seed(99)   # the global RNG must not matter
    b = kata.latent_eps_loss(unet, z0, context, ab, generator=torch.Generator().manual_seed(3))
    expect_close(a, b, atol=0, what=("two losses with generators of the same seed (draw t and ε with the generator)",
                                     "同じシードの generator での 2 つの損失（t と ε は generator で引きます）"))
    g = torch.Generator().manual_seed(3)
    t = torch.randint(0, T, (4,), generator=g)
    noise = torch.randn(z0.shape, generator=g)
    got_t = unet.calls[0][1]
    expect(got_t.dtype == torch.long and tuple(got_t.shape) == (4,),
           (f"t should be a LongTensor [B] = [4], got {got_t.dtype} {tuple(got_t.shape)}",
            f"t は LongTensor [B] = [4] のはずですが、{got_t.dtype} {tuple(got_t.shape)} でした"))
    expect(torch.equal(got_t, t), (f"t should be torch.randint(0, T, (B,), generator=generator) = {t.tolist()} (drawn "
                                   f"first), got {got_t.tolist()}",
                                   f"t は torch.randint(0, T, (B,), generator=generator) = {t.tolist()}（先に引きます）の"
                                   f"はずですが、{got_t.tolist()} でした"))
    _, pred = _expected(z0, t, noise, context, ab)
    expect_close(a, (pred - noise).pow(2).mean(), atol=1e-5,
                 what=("the loss with t, then ε = torch.randn(z0.shape, generator=generator), drawn in that order",
                       "t、続いて ε = torch.randn(z0.shape, generator=generator) の順に引いたときの損失"))


def test_gradients_reach_the_unet(kata):
    ab = _alpha_bars()

    class TinyUNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(4, 4, 3, padding=1)
            self.text = nn.Linear(6, 4)

        def forward(self, z_t, t, context, context_mask=None):
            return self.conv(z_t) + self.text(context.mean(dim=1))[:, :, None, None]

    unet = TinyUNet()
    loss = kata.latent_eps_loss(unet, torch.randn(2, 4, 4, 4), torch.randn(2, 3, 6), ab,
                                generator=torch.Generator().manual_seed(0))
    if not expect(loss.dim() == 0, (f"the loss should be a scalar, got shape {tuple(loss.shape)}",
                                    f"損失はスカラーのはずですが、形状 {tuple(loss.shape)} でした")):
        return
    loss.backward()
    expect_grad(unet.conv.weight, ("the UNet's conv weight", "UNet の畳み込みの重み"))
    expect_grad(unet.text.weight, ("the UNet's text weight (the context reaches it)", "UNet のテキストの重み（コンテキストが届く）"))


def test_bad_input(kata):
    ab = _alpha_bars()
    expect_raises(ValueError, kata.latent_eps_loss, _Recorder(), torch.randn(2, 4, 2, 2), torch.randn(3, 5, 6), ab,
                  what=("z0 with batch 2 and a context with batch 3", "バッチ 2 の z0 とバッチ 3 のコンテキスト"))
    expect_raises(ValueError, kata.latent_eps_loss, _Recorder(), torch.randn(2, 4, 2, 2), torch.randn(2, 5, 6), ab,
                  t=torch.tensor([0, T]),
                  what=(f"t = {T} with only {T} steps (0 … {T - 1})", f"ステップが {T} 個（0 … {T - 1}）なのに t = {T}"))
