"""Specs for katas/s10_latent_diffusion/cross_attention_unet.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

CD = 6   # context width


def _unet(kata, mults=(1, 2)):
    return kata.CrossAttnUNet(in_channels=4, base_channels=8, channel_mults=mults, context_dim=CD,
                              n_heads=2, time_dim=16, groups=4)


def _oracle(u, z, t, context, mask=None):
    """The documented forward, from the UNet's own parts."""
    emb = u.time_mlp(_sinusoids(t, 8))
    h = u.conv_in(z)
    skips = []
    for i in range(len(u.down_blocks)):
        h = u.down_attns[i](u.down_blocks[i](h, emb), context, mask)
        skips.append(h)
        if i < len(u.downsamples):
            h = u.downsamples[i](h)
    h = u.mid_block2(u.mid_attn(u.mid_block1(h, emb), context, mask), emb)
    for j in range(len(u.up_blocks)):
        h = u.up_attns[j](u.up_blocks[j](torch.cat([h, skips.pop()], dim=1), emb), context, mask)
        if j < len(u.upsamples):
            h = u.upsamples[j](h)
    return u.conv_out(F.silu(u.norm_out(h)))


def _sinusoids(t, dim):
    """timestep_embedding of s06, written out: [sin(t·f), cos(t·f)], f_i = 10000^(−i/half)."""
    half = dim // 2
    freqs = torch.exp(-torch.log(torch.tensor(10000.0)) * torch.arange(half) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([args.sin(), args.cos()], dim=-1)


def test_shapes_and_parts(kata):
    u = _unet(kata)
    n_attn = sum(isinstance(m, kata.SpatialTransformer) for m in u.modules())
    expect(n_attn == 5, (f"one SpatialTransformer after every res block: 2 down + 1 middle + 2 up = 5 for two levels, "
                         f"found {n_attn}",
                         f"各残差ブロックの後ろに SpatialTransformer を 1 つ: 2 レベルなら下り 2 + 中間 1 + 上り 2 = 5 個の"
                         f"はずですが、{n_attn} 個でした"))
    ins = [getattr(b, "in_channels", None) for b in getattr(u, "up_blocks", [])]
    expect(ins == [32, 24], (f"up_blocks read cat[h, skip]: in_channels [16 + 16, 16 + 8] = [32, 24], got {ins}",
                             f"up_blocks は cat[h, skip] を読みます。in_channels は [16 + 16, 16 + 8] = [32, 24] の"
                             f"はずですが、{ins} でした"))
    for shape in ((2, 4, 8, 8), (1, 4, 4, 6)):
        z = torch.randn(*shape)
        with torch.no_grad():
            out = u(z, torch.full((shape[0],), 10), torch.randn(shape[0], 3, CD))
        expect_shape(out, shape, (f"CrossAttnUNet(z {list(shape)}) -> ε̂ of z's shape",
                                  f"CrossAttnUNet(z {list(shape)}) の出力 ε̂（z と同じ形状）"))


def test_matches_the_documented_forward(kata):
    u = _unet(kata)
    z, t, context = torch.randn(2, 4, 4, 6), torch.tensor([3, 700]), torch.randn(2, 5, CD)
    mask = torch.tensor([[True, True, True, False, False], [True] * 5])
    with torch.no_grad():
        got = u(z, t, context, mask)
        want = _oracle(u, z, t, context, mask)
    if expect_shape(got, (2, 4, 4, 6), ("CrossAttnUNet output", "CrossAttnUNet の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("CrossAttnUNet vs its parts in the documented order (each res block followed by its "
                           "transformer with the context and mask; mid = block1, attn, block2; skips concatenated "
                           "deepest first)",
                           "CrossAttnUNet と、部品を説明の順に使った結果の比較（各残差ブロックの後にコンテキストとマスク付きの"
                           "Transformer。中間は block1、attn、block2。スキップはいちばん深いものから連結）"))


def test_time_and_text_change_only_their_example(kata):
    u = _unet(kata)
    z, context = torch.randn(2, 4, 4, 4), torch.randn(2, 3, CD)
    t = torch.tensor([5, 5])
    with torch.no_grad():
        base = u(z, t, context)
        if not expect_shape(base, (2, 4, 4, 4), ("CrossAttnUNet output", "CrossAttnUNet の出力")):
            return
        moved_t = (u(z, torch.tensor([5, 900]), context) - base).abs().flatten(1).amax(1)
        c2 = context.clone()
        c2[0] = torch.randn(3, CD)
        moved_c = (u(z, t, c2) - base).abs().flatten(1).amax(1)
    expect(float(moved_t[1]) > 1e-4, (f"changing t of example 1 changed its ε̂ by only {fmt(moved_t[1])}: the time "
                                      f"embedding must reach the res blocks",
                                      f"例 1 の t を変えても、その ε̂ は {fmt(moved_t[1])} しか変わりませんでした。"
                                      f"時刻の埋め込みを残差ブロックに届けましょう"))
    expect(float(moved_t[0]) < 1e-5, (f"changing t of example 1 changed example 0 by {fmt(moved_t[0])}",
                                      f"例 1 の t を変えたら、例 0 が {fmt(moved_t[0])} 変わりました"))
    expect(float(moved_c[0]) > 1e-4, (f"changing the text of example 0 changed its ε̂ by only {fmt(moved_c[0])}: pass "
                                      f"the context to every SpatialTransformer",
                                      f"例 0 のテキストを変えても、その ε̂ は {fmt(moved_c[0])} しか変わりませんでした。"
                                      f"コンテキストをすべての SpatialTransformer に渡しましょう"))
    expect(float(moved_c[1]) < 1e-5, (f"changing the text of example 0 changed example 1 by {fmt(moved_c[1])}",
                                      f"例 0 のテキストを変えたら、例 1 が {fmt(moved_c[1])} 変わりました"))


def test_masked_tokens_do_not_matter(kata):
    u = _unet(kata)
    z, t, context = torch.randn(1, 4, 4, 4), torch.tensor([50]), torch.randn(1, 4, CD)
    keep = torch.tensor([[True, True, False, False]])
    with torch.no_grad():
        base = u(z, t, context, keep)
        other = context.clone()
        other[:, 2:] = 10 * torch.randn(2, CD)
        again = u(z, t, other, keep)
    if expect_shape(base, (1, 4, 4, 4), ("CrossAttnUNet output", "CrossAttnUNet の出力")):
        expect_close(again, base, atol=1e-5,
                     what=("changing the masked text tokens must not change ε̂ (pass context_mask to every transformer)",
                           "マスクしたテキストのトークンを変えても ε̂ は変わらないはずです（context_mask をすべての "
                           "Transformer に渡しましょう）"))


def test_gradients_reach_every_parameter(kata):
    u = _unet(kata)
    out = u(torch.randn(2, 4, 4, 4), torch.tensor([1, 999]), torch.randn(2, 3, CD))
    if not expect_shape(out, (2, 4, 4, 4), ("CrossAttnUNet output", "CrossAttnUNet の出力")):
        return
    out.pow(2).sum().backward()
    missing = [n for n, p in u.named_parameters() if p.grad is None or float(p.grad.abs().sum()) == 0.0]
    expect(not missing, (f"parameters without gradient (unused in forward?): {missing[:6]}",
                         f"勾配が届いていないパラメータ（forward で使われていない？）: {missing[:6]}"))
    if not missing:
        expect_grad(u.conv_in.weight, ("CrossAttnUNet.conv_in.weight", "CrossAttnUNet の conv_in.weight"))


def test_rejects_bad_input(kata):
    u = _unet(kata)
    ctx = torch.randn(1, 3, CD)
    t = torch.tensor([1])
    expect_raises(ValueError, u, torch.randn(1, 4, 7, 8), t, ctx,
                  what=("z of size 7×8 with two levels (7 is odd)", "2 レベルで 7×8 の z（7 は奇数）"))
    deep = _unet(kata, mults=(1, 2, 2))
    expect_raises(ValueError, deep, torch.randn(1, 4, 6, 8), t, ctx,
                  what=("z of size 6×8 with three levels (6 is not divisible by 4)",
                        "3 レベルで 6×8 の z（6 は 4 で割り切れない）"))
    expect_raises(ValueError, u, torch.randn(1, 4, 4, 4), t, torch.randn(1, 3, CD + 2),
                  what=("a context of width 8 for context_dim = 6", "context_dim = 6 に幅 8 のコンテキスト"))
    expect_raises(ValueError, u, torch.randn(2, 4, 4, 4), torch.tensor([1, 2, 3]), torch.randn(2, 3, CD),
                  what=("t with 3 timesteps for a batch of 2", "バッチ 2 に 3 個の時刻の t"))
    expect_raises(ValueError, kata.CrossAttnUNet, 4, 6, (1, 2), CD, 4, 16, 2,
                  what=("base_channels = 6 with n_heads = 4 (6 is not divisible by 4)",
                        "n_heads = 4 で base_channels = 6（6 は 4 で割り切れない）"))
