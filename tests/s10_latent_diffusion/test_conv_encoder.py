"""Specs for katas/s10_latent_diffusion/conv_encoder.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _conv_shape(layer):
    return (layer.in_channels, layer.out_channels, tuple(layer.kernel_size)) if isinstance(layer, nn.Conv2d) else None


def test_parts(kata):
    enc = kata.ConvEncoder(in_channels=3, channels=8, z_channels=4, downsamples=3, groups=4)
    expect(_conv_shape(getattr(enc, "conv_in", None)) == (3, 8, (3, 3)),
           (f".conv_in should be nn.Conv2d(3, 8, 3, padding=1), got {getattr(enc, 'conv_in', None)}",
            f".conv_in は nn.Conv2d(3, 8, 3, padding=1) のはずですが、{getattr(enc, 'conv_in', None)} でした"))
    got = _conv_shape(getattr(enc, "conv_out", None))
    expect(got == (8, 8, (3, 3)),
           (f".conv_out should be nn.Conv2d(channels=8, 2·z_channels=8, 3): the encoder outputs the means AND the "
            f"log-variances; got (in, out, kernel) = {got}",
            f".conv_out は nn.Conv2d(channels=8, 2·z_channels=8, 3) のはずです。エンコーダは平均「と」対数分散を"
            f"出力します。(in, out, kernel) = {got} でした"))
    down = getattr(enc, "down", None)
    n = len(down) if isinstance(down, nn.ModuleList) else None
    expect(n == 3, (f".down should be an nn.ModuleList of downsamples = 3 blocks, got {n}",
                    f".down は downsamples = 3 個のブロックの nn.ModuleList のはずですが、{n} でした"))
    strided = sum(1 for m in enc.modules() if isinstance(m, nn.Conv2d) and tuple(m.stride) == (2, 2))
    expect(strided == 3, (f"one stride-2 convolution per down block (3 in all), found {strided}",
                          f"ストライド 2 の畳み込みは down のブロックごとに 1 つ（全部で 3 つ）のはずですが、{strided} 個でした"))
    expect(not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in enc.modules()),
           ("use nn.GroupNorm, not BatchNorm (each image is normalised on its own)",
            "BatchNorm ではなく nn.GroupNorm を使いましょう（各画像を単独で正規化します）"))


def test_output_shapes(kata):
    for (cin, ch, z, d), shape, want in (((1, 8, 4, 2), (2, 1, 32, 32), (2, 8, 8, 8)),
                                         ((1, 8, 4, 2), (1, 1, 8, 16), (1, 8, 2, 4)),
                                         ((3, 8, 2, 1), (2, 3, 6, 10), (2, 4, 3, 5)),
                                         ((1, 8, 3, 3), (1, 1, 16, 8), (1, 6, 2, 1))):
        enc = kata.ConvEncoder(in_channels=cin, channels=ch, z_channels=z, downsamples=d, groups=4)
        with torch.no_grad():
            out = enc(torch.randn(*shape))
        expect_shape(out, want,
                     (f"ConvEncoder(in={cin}, z_channels={z}, downsamples={d})(x {list(shape)}) -> "
                      f"[B, 2·z_channels, H/2^{d}, W/2^{d}]",
                      f"ConvEncoder(in={cin}, z_channels={z}, downsamples={d})(x {list(shape)}) の出力 "
                      f"[B, 2·z_channels, H/2^{d}, W/2^{d}]"))


def test_forward_wires_the_parts(kata):
    enc = kata.ConvEncoder(in_channels=1, channels=8, z_channels=4, downsamples=2, groups=4)
    x = torch.randn(2, 1, 16, 8)
    with torch.no_grad():
        got = enc(x)
        h = enc.conv_in(x)
        for block in enc.down:
            h = block(h)
        want = enc.conv_out(F.silu(enc.norm_out(h)))
    if expect_shape(got, (2, 8, 4, 2), ("ConvEncoder(x [2, 1, 16, 8])", "ConvEncoder(x [2, 1, 16, 8]) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("forward vs conv_in -> each down block -> conv_out(SiLU(norm_out(h)))",
                           "forward と conv_in -> 各 down ブロック -> conv_out(SiLU(norm_out(h))) の比較"))


def test_each_image_on_its_own(kata):
    enc = kata.ConvEncoder(in_channels=1, channels=8, z_channels=4, downsamples=2, groups=4)
    x = torch.randn(3, 1, 8, 8)
    with torch.no_grad():
        together = enc(x)
        alone = enc(x[:1])
    if expect_shape(together, (3, 8, 2, 2), ("ConvEncoder(x [3, 1, 8, 8])", "ConvEncoder(x [3, 1, 8, 8]) の出力")):
        expect_close(together[:1], alone, atol=1e-5,
                     what=("image 0 encoded in a batch of 3 vs alone (nothing may mix images: GroupNorm, not BatchNorm)",
                           "3 枚のバッチの中で符号化した画像 0 と単独で符号化した画像 0 の比較（画像どうしを混ぜてはいけません。"
                           "BatchNorm ではなく GroupNorm です）"))


def test_gradients_reach_every_parameter(kata):
    enc = kata.ConvEncoder(in_channels=1, channels=8, z_channels=4, downsamples=2, groups=4)
    out = enc(torch.randn(2, 1, 8, 8))
    if not expect_shape(out, (2, 8, 2, 2), ("ConvEncoder(x [2, 1, 8, 8])", "ConvEncoder(x [2, 1, 8, 8]) の出力")):
        return
    out.pow(2).sum().backward()
    for name, p in enc.named_parameters():
        expect_grad(p, (f"ConvEncoder.{name}", f"ConvEncoder の {name}"))


def test_bad_input(kata):
    enc = kata.ConvEncoder(in_channels=1, channels=8, z_channels=4, downsamples=2, groups=4)
    expect_raises(ValueError, enc, torch.randn(1, 1, 30, 32),
                  what=("x of size 30×32 with 2 downsamples (30 is not divisible by 4)",
                        "2 回ダウンサンプリングする 30×32 の x（30 は 4 で割り切れない）"))
    expect_raises(ValueError, enc, torch.randn(1, 1, 32, 6),
                  what=("x of size 32×6 with 2 downsamples (6 is not divisible by 4)",
                        "2 回ダウンサンプリングする 32×6 の x（6 は 4 で割り切れない）"))
    expect_raises(ValueError, enc, torch.randn(1, 3, 8, 8),
                  what=("x with 3 channels for an encoder built for in_channels = 1",
                        "in_channels = 1 のエンコーダに 3 チャネルの x"))
    expect_raises(ValueError, enc, torch.randn(1, 8, 8),
                  what=("a 3-D x [1, 8, 8] (needs [B, C, H, W])", "3 次元の x [1, 8, 8]（[B, C, H, W] が必要）"))
