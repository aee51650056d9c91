"""Kata: the cosine noise schedule (cosine_betas).

With the linear schedule, ᾱ_t (how much of the image survives to step t) falls to almost zero long
before t = T, so the last few hundred steps are wasted on pure noise. Nichol & Dhariwal (2021)
choose ᾱ instead, as a squared cosine that falls slowly at both ends, and read the betas off it:

    f(t) = cos²( (t/T + s) / (1 + s) · π/2 )          t = 0 … T      (s = 0.008)
    ᾱ_t  = f(t) / f(0)
    β_t  = min(1 − f(t+1) / f(t), max_beta)            t = 0 … T−1    (= 1 − ᾱ_{t+1}/ᾱ_t)

The small offset s keeps β_0 from being tiny (without it the first step adds almost no noise), and
max_beta = 0.999 clips the last betas, which would reach 1 as f(T) → 0 (a β of 1 erases the image
in one step and makes the sampler divide by zero).
Shapes: -> [T] float32 (compute in float64, then convert).
Bad input: T < 1, s < 0, or max_beta not in (0, 1] -> ValueError.

【日本語】
カタ: コサインのノイズスケジュール（cosine_betas）。

線形スケジュールでは、ᾱ_t（ステップ t まで画像がどれだけ残っているか）が t = T よりずっと前にほぼ 0 になり、
最後の数百ステップは純粋なノイズに費やされてしまいます。Nichol と Dhariwal（2021）は代わりに ᾱ の方を、
両端でゆっくり下がる cos の 2 乗として決め、そこから β を読み取ります:

    f(t) = cos²( (t/T + s) / (1 + s) · π/2 )          t = 0 … T      （s = 0.008）
    ᾱ_t  = f(t) / f(0)
    β_t  = min(1 − f(t+1) / f(t), max_beta)            t = 0 … T−1    （= 1 − ᾱ_{t+1}/ᾱ_t）

小さなずらし s は β_0 が小さくなりすぎるのを防ぎます（s がないと最初のステップではほとんどノイズが加わりません）。
max_beta = 0.999 は、f(T) → 0 につれて 1 に達してしまう最後のほうの β を切り詰めます（β = 1 は 1 ステップで
画像を消してしまい、サンプラーで 0 による割り算が起きます）。
形状: -> [T] の float32（float64 で計算してから変換しましょう）。
不正な入力: T < 1、s < 0、(0, 1] に入らない max_beta は ValueError を送出します。
"""
import math

import torch


def cosine_betas(T: int, s: float = 0.008, max_beta: float = 0.999) -> torch.Tensor:
    """[T] betas β_t = min(1 − f(t+1)/f(t), max_beta) from the squared-cosine ᾱ of Nichol & Dhariwal."""
    # TODO: check the arguments (ValueError); f(t) at t = 0 … T (T + 1 points, float64);
    #       β_t = 1 − f(t+1)/f(t), clipped at max_beta; return float32.
    raise NotImplementedError("cosine_betas: read the betas off the squared-cosine ᾱ"
                              " ‖ cosine_betas: cos の 2 乗で決めた ᾱ から β を読み取りましょう")
