"""Specs for katas/s04_captioning/image_encoder.py."""
import torch

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

SMALL = dict(image_size=8, patch_size=2, in_channels=3, dim=16, depth=2, n_head=4)   # N = 16 patches


def make_encoder(kata, **kw):
    enc = kata.ImageEncoder(**{**SMALL, **kw})
    with torch.no_grad():   # a final LayerNorm that is not the identity, so its use is visible
        enc.ln_f.weight.copy_(1 + 0.5 * torch.randn(enc.ln_f.weight.shape))
        enc.ln_f.bias.copy_(0.5 * torch.randn(enc.ln_f.bias.shape))
    return enc


def test_parts(kata):
    enc = kata.ImageEncoder(**{**SMALL, "dropout": 0.1})
    expect(getattr(enc, "num_patches", None) == 16,
           (f"num_patches of an 8×8 image in 2×2 patches should be 16, got {getattr(enc, 'num_patches', None)}",
            f"8×8 の画像を 2×2 のパッチに分けると num_patches は 16 のはずですが、"
            f"{getattr(enc, 'num_patches', None)} でした"))
    for name, cls in (("patch_embed", kata.PatchEmbedding), ("cls_token", kata.ClassToken),
                      ("pos_embed", kata.LearnedPositionEmbedding), ("ln_f", kata.LayerNorm)):
        expect(isinstance(getattr(enc, name, None), cls),
               (f"encoder.{name} should be a {cls.__name__} (your earlier kata)",
                f"encoder.{name} は {cls.__name__}（これまでのカタのもの）のはずです"))
    pos = getattr(getattr(enc, "pos_embed", None), "pos", None)
    got = tuple(pos.shape) if pos is not None else None
    expect(got == (1, 17, 16), (f"pos_embed should have N + 1 = 17 positions (the class token has one too): "
                                f"pos [1, 17, 16], got {got}",
                                f"pos_embed の位置は N + 1 = 17 個のはずです（クラストークンにもあります）: "
                                f"pos [1, 17, 16] のはずが {got} でした"))
    blocks = getattr(enc, "blocks", None)
    ok = isinstance(blocks, torch.nn.ModuleList) and len(blocks) == 2 and \
        all(isinstance(b, kata.EncoderBlock) for b in blocks)
    expect(ok, ("encoder.blocks should be an nn.ModuleList of depth = 2 EncoderBlocks",
                "encoder.blocks は depth = 2 個の EncoderBlock の nn.ModuleList のはずです"))
    p = getattr(getattr(enc, "drop", None), "p", None)
    expect(p == 0.1, (f"encoder.drop should be nn.Dropout(0.1), got p = {p}",
                      f"encoder.drop は nn.Dropout(0.1) のはずですが、p = {p} でした"))


def test_shapes(kata):
    for kw, images, want in (({}, torch.randn(2, 3, 8, 8), (2, 17, 16)),
                             (dict(image_size=28, patch_size=4, in_channels=1, dim=8, depth=1, n_head=2),
                              torch.randn(3, 1, 28, 28), (3, 50, 8))):
        enc = kata.ImageEncoder(**{**SMALL, **kw})
        with torch.no_grad():
            out = enc(images)
        expect_shape(out, want, (f"ImageEncoder({kw or SMALL}) on images {list(images.shape)} -> [B, N + 1, dim]",
                                 f"ImageEncoder({kw or SMALL}) の images {list(images.shape)} に対する出力 "
                                 f"[B, N + 1, dim]"))


def test_matches_its_parts(kata):
    enc = make_encoder(kata)
    images = torch.randn(2, 3, 8, 8)
    with torch.no_grad():
        got = enc(images)
        x = enc.pos_embed(enc.cls_token(enc.patch_embed(images)))
        for block in enc.blocks:
            x, _ = block(x)
        want = enc.ln_f(x)
    if expect_shape(got, (2, 17, 16), ("ImageEncoder output", "ImageEncoder の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("ImageEncoder vs ln_f(blocks(pos_embed(cls_token(patch_embed(images))))) with its own "
                           "parts (class token BEFORE the positions; every block in order; the final ln_f)",
                           "ImageEncoder と、自分の部品による ln_f(blocks(pos_embed(cls_token(patch_embed(images))))) "
                           "の比較（位置埋め込みの「前」にクラストークン、すべてのブロックを順に、最後に ln_f）"))


def test_the_class_token_sees_every_patch(kata):
    enc = make_encoder(kata)
    images = torch.randn(1, 3, 8, 8)
    with torch.no_grad():
        a = enc(images)
        other = images.clone()
        other[..., 6:, 6:] += 3   # only the last patch changes
        b = enc(other)
    if expect_shape(a, (1, 17, 16), ("ImageEncoder output", "ImageEncoder の出力")):
        moved = float((a - b)[0, 0].abs().max())
        expect(moved > 1e-4, (f"changing the last patch should change the class token's output (position 0), "
                              f"it moved by {fmt(moved)}",
                              f"最後のパッチを変えたらクラストークン（位置 0）の出力も変わるはずですが、変化は "
                              f"{fmt(moved)} でした"))


def test_gradients_reach_every_part(kata):
    enc = make_encoder(kata)
    out = enc(torch.randn(2, 3, 8, 8))
    if not expect_shape(out, (2, 17, 16), ("ImageEncoder output", "ImageEncoder の出力")):
        return
    (out * torch.randn(out.shape)).sum().backward()
    for name in ("patch_embed.proj.weight", "cls_token.cls", "pos_embed.pos", "blocks.0.attn.qkv.weight",
                 "blocks.1.mlp.c_fc.weight", "ln_f.weight"):
        expect_grad(enc.get_parameter(name), (f"ImageEncoder.{name}", f"ImageEncoder の {name}"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.ImageEncoder, 28, 5,
                  what=("ImageEncoder(image_size=28, patch_size=5) (28 is not divisible by 5)",
                        "ImageEncoder(image_size=28, patch_size=5)（28 は 5 で割り切れない）"))
    enc = kata.ImageEncoder(**SMALL)
    expect_raises(ValueError, enc, torch.randn(2, 3, 4, 4),
                  what=("4×4 images for an encoder of 8×8 images", "8×8 用のエンコーダに 4×4 の画像"))
    expect_raises(ValueError, enc, torch.randn(2, 1, 8, 8),
                  what=("images with 1 channel for in_channels=3", "in_channels=3 に 1 チャネルの画像"))
