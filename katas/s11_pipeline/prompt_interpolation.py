"""Kata: walk from one prompt to another (prompt interpolation).

Fix the starting noise and move only the TEXT: encode two prompts, blend their token states
step by step, and denoise the same latent with each blend. The frames morph from the image of
the first prompt into that of the second ("a thin seven" -> "a thick seven"), which shows that
the model's context space is smooth. Spherical interpolation (s08's slerp, imported below)
follows the arc between the two embeddings and keeps their size, where a straight line (lerp)
would shrink the middle frames; it treats each prompt's whole [L, D] state as one vector.

    s_k = k/(frames − 1),  k = 0 … frames−1                      (both ends included)
    lerp(a, b, s)  = (1 − s)·a + s·b
    slerp(a, b, s) = sin((1 − s)Ω)/sin Ω · a + sin(sΩ)/sin Ω · b,   cos Ω = a·b/(|a||b|)   (s08)
    cond_k = interp(cond_a, cond_b, s_k);   uncond: the negative prompt's, for every frame
    z_T    = get_latent((1, *latent_shape), seed), the SAME for every frame
    mask_k = mask_a at s = 0, mask_b at s = 1, mask_a | mask_b in between (the tokens of either)

So the first frame is exactly pipe(prompt_a, seed=seed) and the last exactly pipe(prompt_b,
seed=seed). `pipe` is a TextToImagePipeline, or anything with the same attributes (tokenizer,
text_encoder, unet, decoder, alpha_bars, latent_shape, scale_factor, max_len, crop_to,
use_context_mask): use your encode_prompt, get_latent, denoise_loop and vae_decode with them,
all the frames as one batch, under torch.no_grad().
Shapes: prompt_interpolation(...) -> uint8 frames [frames, H, W].
Bad input: frames < 2, or mode not "slerp" or "lerp" -> ValueError.

【日本語】
カタ: あるプロンプトから別のプロンプトへ歩く（プロンプトの補間）。

最初のノイズを固定し、「テキスト」だけを動かします。2 つのプロンプトをエンコードし、そのトークンの状態を
少しずつ混ぜて、混ぜたものごとに同じ潜在変数のノイズを除去します。コマは 1 つ目のプロンプトの画像から
2 つ目のプロンプトの画像へと変形していき（"a thin seven" -> "a thick seven"）、モデルのコンテキストの空間が
なめらかであることがわかります。球面線形補間（s08 の slerp。下でインポートしています）は 2 つの埋め込みの
間の弧をたどり、その大きさを保ちます。直線（lerp）では途中のコマが縮んでしまいます。slerp は各プロンプトの
[L, D] の状態全体を 1 本のベクトルとして扱います。

    s_k = k/(frames − 1),  k = 0 … frames−1                      （両端を含みます）
    lerp(a, b, s)  = (1 − s)·a + s·b
    slerp(a, b, s) = sin((1 − s)Ω)/sin Ω · a + sin(sΩ)/sin Ω · b,   cos Ω = a·b/(|a||b|)   （s08）
    cond_k = interp(cond_a, cond_b, s_k);   uncond: ネガティブプロンプトのものをすべてのコマで
    z_T    = get_latent((1, *latent_shape), seed)。すべてのコマで「同じ」もの
    mask_k = s = 0 では mask_a、s = 1 では mask_b、その間は mask_a | mask_b（どちらかのトークン）

したがって最初のコマは pipe(prompt_a, seed=seed) とぴったり同じ、最後のコマは pipe(prompt_b, seed=seed) と
ぴったり同じになります。`pipe` は TextToImagePipeline か、同じ属性（tokenizer, text_encoder, unet, decoder,
alpha_bars, latent_shape, scale_factor, max_len, crop_to, use_context_mask）を持つものです。それらを使って
自分の encode_prompt、get_latent、denoise_loop、vae_decode を呼びます。すべてのコマを 1 つのバッチにし、
torch.no_grad() のもとで動かします。
形状: prompt_interpolation(...) -> uint8 のコマ [frames, H, W]。
不正な入力: frames < 2、または mode が "slerp" でも "lerp" でもなければ ValueError です。
"""
from __future__ import annotations

import torch

from ..s08_quality.slerp import slerp
from .denoise_loop import denoise_loop
from .encode_prompt import device_of, encode_prompt
from .get_latent import get_latent
from .vae_decode import vae_decode


@torch.no_grad()
def prompt_interpolation(pipe, prompt_a: str, prompt_b: str, frames: int = 5, steps: int = 50,
                         guidance: float = 3.0, seed: int = 0, negative_prompt: str = "",
                         mode: str = "slerp") -> torch.Tensor:
    """frames uint8 images [frames, H, W] from prompt_a to prompt_b, one fixed latent."""
    # TODO: ValueError for frames < 2 or an unknown mode; encode both prompts; for s = k/(frames−1)
    #       blend the cond states (the ends exactly the prompts'), masks as in the docstring; one
    #       latent expanded to every frame; denoise_loop and vae_decode as one batch.
    raise NotImplementedError("prompt_interpolation: blend the two prompts' states, same latent for every frame"
                              " ‖ prompt_interpolation: 2 つのプロンプトの状態を混ぜ、どのコマも同じ潜在変数で")
