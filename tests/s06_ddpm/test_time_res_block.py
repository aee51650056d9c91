"""Specs for katas/s06_ddpm/time_res_block.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _randomize(block):
    """GroupNorm starts as weight 1, bias 0; random affine parameters make every slip visible."""
    with torch.no_grad():
        for norm in (block.norm1, block.norm2):
            norm.weight.normal_(1.0, 0.3)
            norm.bias.normal_(0.0, 0.3)


def _pieces(block, x, emb, groups):
    """The formula written with functional ops and the block's own weights."""
    h = F.conv2d(F.silu(F.group_norm(x, groups, block.norm1.weight, block.norm1.bias)),
                 block.conv1.weight, block.conv1.bias, padding=1)
    time = F.linear(F.silu(emb), block.time_proj.weight, block.time_proj.bias)[:, :, None, None]
    if isinstance(block.skip, nn.Conv2d):
        skip = F.conv2d(x, block.skip.weight, block.skip.bias)
    else:
        skip = x
    conv2 = lambda v: F.conv2d(F.silu(F.group_norm(v, groups, block.norm2.weight, block.norm2.bias)),  # noqa: E731
                               block.conv2.weight, block.conv2.bias, padding=1)
    return h, time, skip, conv2


def _check_formula(kata, cin, cout):
    block = kata.TimeResBlock(cin, cout, time_dim=12, groups=4)
    _randomize(block)
    x, emb = torch.randn(2, cin, 5, 6), torch.randn(2, 12)
    got = block(x, emb)
    name = f"TimeResBlock({cin}, {cout}, time_dim=12, groups=4)"
    if not expect_shape(got, (2, cout, 5, 6), (f"{name}(x [2, {cin}, 5, 6], emb [2, 12])",
                                               f"{name}(x [2, {cin}, 5, 6], emb [2, 12]) の出力")):
        return
    with torch.no_grad():
        h, time, skip, conv2 = _pieces(block, x, emb, 4)
        want = conv2(h + time) + skip
        slips = [
            (conv2(h) + skip, ("the time embedding has no effect: add time_proj(silu(emb))[:, :, None, None] "
                               "to h after conv1, before norm2",
                               "時刻の埋め込みが効いていません。conv1 の後、norm2 の前に "
                               "time_proj(silu(emb))[:, :, None, None] を h に足しましょう")),
            (conv2(h) + skip + time, ("the time term is added at the end, after conv2; it belongs between the "
                                      "convolutions: h = h + time_proj(silu(emb)) before norm2",
                                      "時刻の項が最後（conv2 の後）に足されています。畳み込みの間に入れます: "
                                      "norm2 の前に h = h + time_proj(silu(emb))")),
            (conv2(h + time), ("the skip path is missing: return conv2(...) + skip(x)",
                               "スキップ経路がありません: conv2(...) + skip(x) を返しましょう")),
        ]
    for wrong, message in slips:
        if torch.allclose(got, wrong, atol=1e-5):
            expect(False, message)
            return
    expect_close(got, want, atol=1e-5,
                 what=(f"{name} vs conv2(silu(norm2(conv1(silu(norm1(x))) + time_proj(silu(emb))))) + skip(x)",
                       f"{name} と conv2(silu(norm2(conv1(silu(norm1(x))) + time_proj(silu(emb))))) + skip(x) の比較"))


def test_parts(kata):
    block = kata.TimeResBlock(8, 16, time_dim=12, groups=4)
    expect(isinstance(getattr(block, "conv1", None), nn.Conv2d) and block.conv1.weight.shape == (16, 8, 3, 3)
           and block.conv1.padding == (1, 1),
           ("conv1 should be Conv2d(8, 16, 3, padding=1)", "conv1 は Conv2d(8, 16, 3, padding=1) のはずです"))
    expect(isinstance(getattr(block, "conv2", None), nn.Conv2d) and block.conv2.weight.shape == (16, 16, 3, 3),
           ("conv2 should be Conv2d(16, 16, 3, padding=1)", "conv2 は Conv2d(16, 16, 3, padding=1) のはずです"))
    expect(isinstance(getattr(block, "norm1", None), nn.GroupNorm) and block.norm1.num_channels == 8
           and block.norm1.num_groups == 4
           and isinstance(getattr(block, "norm2", None), nn.GroupNorm) and block.norm2.num_channels == 16,
           ("norm1 = GroupNorm(4, 8) and norm2 = GroupNorm(4, 16)", "norm1 = GroupNorm(4, 8)、norm2 = GroupNorm(4, 16) のはずです"))
    expect(isinstance(getattr(block, "time_proj", None), nn.Linear) and block.time_proj.weight.shape == (16, 12),
           ("time_proj should be Linear(time_dim=12, out=16)", "time_proj は Linear(time_dim=12, out=16) のはずです"))
    skip = getattr(block, "skip", None)
    expect(isinstance(skip, nn.Conv2d) and skip.weight.shape == (16, 8, 1, 1),
           ("with 8 → 16 channels, skip should be a 1×1 Conv2d(8, 16, 1) so x can be added",
            "8 → 16 チャネルでは、x を足せるように skip は 1×1 の Conv2d(8, 16, 1) のはずです"))
    same = kata.TimeResBlock(8, 8, time_dim=12, groups=4)
    expect(isinstance(getattr(same, "skip", None), nn.Identity),
           ("with equal channels (8 → 8), skip should be nn.Identity() (no extra weights)",
            "チャネル数が同じ（8 → 8）なら skip は nn.Identity()（余分な重みなし）のはずです"))


def test_formula_when_channels_change(kata):
    _check_formula(kata, 8, 16)


def test_formula_when_channels_match(kata):
    _check_formula(kata, 8, 8)


def test_time_shifts_each_example(kata):
    # Changing only example 0's embedding changes only example 0's output.
    block = kata.TimeResBlock(4, 8, time_dim=6, groups=2)
    x, emb = torch.randn(2, 4, 4, 4), torch.randn(2, 6)
    emb2 = emb.clone()
    emb2[0] += 1.0
    with torch.no_grad():
        a, b = block(x, emb), block(x, emb2)
    if not (expect_shape(a, (2, 8, 4, 4), ("TimeResBlock output", "TimeResBlock の出力"))
            and expect_shape(b, (2, 8, 4, 4), ("TimeResBlock output", "TimeResBlock の出力"))):
        return
    expect(float((a[0] - b[0]).abs().max()) > 1e-4,
           ("changing emb did not change the output: the time term is missing",
            "emb を変えても出力が変わりません。時刻の項が抜けています"))
    expect_close(a[1], b[1], atol=1e-6,
                 what=("example 1's output when only example 0's emb changed (one shift per example)",
                       "例 0 の emb だけを変えたときの例 1 の出力（ずらし量は例ごとです）"))


def test_gradients_reach_every_parameter(kata):
    block = kata.TimeResBlock(4, 8, time_dim=6, groups=2)
    out = block(torch.randn(2, 4, 4, 4), torch.randn(2, 6))
    if not expect_shape(out, (2, 8, 4, 4), ("TimeResBlock output", "TimeResBlock の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name, p in block.named_parameters():
        expect_grad(p, (f"parameter {name}", f"パラメータ {name}"))


def test_rejects_bad_input(kata):
    block = kata.TimeResBlock(4, 8, time_dim=6, groups=2)
    expect_raises(ValueError, block, torch.zeros(2, 3, 4, 4), torch.zeros(2, 6),
                  what=("x with 3 channels for in_channels = 4", "in_channels = 4 に 3 チャネルの x"))
    expect_raises(ValueError, block, torch.zeros(2, 4, 4, 4), torch.zeros(2, 5),
                  what=("emb [2, 5] for time_dim = 6", "time_dim = 6 に emb [2, 5]"))
    expect_raises(ValueError, block, torch.zeros(2, 4, 4, 4), torch.zeros(3, 6),
                  what=("emb for 3 examples with a batch of 2", "バッチ 2 に 3 例分の emb"))
