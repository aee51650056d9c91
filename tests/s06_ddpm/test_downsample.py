"""Specs for katas/s06_ddpm/downsample.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape


def test_halves_height_and_width(kata):
    down = kata.Downsample(4)
    got = down(torch.randn(2, 4, 8, 6))
    expect_shape(got, (2, 4, 4, 3), ("Downsample(4)(x [2, 4, 8, 6]) -> [2, 4, 8/2, 6/2]",
                                     "Downsample(4)(x [2, 4, 8, 6]) -> [2, 4, 8/2, 6/2] の出力"))
    conv = getattr(down, "conv", None)
    expect(isinstance(conv, nn.Conv2d) and conv.kernel_size == (3, 3) and conv.stride == (2, 2)
           and conv.padding == (1, 1) and conv.in_channels == 4 and conv.out_channels == 4,
           ("conv should be Conv2d(4, 4, 3, stride=2, padding=1)",
            "conv は Conv2d(4, 4, 3, stride=2, padding=1) のはずです"))


def test_centre_tap_keeps_every_other_pixel(kata):
    # A kernel that copies the centre pixel of each channel: a stride-2 conv with padding 1 then keeps
    # pixels (0, 0), (0, 2), …, (2, 0), … — the even rows and columns.
    down = kata.Downsample(2)
    with torch.no_grad():
        down.conv.weight.zero_()
        down.conv.bias.zero_()
        for c in range(2):
            down.conv.weight[c, c, 1, 1] = 1.0
    x = torch.arange(2 * 4 * 4, dtype=torch.float32).reshape(1, 2, 4, 4)
    got = down(x)
    if expect_shape(got, (1, 2, 2, 2), ("Downsample(2) with a centre-tap kernel on [1, 2, 4, 4]",
                                        "中央だけの重みの Downsample(2) を [1, 2, 4, 4] に適用")):
        expect_close(got, x[:, :, ::2, ::2], atol=1e-6,
                     what=("centre-tap Downsample = x[:, :, ::2, ::2] (stride 2, padding 1)",
                           "中央だけの重みの Downsample = x[:, :, ::2, ::2]（ストライド 2、パディング 1）"))


def test_matches_conv2d(kata):
    down = kata.Downsample(3)
    x = torch.randn(2, 3, 6, 10)
    got = down(x)
    if expect_shape(got, (2, 3, 3, 5), ("Downsample(3)(x [2, 3, 6, 10])", "Downsample(3)(x [2, 3, 6, 10]) の出力")):
        expect_close(got, F.conv2d(x, down.conv.weight, down.conv.bias, stride=2, padding=1), atol=1e-6,
                     what=("Downsample vs F.conv2d(x, w, b, stride=2, padding=1)",
                           "Downsample と F.conv2d(x, w, b, stride=2, padding=1) の比較"))


def test_rejects_bad_input(kata):
    down = kata.Downsample(2)
    expect_raises(ValueError, down, torch.zeros(1, 2, 7, 8),
                  what=("an odd height 7", "奇数の高さ 7"))
    expect_raises(ValueError, down, torch.zeros(1, 2, 8, 5),
                  what=("an odd width 5", "奇数の幅 5"))
    expect_raises(ValueError, down, torch.zeros(1, 3, 8, 8),
                  what=("3 channels for Downsample(2)", "Downsample(2) に 3 チャネル"))
