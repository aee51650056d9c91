"""Kata: tokenize the prompts (step 1 of a text-to-image pipeline, part a).

A pipeline's first step turns the prompts into one rectangular batch of token ids that the text
encoder reads. Stable Diffusion calls its tokenizer with padding="max_length": every prompt is
wrapped in BOS … EOS and padded with PAD to the SAME fixed length max_len, whatever the prompt,
so the unconditional ("") and the conditional prompts stack into one batch and the UNet always
sees a context of max_len tokens. The attention mask says which positions hold a real token
(BOS, the words, EOS: True) and which are padding (False), the convention of s04's padding_mask.
A prompt that does not fit is an error, never cut silently: cutting would drop its EOS, the
token at which the text encoder sums the prompt up.

    row(text) = [BOS, id(w1), …, id(wn), EOS, PAD, …, PAD]        (length max_len)
    ids[b]    = row(prompts[b]);      mask[b, l] = (ids[b, l] != tokenizer.PAD)

The tokenizer is s04's CaptionTokenizer or anything like it: it has `encode(text, max_len=None)`
(-> a list of ints: [BOS, …, EOS], padded to max_len when given, ValueError when it does not
fit) and the constants `PAD`, `BOS`, `EOS`. Use tokenizer.PAD, not a hard-coded 0.
Shapes: prompts, a str (a batch of one) or a list of B str -> ids [B, max_len] long and
mask [B, max_len] bool, both on the CPU (the next step moves them).
Bad input: an empty list of prompts, or a prompt that needs more than max_len ids with its BOS
and EOS -> ValueError.

【日本語】
カタ: プロンプトをトークン化する（テキストから画像へのパイプラインのステップ 1、前半）。

パイプラインの最初のステップでは、プロンプトをテキストエンコーダが読むトークン ID の長方形のバッチに
します。Stable Diffusion はトークナイザを padding="max_length" で呼びます。どのプロンプトも BOS … EOS で
囲み、プロンプトによらず「同じ」固定長 max_len まで PAD で埋めます。こうすると無条件のプロンプト（""）と
条件付きのプロンプトを 1 つのバッチに積むことができ、UNet はいつも max_len トークンのコンテキストを
受け取ります。アテンションマスクは、どの位置が本物のトークン（BOS、単語、EOS: True）で、どの位置が
パディング（False）かを表します。s04 の padding_mask と同じ約束です。収まらないプロンプトはエラーにし、
黙って切り詰めてはいけません。切ると EOS が失われます。EOS はテキストエンコーダがプロンプトを
まとめ上げるトークンです。

    row(text) = [BOS, id(w1), …, id(wn), EOS, PAD, …, PAD]        （長さ max_len）
    ids[b]    = row(prompts[b]);      mask[b, l] = (ids[b, l] != tokenizer.PAD)

トークナイザは s04 の CaptionTokenizer か、それと同じように使えるものです。`encode(text, max_len=None)`
（-> int のリスト [BOS, …, EOS]。max_len を渡すとそこまで埋め、収まらなければ ValueError）と定数
`PAD`、`BOS`、`EOS` を持っています。0 を決め打ちせず tokenizer.PAD を使いましょう。
形状: prompts は str（バッチ 1 つ分）か B 個の str のリスト -> ids [B, max_len] の long と
mask [B, max_len] の bool。どちらも CPU 上です（次のステップで移します）。
不正な入力: 空のプロンプトのリスト、または BOS と EOS を含めて max_len を超える ID が必要なプロンプトは
ValueError です。
"""
from __future__ import annotations

import torch


def tokenize_prompts(tokenizer, prompts: str | list[str],
                     max_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    """prompts (str or list of B str) -> (ids [B, max_len] long, mask [B, max_len] bool, True = real)."""
    if isinstance(prompts, str):
        prompts = [prompts]  # one prompt is a batch of one
    prompts = list(prompts)
    if len(prompts) == 0:
        raise ValueError("tokenize_prompts needs at least one prompt")
    rows = []
    for text in prompts:
        ids = list(tokenizer.encode(text))  # [BOS, …, EOS], not padded yet
        if len(ids) > max_len:
            # Cutting to max_len would drop the EOS: the encoder would never see the prompt end.
            raise ValueError(f"prompt {text!r} needs {len(ids)} ids with BOS and EOS, more than "
                             f"max_len={max_len}")
        # Pad every row to the same FIXED length (not the longest prompt of this batch), so the
        # unconditional and the conditional rows, and every call, share one context length.
        rows.append(ids + [tokenizer.PAD] * (max_len - len(ids)))
    ids = torch.tensor(rows, dtype=torch.long)
    # True = a real token (BOS, words, EOS); the PAD positions are the ones to ignore.
    return ids, ids != tokenizer.PAD
