"""Kata: double the resolution (Upsample).

On its way up, the UNet doubles the height and width at every level until it is back at the size
of the image. DDPM repeats every pixel into a 2×2 block (nearest-neighbour interpolation) and then
lets a 3×3 convolution smooth and mix the result; the convolution learns what the blocky copy
cannot express. (A transposed convolution would also work, but tends to leave checkerboard
artefacts.)

    up[b, c, 2i + r, 2j + s] = x[b, c, i, j]      r, s ∈ {0, 1}    (F.interpolate, scale_factor=2, mode="nearest")
    out = Conv2d(channels, channels, 3, padding=1)(up)

The convolution is the attribute `conv`. Use "nearest", not "bilinear": the specs compare with it.
Shapes: x [B, C, H, W] -> [B, C, 2H, 2W].
Bad input: x not 4-D or with the wrong number of channels -> ValueError.

【日本語】
カタ: 解像度を 2 倍にする（Upsample）。

UNet は上りの経路で、画像の大きさに戻るまで各レベルごとに高さと幅を 2 倍にします。DDPM は各ピクセルを 2×2 の
ブロックに繰り返し（最近傍補間）、その後 3×3 の畳み込みで結果をならして混ぜます。ブロック状のコピーでは表せない
部分を畳み込みが学習します（転置畳み込みでもできますが、市松模様のアーティファクトが残りがちです）。

    up[b, c, 2i + r, 2j + s] = x[b, c, i, j]      r, s ∈ {0, 1}    （F.interpolate, scale_factor=2, mode="nearest"）
    out = Conv2d(channels, channels, 3, padding=1)(up)

畳み込みは属性 `conv` にします。"bilinear" ではなく "nearest" を使いましょう。テストはそれと比べます。
形状: x [B, C, H, W] -> [B, C, 2H, 2W]。
不正な入力: 4 次元でない x やチャネル数の違う x は ValueError を送出します。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Upsample(nn.Module):
    """Nearest ×2 then Conv2d(C, C, 3, padding=1): [B, C, H, W] -> [B, C, 2H, 2W]."""

    def __init__(self, channels: int):
        super().__init__()
        self.channels = channels
        # Padding 1 keeps the doubled size; the conv smooths the 2×2 blocks of repeated pixels.
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, C, H, W] -> [B, C, 2H, 2W]."""
        if x.dim() != 4 or x.shape[1] != self.channels:
            raise ValueError(f"x must be [B, {self.channels}, H, W], got {tuple(x.shape)}")
        # Nearest neighbour: every pixel becomes a 2×2 block (no blending between neighbours).
        up = F.interpolate(x, scale_factor=2, mode="nearest")
        return self.conv(up)
