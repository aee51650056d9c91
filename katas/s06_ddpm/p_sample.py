"""Kata: one reverse step x_t -> x_{t−1} (p_sample).

To undo one step of noise, the network predicts the noise ε̂ in x_t; from it we get a guess of the
clean image (inverting q_sample), and then step back with the posterior of the previous kata,
drawing fresh noise except at the very last step:

    ε̂   = model(x_t, [t, t, …, t])                        (one t for the whole batch)
    x̂_0 = (x_t − sqrt(1 − ᾱ_t)·ε̂) / sqrt(ᾱ_t)             clamped to [−1, 1] when clip=True
    μ, σ² = posterior_mean_variance(x̂_0, x_t, t, betas, alpha_bars)      (σ² = β̃_t, not β_t)
    x_{t−1} = μ + σ·z,   z ~ N(0, I)   for t > 0;     x_{−1} = μ   at t = 0 (no noise)

Clipping x̂_0 to the data range [−1, 1] keeps early, very uncertain guesses from throwing the
sample off. Draw z with `torch.randn(x_t.shape, generator=generator, device=x_t.device)`.
Shapes: x_t [B, C, H, W], t an int, betas and alpha_bars [T] -> x_{t−1} [B, C, H, W].
Bad input: t outside 0 … T−1 -> ValueError.

【日本語】
カタ: 逆向きの 1 ステップ x_t -> x_{t−1}（p_sample）。

ノイズのステップを 1 つ戻すために、ネットワークは x_t に含まれるノイズ ε̂ を予測します。そこから（q_sample を
逆に解いて）きれいな画像を推定し、前のカタの事後分布で 1 ステップ戻ります。新しいノイズは最後のステップ以外で
引きます:

    ε̂   = model(x_t, [t, t, …, t])                        （バッチ全体で同じ t）
    x̂_0 = (x_t − sqrt(1 − ᾱ_t)·ε̂) / sqrt(ᾱ_t)             clip=True なら [−1, 1] に切り詰めます
    μ, σ² = posterior_mean_variance(x̂_0, x_t, t, betas, alpha_bars)      （σ² は β_t ではなく β̃_t）
    t > 0 では x_{t−1} = μ + σ·z,  z ~ N(0, I)。  t = 0 では x_{−1} = μ（ノイズなし）

x̂_0 をデータの範囲 [−1, 1] に切り詰めると、序盤のとても不確かな推定でサンプルが大きく外れるのを防げます。
z は `torch.randn(x_t.shape, generator=generator, device=x_t.device)` で引きましょう。
形状: x_t [B, C, H, W]、t は int、betas と alpha_bars [T] -> x_{t−1} [B, C, H, W]。
不正な入力: 0 … T−1 の外の t は ValueError を送出します。
"""
import torch

from .posterior import posterior_mean_variance


def p_sample(model, x_t: torch.Tensor, t: int, betas: torch.Tensor, alpha_bars: torch.Tensor,
             generator: torch.Generator | None = None, clip: bool = True) -> torch.Tensor:
    """One ancestral step: x_{t−1} = μ̃(x̂_0, x_t) + sqrt(β̃_t)·z (no z at t = 0)."""
    # TODO: ValueError for t outside 0 … T−1; ε̂ = model(x_t, full-batch t); x̂_0 from ε̂ (clamp when
    #       clip); mean, var = posterior_mean_variance(...); add sqrt(var)·z only when t > 0.
    raise NotImplementedError("p_sample: one reverse step from x_t to x_{t-1}"
                              " ‖ p_sample: x_t から x_{t-1} へ逆向きに 1 ステップ進みましょう")
