"""Specs for katas/s06_ddpm/upsample.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape


def test_doubles_height_and_width(kata):
    up = kata.Upsample(3)
    got = up(torch.randn(2, 3, 4, 5))
    expect_shape(got, (2, 3, 8, 10), ("Upsample(3)(x [2, 3, 4, 5]) -> [2, 3, 2·4, 2·5]",
                                      "Upsample(3)(x [2, 3, 4, 5]) -> [2, 3, 2·4, 2·5] の出力"))
    conv = getattr(up, "conv", None)
    expect(isinstance(conv, nn.Conv2d) and conv.kernel_size == (3, 3) and conv.stride == (1, 1)
           and conv.padding == (1, 1) and conv.in_channels == 3 and conv.out_channels == 3,
           ("conv should be Conv2d(3, 3, 3, padding=1)", "conv は Conv2d(3, 3, 3, padding=1) のはずです"))


def test_nearest_with_an_identity_conv(kata):
    # With a centre-tap (identity) kernel the conv changes nothing, so the output is the
    # interpolation itself: each pixel repeated into a 2×2 block.
    up = kata.Upsample(1)
    with torch.no_grad():
        up.conv.weight.zero_()
        up.conv.weight[0, 0, 1, 1] = 1.0
        up.conv.bias.zero_()
    x = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    got = up(x)
    if not expect_shape(got, (1, 1, 4, 4), ("Upsample(1) of a 2×2 image", "2×2 画像の Upsample(1)")):
        return
    want = torch.tensor([[[[1.0, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]])
    if torch.allclose(got, F.interpolate(x, scale_factor=2, mode="bilinear"), atol=1e-5) or \
            torch.allclose(got, F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True), atol=1e-5):
        expect(False, ("the pixels are blended (bilinear); DDPM repeats each pixel into a 2×2 block: "
                       "F.interpolate(x, scale_factor=2, mode=\"nearest\")",
                       "ピクセルが混ぜ合わされています（bilinear）。DDPM は各ピクセルを 2×2 のブロックに繰り返します: "
                       "F.interpolate(x, scale_factor=2, mode=\"nearest\")"))
        return
    expect_close(got, want, atol=1e-6,
                 what=("[[1, 2], [3, 4]] upsampled with an identity conv: each pixel becomes a 2×2 block",
                       "恒等の畳み込みで [[1, 2], [3, 4]] を Upsample: 各ピクセルが 2×2 のブロックになります"))


def test_matches_interpolate_then_conv(kata):
    up = kata.Upsample(2)
    x = torch.randn(2, 2, 3, 4)
    got = up(x)
    if expect_shape(got, (2, 2, 6, 8), ("Upsample(2)(x [2, 2, 3, 4])", "Upsample(2)(x [2, 2, 3, 4]) の出力")):
        want = F.conv2d(F.interpolate(x, scale_factor=2, mode="nearest"), up.conv.weight, up.conv.bias, padding=1)
        expect_close(got, want, atol=1e-6,
                     what=("Upsample vs conv(F.interpolate(x, scale_factor=2, mode=\"nearest\"))",
                           "Upsample と conv(F.interpolate(x, scale_factor=2, mode=\"nearest\")) の比較"))


def test_rejects_bad_input(kata):
    up = kata.Upsample(2)
    expect_raises(ValueError, up, torch.zeros(1, 3, 4, 4),
                  what=("3 channels for Upsample(2)", "Upsample(2) に 3 チャネル"))
    expect_raises(ValueError, up, torch.zeros(2, 4, 4),
                  what=("a 3-D x [2, 4, 4]", "3 次元の x [2, 4, 4]"))
