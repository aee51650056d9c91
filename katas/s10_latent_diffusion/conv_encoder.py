"""Kata: the convolutional encoder (image -> the latent Gaussian's parameters).

Latent diffusion runs the expensive denoising on a small grid of latents instead of pixels. The
encoder makes that grid: a stack of 3×3 convolutions where each stride-2 convolution halves the
height and width. Two halvings turn a 1×32×32 digit into an 8×8 grid, 16 times fewer positions.
Its last convolution outputs 2·z_channels channels: the means and the log-variances of the
DiagonalGaussian (the previous kata), not the latent itself.

    h = conv_in(x)                                        [B, channels, H, W]
    for each of the `downsamples` blocks:                 halves H and W
        h = GroupNorm → SiLU → Conv3×3 stride 2 → GroupNorm → SiLU → Conv3×3      (one nn.Sequential)
    out = conv_out(SiLU(norm_out(h)))                     [B, 2·z_channels, H/2^d, W/2^d]

Parts: `.conv_in` = nn.Conv2d(in_channels, channels, 3, padding=1); `.down` = nn.ModuleList of
`downsamples` nn.Sequential blocks as above (every conv channels -> channels, padding 1, the
first one with stride 2; GroupNorm(groups, channels)); `.norm_out` = nn.GroupNorm(groups,
channels); `.conv_out` = nn.Conv2d(channels, 2·z_channels, 3, padding=1).
GroupNorm (not BatchNorm): each image is normalised on its own, so no image affects another.
Shapes: x [B, in_channels, H, W] -> [B, 2·z_channels, H/2^d, W/2^d] with d = downsamples.
Bad input: x not 4-D, the wrong number of channels, or H or W not divisible by 2^d (a stride-2
convolution would round an odd size and the decoder could not give the size back) -> ValueError.

【日本語】
カタ: 畳み込みエンコーダ（画像 -> 潜在ガウス分布のパラメータ）。

潜在拡散モデルは、重いノイズ除去をピクセルではなく小さな潜在変数の格子の上で行います。その格子を作るのが
エンコーダです。3×3 の畳み込みを積み重ね、ストライド 2 の畳み込みのたびに高さと幅を半分にします。2 回半分に
すると 1×32×32 の数字画像が 8×8 の格子になり、位置の数は 16 分の 1 です。最後の畳み込みは 2·z_channels
チャネルを出力します。潜在変数そのものではなく、DiagonalGaussian（前のカタ）の平均と対数分散です。

    h = conv_in(x)                                        [B, channels, H, W]
    `downsamples` 個のブロックそれぞれで:                  H と W を半分に
        h = GroupNorm → SiLU → Conv3×3 ストライド 2 → GroupNorm → SiLU → Conv3×3   （1 つの nn.Sequential）
    out = conv_out(SiLU(norm_out(h)))                     [B, 2·z_channels, H/2^d, W/2^d]

部品: `.conv_in` = nn.Conv2d(in_channels, channels, 3, padding=1)、`.down` = 上のような nn.Sequential の
ブロック `downsamples` 個を並べた nn.ModuleList（畳み込みはすべて channels -> channels、padding 1 で、
最初の 1 つだけストライド 2。GroupNorm(groups, channels)）、`.norm_out` = nn.GroupNorm(groups,
channels)、`.conv_out` = nn.Conv2d(channels, 2·z_channels, 3, padding=1)。
BatchNorm ではなく GroupNorm を使います。各画像が単独で正規化されるので、ある画像が別の画像に影響しません。
形状: x [B, in_channels, H, W] -> [B, 2·z_channels, H/2^d, W/2^d]（d = downsamples）。
不正な入力: 4 次元でない x、チャネル数の違う x、H か W が 2^d で割り切れない x（ストライド 2 の畳み込みが
奇数の大きさを丸めてしまい、デコーダで元の大きさに戻せません）は ValueError を送出します。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvEncoder(nn.Module):
    """x [B, in_channels, H, W] -> Gaussian parameters [B, 2·z_channels, H/2^d, W/2^d]."""

    def __init__(self, in_channels: int = 1, channels: int = 32, z_channels: int = 4,
                 downsamples: int = 2, groups: int = 8):
        super().__init__()
        # TODO: store in_channels, z_channels, downsamples; build .conv_in, .down (a ModuleList of
        # `downsamples` nn.Sequential blocks, the first conv of each with stride 2), .norm_out and
        # .conv_out (2·z_channels outputs), as the docstring lists them.
        raise NotImplementedError("ConvEncoder: build conv_in, the down blocks, norm_out and conv_out"
                                  " ‖ ConvEncoder: conv_in、down のブロック、norm_out、conv_out を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, in_channels, H, W] -> [B, 2·z_channels, H/2^d, W/2^d]."""
        # TODO: reject bad input (ValueError); conv_in, every down block, then conv_out(silu(norm_out(h))).
        raise NotImplementedError("ConvEncoder.forward: conv_in, the down blocks, then norm_out, SiLU and conv_out"
                                  " ‖ ConvEncoder.forward: conv_in、down のブロック、そして norm_out、SiLU、conv_out の順です")
