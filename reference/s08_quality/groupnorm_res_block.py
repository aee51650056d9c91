"""Kata: a residual block whose time embedding SCALES and SHIFTS the normalised features.

The s06 TimeResBlock adds the time embedding to the features (a shift only). Improved DDPM
(Nichol & Dhariwal) and most later U-Nets let the time embedding predict a scale AND a shift per
channel, applied right after the second GroupNorm ("adaptive group norm", like FiLM): the
embedding decides how loud each channel is, not only where it sits. The scale enters as (1 + scale),
so a time projection that outputs zeros leaves the block a plain residual block.

    h            = conv1(silu(norm1(x)))
    scale, shift = time_proj(silu(emb)).chunk(2, dim=1)     each [B, out], broadcast as [B, out, 1, 1]
    h            = norm2(h)·(1 + scale) + shift
    h            = conv2(dropout(silu(h)))
    out          = h + skip(x)

Parts: `.norm1` = nn.GroupNorm(groups, in_channels), `.conv1` = nn.Conv2d(in, out, 3, padding=1),
`.time_proj` = nn.Linear(time_dim, 2·out) (scale = first half, shift = second half),
`.norm2` = nn.GroupNorm(groups, out), `.dropout` = nn.Dropout(dropout), `.conv2` =
nn.Conv2d(out, out, 3, padding=1), `.skip` = nn.Conv2d(in, out, 1) when in ≠ out, else nn.Identity().
Dropout is active in train mode only (model.eval() turns it off).
Shapes: x [B, in_channels, H, W], emb [B, time_dim] -> [B, out_channels, H, W].
Bad input: in_channels or out_channels not divisible by groups -> ValueError (in __init__);
x not [B, in_channels, H, W] or emb not [B, time_dim] with the same B -> ValueError.

【日本語】
カタ: 時刻の埋め込みが正規化した特徴を「スケール」して「シフト」する残差ブロック。

s06 の TimeResBlock は時刻の埋め込みを特徴に足すだけ（シフトのみ）でした。Improved DDPM（Nichol と
Dhariwal）やその後のほとんどの U-Net では、時刻の埋め込みからチャネルごとのスケール「と」シフトを予測し、
2 つ目の GroupNorm の直後にかけます（「適応的グループ正規化」、FiLM と同じ考え方です）。埋め込みが各チャネルの
位置だけでなく、大きさも決めるのです。スケールは (1 + scale) の形で入るので、時刻の射影が 0 を出力すれば
ブロックはただの残差ブロックになります。

    h            = conv1(silu(norm1(x)))
    scale, shift = time_proj(silu(emb)).chunk(2, dim=1)     それぞれ [B, out]。[B, out, 1, 1] としてブロードキャスト
    h            = norm2(h)·(1 + scale) + shift
    h            = conv2(dropout(silu(h)))
    out          = h + skip(x)

部品: `.norm1` = nn.GroupNorm(groups, in_channels)、`.conv1` = nn.Conv2d(in, out, 3, padding=1)、
`.time_proj` = nn.Linear(time_dim, 2·out)（scale が前半、shift が後半）、`.norm2` = nn.GroupNorm(groups, out)、
`.dropout` = nn.Dropout(dropout)、`.conv2` = nn.Conv2d(out, out, 3, padding=1)、`.skip` = in ≠ out なら
nn.Conv2d(in, out, 1)、そうでなければ nn.Identity()。
ドロップアウトは train モードでだけ働きます（model.eval() で止まります）。
形状: x [B, in_channels, H, W]、emb [B, time_dim] -> [B, out_channels, H, W]。
不正な入力: in_channels か out_channels が groups で割り切れなければ ValueError（__init__ で）。x が
[B, in_channels, H, W] でない、または emb が同じ B の [B, time_dim] でないときも ValueError です。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ScaleShiftResBlock(nn.Module):
    """Residual block with adaptive GroupNorm: norm2(h)·(1 + scale) + shift from the time embedding."""

    def __init__(self, in_channels: int, out_channels: int, time_dim: int, groups: int = 8,
                 dropout: float = 0.0):
        super().__init__()
        for name, ch in (("in_channels", in_channels), ("out_channels", out_channels)):
            if ch % groups:
                raise ValueError(f"{name}={ch} is not divisible by groups={groups}")
        self.in_channels, self.out_channels, self.time_dim = in_channels, out_channels, time_dim
        self.norm1 = nn.GroupNorm(groups, in_channels)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        # One linear layer gives both modulations: 2·out numbers per sample.
        self.time_proj = nn.Linear(time_dim, 2 * out_channels)
        self.norm2 = nn.GroupNorm(groups, out_channels)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        # The residual needs out channels: a 1×1 conv only when the count changes.
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """x [B, in, H, W], emb [B, time_dim] -> [B, out, H, W]."""
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must be [B, {self.in_channels}, H, W], got {tuple(x.shape)}")
        if emb.dim() != 2 or emb.shape != (x.shape[0], self.time_dim):
            raise ValueError(f"emb must be [{x.shape[0]}, {self.time_dim}], got {tuple(emb.shape)}")
        h = self.conv1(F.silu(self.norm1(x)))
        # [B, 2·out] -> two [B, out] -> [B, out, 1, 1]: one number per channel, for every pixel.
        scale, shift = self.time_proj(F.silu(emb))[:, :, None, None].chunk(2, dim=1)
        # Modulate AFTER the norm (a norm after it would undo the scale) and around 1, so a zero
        # projection changes nothing.
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(self.dropout(F.silu(h)))
        return h + self.skip(x)
