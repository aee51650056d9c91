"""Kata: the latent ε-loss (training a text-conditioned latent diffusion model).

Latent diffusion trains exactly like s06's DDPM, with two changes: the "images" are the scaled
latents z0 = f·(the autoencoder's latent of the image), and the UNet also receives the text context
(and its mask). The autoencoder is frozen; only the UNet learns. Pick a random step t per example,
noise z0 with q_sample, and ask the UNet which noise was added:

    t ~ Uniform{0, …, T−1}  per example          (when t is None)
    ε ~ N(0, I)  of z0's shape                    (when noise is None)
    z_t = q_sample(z0, t, alpha_bars, ε) = sqrt(ᾱ_t)·z0 + sqrt(1 − ᾱ_t)·ε       (ᾱ, the cumulative product)
    loss = mean over all elements of (unet(z_t, t, context, context_mask) − ε)²    (F.mse_loss)

The target is the NOISE ε, not z0. Draw t first, then ε, both with the generator on z0's device:
`torch.randint(0, T, (B,), generator=generator, device=z0.device)`, then
`torch.randn(z0.shape, generator=generator, device=z0.device)`. Call the UNet as
`unet(z_t, t, context, context_mask)`.
Shapes: z0 [B, C, h, w] (already multiplied by the scale factor), context [B, L, D], alpha_bars
[T], context_mask [B, L] bool or None, t [B] long or None, noise like z0 or None -> scalar.
Bad input: as q_sample (noise of another shape, t outside 0 … T−1), or a context whose batch is not
z0's -> ValueError.

【日本語】
カタ: 潜在変数の ε 損失（テキスト条件付き潜在拡散モデルの学習）。

潜在拡散モデルの学習は s06 の DDPM とまったく同じで、違いは 2 つだけです。「画像」はスケールした潜在変数
z0 = f·（画像のオートエンコーダの潜在変数）であり、UNet はテキストのコンテキスト（とそのマスク）も受け取り
ます。オートエンコーダは凍結し、学習するのは UNet だけです。例ごとにランダムなステップ t を選び、q_sample で
z0 にノイズを加え、どんなノイズが加えられたかを UNet に当てさせます:

    t ~ Uniform{0, …, T−1}  （例ごと。t が None のとき）
    ε ~ N(0, I)、形状は z0 と同じ               （noise が None のとき）
    z_t = q_sample(z0, t, alpha_bars, ε) = sqrt(ᾱ_t)·z0 + sqrt(1 − ᾱ_t)·ε       （ᾱ は累積積）
    loss = (unet(z_t, t, context, context_mask) − ε)² の全要素にわたる平均    （F.mse_loss）

目標は z0 ではなく「ノイズ」ε です。まず t を、次に ε を、どちらも generator を使って z0 のデバイス上で
引きます: `torch.randint(0, T, (B,), generator=generator, device=z0.device)`、続いて
`torch.randn(z0.shape, generator=generator, device=z0.device)`。UNet は
`unet(z_t, t, context, context_mask)` と呼びます。
形状: z0 [B, C, h, w]（スケール係数を掛け済み）、context [B, L, D]、alpha_bars [T]、context_mask [B, L] の
bool または None、t [B] の long または None、noise は z0 と同じ形状か None -> スカラー。
不正な入力: q_sample と同じ（形状の違う noise、0 … T−1 の外の t）、またはバッチが z0 と違うコンテキストは
ValueError を送出します。
"""
import torch
import torch.nn.functional as F

from ..s06_ddpm.q_sample import q_sample


def latent_eps_loss(unet, z0: torch.Tensor, context: torch.Tensor, alpha_bars: torch.Tensor,
                    context_mask: torch.Tensor | None = None, t: torch.Tensor | None = None,
                    noise: torch.Tensor | None = None, generator: torch.Generator | None = None) -> torch.Tensor:
    """MSE between the true noise and unet(q_sample(z0, t, ᾱ, noise), t, context, mask): a scalar."""
    # TODO: check the context's batch (ValueError); draw t (if None), then the noise (if None),
    # with the generator; z_t = q_sample(...); MSE between unet(z_t, t, context, context_mask) and the noise.
    raise NotImplementedError("latent_eps_loss: noise z0 with q_sample, then MSE(unet(z_t, t, context, mask), noise)"
                              " ‖ latent_eps_loss: q_sample で z0 にノイズを加え、MSE(unet(z_t, t, context, mask), noise) を求めましょう")
