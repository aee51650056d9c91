"""Specs for katas/s09_clip/clip_image_encoder.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

SMALL = dict(in_channels=2, image_size=8, channels=4, out_dim=6)   # grid 8 -> 4 -> 2


def make_encoder(kata, **kw):
    enc = kata.CLIPImageEncoder(**{**SMALL, **kw})
    with torch.no_grad():   # a final LayerNorm that is not the identity, so its use is visible
        enc.ln.weight.copy_(1 + 0.5 * torch.randn(enc.ln.weight.shape))
        enc.ln.bias.copy_(0.5 * torch.randn(enc.ln.bias.shape))
    return enc


def oracle(enc, images):
    """The same network from torch's functional ops and the encoder's own weights."""
    x = F.max_pool2d(F.relu(F.conv2d(images, enc.conv1.weight, enc.conv1.bias, padding=1)), 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, enc.conv2.weight, enc.conv2.bias, padding=1)), 2)
    x = F.linear(x.reshape(len(x), -1), enc.fc.weight, enc.fc.bias)
    return F.layer_norm(x, x.shape[-1:], enc.ln.weight, enc.ln.bias, eps=1e-5)


def test_parts(kata):
    enc = kata.CLIPImageEncoder(**SMALL)
    for name, want in (("conv1", (4, 2, 3, 3)), ("conv2", (8, 4, 3, 3))):
        layer = getattr(enc, name, None)
        got = tuple(layer.weight.shape) if isinstance(layer, nn.Conv2d) else None
        pad = getattr(layer, "padding", None)
        expect(got == want and pad == (1, 1),
               (f".{name} should be an nn.Conv2d with weight {want} and padding=1, got weight {got}, padding {pad}",
                f".{name} は重み {want}、padding=1 の nn.Conv2d のはずですが、重み {got}、padding {pad} でした"))
    fc = getattr(enc, "fc", None)
    got = tuple(fc.weight.shape) if isinstance(fc, nn.Linear) else None
    expect(got == (6, 8 * 2 * 2), (f".fc should be an nn.Linear(2c·(S/4)² = 32, out_dim = 6) (weight (6, 32)), got "
                                   f"weight {got}",
                                   f".fc は nn.Linear(2c·(S/4)² = 32, out_dim = 6)（重み (6, 32)）のはずですが、重み "
                                   f"{got} でした"))
    expect(isinstance(getattr(enc, "ln", None), kata.LayerNorm),
           (".ln should be a LayerNorm(out_dim) (s02)", ".ln は LayerNorm(out_dim)（s02）のはずです"))
    expect(getattr(enc, "out_dim", None) == 6, (f".out_dim should be 6, got {getattr(enc, 'out_dim', None)}",
                                                f".out_dim は 6 のはずですが、{getattr(enc, 'out_dim', None)} でした"))


def test_matches_the_functional_network(kata):
    enc = make_encoder(kata)
    images = torch.randn(3, 2, 8, 8)
    with torch.no_grad():
        got = enc(images)
        want = oracle(enc, images)
    if expect_shape(got, (3, 6), ("CLIPImageEncoder(images [3, 2, 8, 8]) -> [B, out_dim]",
                                  "CLIPImageEncoder(images [3, 2, 8, 8]) の出力 [B, out_dim]")):
        expect_close(got, want, atol=1e-5,
                     what=("encoder vs ln(fc(flatten(pool(relu(conv2(pool(relu(conv1(images))))))))) "
                           "(ReLU before each 2×2 max-pool; flatten(1) in (channel, row, column) order; ln last)",
                           "エンコーダと ln(fc(flatten(pool(relu(conv2(pool(relu(conv1(images))))))))) の比較"
                           "（各 2×2 max プーリングの前に ReLU、flatten(1) は（チャネル、行、列）の順、最後に ln）"))


def test_default_shapes(kata):
    for kw, images, want in (({}, torch.randn(2, 1, 28, 28), (2, 128)),
                             (dict(in_channels=1, image_size=12, channels=3, out_dim=5), torch.randn(4, 1, 12, 12), (4, 5))):
        enc = kata.CLIPImageEncoder(**kw)
        with torch.no_grad():
            out = enc(images)
        expect_shape(out, want, (f"CLIPImageEncoder({kw})(images {list(images.shape)})",
                                 f"CLIPImageEncoder({kw})(images {list(images.shape)}) の出力"))


def test_each_image_on_its_own(kata):
    enc = make_encoder(kata)
    images = torch.randn(4, 2, 8, 8)
    other = images.clone()
    other[1:] = 3 * torch.randn(3, 2, 8, 8)
    with torch.no_grad():
        base, moved, alone = enc(images), enc(other), enc(images[:1])
    if not expect_shape(base, (4, 6), ("CLIPImageEncoder output", "CLIPImageEncoder の出力")):
        return
    diff = float((moved[0] - base[0]).abs().max())
    expect(diff < 1e-5, (f"changing images 1..3 changed image 0's vector by {fmt(diff)}: encode each image on its "
                         f"own (no batch statistics, no mixing across the batch axis)",
                         f"画像 1..3 を変えたら画像 0 のベクトルが {fmt(diff)} 変わりました。各画像は独立にエンコード"
                         f"しましょう（バッチの統計を使わず、バッチの軸をまたいで混ぜない）"))
    expect_close(alone, base[:1], atol=1e-5,
                 what=("image 0 encoded alone vs in a batch of 4", "画像 0 を単独でエンコードした結果と 4 枚のバッチの中での結果"))


def test_gradients_reach_every_layer(kata):
    enc = kata.CLIPImageEncoder(**SMALL)
    images = torch.randn(3, 2, 8, 8, requires_grad=True)
    out = enc(images)
    if not expect_shape(out, (3, 6), ("CLIPImageEncoder output", "CLIPImageEncoder の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name in ("conv1.weight", "conv2.weight", "fc.weight", "ln.weight"):
        expect_grad(enc.get_parameter(name), (f"CLIPImageEncoder.{name}", f"CLIPImageEncoder の {name}"))
    expect_grad(images, ("the input images", "入力画像"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.CLIPImageEncoder, 1, 30,
                  what=("CLIPImageEncoder(image_size=30) (not divisible by 4)",
                        "CLIPImageEncoder(image_size=30)（4 で割り切れない）"))
    enc = kata.CLIPImageEncoder(**SMALL)
    expect_raises(ValueError, enc, torch.randn(2, 1, 8, 8),
                  what=("images with 1 channel for in_channels=2", "in_channels=2 なのに 1 チャネルの画像"))
    expect_raises(ValueError, enc, torch.randn(2, 2, 12, 12),
                  what=("12×12 images for image_size=8", "image_size=8 なのに 12×12 の画像"))
    expect_raises(ValueError, enc, torch.randn(2, 8, 8),
                  what=("images of shape [2, 8, 8] (no channel axis)", "形状 [2, 8, 8] の画像（チャネルの軸がない）"))
