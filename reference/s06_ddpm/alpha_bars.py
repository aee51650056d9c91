"""Kata: how much of the image survives to step t (alpha_bars).

Each forward step keeps a fraction α_t = 1 − β_t of the signal's variance. Gaussians compose, so
t + 1 steps together (steps 0 … t) keep the product of those fractions:

    α_t = 1 − β_t,     ᾱ_t = α_0 · α_1 · … · α_t = ∏_{s=0}^{t} (1 − β_s)      (torch.cumprod)

ᾱ_0 = 1 − β_0 (step 0 already adds noise), ᾱ falls towards 0 as t grows, and q_sample uses it to
jump from x_0 straight to x_t. A product, not a sum: summing the α's would give numbers above 1.
Shapes: betas [T] -> [T], same dtype (compute the product in float64 for accuracy).
Bad input: betas that are not 1-D, or with a value outside [0, 1] -> ValueError.

【日本語】
カタ: ステップ t まで画像がどれだけ残るか（alpha_bars）。

順方向の各ステップは信号の分散のうち α_t = 1 − β_t の割合を残します。ガウス分布は合成できるので、
t + 1 個のステップ（ステップ 0 … t）をまとめると、残る割合はそれらの積になります:

    α_t = 1 − β_t,     ᾱ_t = α_0 · α_1 · … · α_t = ∏_{s=0}^{t} (1 − β_s)      （torch.cumprod）

ᾱ_0 = 1 − β_0 です（ステップ 0 ですでにノイズが加わります）。ᾱ は t とともに 0 へ向かって下がり、q_sample は
これを使って x_0 から x_t へ一気に跳びます。和ではなく積です。α を足し合わせると 1 を超える数になってしまいます。
形状: betas [T] -> [T]、dtype は同じです（精度のため積は float64 で計算しましょう）。
不正な入力: 1 次元でない betas や、[0, 1] の外の値を含む betas は ValueError を送出します。
"""
import torch


def alpha_bars(betas: torch.Tensor) -> torch.Tensor:
    """betas [T] -> ᾱ [T], ᾱ_t = ∏_{s≤t} (1 − β_s)."""
    if betas.dim() != 1:
        raise ValueError(f"betas must be 1-D [T], got shape {tuple(betas.shape)}")
    if bool((betas < 0).any()) or bool((betas > 1).any()):
        raise ValueError("every beta must lie in [0, 1]")
    # The running product includes step t itself (ᾱ_0 = 1 − β_0, not 1).
    return torch.cumprod(1 - betas.double(), dim=0).to(betas.dtype)
