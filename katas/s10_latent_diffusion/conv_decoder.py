"""Kata: the convolutional decoder (latent -> image).

The decoder is the encoder run backwards: it takes a latent grid z (a sample or the mean of the
encoder's Gaussian) and grows it back into an image. Each up block doubles the height and width
with nearest-neighbour upsampling (every value copied into a 2×2 square) followed by a 3×3
convolution that smooths the blocky copy. A 4×8×8 latent becomes a 1×32×32 digit after two
doublings. The output is not squashed (no sigmoid, no tanh): the images live in [−1, 1] and the
reconstruction loss compares them directly.

    h = conv_in(z)                                        [B, channels, h, w]
    for each of the `upsamples` blocks:                   doubles h and w
        h = GroupNorm → SiLU → Upsample(×2, nearest) → Conv3×3 → GroupNorm → SiLU → Conv3×3   (one nn.Sequential)
    out = conv_out(SiLU(norm_out(h)))                     [B, out_channels, h·2^u, w·2^u]

Parts: `.conv_in` = nn.Conv2d(z_channels, channels, 3, padding=1); `.up` = nn.ModuleList of
`upsamples` nn.Sequential blocks as above (nn.Upsample(scale_factor=2, mode="nearest"); every conv
channels -> channels with padding 1; GroupNorm(groups, channels)); `.norm_out` =
nn.GroupNorm(groups, channels); `.conv_out` = nn.Conv2d(channels, out_channels, 3, padding=1).
Shapes: z [B, z_channels, h, w] -> [B, out_channels, h·2^u, w·2^u] with u = upsamples.
Bad input: z not 4-D or with a number of channels other than z_channels -> ValueError.

【日本語】
カタ: 畳み込みデコーダ（潜在変数 -> 画像）。

デコーダはエンコーダを逆向きにたどります。潜在変数の格子 z（エンコーダのガウス分布からのサンプルか平均）を
受け取り、画像の大きさまで育て直します。各アップブロックは最近傍アップサンプリング（各値を 2×2 の正方形に
コピー）で高さと幅を 2 倍にし、続く 3×3 の畳み込みでブロック状のコピーをなめらかにします。4×8×8 の潜在変数は
2 回の倍増で 1×32×32 の数字画像になります。出力は押しつぶしません（sigmoid も tanh も使いません）。画像は
[−1, 1] の範囲にあり、再構成の損失はそれを直接比べます。

    h = conv_in(z)                                        [B, channels, h, w]
    `upsamples` 個のブロックそれぞれで:                    h と w を 2 倍に
        h = GroupNorm → SiLU → Upsample(×2, 最近傍) → Conv3×3 → GroupNorm → SiLU → Conv3×3   （1 つの nn.Sequential）
    out = conv_out(SiLU(norm_out(h)))                     [B, out_channels, h·2^u, w·2^u]

部品: `.conv_in` = nn.Conv2d(z_channels, channels, 3, padding=1)、`.up` = 上のような nn.Sequential の
ブロック `upsamples` 個を並べた nn.ModuleList（nn.Upsample(scale_factor=2, mode="nearest")。畳み込みは
すべて channels -> channels、padding 1。GroupNorm(groups, channels)）、`.norm_out` =
nn.GroupNorm(groups, channels)、`.conv_out` = nn.Conv2d(channels, out_channels, 3, padding=1)。
形状: z [B, z_channels, h, w] -> [B, out_channels, h·2^u, w·2^u]（u = upsamples）。
不正な入力: 4 次元でない z、チャネル数が z_channels でない z は ValueError を送出します。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvDecoder(nn.Module):
    """z [B, z_channels, h, w] -> image [B, out_channels, h·2^u, w·2^u]."""

    def __init__(self, out_channels: int = 1, channels: int = 32, z_channels: int = 4,
                 upsamples: int = 2, groups: int = 8):
        super().__init__()
        # TODO: store z_channels and upsamples; build .conv_in, .up (a ModuleList of `upsamples`
        # nn.Sequential blocks with nn.Upsample(scale_factor=2, mode="nearest")), .norm_out and
        # .conv_out, as the docstring lists them.
        raise NotImplementedError("ConvDecoder: build conv_in, the up blocks, norm_out and conv_out"
                                  " ‖ ConvDecoder: conv_in、up のブロック、norm_out、conv_out を作りましょう")

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """z [B, z_channels, h, w] -> [B, out_channels, h·2^u, w·2^u] (no output squashing)."""
        # TODO: reject bad input (ValueError); conv_in, every up block, then conv_out(silu(norm_out(h))).
        raise NotImplementedError("ConvDecoder.forward: conv_in, the up blocks, then norm_out, SiLU and conv_out"
                                  " ‖ ConvDecoder.forward: conv_in、up のブロック、そして norm_out、SiLU、conv_out の順です")
