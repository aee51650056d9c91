"""Kata: jump straight to step t of the forward process (q_sample).

Adding noise step by step, x_t = sqrt(1 − β_t)·x_{t−1} + sqrt(β_t)·ε_t, composes into ONE Gaussian
step from the clean image: the signal is scaled by sqrt(ᾱ_t) and the noise variances add up to
1 − ᾱ_t. Training needs x_t for random t, and this closed form gives it without a loop:

    q(x_t | x_0) = N( sqrt(ᾱ_t)·x_0,  (1 − ᾱ_t)·I )
    x_t = sqrt(ᾱ_t) · x_0 + sqrt(1 − ᾱ_t) · noise          noise ~ N(0, I), given

ᾱ_t (not α_t = 1 − β_t: that is a single step) is looked up per example and broadcast over the
remaining axes; the square root covers the whole 1 − ᾱ_t (variances add, standard deviations do
not).
Shapes: x0 [B, ...] (e.g. [B, C, H, W]), t [B] long (or an int, for the whole batch), alpha_bars
[T], noise like x0 -> x_t like x0.
Bad input: noise of another shape, t not [B], or a t outside 0 … T−1 -> ValueError.

【日本語】
カタ: 順方向過程のステップ t へ一気に跳ぶ（q_sample）。

1 ステップずつノイズを加える x_t = sqrt(1 − β_t)·x_{t−1} + sqrt(β_t)·ε_t は、きれいな画像からの「1 回の」
ガウス的なステップにまとめられます。信号は sqrt(ᾱ_t) 倍になり、ノイズの分散は足し合わされて 1 − ᾱ_t になります。
学習ではランダムな t の x_t が必要で、この閉じた形ならループなしで得られます:

    q(x_t | x_0) = N( sqrt(ᾱ_t)·x_0,  (1 − ᾱ_t)·I )
    x_t = sqrt(ᾱ_t) · x_0 + sqrt(1 − ᾱ_t) · noise          noise ~ N(0, I)（引数で与えられます）

ᾱ_t（α_t = 1 − β_t ではありません。それは 1 ステップ分です）を例ごとに引き、残りの軸へブロードキャストします。
平方根は 1 − ᾱ_t 全体にかかります（足し合わされるのは分散で、標準偏差ではありません）。
形状: x0 [B, ...]（たとえば [B, C, H, W]）、t [B] の long（またはバッチ全体に使う int）、alpha_bars [T]、
x0 と同じ形の noise -> x0 と同じ形の x_t。
不正な入力: 形の違う noise、[B] でない t、0 … T−1 の外の t は ValueError を送出します。
"""
import torch


def q_sample(x0: torch.Tensor, t: torch.Tensor | int, alpha_bars: torch.Tensor,
             noise: torch.Tensor) -> torch.Tensor:
    """x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·noise, ᾱ_t looked up per example."""
    # TODO: check noise and t (ValueError; an int t means the whole batch); look up ᾱ_t per
    #       example, reshape to [B, 1, 1, 1], return sqrt(ᾱ)·x0 + sqrt(1 − ᾱ)·noise.
    raise NotImplementedError("q_sample: noise x0 straight to step t in closed form"
                              " ‖ q_sample: 閉じた形で x0 をステップ t まで一気にノイズ化しましょう")
