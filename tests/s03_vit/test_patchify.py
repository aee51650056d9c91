"""Specs for katas/s03_vit/patchify.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape


def _oracle(images, p):
    """F.unfold slides a p×p window with stride p: columns = patches in row-major order, each
    flattened channel-major (c, row, col)."""
    return F.unfold(images, p, stride=p).transpose(1, 2)


def test_hand_worked_4x4(kata):
    # One 4×4 grey image holding 0..15 row by row, p = 2: four 2×2 patches.
    img = torch.arange(16.0).reshape(1, 1, 4, 4)
    want = torch.tensor([[[0.0, 1, 4, 5],       # top-left
                          [2, 3, 6, 7],         # top-right
                          [8, 9, 12, 13],       # bottom-left
                          [10, 11, 14, 15]]])   # bottom-right
    got = kata.patchify(img, 2)
    if not expect_shape(got, (1, 4, 4), ("patchify(1×1×4×4 image, p=2) -> [B, N, C·p²]",
                                         "patchify(1×1×4×4 の画像, p=2) -> [B, N, C·p²]")):
        return
    got = got.detach()
    if torch.equal(got, want[:, [0, 2, 1, 3]]):
        expect(False, ("the patches come out column by column (top-left, bottom-left, top-right, …); "
                       "number them row-major: n = i·(W/p) + j, left to right first",
                       "パッチが列ごとの順（左上、左下、右上、…）になっています。行優先の順 n = i·(W/p) + j、"
                       "つまりまず左から右へ番号を振りましょう"))
    elif torch.equal(got, want[:, :, [0, 2, 1, 3]]):
        expect(False, ("each patch is flattened column by column ([0, 4, 1, 5] instead of [0, 1, 4, 5]); "
                       "inside a patch keep the pixel rows in order: feature = r·p + s",
                       "各パッチが列ごとに平らにされています（[0, 1, 4, 5] ではなく [0, 4, 1, 5]）。パッチの中では"
                       "ピクセルの行の順を保ちましょう: 特徴の番号 = r·p + s"))
    elif torch.equal(got, torch.arange(16.0).reshape(1, 4, 4)):
        expect(False, ("you reshaped the image straight to [B, N, p²]: that cuts it into rows of 4 "
                       "pixels, not 2×2 squares; split H and W into (patch, inside) first",
                       "画像をそのまま [B, N, p²] に reshape しています。これでは 2×2 の正方形ではなく 4 ピクセルの"
                       "行に切れてしまいます。先に H と W をそれぞれ（パッチ、パッチ内）に分けましょう"))
    else:
        expect_close(got, want, atol=0,
                     what=("patchify(arange(16) as 1×1×4×4, p=2): rows [0,1,4,5], [2,3,6,7], "
                           "[8,9,12,13], [10,11,14,15]",
                           "patchify(arange(16) を 1×1×4×4 に, p=2): 各行は [0,1,4,5]、[2,3,6,7]、"
                           "[8,9,12,13]、[10,11,14,15]"))


def test_channel_major_inside_a_patch(kata):
    # Two channels, one 2×2 patch: channel 0 = [[0, 1], [2, 3]], channel 1 = [[10, 11], [12, 13]].
    img = torch.tensor([[[[0.0, 1], [2, 3]], [[10, 11], [12, 13]]]])
    got = kata.patchify(img, 2)
    want = torch.tensor([[[0.0, 1, 2, 3, 10, 11, 12, 13]]])
    if not expect_shape(got, (1, 1, 8), ("patchify(1×2×2×2 image, p=2) -> [1, 1, 8]",
                                         "patchify(1×2×2×2 の画像, p=2) -> [1, 1, 8]")):
        return
    got = got.detach()
    if torch.equal(got, torch.tensor([[[0.0, 10, 1, 11, 2, 12, 3, 13]]])):
        expect(False, ("the channels are interleaved pixel by pixel (channel-last, [0, 10, 1, 11, …]); "
                       "flatten channel-major: all of channel 0, then all of channel 1",
                       "チャネルがピクセルごとに交互に並んでいます（チャネル最後、[0, 10, 1, 11, …]）。"
                       "チャネル優先で平らにしましょう: まずチャネル 0 の全体、次にチャネル 1 の全体です"))
    else:
        expect_close(got, want, atol=0,
                     what=("patchify of a 2-channel patch: [channel 0 row by row, then channel 1]",
                           "2 チャネルのパッチの patchify: [チャネル 0 を行ごとに、次にチャネル 1]"))


def test_matches_unfold(kata):
    # H ≠ W and C = 3, so swapped axes cannot hide.
    images = torch.randn(2, 3, 8, 12)
    got = kata.patchify(images, 4)
    if expect_shape(got, (2, 6, 48), ("patchify(images [2, 3, 8, 12], p=4) -> [B, (8/4)·(12/4), 3·4²]",
                                      "patchify(images [2, 3, 8, 12], p=4) の出力 [B, (8/4)·(12/4), 3·4²]")):
        expect_close(got, _oracle(images, 4), atol=0,
                     what=("patchify vs F.unfold(images, p, stride=p).transpose(1, 2) (exact)",
                           "patchify と F.unfold(images, p, stride=p).transpose(1, 2) の比較（完全一致）"))


def test_shapes_and_dtype(kata):
    for shape, p in (((3, 1, 28, 28), 4), ((1, 2, 6, 6), 1), ((2, 1, 6, 9), 3), ((1, 3, 5, 5), 5)):
        B, C, H, W = shape
        images = torch.randn(*shape, dtype=torch.float64)
        got = kata.patchify(images, p)
        what = (f"patchify(images {list(shape)}, p={p})", f"patchify(images {list(shape)}, p={p})")
        if expect_shape(got, (B, (H // p) * (W // p), C * p * p), what):
            expect(got.dtype == torch.float64,
                   (f"{what[0]}: the dtype should follow the input (float64), got {got.dtype}",
                    f"{what[1]}: dtype は入力（float64）に従うはずですが、{got.dtype} でした"))
            expect_close(got, _oracle(images, p), atol=0,
                         what=(f"{what[0]} vs F.unfold", f"{what[1]} と F.unfold の比較"))


def test_every_pixel_exactly_once(kata):
    # Non-overlapping patches that cover the image: the sum of all patches' gradients is 1 per pixel.
    images = torch.randn(2, 2, 6, 4, requires_grad=True)
    out = kata.patchify(images, 2)
    if not expect_shape(out, (2, 6, 8), ("patchify(images [2, 2, 6, 4], p=2)",
                                         "patchify(images [2, 2, 6, 4], p=2) の出力")):
        return
    if not expect(out.requires_grad, ("the patches are cut off from the images' graph (no .detach(), "
                                      ".numpy() or new tensors)",
                                      "パッチが images の計算グラフから切り離されています（.detach()、.numpy()、"
                                      "新しいテンソルの作成を避けましょう）")):
        return
    out.sum().backward()
    expect_close(images.grad, torch.ones_like(images), atol=0,
                 what=("d(sum of all patches)/d(pixel): every pixel lies in exactly one patch",
                       "d(全パッチの和)/d(ピクセル): どのピクセルもちょうど 1 つのパッチに入ります"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.patchify, torch.zeros(1, 1, 6, 8), 4,
                  what=("patchify of a 6×8 image with p=4 (H not divisible)",
                        "6×8 の画像を p=4 で patchify（H が割り切れない）"))
    expect_raises(ValueError, kata.patchify, torch.zeros(1, 1, 8, 6), 4,
                  what=("patchify of an 8×6 image with p=4 (W not divisible)",
                        "8×6 の画像を p=4 で patchify（W が割り切れない）"))
    expect_raises(ValueError, kata.patchify, torch.zeros(1, 8, 8), 4,
                  what=("patchify of a 3-D tensor [1, 8, 8] (no channel axis)",
                        "3 次元テンソル [1, 8, 8] の patchify（チャネルの軸がない）"))
