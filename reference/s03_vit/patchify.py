"""Kata: cut an image into patches (patchify).

A transformer reads a sequence of vectors, not a grid of pixels. The Vision Transformer cuts the
image into non-overlapping p×p squares, the patches, and flattens each one into a vector: a 28×28
digit with p = 4 becomes a "sentence" of 7·7 = 49 patch vectors of 1·4·4 = 16 numbers each.
The patches are numbered in row-major order (left to right, then top to bottom, like reading),
and each patch is flattened channel-major: all of channel 0 (row by row), then channel 1, …

    N = (H/p)·(W/p),   n = i·(W/p) + j   (patch in patch-row i, patch-column j)
    out[b, n, c·p² + r·p + s] = images[b, c, i·p + r, j·p + s]

This is exactly `F.unfold(images, p, stride=p).transpose(1, 2)` (the specs' oracle); write it
yourself with reshape / permute (or unfold).
Shapes: images [B, C, H, W] -> patches [B, N, C·p²]; the dtype follows the input.
Bad input: images that are not 4-D, a patch_size < 1, or H or W not divisible by patch_size
(the last patch would be cut off) -> ValueError.

【日本語】
カタ: 画像をパッチに切り分ける（patchify）。

Transformer が読むのはベクトルの系列で、ピクセルの格子ではありません。Vision Transformer は画像を
重なりのない p×p の正方形、つまりパッチに切り分け、それぞれを 1 本のベクトルに平らにします。28×28 の数字画像を
p = 4 で切ると、1·4·4 = 16 個の数からなるパッチベクトル 7·7 = 49 本の「文」になります。
パッチの番号は行優先の順（文章を読むのと同じく、左から右へ、次に上から下へ）で振ります。各パッチは
チャネル優先で平らにします。まずチャネル 0 の全体（行ごとに）、次にチャネル 1、… の順です。

    N = (H/p)·(W/p),   n = i·(W/p) + j   （パッチ行 i、パッチ列 j のパッチ）
    out[b, n, c·p² + r·p + s] = images[b, c, i·p + r, j·p + s]

これは `F.unfold(images, p, stride=p).transpose(1, 2)` とまったく同じです（テストはこれを正解として
比べます）。reshape / permute（または unfold）を使って自分で書きましょう。
形状: images [B, C, H, W] -> patches [B, N, C·p²]。dtype は入力に従います。
不正な入力: 4 次元でない images、1 未満の patch_size、H か W が patch_size で割り切れない場合
（最後のパッチが欠けてしまいます）は ValueError を送出します。
"""
import torch


def patchify(images: torch.Tensor, patch_size: int) -> torch.Tensor:
    """images [B, C, H, W] -> patches [B, N, C·p²], row-major patches, channel-major inside."""
    if images.dim() != 4:
        raise ValueError(f"images must be 4-D [B, C, H, W], got shape {tuple(images.shape)}")
    p = int(patch_size)
    if p < 1:
        raise ValueError(f"patch_size must be >= 1, got {patch_size}")
    B, C, H, W = images.shape
    if H % p or W % p:
        # A silent floor division would drop the last rows/columns of pixels.
        raise ValueError(f"image size {H}×{W} is not divisible by patch_size {p}")
    h, w = H // p, W // p
    # Split each spatial axis into (which patch, where inside the patch):
    # [B, C, H, W] -> [B, C, h, p, w, p]   (H = h·p: index i·p + r)
    x = images.reshape(B, C, h, p, w, p)
    # Bring the patch indices (i, j) forward, in reading order, and keep (c, r, s) together
    # behind them in that order, so each patch flattens channel-major: [B, h, w, C, p, p].
    x = x.permute(0, 2, 4, 1, 3, 5)
    # n = i·w + j and feature = c·p² + r·p + s: exactly row-major flattening of those axes.
    return x.reshape(B, h * w, C * p * p)
