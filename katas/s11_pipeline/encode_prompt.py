"""Kata: encode the prompt, and the negative prompt (step 1 of the pipeline, part b).

Classifier-free guidance needs TWO contexts per image: the conditional one (the prompt) and the
unconditional one. The unconditional context is simply the encoding of another prompt, the
NEGATIVE prompt: "" by default (what the model learned from the dropped captions), or words you
want the image to move AWAY from ("thin" for a thick digit), because guidance pushes the noise
prediction from the unconditional towards the conditional one. Both go through the same
tokenizer and the same text encoder, and both keep ALL token states (not one pooled vector):
the UNet's cross-attention reads them as its context.

    ids_u, mask_u = tokenize(negative prompts);   ids_c, mask_c = tokenize(prompts)
    uncond = text_encoder.tokens(ids_u)    [B, L, D]      cond = text_encoder.tokens(ids_c)
    (in one encoder call if you like: tokenize negatives + prompts together, then .chunk(2))

Use your tokenize_prompts (imported below), move the ids to the text encoder's device
(`device_of(text_encoder)`, given), call `text_encoder.tokens(ids)` (s09's TextEncoder: all
token states [B, L, D]). The order of the result is (uncond, cond, uncond_mask, cond_mask):
unconditional FIRST, as in the batch [uncond; cond] the UNet will see.
Shapes: prompt, a str or a list of B str; negative_prompt, a str (the same for every prompt) or a
list of B str -> uncond, cond [B, max_len, D]; uncond_mask, cond_mask [B, max_len] bool
(True = real token), on the text encoder's device.
Bad input: a list of negative prompts whose length is not the number of prompts, or a prompt
that does not fit in max_len -> ValueError.

【日本語】
カタ: プロンプトとネガティブプロンプトをエンコードする（パイプラインのステップ 1、後半）。

Classifier-free guidance には画像 1 枚につき「2 つ」のコンテキストが必要です。条件付きのもの（プロンプト）と
無条件のものです。無条件のコンテキストは、別のプロンプト、つまり「ネガティブプロンプト」をエンコード
したものにすぎません。既定は ""（キャプションを落として学習したときにモデルが覚えたもの）ですが、画像を
そこから「遠ざけたい」言葉を入れることもできます（太い数字なら "thin"）。ガイダンスはノイズの予測を
無条件のものから条件付きのものの方向へ押し出すからです。どちらも同じトークナイザと同じテキスト
エンコーダを通し、どちらも（プールした 1 本のベクトルではなく）「すべての」トークンの状態を残します。
UNet の交差注意がそれをコンテキストとして読みます。

    ids_u, mask_u = tokenize(ネガティブプロンプト);   ids_c, mask_c = tokenize(プロンプト)
    uncond = text_encoder.tokens(ids_u)    [B, L, D]      cond = text_encoder.tokens(ids_c)
    （エンコーダの呼び出しを 1 回にしてもかまいません: ネガティブとプロンプトを一緒にトークン化し、.chunk(2)）

自分の tokenize_prompts（下でインポートしています）を使い、ID をテキストエンコーダのデバイス
（`device_of(text_encoder)`、与えられています）に移して、`text_encoder.tokens(ids)`（s09 の TextEncoder:
すべてのトークンの状態 [B, L, D]）を呼びます。結果の順序は (uncond, cond, uncond_mask, cond_mask) です。
UNet が受け取るバッチ [uncond; cond] と同じく、無条件が「先」です。
形状: prompt は str か B 個の str のリスト、negative_prompt は str（すべてのプロンプトに共通）か B 個の
str のリスト -> uncond, cond [B, max_len, D]、uncond_mask, cond_mask [B, max_len] の bool
（True = 本物のトークン）。テキストエンコーダのデバイス上に置きます。
不正な入力: 長さがプロンプトの数と違うネガティブプロンプトのリスト、または max_len に収まらない
プロンプトは ValueError です。
"""
from __future__ import annotations

import itertools

import torch
import torch.nn as nn

from .tokenize_prompts import tokenize_prompts


def device_of(module) -> torch.device:
    """The device of a module's first parameter or buffer; the CPU when it has none (given)."""
    if isinstance(module, nn.Module):
        for tensor in itertools.chain(module.parameters(), module.buffers()):
            return tensor.device
    return torch.device("cpu")


def encode_prompt(text_encoder, tokenizer, prompt: str | list[str], max_len: int,
                  negative_prompt: str | list[str] = ""):
    """-> (uncond [B, L, D], cond [B, L, D], uncond_mask [B, L], cond_mask [B, L]), uncond first."""
    # TODO: a str prompt is a batch of one; a str negative_prompt is repeated for every prompt
    #       (a list must have one per prompt, else ValueError); tokenize both with tokenize_prompts,
    #       move the ids to device_of(text_encoder), take text_encoder.tokens(ids) of each;
    #       return (uncond, cond, uncond_mask, cond_mask).
    raise NotImplementedError("encode_prompt: the token states of the negative prompt, then of the prompt"
                              " ‖ encode_prompt: ネガティブプロンプトのトークン状態、次にプロンプトのもの")
