"""Kata: the patch embedding (a linear map of every patch, done as one convolution).

Each flattened patch (C·p² numbers) is mapped by the same learned linear layer to a dim-sized
vector, the patch's embedding: the image's "token embedding". A Conv2d with kernel_size = stride
= p computes exactly that: its kernel visits every patch once, without overlap, and takes a dot
product of the patch's pixels with each of its dim filters. Its output [B, dim, H/p, W/p] is a
grid of patch vectors; flatten the grid in row-major order to get the sequence.

    emb[b, n, :] = W · patchify(images)[b, n, :] + bias        W = proj.weight.view(dim, C·p²)
    proj(images) [B, dim, h, w]  ->  flatten(2) [B, dim, N]  ->  transpose(1, 2) [B, N, dim]

Parts: `.patch_size`, `.proj` = nn.Conv2d(in_channels, dim, kernel_size=patch_size,
stride=patch_size) (with bias).
Shapes: images [B, C, H, W] -> [B, N, dim], N = (H/p)·(W/p), in the patch order of `patchify`.
Note: a plain `.view(B, N, dim)` of the conv output mixes the dim and patch axes (the channel
axis comes first there); move the dim axis last instead.
Bad input: images that are not 4-D with in_channels channels, or H or W not divisible by p
-> ValueError (the conv would silently drop the leftover pixels).

【日本語】
カタ: パッチ埋め込み（各パッチへの線形写像を 1 回の畳み込みで行う）。

平らにした各パッチ（C·p² 個の数）を、同じ学習可能な線形層で dim 次元のベクトルに写します。これがパッチの
埋め込みで、画像にとっての「トークン埋め込み」です。kernel_size = stride = p の Conv2d はまさにこの計算を
します。カーネルは各パッチを重なりなく 1 回ずつ訪れ、パッチのピクセルと dim 個のフィルタそれぞれとの内積を
とります。出力 [B, dim, H/p, W/p] はパッチベクトルの格子なので、これを行優先の順に平らにすると系列になります。

    emb[b, n, :] = W · patchify(images)[b, n, :] + bias        W = proj.weight.view(dim, C·p²)
    proj(images) [B, dim, h, w]  ->  flatten(2) [B, dim, N]  ->  transpose(1, 2) [B, N, dim]

部品: `.patch_size`、`.proj` = nn.Conv2d(in_channels, dim, kernel_size=patch_size,
stride=patch_size)（バイアスあり）。
形状: images [B, C, H, W] -> [B, N, dim]、N = (H/p)·(W/p)。パッチの順序は `patchify` と同じです。
注意: 畳み込みの出力をそのまま `.view(B, N, dim)` すると、dim の軸とパッチの軸が混ざります（そこでは
チャネルの軸が先にあるからです）。dim の軸を最後に移しましょう。
不正な入力: 4 次元でない images、チャネル数が in_channels でない images、H か W が p で割り切れない場合は
ValueError を送出します（畳み込みは余ったピクセルを黙って捨ててしまいます）。
"""
import torch
import torch.nn as nn


class PatchEmbedding(nn.Module):
    """images [B, C, H, W] -> patch embeddings [B, N, dim] (one Conv2d with stride = kernel = p)."""

    def __init__(self, in_channels: int, patch_size: int, dim: int):
        super().__init__()
        self.in_channels = in_channels
        self.patch_size = patch_size
        # kernel_size = stride = p: the kernel tiles the image, touching each pixel exactly once,
        # so every output position is one patch times the same [dim, C·p²] weight matrix.
        self.proj = nn.Conv2d(in_channels, dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """images [B, C, H, W] -> [B, N, dim]."""
        if images.dim() != 4 or images.shape[1] != self.in_channels:
            raise ValueError(f"images must be [B, {self.in_channels}, H, W], "
                             f"got shape {tuple(images.shape)}")
        H, W = images.shape[-2:]
        p = self.patch_size
        if H % p or W % p:
            raise ValueError(f"image size {H}×{W} is not divisible by patch_size {p}")
        x = self.proj(images)  # [B, dim, h, w]: one dim-vector per patch
        # flatten(2) numbers the patches row-major (n = i·w + j); transpose puts the features
        # last, where a transformer expects them: [B, dim, N] -> [B, N, dim].
        return x.flatten(2).transpose(1, 2)
