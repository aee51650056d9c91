"""Kata: CLIP's image encoder (a small CNN: one vector per image).

CLIP's image tower turns each image into ONE vector that the projection head then maps into the
space it shares with the captions. For 28×28 digits a small convolutional network is enough and
trains in minutes on a CPU: two 3×3 convolutions, each followed by ReLU and a 2×2 max-pool that
halves the grid, then one linear layer over the whole remaining grid, and a LayerNorm, like the
text tower's ln_f, so both towers hand their projections vectors of the same scale.

    x = maxpool2( relu( conv1(images) ) )   [B, c,  S/2, S/2]    conv1 = Conv2d(C, c, 3, padding=1)
    x = maxpool2( relu( conv2(x) ) )        [B, 2c, S/4, S/4]    conv2 = Conv2d(c, 2c, 3, padding=1)
    f = ln( fc( flatten(x) ) )              [B, out_dim]         fc = Linear(2c·(S/4)², out_dim)

flatten keeps the batch axis and flattens (channel, row, column) in that order: x.flatten(1).
Each image is encoded on its own (no batch statistics): its vector never depends on the others.
Parts: `.conv1`, `.conv2` (nn.Conv2d), `.fc` (nn.Linear), `.ln` LayerNorm(out_dim) (s02),
`.out_dim`; arguments in_channels=1, image_size=28, channels=32 (= c), out_dim=128.
Shapes: images [B, in_channels, image_size, image_size] -> [B, out_dim].
Bad input -> ValueError: image_size not divisible by 4 (in __init__: two halvings must stay exact);
images of another shape.

【日本語】
カタ: CLIP の画像エンコーダ（小さな CNN: 画像 1 枚につきベクトル 1 本）。

CLIP の画像側のタワーは、各画像を 1 本のベクトルに変えます。それを射影ヘッドが、キャプションと共有する
空間へ写します。28×28 の数字なら小さな畳み込みネットワークで十分で、CPU でも数分で学習できます。
3×3 の畳み込みを 2 回行い、それぞれの後に ReLU と、格子を半分にする 2×2 の max プーリングをかけます。
その後、残った格子全体に線形層を 1 つかけ、最後に LayerNorm をかけます。テキスト側の ln_f と同じく、
両方のタワーが同じスケールのベクトルを射影に渡すためです。

    x = maxpool2( relu( conv1(images) ) )   [B, c,  S/2, S/2]    conv1 = Conv2d(C, c, 3, padding=1)
    x = maxpool2( relu( conv2(x) ) )        [B, 2c, S/4, S/4]    conv2 = Conv2d(c, 2c, 3, padding=1)
    f = ln( fc( flatten(x) ) )              [B, out_dim]         fc = Linear(2c·(S/4)², out_dim)

flatten はバッチの軸を残し、（チャネル、行、列）をこの順に平らにします: x.flatten(1)。
各画像は独立にエンコードします（バッチの統計は使いません）。ある画像のベクトルが他の画像に左右される
ことはありません。
部品: `.conv1`、`.conv2`（nn.Conv2d）、`.fc`（nn.Linear）、`.ln` は LayerNorm(out_dim)（s02）、
`.out_dim`。引数は in_channels=1、image_size=28、channels=32（= c）、out_dim=128。
形状: images [B, in_channels, image_size, image_size] -> [B, out_dim]。
不正な入力は ValueError: image_size が 4 で割り切れない（__init__ で。2 回の半分化が割り切れる必要が
あります）、それ以外の形状の images。
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..s02_gpt.layer_norm import LayerNorm


class CLIPImageEncoder(nn.Module):
    """Small CNN: images [B, C, S, S] -> one LayerNorm-ed vector per image [B, out_dim]."""

    def __init__(self, in_channels: int = 1, image_size: int = 28, channels: int = 32,
                 out_dim: int = 128):
        super().__init__()
        if image_size % 4 != 0:
            raise ValueError(f"image_size {image_size} is not divisible by 4 (two 2×2 poolings)")
        self.in_channels, self.image_size, self.out_dim = in_channels, image_size, out_dim
        # padding=1 keeps the grid size through a 3×3 convolution; only the poolings shrink it.
        self.conv1 = nn.Conv2d(in_channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, 2 * channels, 3, padding=1)
        side = image_size // 4
        # One linear layer over the whole grid: it still knows WHERE each feature is (the
        # captions also speak of size and slant, not only of the digit).
        self.fc = nn.Linear(2 * channels * side * side, out_dim)
        self.ln = LayerNorm(out_dim)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """images [B, in_channels, image_size, image_size] -> [B, out_dim]."""
        C, S = self.in_channels, self.image_size
        if images.dim() != 4 or tuple(images.shape[1:]) != (C, S, S):
            raise ValueError(f"images must be [B, {C}, {S}, {S}], got shape {tuple(images.shape)}")
        x = F.max_pool2d(F.relu(self.conv1(images)), 2)  # [B, c, S/2, S/2]
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)       # [B, 2c, S/4, S/4]
        # flatten(1): keep the batch axis, flatten (channel, row, column) as fc expects.
        return self.ln(self.fc(x.flatten(1)))
