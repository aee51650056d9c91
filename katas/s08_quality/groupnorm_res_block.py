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
        # TODO: ValueError when in_channels or out_channels is not divisible by groups; keep the
        #       sizes; create norm1, conv1, time_proj, norm2, dropout, conv2 and skip (see Parts).
        raise NotImplementedError("ScaleShiftResBlock.__init__: create the layers listed in Parts"
                                  " ‖ ScaleShiftResBlock.__init__: 「部品」に挙げた層を作りましょう")

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """x [B, in, H, W], emb [B, time_dim] -> [B, out, H, W]."""
        # TODO: check the shapes (ValueError); h = conv1(silu(norm1(x))); scale and shift from
        #       time_proj(silu(emb)); h = norm2(h)·(1 + scale) + shift; conv2(dropout(silu(h))); + skip(x).
        raise NotImplementedError("ScaleShiftResBlock.forward: normalise, then scale by (1 + scale) and shift"
                                  " ‖ ScaleShiftResBlock.forward: 正規化してから (1 + scale) 倍してシフトしましょう")
