"""Kata: halve the resolution with a strided convolution (Downsample).

On its way down, the UNet halves the height and width of its feature maps at every level, so the
deeper blocks see the image coarsely but over a wider area. DDPM does it with a learned 3×3
convolution of stride 2 (instead of max-pooling): with padding 1 it maps H×W to H/2×W/2 exactly
when H and W are even, and keeps the number of channels.

    out = Conv2d(channels, channels, kernel_size=3, stride=2, padding=1)(x)
    H_out = floor((H + 2·1 − 3) / 2) + 1 = H/2   for even H

The convolution is the attribute `conv`.
Shapes: x [B, C, H, W] -> [B, C, H/2, W/2].
Bad input: x not 4-D, the wrong number of channels, or an odd H or W (the UpSample on the way
back would give H+1, and the skip connection would no longer fit) -> ValueError.

【日本語】
カタ: ストライド付き畳み込みで解像度を半分にする（Downsample）。

UNet は下りの経路で、各レベルごとに特徴マップの高さと幅を半分にします。こうすると深いブロックは画像を粗く、
しかしより広い範囲にわたって見られます。DDPM は（最大値プーリングではなく）学習する 3×3、ストライド 2 の
畳み込みでこれを行います。パディング 1 なら H と W が偶数のとき H×W がちょうど H/2×W/2 になり、チャネル数は変わりません。

    out = Conv2d(channels, channels, kernel_size=3, stride=2, padding=1)(x)
    H_out = floor((H + 2·1 − 3) / 2) + 1 = H/2   （H が偶数のとき）

畳み込みは属性 `conv` にします。
形状: x [B, C, H, W] -> [B, C, H/2, W/2]。
不正な入力: 4 次元でない x、チャネル数の違う x、奇数の H や W（戻り道の Upsample で H+1 になり、スキップ接続が
合わなくなります）は ValueError を送出します。
"""
import torch
import torch.nn as nn


class Downsample(nn.Module):
    """Conv2d(C, C, 3, stride=2, padding=1): [B, C, H, W] -> [B, C, H/2, W/2]."""

    def __init__(self, channels: int):
        super().__init__()
        self.channels = channels
        # Stride 2 halves the resolution; padding 1 keeps the output centred on the input grid.
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, C, H, W] (H, W even) -> [B, C, H/2, W/2]."""
        if x.dim() != 4 or x.shape[1] != self.channels:
            raise ValueError(f"x must be [B, {self.channels}, H, W], got {tuple(x.shape)}")
        if x.shape[2] % 2 or x.shape[3] % 2:
            # (H + 1) // 2 would come back as H + 1 after upsampling: reject rather than mismatch later.
            raise ValueError(f"Downsample needs an even height and width, got {tuple(x.shape[2:])}")
        return self.conv(x)
