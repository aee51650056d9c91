"""Specs for katas/s03_vit/patch_embedding.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _oracle(pe, images, dim):
    """The same map written as a Linear on the patches: F.unfold cuts them (row-major patches,
    channel-major inside), the conv's weight reshaped to [dim, C·p²] is the Linear's weight."""
    p = pe.proj.kernel_size[0]
    patches = F.unfold(images, p, stride=p).transpose(1, 2)   # [B, N, C·p²]
    return F.linear(patches, pe.proj.weight.view(dim, -1), pe.proj.bias)


def test_parts(kata):
    pe = kata.PatchEmbedding(3, 4, 10)
    proj = getattr(pe, "proj", None)
    if not expect(isinstance(proj, nn.Conv2d),
                  (f".proj should be nn.Conv2d(in_channels, dim, kernel_size=p, stride=p), got "
                   f"{type(proj).__name__}",
                   f".proj は nn.Conv2d(in_channels, dim, kernel_size=p, stride=p) のはずですが、"
                   f"{type(proj).__name__} でした")):
        return
    got = (proj.in_channels, proj.out_channels, tuple(proj.kernel_size), tuple(proj.stride))
    expect(got == (3, 10, (4, 4), (4, 4)),
           (f".proj for PatchEmbedding(3, 4, 10) should have in 3, out 10, kernel (4, 4), stride (4, 4) "
            f"(stride = kernel: patches that do not overlap), got in {got[0]}, out {got[1]}, kernel "
            f"{got[2]}, stride {got[3]}",
            f"PatchEmbedding(3, 4, 10) の .proj は入力 3、出力 10、カーネル (4, 4)、ストライド (4, 4)"
            f"（ストライド = カーネルで、パッチが重なりません）のはずですが、入力 {got[0]}、出力 {got[1]}、"
            f"カーネル {got[2]}、ストライド {got[3]} でした"))
    expect(proj.bias is not None, (".proj should have a bias", ".proj にはバイアスが必要です"))


def test_equals_a_linear_on_the_patches(kata):
    pe = kata.PatchEmbedding(3, 4, 10)
    images = torch.randn(2, 3, 8, 12)   # a 2×3 grid of patches: H ≠ W catches swapped axes
    got = pe(images)
    if not expect_shape(got, (2, 6, 10), ("PatchEmbedding(3, 4, 10)(images [2, 3, 8, 12]) -> [B, N, dim]",
                                          "PatchEmbedding(3, 4, 10)(images [2, 3, 8, 12]) の出力 [B, N, dim]")):
        return
    got = got.detach()
    with torch.no_grad():
        want = _oracle(pe, images, 10)
        conv = pe.proj(images)                      # [B, dim, h, w]
    if torch.allclose(got, conv.reshape(2, 6, 10), atol=1e-5):
        expect(False, ("you reshaped the conv output [B, dim, h, w] straight to [B, N, dim]: that "
                       "mixes features and patches; flatten(2) then transpose(1, 2)",
                       "畳み込みの出力 [B, dim, h, w] をそのまま [B, N, dim] に reshape しています。これでは特徴と"
                       "パッチが混ざります。flatten(2) の後に transpose(1, 2) をしましょう"))
    elif torch.allclose(got, conv.transpose(2, 3).flatten(2).transpose(1, 2), atol=1e-5):
        expect(False, ("the patches come out column by column; number them row-major (left to right, "
                       "then top to bottom), as flatten(2) of [B, dim, h, w] does",
                       "パッチが列ごとの順になっています。行優先の順（左から右、次に上から下）で番号を振りましょう。"
                       "[B, dim, h, w] を flatten(2) するとその順になります"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("PatchEmbedding vs F.linear(unfold patches, proj.weight.view(dim, -1), proj.bias)",
                           "PatchEmbedding と F.linear(unfold したパッチ, proj.weight.view(dim, -1), proj.bias) "
                           "の比較"))


def test_one_token_per_patch_in_reading_order(kata):
    # A 1-channel 4×6 image whose 2×2 patches hold the constants 0..5 in reading order; the conv
    # sums each patch (weight 1, bias 0), so token n should be 4·n in every feature.
    pe = kata.PatchEmbedding(1, 2, 3)
    with torch.no_grad():
        pe.proj.weight.fill_(1.0)
        if pe.proj.bias is not None:
            pe.proj.bias.zero_()
    img = torch.arange(6.0).reshape(1, 1, 2, 3).repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)
    got = pe(img)
    if expect_shape(got, (1, 6, 3), ("PatchEmbedding(1, 2, 3)(image [1, 1, 4, 6]) -> [1, 6, 3]",
                                     "PatchEmbedding(1, 2, 3)(image [1, 1, 4, 6]) の出力 [1, 6, 3]")):
        want = (4 * torch.arange(6.0)).view(1, 6, 1).expand(1, 6, 3)
        expect_close(got, want, atol=1e-5,
                     what=("token n = the sum of patch n (patches numbered row-major: 0, 4, 8, 12, 16, 20)",
                           "トークン n = パッチ n の和（パッチは行優先の番号: 0, 4, 8, 12, 16, 20）"))


def test_mnist_shape_and_gradients(kata):
    pe = kata.PatchEmbedding(1, 4, 16)
    images = torch.randn(3, 1, 28, 28, requires_grad=True)
    out = pe(images)
    if not expect_shape(out, (3, 49, 16), ("PatchEmbedding(1, 4, 16) on MNIST-sized images [3, 1, 28, 28] "
                                           "-> 7·7 = 49 tokens",
                                           "MNIST サイズの画像 [3, 1, 28, 28] に PatchEmbedding(1, 4, 16) "
                                           "-> 7·7 = 49 トークン")):
        return
    (out * torch.randn_like(out)).sum().backward()
    expect_grad(pe.proj.weight, ("proj.weight", "proj の重み proj.weight"))
    expect_grad(pe.proj.bias, ("proj.bias", "proj のバイアス proj.bias"))
    expect_grad(images, ("the images", "画像"))


def test_rejects_bad_images(kata):
    pe = kata.PatchEmbedding(1, 4, 8)
    expect_raises(ValueError, pe, torch.zeros(1, 1, 8, 10),
                  what=("PatchEmbedding(p=4) on an 8×10 image (W not divisible: the conv would drop pixels)",
                        "8×10 の画像に PatchEmbedding(p=4)（W が割り切れず、畳み込みがピクセルを捨ててしまう）"))
    expect_raises(ValueError, pe, torch.zeros(1, 10, 8),
                  what=("PatchEmbedding on a 3-D tensor [1, 10, 8]", "3 次元テンソル [1, 10, 8] に PatchEmbedding"))
    expect_raises(ValueError, pe, torch.zeros(1, 3, 8, 8),
                  what=("PatchEmbedding(in_channels=1) on a 3-channel image",
                        "3 チャネルの画像に PatchEmbedding(in_channels=1)"))
