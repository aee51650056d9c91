"""Kata: the scheduler step (step 3 of the pipeline, part b: one DDIM jump between two timesteps).

A diffusers "scheduler" owns the noise schedule: given the model's noise prediction at timestep
t, it returns the latents at the NEXT timestep the sampler visits, t_prev (DDIM skips: with 50
steps out of T = 1000, t_prev is about t − 20, not t − 1). The update itself is s08's ddim_step;
the scheduler's job is to look up the right two ᾱ's, and to know what comes after the last
step: t_prev = −1 means "the clean latent", whose ᾱ is 1 (no noise left), so the last step
returns the predicted x̂0 itself. Careful: alpha_bars[−1] is NOT that ᾱ: Python reads index −1
as the LAST entry, ᾱ_{T−1}, the noisiest one.

    ᾱ_t = alpha_bars[t];     ᾱ_prev = alpha_bars[t_prev] if t_prev >= 0 else 1
    x_prev = ddim_step(x_t, eps, ᾱ_t, ᾱ_prev, eta, noise)        (s08)
           = sqrt(ᾱ_prev)·x̂0 + sqrt(1 − ᾱ_prev − σ²)·eps + σ·noise,
    x̂0 = (x_t − sqrt(1 − ᾱ_t)·eps)/sqrt(ᾱ_t),   σ = η·sqrt((1 − ᾱ_prev)/(1 − ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev)

With η > 0 and no noise given, draw it with
`torch.randn(x_t.shape, generator=generator, device=x_t.device, dtype=x_t.dtype)`; with η = 0
(deterministic DDIM) draw nothing.
Shapes: x_t, eps [B, C, h, w]; t an int in 0..T−1; t_prev an int below t, −1 or None for the
end; alpha_bars [T] -> x_prev [B, C, h, w].
Bad input: t outside 0..T−1, or t_prev not below t (a step goes towards less noise), or
t_prev < −1 -> ValueError.

【日本語】
カタ: スケジューラのステップ（パイプラインのステップ 3 後半: 2 つのタイムステップの間の DDIM の 1 歩）。

diffusers の「スケジューラ」はノイズのスケジュールを受け持ちます。タイムステップ t でのモデルのノイズ予測を
受け取り、サンプラーが「次に」訪れるタイムステップ t_prev での潜在変数を返します（DDIM は飛ばします。
T = 1000 のうち 50 ステップなら t_prev は t − 1 ではなく t − 20 くらいです）。更新式そのものは s08 の
ddim_step です。スケジューラの仕事は正しい 2 つの ᾱ を引くことと、最後のステップの次に何が来るかを知って
いることです。t_prev = −1 は「きれいな潜在変数」を意味し、その ᾱ は 1（ノイズが残っていない）なので、
最後のステップは予測した x̂0 そのものを返します。注意: alpha_bars[−1] はその ᾱ では「ありません」。
Python はインデックス −1 を「最後の」要素、つまりいちばんノイズの強い ᾱ_{T−1} と読みます。

    ᾱ_t = alpha_bars[t];     t_prev >= 0 なら ᾱ_prev = alpha_bars[t_prev]、そうでなければ 1
    x_prev = ddim_step(x_t, eps, ᾱ_t, ᾱ_prev, eta, noise)        （s08）
           = sqrt(ᾱ_prev)·x̂0 + sqrt(1 − ᾱ_prev − σ²)·eps + σ·noise,
    x̂0 = (x_t − sqrt(1 − ᾱ_t)·eps)/sqrt(ᾱ_t),   σ = η·sqrt((1 − ᾱ_prev)/(1 − ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev)

η > 0 でノイズが与えられていなければ
`torch.randn(x_t.shape, generator=generator, device=x_t.device, dtype=x_t.dtype)` で引きます。η = 0
（決定的な DDIM）なら何も引きません。
形状: x_t, eps [B, C, h, w]。t は 0..T−1 の int、t_prev は t より小さい int で、終わりは −1 か None。
alpha_bars [T] -> x_prev [B, C, h, w]。
不正な入力: t が 0..T−1 の外、t_prev が t より小さくない（1 歩はノイズの少ない方へ進みます）、
t_prev < −1 のときは ValueError です。
"""
from __future__ import annotations

import torch

from ..s08_quality.ddim_step import ddim_step


def scheduler_step(x_t: torch.Tensor, eps: torch.Tensor, t: int, t_prev: int | None,
                   alpha_bars: torch.Tensor, eta: float = 0.0,
                   generator: torch.Generator | None = None,
                   noise: torch.Tensor | None = None) -> torch.Tensor:
    """One DDIM step from timestep t to t_prev (−1 or None: the clean latent, ᾱ = 1)."""
    T = alpha_bars.shape[0]
    t = int(t)
    t_prev = -1 if t_prev is None else int(t_prev)
    if not 0 <= t < T:
        raise ValueError(f"t must be in 0..{T - 1}, got {t}")
    if not -1 <= t_prev < t:
        raise ValueError(f"t_prev must be in -1..t-1 = -1..{t - 1}, got {t_prev}")
    a_t = alpha_bars[t]
    # After the last step comes the clean latent: ᾱ = 1. NOT alpha_bars[-1], which Python reads
    # as the last entry of the schedule, ᾱ_{T−1} ≈ 0, pure noise.
    a_prev = alpha_bars[t_prev] if t_prev >= 0 else torch.ones((), dtype=alpha_bars.dtype)
    if eta > 0 and noise is None:
        # Fresh noise from the caller's generator, on the latents' device: reproducible.
        noise = torch.randn(x_t.shape, generator=generator, device=x_t.device, dtype=x_t.dtype)
    return ddim_step(x_t, eps, a_t, a_prev, eta=eta, noise=noise)
