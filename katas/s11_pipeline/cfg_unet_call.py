"""Kata: one guided UNet call (step 3 of the pipeline, part a: classifier-free guidance).

At each denoising step the UNet predicts the noise twice, once with the unconditional context
(the negative prompt) and once with the prompt's, and classifier-free guidance extrapolates from
the first towards the second. Stable Diffusion does it in ONE forward pass: duplicate the
latents, stack the two contexts into one batch [uncond; cond], run the UNet once on the batch
of 2B, and split the answer back into its two halves (the same trick as s07's cfg_eps, with text
instead of labels).

    z_in = [z; z]   t_in = [t; t]   context = [uncond; cond]   mask = [uncond_mask; cond_mask]
    eps_u, eps_c = unet(z_in, t_in, context, context_mask=mask).chunk(2)      (uncond half first)
    eps = eps_u + w·(eps_c − eps_u)

w = guidance: w = 1 is the plain conditional prediction, w = 0 the unconditional one, w > 1
pushes away from the negative prompt (this is the convention of diffusers; some papers write
(1 + w) for the same thing, which here would be guidance + 1).
The UNet is s10's CrossAttnUNet or anything called like it: unet(z [N, C, h, w], t [N] long,
context [N, L, D], context_mask=[N, L] bool or None) -> eps [N, C, h, w].
Shapes: z [B, C, h, w]; t an int (the same step for every image) or a LongTensor [B]; uncond and
cond [B, L, D]; the masks [B, L] bool (True = real token) or both None -> eps [B, C, h, w].
Bad input: uncond and cond of different shapes, or whose batch is not z's; only one of the two
masks given -> ValueError.

【日本語】
カタ: ガイダンス付きの UNet 呼び出し 1 回（パイプラインのステップ 3 前半: classifier-free guidance）。

ノイズ除去の各ステップで、UNet はノイズを 2 回予測します。無条件のコンテキスト（ネガティブプロンプト）で
1 回、プロンプトのコンテキストで 1 回です。classifier-free guidance は 1 つ目から 2 つ目の方向へ外挿します。
Stable Diffusion はこれを「1 回」の順伝播で行います。潜在変数を複製し、2 つのコンテキストを 1 つのバッチ
[uncond; cond] に積み、2B のバッチで UNet を 1 回だけ動かしてから、答えを 2 つの半分に分け直します
（s07 の cfg_eps と同じ工夫で、ラベルの代わりにテキストを使います）。

    z_in = [z; z]   t_in = [t; t]   context = [uncond; cond]   mask = [uncond_mask; cond_mask]
    eps_u, eps_c = unet(z_in, t_in, context, context_mask=mask).chunk(2)      （無条件の半分が先）
    eps = eps_u + w·(eps_c − eps_u)

w = guidance です。w = 1 はふつうの条件付き予測、w = 0 は無条件の予測で、w > 1 はネガティブプロンプトから
遠ざかる向きに押します（これは diffusers の約束です。同じものを (1 + w) と書く論文もあり、ここでは
guidance + 1 にあたります）。
UNet は s10 の CrossAttnUNet か、同じように呼べるものです: unet(z [N, C, h, w], t [N] の long,
context [N, L, D], context_mask=[N, L] の bool か None) -> eps [N, C, h, w]。
形状: z [B, C, h, w]。t は int（すべての画像で同じステップ）か LongTensor [B]。uncond と cond は
[B, L, D]。マスクは [B, L] の bool（True = 本物のトークン）か、両方 None -> eps [B, C, h, w]。
不正な入力: uncond と cond の形状が違う、またはそのバッチが z と違う場合、マスクが片方だけ与えられた
場合は ValueError です。
"""
from __future__ import annotations

import torch
import torch.nn as nn


def cfg_unet_call(unet: nn.Module, z: torch.Tensor, t, uncond: torch.Tensor, cond: torch.Tensor,
                  guidance: float, uncond_mask: torch.Tensor | None = None,
                  cond_mask: torch.Tensor | None = None) -> torch.Tensor:
    """ONE unet call on [z; z] with context [uncond; cond] -> eps_u + guidance·(eps_c − eps_u)."""
    # TODO: ValueError for mismatched shapes or a single mask; t -> LongTensor [B] on z's device;
    #       one unet call on the doubled batch (uncond first); chunk(2); mix.
    raise NotImplementedError("cfg_unet_call: one UNet call on [uncond; cond], then eps_u + w·(eps_c − eps_u)"
                              " ‖ cfg_unet_call: [uncond; cond] で UNet を 1 回呼び、eps_u + w·(eps_c − eps_u)")
