"""Kata: the denoising loop (step 3 of the pipeline: guided DDIM from noise to a clean latent).

The heart of the pipeline: start from the noisy latent z_T and walk down the DDIM timesteps, from
the noisiest (T−1) to the cleanest (0). At each timestep ask the UNet for the guided noise
prediction (your cfg_unet_call: one call on the doubled batch) and let the scheduler jump to
the next timestep of the list (your scheduler_step), the clean latent after the last one.

    ts = ddim_timesteps(T, steps)              (s08: descending, T−1 first, 0 last)
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < steps else −1
        eps = cfg_unet_call(unet, z, t, uncond, cond, guidance, uncond_mask, cond_mask)
        z   = scheduler_step(z, eps, t, t_prev, alpha_bars, eta, generator)
        callback(i, t, z) if a callback is given          (i = 0 … steps−1)
    return z

`steps` model calls in all, never T: that is why DDIM is fast. Run it under torch.no_grad()
(sampling trains nothing). The callback lets a caller watch the latents (progress bars, the
frames of an animation); t is passed as an int.
Shapes: z [B, C, h, w]; uncond, cond [B, L, D]; masks [B, L] bool or None; alpha_bars [T] on z's
device -> z0 [B, C, h, w].
Bad input: steps < 1 or steps > T -> ValueError (from ddim_timesteps).

【日本語】
カタ: ノイズ除去のループ（パイプラインのステップ 3: ノイズからきれいな潜在変数へのガイダンス付き DDIM）。

パイプラインの心臓部です。ノイズの乗った潜在変数 z_T から始め、DDIM のタイムステップを、いちばんノイズの
強い T−1 からいちばんきれいな 0 まで下っていきます。各タイムステップで UNet にガイダンス付きのノイズ予測を
求め（自分の cfg_unet_call: 2 倍のバッチで 1 回の呼び出し）、スケジューラにリストの次のタイムステップへ
飛ばせます（自分の scheduler_step）。最後のステップの次はきれいな潜在変数です。

    ts = ddim_timesteps(T, steps)              （s08: 降順で、最初が T−1、最後が 0）
    for i, t in enumerate(ts):
        t_prev = i + 1 < steps なら ts[i + 1]、そうでなければ −1
        eps = cfg_unet_call(unet, z, t, uncond, cond, guidance, uncond_mask, cond_mask)
        z   = scheduler_step(z, eps, t, t_prev, alpha_bars, eta, generator)
        コールバックがあれば callback(i, t, z)          （i = 0 … steps−1）
    return z

モデルの呼び出しは全部で `steps` 回で、T 回ではありません。DDIM が速いのはこのためです。
torch.no_grad() のもとで動かします（サンプリングでは何も学習しません）。コールバックを使うと、呼び出し側が
潜在変数を見守れます（進捗バー、アニメーションのコマ）。t は int で渡します。
形状: z [B, C, h, w]、uncond, cond [B, L, D]、マスクは [B, L] の bool か None、alpha_bars [T] は z と
同じデバイス -> z0 [B, C, h, w]。
不正な入力: steps < 1 や steps > T は ValueError です（ddim_timesteps が送出します）。
"""
from __future__ import annotations

from typing import Callable

import torch
import torch.nn as nn

from ..s08_quality.ddim_timesteps import ddim_timesteps
from .cfg_unet_call import cfg_unet_call
from .scheduler_step import scheduler_step


@torch.no_grad()
def denoise_loop(unet: nn.Module, z: torch.Tensor, uncond: torch.Tensor, cond: torch.Tensor,
                 alpha_bars: torch.Tensor, steps: int, guidance: float,
                 uncond_mask: torch.Tensor | None = None, cond_mask: torch.Tensor | None = None,
                 eta: float = 0.0, generator: torch.Generator | None = None,
                 callback: Callable | None = None) -> torch.Tensor:
    """Guided DDIM over ddim_timesteps(T, steps): z_T [B, C, h, w] -> z_0."""
    # TODO: ts = ddim_timesteps(T, steps); for each t: t_prev = the next one (−1 after the last),
    #       eps = cfg_unet_call(...), z = scheduler_step(...), then the callback; return z.
    raise NotImplementedError("denoise_loop: guided UNet call + scheduler step for each DDIM timestep"
                              " ‖ denoise_loop: DDIM の各タイムステップでガイダンス付き UNet 呼び出しとスケジューラのステップ")
