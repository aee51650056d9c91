"""Specs for katas/s11_pipeline/cfg_unet_call.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt

B, C, H, L = 2, 4, 3, 5


class ToyUNet(nn.Module):
    """A stand-in for s10's CrossAttnUNet: eps = tanh(a·z + masked mean of the context + t/100), row by
    row (the context's width is C, so its mean is one number per channel). It records every call."""

    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.tensor(0.5))
        self.calls = []

    @staticmethod
    def pooled(context, mask):
        if mask is None:
            return context.mean(1)
        m = mask.to(context.dtype)[..., None]
        return (context * m).sum(1) / m.sum(1)

    def eps(self, z, t, context, mask=None):
        t = torch.as_tensor(t).expand(z.shape[0]).to(z.dtype)
        return torch.tanh(self.a * z + self.pooled(context, mask)[:, :, None, None] + t[:, None, None, None] / 100)

    def forward(self, z, t, context, context_mask=None):
        self.calls.append({"z": z.detach().clone(), "t": torch.as_tensor(t).detach().clone(),
                           "context": context.detach().clone(),
                           "mask": None if context_mask is None else context_mask.detach().clone()})
        return self.eps(z, t, context, context_mask)


def inputs():
    z = torch.randn(B, C, H, H)
    uncond, cond = torch.randn(B, L, C), torch.randn(B, L, C)
    um = torch.tensor([[True, True, False, False, False], [True, True, True, False, False]])
    cm = torch.tensor([[True, True, True, True, False], [True, True, True, True, True]])
    return z, uncond, cond, um, cm


def halves(unet, z, t, uncond, cond, um=None, cm=None):
    """The oracle's two predictions, each from its own call (no recording)."""
    with torch.no_grad():
        return unet.eps(z, t, uncond, um), unet.eps(z, t, cond, cm)


def test_one_unet_call_on_the_doubled_batch(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    kata.cfg_unet_call(unet, z, 7, uncond, cond, 3.0, um, cm)
    if not expect(len(unet.calls) == 1,
                  (f"the UNet was called {len(unet.calls)} times; call it ONCE on the doubled batch "
                   f"[z; z] with context [uncond; cond], then split the output",
                   f"UNet が {len(unet.calls)} 回呼ばれました。2 倍のバッチ [z; z] とコンテキスト [uncond; cond] で"
                   f"「1 回」だけ呼び、出力を分けましょう")):
        return
    call = unet.calls[0]
    expect_close(call["z"], torch.cat([z, z]), atol=0,
                 what=("the UNet's latents: [z; z] (the same latents twice)", "UNet への潜在変数: [z; z]（同じ潜在変数を 2 回）"))
    ctx = call["context"]
    if ctx.shape == (2 * B, L, C) and torch.equal(ctx, torch.cat([cond, uncond])):
        expect(False, ("the context is [cond; uncond]: put the unconditional half FIRST, [uncond; cond]",
                       "コンテキストが [cond; uncond] になっています。無条件の半分を「先」にして [uncond; cond] にしましょう"))
    else:
        expect_close(ctx, torch.cat([uncond, cond]), atol=0,
                     what=("the UNet's context: [uncond; cond]", "UNet へのコンテキスト: [uncond; cond]"))
    if expect(call["mask"] is not None, ("the masks were not passed to the UNet (context_mask=[uncond_mask; cond_mask])",
                                         "マスクが UNet に渡されていません（context_mask=[uncond_mask; cond_mask]）")):
        expect_close(call["mask"].long(), torch.cat([um, cm]).long(), atol=0,
                     what=("the UNet's context_mask: [uncond_mask; cond_mask] (1 = True)",
                           "UNet への context_mask: [uncond_mask; cond_mask]（1 = True）"))
    t = call["t"]
    expect(t.dtype == torch.long and tuple(t.shape) == (2 * B,) and bool((t == 7).all()),
           (f"the UNet's timesteps should be a LongTensor [2B] = [7, 7, 7, 7], got {t.tolist()} ({t.dtype})",
            f"UNet への時刻は LongTensor [2B] = [7, 7, 7, 7] のはずですが、{t.tolist()}（{t.dtype}）でした"))


def test_guided_noise_prediction(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    w = 3.0
    got = kata.cfg_unet_call(unet, z, 7, uncond, cond, w, um, cm)
    if not expect_shape(got, (B, C, H, H), ("cfg_unet_call output [B, C, h, w]", "cfg_unet_call の出力 [B, C, h, w]")):
        return
    got = got.detach()
    u, c = halves(unet, z, 7, uncond, cond, um, cm)
    wrong = {
        ("the halves are swapped: eps_u is the FIRST half of the UNet's output (the uncond rows)",
         "半分が入れ替わっています。eps_u は UNet の出力の「前半」（無条件の行）です"): c + w * (u - c),
        ("the sign of the guidance is flipped: eps_u + w·(eps_c − eps_u), towards the prompt",
         "ガイダンスの符号が逆です。eps_u + w·(eps_c − eps_u) で、プロンプトの方へ向かいます"): u - w * (c - u),
        ("you used the (1 + w) convention: here w = guidance multiplies (eps_c − eps_u) as it is",
         "(1 + w) の約束を使っています。ここでは w = guidance をそのまま (eps_c − eps_u) に掛けます"): u + (1 + w) * (c - u),
    }
    for message, value in wrong.items():
        if torch.allclose(got, value, atol=1e-5):
            expect(False, message)
            return
    expect_close(got, u + w * (c - u), atol=1e-5,
                 what=("cfg_unet_call with guidance 3 vs eps_u + 3·(eps_c − eps_u), each half computed alone",
                       "guidance 3 での cfg_unet_call と、各半分を別々に計算した eps_u + 3·(eps_c − eps_u) の比較"))


def test_guidance_one_is_conditional_zero_is_unconditional(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    u, c = halves(unet, z, 4, uncond, cond, um, cm)
    for w, want, name in ((1.0, c, ("the conditional prediction eps_c", "条件付きの予測 eps_c")),
                          (0.0, u, ("the unconditional prediction eps_u", "無条件の予測 eps_u"))):
        got = kata.cfg_unet_call(unet, z, 4, uncond, cond, w, um, cm)
        if expect_shape(got, (B, C, H, H), (f"cfg_unet_call with guidance {fmt(w)}", f"guidance {fmt(w)} での cfg_unet_call")):
            expect_close(got, want, atol=1e-5,
                         what=(f"guidance {fmt(w)} must give {name[0]}", f"guidance {fmt(w)} では{name[1]}になるはずです"))


def test_a_timestep_per_image_and_no_masks(kata):
    unet = ToyUNet()
    z, uncond, cond, _, _ = inputs()
    t = torch.tensor([3, 9])
    got = kata.cfg_unet_call(unet, z, t, uncond, cond, 2.0)
    if not expect(len(unet.calls) == 1, (f"the UNet was called {len(unet.calls)} times instead of once",
                                         f"UNet が 1 回ではなく {len(unet.calls)} 回呼ばれました")):
        return
    call = unet.calls[0]
    expect(call["t"].tolist() == [3, 9, 3, 9], (f"t = [3, 9] should reach the UNet as [t; t] = [3, 9, 3, 9], got "
                                                f"{call['t'].tolist()}",
                                                f"t = [3, 9] は [t; t] = [3, 9, 3, 9] として UNet に渡るはずですが、"
                                                f"{call['t'].tolist()} でした"))
    expect(call["mask"] is None, ("without masks the UNet should get context_mask=None",
                                  "マスクがなければ UNet には context_mask=None を渡すはずです"))
    if expect_shape(got, (B, C, H, H), ("cfg_unet_call output", "cfg_unet_call の出力")):
        u, c = halves(unet, z, t, uncond, cond)
        expect_close(got, u + 2.0 * (c - u), atol=1e-5,
                     what=("cfg_unet_call with t = [3, 9], no masks, guidance 2",
                           "t = [3, 9]、マスクなし、guidance 2 での cfg_unet_call"))


def test_bad_input(kata):
    unet = ToyUNet()
    z, uncond, cond, um, cm = inputs()
    expect_raises(ValueError, kata.cfg_unet_call, unet, z, 5, uncond[:1], cond[:1], 3.0,
                  what=("uncond and cond of batch 1 for latents of batch 2", "バッチ 2 の潜在変数に対してバッチ 1 の uncond と cond"))
    expect_raises(ValueError, kata.cfg_unet_call, unet, z, 5, uncond, cond[:, :3], 3.0,
                  what=("uncond [2, 5, 4] and cond [2, 3, 4]", "uncond [2, 5, 4] と cond [2, 3, 4]"))
    expect_raises(ValueError, kata.cfg_unet_call, unet, z, 5, uncond, cond, 3.0, None, cm,
                  what=("cond_mask without uncond_mask", "uncond_mask なしの cond_mask"))
