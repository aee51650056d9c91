"""Specs for katas/s06_ddpm/unet.py."""
import math

import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _small(kata):
    # Two levels (8 → 16 channels) on 8×8 images: fast, and every piece is still there.
    return kata.UNet(in_channels=1, base_channels=8, channel_mults=(1, 2), time_dim=16, groups=4)


def _sinusoids(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half)
    args = t.double()[:, None] * freqs[None]
    return torch.cat([args.sin(), args.cos()], 1).float()


def test_default_shapes(kata):
    net = kata.UNet()
    t = torch.tensor([0, 999])
    with torch.no_grad():
        for size in (32, 28):
            out = net(torch.randn(2, 1, size, size), t)
            expect_shape(out, (2, 1, size, size), (f"UNet()(x [2, 1, {size}, {size}], t [2]): the noise has x's shape",
                                                   f"UNet()(x [2, 1, {size}, {size}], t [2]): ノイズは x と同じ形です"))
        emb = net.embed_time(t)
    expect_shape(emb, (2, 128), ("UNet().embed_time(t [2]) -> [B, time_dim = 128]",
                                 "UNet().embed_time(t [2]) -> [B, time_dim = 128] の出力"))
    rgb = kata.UNet(in_channels=3, base_channels=16, channel_mults=(1, 2), time_dim=32)
    with torch.no_grad():
        out = rgb(torch.randn(1, 3, 8, 8), torch.tensor([5]))
    expect_shape(out, (1, 3, 8, 8), ("UNet(in_channels=3, base_channels=16, channel_mults=(1, 2)) on [1, 3, 8, 8]",
                                     "UNet(in_channels=3, base_channels=16, channel_mults=(1, 2)) を [1, 3, 8, 8] に適用"))


def test_embed_time_and_denoise(kata):
    net = _small(kata)
    t = torch.tensor([3, 40])
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        emb = net.embed_time(t)
        if not expect_shape(emb, (2, 16), ("embed_time(t [2]) with time_dim = 16", "time_dim = 16 での embed_time(t [2])")):
            return
        expect_close(emb, net.time_mlp(_sinusoids(t, 8)), atol=1e-5,
                     what=("embed_time(t) vs time_mlp(timestep_embedding(t, base_channels = 8))",
                           "embed_time(t) と time_mlp(timestep_embedding(t, base_channels = 8)) の比較"))
        out = net(x, t)
        if not expect_shape(out, (2, 1, 8, 8), ("forward(x [2, 1, 8, 8], t)", "forward(x [2, 1, 8, 8], t) の出力")):
            return
        expect_close(out, net.denoise(x, emb), atol=1e-6,
                     what=("forward(x, t) = denoise(x, embed_time(t))", "forward(x, t) = denoise(x, embed_time(t)) の値"))
        # s07 adds a label embedding to emb: denoise must really use the emb it is given.
        other = net.denoise(x, emb + torch.randn(2, 16))
    expect(float((other - out).abs().max()) > 1e-5,
           ("denoise(x, emb) ignores emb: every TimeResBlock should receive it",
            "denoise(x, emb) が emb を無視しています。すべての TimeResBlock に渡しましょう"))


def test_time_changes_only_its_example(kata):
    net = _small(kata)
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        a = net(x, torch.tensor([10, 20]))
        b = net(x, torch.tensor([500, 20]))
    if not (expect_shape(a, (2, 1, 8, 8), ("UNet output", "UNet の出力"))
            and expect_shape(b, (2, 1, 8, 8), ("UNet output", "UNet の出力"))):
        return
    expect(float((a[0] - b[0]).abs().max()) > 1e-5,
           ("changing t did not change the prediction: the time embedding is ignored",
            "t を変えても予測が変わりません。時刻の埋め込みが無視されています"))
    expect_close(a[1], b[1], atol=1e-6,
                 what=("example 1's prediction when only example 0's t changed (no mixing across the batch)",
                       "例 0 の t だけを変えたときの例 1 の予測（バッチの例どうしは混ざりません）"))


def test_skip_connections_concatenate(kata):
    # Each up block must receive cat([h, skip]) where skip is the output of the down block of its level
    # (deepest first), h first along the channels.
    net = kata.UNet(in_channels=1, base_channels=8, channel_mults=(1, 2, 2), time_dim=16, groups=4)
    if not expect(isinstance(getattr(net, "down_blocks", None), nn.ModuleList)
                  and isinstance(getattr(net, "up_blocks", None), nn.ModuleList)
                  and len(net.down_blocks) == 3 and len(net.up_blocks) == 3,
                  ("down_blocks and up_blocks should be nn.ModuleLists with one TimeResBlock per level (3 here)",
                   "down_blocks と up_blocks は、レベルごとに TimeResBlock を 1 つ持つ nn.ModuleList のはずです（ここでは 3 つ）")):
        return
    downs, ups = {}, {}
    hooks = [b.register_forward_hook(lambda m, a, o, i=i: downs.__setitem__(i, o)) for i, b in enumerate(net.down_blocks)]
    hooks += [b.register_forward_hook(lambda m, a, o, j=j: ups.__setitem__(j, a[0])) for j, b in enumerate(net.up_blocks)]
    with torch.no_grad():
        net(torch.randn(2, 1, 8, 8), torch.tensor([1, 2]))
    for h in hooks:
        h.remove()
    for j in range(3):
        level = 2 - j
        inp, skip = ups.get(j), downs.get(level)
        if not expect(inp is not None and skip is not None,
                      (f"up_blocks[{j}] or down_blocks[{level}] was never called", f"up_blocks[{j}] か down_blocks[{level}] が呼ばれていません")):
            return
        c = skip.shape[1]
        if not expect(inp.shape[1] > c and inp.shape[2:] == skip.shape[2:],
                      (f"up_blocks[{j}] gets {inp.shape[1]} channels; it should get cat([h, skip]) with the "
                       f"{c}-channel skip of level {level} — are the skip connections missing?",
                       f"up_blocks[{j}] には {inp.shape[1]} チャネルが入っています。レベル {level} の {c} チャネルの"
                       f"スキップを連結した cat([h, skip]) が入るはずです。スキップ接続が抜けていませんか？")):
            continue
        expect_close(inp[:, -c:], skip, atol=0,
                     what=(f"the last {c} channels of up_blocks[{j}]'s input: the output of down_blocks[{level}] "
                           f"(cat([h, skip]), h first)",
                           f"up_blocks[{j}] の入力の最後の {c} チャネル: down_blocks[{level}] の出力"
                           f"（cat([h, skip])、h が先）"))


def test_gradients_reach_every_parameter(kata):
    net = _small(kata)
    out = net(torch.randn(2, 1, 8, 8), torch.tensor([7, 300]))
    if not expect_shape(out, (2, 1, 8, 8), ("UNet output", "UNet の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name, p in net.named_parameters():
        expect_grad(p, (f"parameter {name} (every layer you create must be used in forward)",
                        f"パラメータ {name}（作った層はすべて forward で使われるはずです）"))


def test_rejects_bad_sizes(kata):
    net = _small(kata)  # two levels: H and W must be even
    t = torch.tensor([1])
    expect_raises(ValueError, net, torch.zeros(1, 1, 7, 8), t,
                  what=("a 7×8 image for 2 levels (7 is odd)", "2 レベルに 7×8 の画像（7 は奇数）"))
    expect_raises(ValueError, net, torch.zeros(1, 2, 8, 8), t,
                  what=("2 channels for in_channels = 1", "in_channels = 1 に 2 チャネル"))
    expect_raises(ValueError, net.denoise, torch.zeros(1, 1, 8, 8), torch.zeros(1, 15),
                  what=("denoise with emb [1, 15] for time_dim = 16", "time_dim = 16 に emb [1, 15] で denoise"))
    deep = kata.UNet(base_channels=8, channel_mults=(1, 2, 2), time_dim=16, groups=4)
    expect_raises(ValueError, deep, torch.zeros(1, 1, 30, 30), t,
                  what=("a 30×30 image for 3 levels (30 is not divisible by 4)",
                        "3 レベルに 30×30 の画像（30 は 4 で割り切れません）"))
