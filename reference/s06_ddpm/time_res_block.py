"""Kata: a residual block that knows the time (TimeResBlock).

The UNet of DDPM is built from residual blocks of convolutions. Each block also receives the
timestep embedding `emb` and adds a learned projection of it to every pixel of its feature map,
one number per channel, between its two convolutions: the same weights can then denoise
differently at t = 5 and at t = 900. The input comes back through a skip path, so the block only
learns a correction (a 1×1 convolution matches the channels when they differ).

    h = conv1(silu(norm1(x)))                       [B, out, H, W]
    h = h + time_proj(silu(emb))[:, :, None, None]  one shift per (example, channel), broadcast over H, W
    h = conv2(silu(norm2(h)))                       [B, out, H, W]
    return h + skip(x)

Parts (these attribute names): norm1 = GroupNorm(groups, in_channels), conv1 = Conv2d(in, out,
3, padding=1), time_proj = Linear(time_dim, out), norm2 = GroupNorm(groups, out), conv2 =
Conv2d(out, out, 3, padding=1), skip = Conv2d(in, out, 1) when in ≠ out, else nn.Identity().
Note the order: normalise, then activate, then convolve ("pre-activation"); the time term goes in
before norm2, and the skip is added last, to the output of conv2.
Shapes: x [B, in_channels, H, W], emb [B, time_dim] -> [B, out_channels, H, W].
Bad input: x not 4-D or with the wrong number of channels, emb not [B, time_dim] -> ValueError
(channels not divisible by groups: GroupNorm's own ValueError).

【日本語】
カタ: 時刻を知る残差ブロック（TimeResBlock）。

DDPM の UNet は畳み込みの残差ブロックでできています。各ブロックはタイムステップの埋め込み `emb` も受け取り、
2 つの畳み込みの間で、その学習済みの射影を特徴マップの全ピクセルに（チャネルごとに 1 つの数として）足します。
こうすると同じ重みでも t = 5 と t = 900 とで違うノイズ除去ができます。入力はスキップ経路を通って戻ってくるので、
ブロックは補正分だけを学習します（チャネル数が違うときは 1×1 畳み込みで揃えます）。

    h = conv1(silu(norm1(x)))                       [B, out, H, W]
    h = h + time_proj(silu(emb))[:, :, None, None]  （例, チャネル）ごとに 1 つのずらし量を H, W にブロードキャスト
    h = conv2(silu(norm2(h)))                       [B, out, H, W]
    return h + skip(x)

部品（この属性名で作ります）: norm1 = GroupNorm(groups, in_channels)、conv1 = Conv2d(in, out, 3, padding=1)、
time_proj = Linear(time_dim, out)、norm2 = GroupNorm(groups, out)、conv2 = Conv2d(out, out, 3, padding=1)、
skip = in ≠ out なら Conv2d(in, out, 1)、そうでなければ nn.Identity()。
順序に注意しましょう: 正規化、活性化、畳み込みの順です（「プレアクティベーション」）。時刻の項は norm2 の前に入れ、
スキップは最後に conv2 の出力へ足します。
形状: x [B, in_channels, H, W], emb [B, time_dim] -> [B, out_channels, H, W]。
不正な入力: 4 次元でない x やチャネル数の違う x、[B, time_dim] でない emb は ValueError を送出します
（チャネル数が groups で割り切れないときは GroupNorm 自身が ValueError を送出します）。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TimeResBlock(nn.Module):
    """Pre-activation residual block with a per-channel time shift: [B,in,H,W], [B,time_dim] -> [B,out,H,W]."""

    def __init__(self, in_channels: int, out_channels: int, time_dim: int, groups: int = 8):
        super().__init__()
        self.in_channels, self.out_channels, self.time_dim = in_channels, out_channels, time_dim
        self.norm1 = nn.GroupNorm(groups, in_channels)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        # One shift per output channel, computed from the time embedding.
        self.time_proj = nn.Linear(time_dim, out_channels)
        self.norm2 = nn.GroupNorm(groups, out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        # The skip must have out_channels to be added; a 1×1 conv is the cheapest way to get them.
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """x [B, in, H, W], emb [B, time_dim] -> [B, out, H, W]."""
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must be [B, {self.in_channels}, H, W], got {tuple(x.shape)}")
        if emb.dim() != 2 or emb.shape != (x.shape[0], self.time_dim):
            raise ValueError(f"emb must be [B, time_dim] = [{x.shape[0]}, {self.time_dim}], got {tuple(emb.shape)}")
        h = self.conv1(F.silu(self.norm1(x)))
        # [B, out] -> [B, out, 1, 1]: the same shift for every pixel of a channel.
        h = h + self.time_proj(F.silu(emb))[:, :, None, None]
        # The time term goes in before norm2/conv2, so the second conv can act on it non-linearly.
        h = self.conv2(F.silu(self.norm2(h)))
        # Residual: the block learns a correction to (a channel-matched copy of) its input.
        return h + self.skip(x)
