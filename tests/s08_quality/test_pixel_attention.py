"""Specs for katas/s08_quality/pixel_attention.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

C, NH, G = 16, 4, 4


def _mha_oracle(block, x, n_heads=NH):
    """x + nn.MultiheadAttention on the pixel tokens of norm(x), with the block's own weights."""
    B, _, H, W = x.shape
    mha = nn.MultiheadAttention(C, n_heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(block.qkv.weight.view(3 * C, C))     # rows: [q; k; v], like qkv's channels
        mha.in_proj_bias.copy_(block.qkv.bias)
        mha.out_proj.weight.copy_(block.proj.weight.view(C, C))
        mha.out_proj.bias.copy_(block.proj.bias)
    tokens = block.norm(x).flatten(2).transpose(1, 2)                   # [B, H·W, C], pixel n = row·W + col
    y, _ = mha.eval()(tokens, tokens, tokens)
    return x + y.transpose(1, 2).reshape(B, C, H, W)


def _sdpa(block, x, scale=None, softmax_dim=-1):
    """The attention by hand, to recognise the usual slips (scale, softmax axis)."""
    B, _, H, W = x.shape
    d = C // NH
    q, k, v = (t.reshape(B, NH, d, H * W).transpose(-2, -1) for t in block.qkv(block.norm(x)).chunk(3, dim=1))
    s = q @ k.transpose(-2, -1) * (1 / math.sqrt(d) if scale is None else scale)
    a = (F.softmax(s, dim=softmax_dim) @ v).transpose(-2, -1).reshape(B, C, H, W)
    return x + block.proj(a)


def test_parts(kata):
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    norm, qkv, proj = (getattr(block, n, None) for n in ("norm", "qkv", "proj"))
    expect(isinstance(norm, nn.GroupNorm) and (norm.num_groups, norm.num_channels) == (G, C),
           (f".norm should be nn.GroupNorm({G}, {C}), got {norm}", f".norm は nn.GroupNorm({G}, {C}) のはずですが、{norm} でした"))
    expect(isinstance(qkv, nn.Conv2d) and tuple(qkv.weight.shape) == (3 * C, C, 1, 1),
           (f".qkv should be a 1×1 nn.Conv2d({C}, {3 * C}), got {qkv}", f".qkv は 1×1 の nn.Conv2d({C}, {3 * C}) のはずですが、{qkv} でした"))
    expect(isinstance(proj, nn.Conv2d) and tuple(proj.weight.shape) == (C, C, 1, 1),
           (f".proj should be a 1×1 nn.Conv2d({C}, {C}), got {proj}", f".proj は 1×1 の nn.Conv2d({C}, {C}) のはずですが、{proj} でした"))
    expect(getattr(block, "n_heads", None) == NH, (f".n_heads should be {NH}", f".n_heads は {NH} のはずです"))


def test_matches_torch_multihead_attention(kata):
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    with torch.no_grad():
        block.qkv.weight.mul_(3.0)             # sharper attention, so a missing scale is obvious
    x = torch.randn(2, C, 3, 5)                # H ≠ W: a transposed pixel order cannot hide
    with torch.no_grad():
        got = block(x)
        if not expect_shape(got, (2, C, 3, 5), ("SelfAttention2d(x [2, 16, 3, 5])", "SelfAttention2d(x [2, 16, 3, 5]) の出力")):
            return
        want = _mha_oracle(block, x)
        slips = {"no residual": (want - x, ("the residual is missing: return x + proj(attention)",
                                            "残差がありません: x + proj(attention) を返しましょう")),
                 "no scale": (_sdpa(block, x, scale=1.0), ("the scores are not divided by sqrt(d) (d = C / n_heads)",
                                                           "スコアを sqrt(d)（d = C / n_heads）で割っていません")),
                 "scale by C": (_sdpa(block, x, scale=1 / math.sqrt(C)),
                                ("the scores are divided by sqrt(C); divide by sqrt(d), d = C / n_heads, the size of one head",
                                 "スコアを sqrt(C) で割っています。1 ヘッドの大きさ d = C / n_heads の sqrt(d) で割りましょう")),
                 "softmax axis": (_sdpa(block, x, softmax_dim=-2),
                                  ("the softmax runs over the queries; each query's weights over the KEYS (last axis) sum to 1",
                                   "softmax をクエリについてとっています。各クエリの重みを「キー」（最後の軸）について和が 1 に"
                                   "なるようにしましょう")),
                 "one head": (_mha_oracle(block, x, n_heads=1),
                              ("this is single-head attention: split the C channels into n_heads heads of d = C / n_heads",
                               "これは 1 ヘッドの注意です。C チャネルを d = C / n_heads ずつの n_heads 個のヘッドに分けましょう"))}
        for name, (alt, (en, ja)) in slips.items():
            if torch.allclose(got, alt, atol=1e-5):
                expect(False, (f"SelfAttention2d: {en}", f"SelfAttention2d の誤り: {ja}"))
                return
    expect_close(got, want, atol=1e-5,
                 what=("SelfAttention2d vs x + nn.MultiheadAttention(C, n_heads) on the tokens norm(x).flatten(2)"
                       ".transpose(1, 2) with the same weights (qkv channels = [q; k; v], channel c of q = head·d + i)",
                       "SelfAttention2d と、同じ重みでトークン norm(x).flatten(2).transpose(1, 2) にかけた x + "
                       "nn.MultiheadAttention(C, n_heads) の比較（qkv のチャネル = [q; k; v]、q のチャネル c = head·d + i）"))


def test_zero_projection_is_the_identity(kata):
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    with torch.no_grad():
        block.proj.weight.zero_()
        block.proj.bias.zero_()
        x = torch.randn(1, C, 4, 4)
        got = block(x)
    if expect_shape(got, (1, C, 4, 4), ("SelfAttention2d output", "SelfAttention2d の出力")):
        expect_close(got, x, atol=1e-6,
                     what=("with proj = 0 the block must return x itself (out = x + proj(attention): the residual "
                           "connection)",
                           "proj = 0 ならブロックは x そのものを返すはずです（out = x + proj(attention): 残差接続）"))


def test_every_pixel_sees_every_pixel(kata):
    # Unlike a 3×3 convolution, attention is global: changing one corner pixel changes the output
    # at the opposite corner.
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    x = torch.randn(1, C, 6, 6)
    with torch.no_grad():
        base = block(x)
        x2 = x.clone()
        x2[:, :, 0, 0] += 3.0
        moved = block(x2)
    if expect_shape(base, (1, C, 6, 6), ("SelfAttention2d output", "SelfAttention2d の出力")):
        far = float((moved - base)[:, :, 5, 5].abs().max())
        expect(far > 1e-4, (f"changing pixel (0, 0) did not change the output at (5, 5) (max change {far:.2g}): "
                            f"every pixel should attend to all H·W pixels",
                            f"ピクセル (0, 0) を変えても (5, 5) の出力が変わりませんでした（最大の変化 {far:.2g}）。"
                            f"どのピクセルも H·W 個すべてのピクセルに注意するはずです"))


def test_gradients_reach_every_part(kata):
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    x = torch.randn(2, C, 3, 3, requires_grad=True)
    out = block(x)
    if not expect_shape(out, (2, C, 3, 3), ("SelfAttention2d output", "SelfAttention2d の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name in ("norm.weight", "qkv.weight", "qkv.bias", "proj.weight"):
        expect_grad(block.get_parameter(name), (f"SelfAttention2d.{name}", f"SelfAttention2d の {name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.SelfAttention2d, 12, 5, 4,
                  what=("SelfAttention2d(channels=12, n_heads=5) (12 is not divisible by 5)",
                        "SelfAttention2d(channels=12, n_heads=5)（12 は 5 で割り切れない）"))
    expect_raises(ValueError, kata.SelfAttention2d, 12, 4, 8,
                  what=("SelfAttention2d(channels=12, groups=8) (12 is not divisible by 8)",
                        "SelfAttention2d(channels=12, groups=8)（12 は 8 で割り切れない）"))
    block = kata.SelfAttention2d(C, n_heads=NH, groups=G)
    expect_raises(ValueError, block, torch.randn(1, C + 4, 3, 3),
                  what=(f"x with {C + 4} channels instead of {C}", f"チャネル数が {C} ではなく {C + 4} の x"))
