"""Kata: sinusoidal timestep embedding.

The denoising network must know how noisy its input is, i.e. the timestep t (an integer 0…T−1).
A bare integer is a poor input for a neural network, so — exactly like the positional encoding of
the Transformer — t is turned into a vector of sines and cosines at geometrically spaced
frequencies: the fast ones tell neighbouring steps apart, the slow ones say "early" or "late".

    half = dim // 2
    f_i = exp(−ln(max_period) · i / half)          i = 0 … half−1   (f_0 = 1, down to ≈ 1/max_period)
    out[b] = [sin(t_b·f_0), …, sin(t_b·f_{half−1}), cos(t_b·f_0), …, cos(t_b·f_{half−1})]

All sines first, then all cosines (the layout of DDPM / diffusers' `get_timestep_embedding` with
`flip_sin_to_cos=False, downscale_freq_shift=0`). The frequencies divide by `half`, not by `dim`.
Shapes: t [B] (integer or float timesteps) -> [B, dim] float32, on t's device.
Bad input: an odd or non-positive dim, or t that is not 1-D -> ValueError.

【日本語】
カタ: 正弦波によるタイムステップ埋め込み。

ノイズを取り除くネットワークは、入力にどれだけノイズが乗っているか、つまりタイムステップ t（0…T−1 の整数）を
知る必要があります。整数そのままではニューラルネットワークの入力として扱いにくいので、Transformer の位置エンコーディングと
まったく同じように、t を等比的に並んだ周波数の sin と cos のベクトルに変換します。速い周波数は隣り合うステップを
見分け、遅い周波数は「序盤か終盤か」を伝えます。

    half = dim // 2
    f_i = exp(−ln(max_period) · i / half)          i = 0 … half−1   （f_0 = 1 から約 1/max_period まで）
    out[b] = [sin(t_b·f_0), …, sin(t_b·f_{half−1}), cos(t_b·f_0), …, cos(t_b·f_{half−1})]

先に sin をすべて、その後に cos をすべて並べます（DDPM や diffusers の `get_timestep_embedding` で
`flip_sin_to_cos=False, downscale_freq_shift=0` としたときと同じ並びです）。周波数は `dim` ではなく `half` で割ります。
形状: t [B]（整数または浮動小数点のタイムステップ） -> [B, dim] の float32 で、t と同じデバイスに置きます。
不正な入力: 奇数または 0 以下の dim、1 次元でない t は ValueError を送出します。
"""
import math

import torch


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """t [B] -> [B, dim]: sin(t·f_i) for the first half, cos(t·f_i) for the second half."""
    if dim <= 0 or dim % 2:
        # An odd dim cannot be split into equal sin and cos halves.
        raise ValueError(f"dim must be a positive even number, got {dim}")
    if not isinstance(t, torch.Tensor) or t.dim() != 1:
        raise ValueError(f"t must be a 1-D tensor [B], got {getattr(t, 'shape', t)!r}")
    half = dim // 2
    # Geometric frequencies from 1 down to ≈ 1/max_period. The minus sign makes them shrink;
    # dividing by half (not dim) makes the last one reach ≈ 1/max_period.
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half
    freqs = torch.exp(exponent)
    # Outer product: one row of angles per timestep, [B, half].
    args = t.float()[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=-1)
