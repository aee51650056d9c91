"""Kata: the linear noise schedule (linear_betas).

DDPM destroys an image in T small steps: step t mixes in fresh Gaussian noise of variance β_t,
x_t = sqrt(1 − β_t)·x_{t−1} + sqrt(β_t)·ε. The list β_0 … β_{T−1} is the noise schedule. Ho et al.
(2020) use T = 1000 values spaced evenly from β_start = 1e−4 (the first steps barely touch the
image) to β_end = 0.02 (the last steps add a lot):

    β_t = β_start + (β_end − β_start) · t / (T − 1)      t = 0 … T−1
    (torch.linspace(β_start, β_end, T): both endpoints included; T = 1 gives [β_start])

Shapes: -> [T] float32 (compute in float64, then convert: the later cumulative products are
sensitive to rounding).
Bad input: T < 1, or not 0 < β_start ≤ β_end < 1 -> ValueError.

【日本語】
カタ: 線形のノイズスケジュール（linear_betas）。

DDPM は画像を T 個の小さなステップで壊していきます。ステップ t では分散 β_t の新しいガウスノイズを混ぜ込み、
x_t = sqrt(1 − β_t)·x_{t−1} + sqrt(β_t)·ε とします。β_0 … β_{T−1} の並びがノイズスケジュールです。Ho ら（2020）は
T = 1000 個の値を β_start = 1e−4（最初のステップは画像をほとんど変えません）から β_end = 0.02（最後のステップは
多くのノイズを加えます）まで等間隔に並べます:

    β_t = β_start + (β_end − β_start) · t / (T − 1)      t = 0 … T−1
    （torch.linspace(β_start, β_end, T): 両端を含みます。T = 1 なら [β_start]）

形状: -> [T] の float32（float64 で計算してから変換しましょう。後で取る累積積は丸め誤差に敏感です）。
不正な入力: T < 1、または 0 < β_start ≤ β_end < 1 を満たさない場合は ValueError を送出します。
"""
import torch


def linear_betas(T: int, beta_start: float = 1e-4, beta_end: float = 0.02) -> torch.Tensor:
    """[T] betas evenly spaced from beta_start to beta_end (both included)."""
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    if not 0.0 < beta_start <= beta_end < 1.0:
        raise ValueError(f"need 0 < beta_start <= beta_end < 1, got {beta_start}, {beta_end}")
    # linspace includes both endpoints: β_0 = beta_start and β_{T−1} = beta_end.
    return torch.linspace(beta_start, beta_end, T, dtype=torch.float64).float()
