"""Specs for katas/s10_latent_diffusion/conv_decoder.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _conv_shape(layer):
    return (layer.in_channels, layer.out_channels, tuple(layer.kernel_size)) if isinstance(layer, nn.Conv2d) else None


def test_parts(kata):
    dec = kata.ConvDecoder(out_channels=3, channels=8, z_channels=4, upsamples=3, groups=4)
    expect(_conv_shape(getattr(dec, "conv_in", None)) == (4, 8, (3, 3)),
           (f".conv_in should be nn.Conv2d(z_channels=4, channels=8, 3, padding=1), got {getattr(dec, 'conv_in', None)}",
            f".conv_in は nn.Conv2d(z_channels=4, channels=8, 3, padding=1) のはずですが、"
            f"{getattr(dec, 'conv_in', None)} でした"))
    expect(_conv_shape(getattr(dec, "conv_out", None)) == (8, 3, (3, 3)),
           (f".conv_out should be nn.Conv2d(channels=8, out_channels=3, 3, padding=1), got {getattr(dec, 'conv_out', None)}",
            f".conv_out は nn.Conv2d(channels=8, out_channels=3, 3, padding=1) のはずですが、"
            f"{getattr(dec, 'conv_out', None)} でした"))
    up = getattr(dec, "up", None)
    n = len(up) if isinstance(up, nn.ModuleList) else None
    if not expect(n == 3, (f".up should be an nn.ModuleList of upsamples = 3 blocks, got {n}",
                           f".up は upsamples = 3 個のブロックの nn.ModuleList のはずですが、{n} でした")):
        return
    for i, block in enumerate(up):
        ups = [m for m in block.modules() if isinstance(m, nn.Upsample)]
        ok = len(ups) == 1 and float(ups[0].scale_factor) == 2.0 and ups[0].mode == "nearest"
        expect(ok, (f".up[{i}] should hold one nn.Upsample(scale_factor=2, mode='nearest'), got {ups}",
                    f".up[{i}] には nn.Upsample(scale_factor=2, mode='nearest') が 1 つあるはずですが、{ups} でした"))


def test_output_shapes(kata):
    for (cout, z, u), shape, want in (((1, 4, 2), (2, 4, 8, 8), (2, 1, 32, 32)),
                                      ((1, 4, 2), (1, 4, 2, 3), (1, 1, 8, 12)),
                                      ((3, 2, 1), (2, 2, 3, 5), (2, 3, 6, 10)),
                                      ((1, 3, 3), (1, 3, 2, 1), (1, 1, 16, 8))):
        dec = kata.ConvDecoder(out_channels=cout, channels=8, z_channels=z, upsamples=u, groups=4)
        with torch.no_grad():
            out = dec(torch.randn(*shape))
        expect_shape(out, want,
                     (f"ConvDecoder(out={cout}, z_channels={z}, upsamples={u})(z {list(shape)}) -> "
                      f"[B, out_channels, h·2^{u}, w·2^{u}]",
                      f"ConvDecoder(out={cout}, z_channels={z}, upsamples={u})(z {list(shape)}) の出力 "
                      f"[B, out_channels, h·2^{u}, w·2^{u}]"))


def test_forward_wires_the_parts(kata):
    dec = kata.ConvDecoder(out_channels=1, channels=8, z_channels=4, upsamples=2, groups=4)
    z = torch.randn(2, 4, 2, 3)
    with torch.no_grad():
        got = dec(z)
        h = dec.conv_in(z)
        for block in dec.up:
            h = block(h)
        want = dec.conv_out(F.silu(dec.norm_out(h)))
    if expect_shape(got, (2, 1, 8, 12), ("ConvDecoder(z [2, 4, 2, 3])", "ConvDecoder(z [2, 4, 2, 3]) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("forward vs conv_in -> each up block -> conv_out(SiLU(norm_out(h))) (no tanh or sigmoid "
                           "at the end)",
                           "forward と conv_in -> 各 up ブロック -> conv_out(SiLU(norm_out(h))) の比較（最後に tanh や "
                           "sigmoid は付けません）"))


def test_each_latent_on_its_own(kata):
    dec = kata.ConvDecoder(out_channels=1, channels=8, z_channels=4, upsamples=2, groups=4)
    z = torch.randn(3, 4, 2, 2)
    with torch.no_grad():
        together = dec(z)
        alone = dec(z[2:])
    if expect_shape(together, (3, 1, 8, 8), ("ConvDecoder(z [3, 4, 2, 2])", "ConvDecoder(z [3, 4, 2, 2]) の出力")):
        expect_close(together[2:], alone, atol=1e-5,
                     what=("latent 2 decoded in a batch of 3 vs alone (GroupNorm, not BatchNorm)",
                           "3 個のバッチの中で復号した潜在変数 2 と単独で復号した場合の比較（BatchNorm ではなく GroupNorm）"))


def test_gradients_reach_every_parameter(kata):
    dec = kata.ConvDecoder(out_channels=1, channels=8, z_channels=4, upsamples=2, groups=4)
    z = torch.randn(2, 4, 2, 2, requires_grad=True)
    out = dec(z)
    if not expect_shape(out, (2, 1, 8, 8), ("ConvDecoder(z [2, 4, 2, 2])", "ConvDecoder(z [2, 4, 2, 2]) の出力")):
        return
    out.pow(2).sum().backward()
    for name, p in dec.named_parameters():
        expect_grad(p, (f"ConvDecoder.{name}", f"ConvDecoder の {name}"))
    expect_grad(z, ("the latent z", "潜在変数 z"))


def test_bad_input(kata):
    dec = kata.ConvDecoder(out_channels=1, channels=8, z_channels=4, upsamples=2, groups=4)
    expect_raises(ValueError, dec, torch.randn(1, 8, 2, 2),
                  what=("z with 8 channels for a decoder built for z_channels = 4 (did you pass the encoder's "
                        "mean and logvar instead of a latent?)",
                        "z_channels = 4 のデコーダに 8 チャネルの z（潜在変数ではなく、エンコーダの平均と対数分散を"
                        "渡していませんか？）"))
    expect_raises(ValueError, dec, torch.randn(4, 2, 2),
                  what=("a 3-D z [4, 2, 2] (needs [B, C, h, w])", "3 次元の z [4, 2, 2]（[B, C, h, w] が必要）"))
