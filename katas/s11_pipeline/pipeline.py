"""Kata: the text-to-image pipeline (the four steps in one call).

Stable Diffusion, pared down the way the parediffusers project does it: a pipeline is an object
holding the trained parts, and calling it with a prompt runs four steps, each one of your katas.

    1. uncond, cond, masks = encode_prompt(text_encoder, tokenizer, [prompt]·n, max_len, negative_prompt)
    2. z = get_latent((n, *latent_shape), seed, device of the UNet)
    3. z = denoise_loop(unet, z, uncond, cond, alpha_bars, steps, guidance, masks, callback=callback)
    4. return vae_decode(decoder, z, scale_factor, crop_to)

The parts: `tokenizer` (s04's CaptionTokenizer), `text_encoder` (s09's TextEncoder, with
.tokens), `unet` (s10's CrossAttnUNet), `decoder` (s10's AutoencoderKL or its decoder),
`alpha_bars` [T] (the training schedule), `latent_shape` (C, h, w) of ONE latent (s10: (4, 8, 8)),
`scale_factor` (s10's latent scale), `max_len` (the text length the encoder was trained with),
`crop_to` (28: the MNIST digit inside the 32×32 padding; None keeps the whole image) and
`use_context_mask` (pass the masks to the UNet, as it was trained; False gives it None).
`__init__` is given: it only stores them (alpha_bars moved to the UNet's device).
The call must be REPRODUCIBLE: the same arguments and seed give the same images, bit for bit,
whatever the global random state; another seed gives other images. n images of one prompt share
one call: a batch of n latents (drawn together from the one seed), n copies of the prompt.
Everything runs under torch.no_grad().
Shapes: __call__(prompt: str, steps=50, guidance=3.0, seed=0, negative_prompt="", n=1,
callback=None) -> uint8 images [n, 28, 28] (crop_to=28), [n, H, W] in general, on the CPU.
Bad input: n < 1 or a prompt that is not a str -> ValueError; a prompt longer than max_len or
steps outside 1..T -> ValueError (from the steps inside).

【日本語】
カタ: テキストから画像へのパイプライン（4 つのステップを 1 回の呼び出しで）。

parediffusers プロジェクトのやり方で削ぎ落とした Stable Diffusion です。パイプラインは学習済みの部品を
持つオブジェクトで、プロンプトを渡して呼ぶと 4 つのステップを実行します。どのステップも自分のカタです。

    1. uncond, cond, masks = encode_prompt(text_encoder, tokenizer, [prompt]·n, max_len, negative_prompt)
    2. z = get_latent((n, *latent_shape), seed, UNet のデバイス)
    3. z = denoise_loop(unet, z, uncond, cond, alpha_bars, steps, guidance, masks, callback=callback)
    4. return vae_decode(decoder, z, scale_factor, crop_to)

部品: `tokenizer`（s04 の CaptionTokenizer）、`text_encoder`（.tokens を持つ s09 の TextEncoder）、
`unet`（s10 の CrossAttnUNet）、`decoder`（s10 の AutoencoderKL かそのデコーダ）、`alpha_bars` [T]
（学習のときのスケジュール）、`latent_shape`（潜在変数「1 つ」の (C, h, w)。s10 では (4, 8, 8)）、
`scale_factor`（s10 の潜在スケール）、`max_len`（エンコーダを学習したときのテキストの長さ）、
`crop_to`（28: 32×32 のパディングの中の MNIST の数字。None なら画像全体を残します）、
`use_context_mask`（学習したときと同じくマスクを UNet に渡すかどうか。False なら None を渡します）。
`__init__` は与えられています。これらを保存するだけです（alpha_bars は UNet のデバイスに移します）。
呼び出しは「再現可能」でなければなりません。同じ引数とシードからは、グローバルな乱数の状態によらず、
ビット単位で同じ画像が得られ、別のシードからは別の画像が得られます。1 つのプロンプトの n 枚の画像は
1 回の呼び出しで作ります。n 個の潜在変数のバッチ（1 つのシードからまとめて引きます）と、n 個の
プロンプトの複製です。すべて torch.no_grad() のもとで動かします。
形状: __call__(prompt: str, steps=50, guidance=3.0, seed=0, negative_prompt="", n=1,
callback=None) -> uint8 の画像 [n, 28, 28]（crop_to=28）、一般には [n, H, W]。CPU 上です。
不正な入力: n < 1 や str でないプロンプトは ValueError です。max_len より長いプロンプトや 1..T の外の
steps も ValueError です（中のステップが送出します）。
"""
from __future__ import annotations

from typing import Callable

import torch

from .denoise_loop import denoise_loop
from .encode_prompt import device_of, encode_prompt
from .get_latent import get_latent
from .vae_decode import vae_decode


class TextToImagePipeline:
    """prompt -> images: encode_prompt, get_latent, denoise_loop, vae_decode."""

    def __init__(self, tokenizer, text_encoder, unet, decoder, alpha_bars: torch.Tensor,
                 latent_shape: tuple[int, ...], scale_factor: float, max_len: int,
                 crop_to: int | None = 28, use_context_mask: bool = True):
        self.tokenizer, self.text_encoder, self.unet, self.decoder = tokenizer, text_encoder, unet, decoder
        self.device = device_of(unet)
        self.alpha_bars = torch.as_tensor(alpha_bars).to(self.device)
        self.latent_shape = tuple(int(s) for s in latent_shape)
        self.scale_factor, self.max_len = scale_factor, max_len
        self.crop_to, self.use_context_mask = crop_to, use_context_mask

    @torch.no_grad()
    def __call__(self, prompt: str, steps: int = 50, guidance: float = 3.0, seed: int = 0,
                 negative_prompt: str = "", n: int = 1, callback: Callable | None = None) -> torch.Tensor:
        """n uint8 images [n, H, W] of `prompt`, reproducible from `seed`."""
        # TODO: ValueError for a prompt that is not a str or n < 1; then the four steps of the
        #       docstring: encode_prompt ([prompt] * n), get_latent((n, *latent_shape), seed,
        #       self.device), denoise_loop (masks only if use_context_mask), vae_decode.
        raise NotImplementedError("TextToImagePipeline.__call__: encode, latent, denoise, decode"
                                  " ‖ TextToImagePipeline.__call__: エンコード、潜在変数、ノイズ除去、デコード")
