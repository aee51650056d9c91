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
        # TODO: keep channels; create conv = Conv2d(channels, channels, 3, padding=1).
        raise NotImplementedError("Upsample.__init__: create the 3×3 convolution"
                                  " ‖ Upsample.__init__: 3×3 の畳み込みを作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, C, H, W] -> [B, C, 2H, 2W]."""
        # TODO: ValueError for a bad shape; F.interpolate(x, scale_factor=2, mode="nearest"),
        #       then conv.
        raise NotImplementedError("Upsample.forward: repeat each pixel 2×2, then convolve"
                                  " ‖ Upsample.forward: 各ピクセルを 2×2 に繰り返してから畳み込みましょう")
