"""Kata: the decoder block (masked self-attention, cross-attention, MLP).

The captioner's decoder is GPT's block with one more sub-layer in the middle. First the text
tokens look at each other (masked: only earlier tokens, no PADs); then they look at the image
(cross-attention to the encoder's patch vectors); then each token processes what it gathered
(the MLP). Pre-LN as before: each sub-layer reads a LayerNorm-ed copy of the stream and ADDS
its result back; the stream itself, and the context, are never normalised inside the block
(the encoder already normalised the context with its final LayerNorm).

    x = x + self_attn( ln_1(x), mask )                  the text so far
    x = x + cross_attn( ln_2(x), context, context_mask ) the image
    x = x + mlp( ln_3(x) )
    return x

Parts (your earlier katas): `.ln_1`, `.ln_2`, `.ln_3` LayerNorm(dim); `.self_attn`
MaskedSelfAttention(dim, n_head, dropout); `.cross_attn` CrossAttention(dim, n_head, dropout);
`.mlp` FeedForward(dim, dropout).
Shapes: x [B, T, dim], context [B, N, dim], mask bool [B, 1, T, T] (decoder_mask: True = may
attend) or None, context_mask [B, N] bool or None -> [B, T, dim].
Bad input: dim not divisible by n_head -> ValueError (the attention layers raise it).

【日本語】
カタ: デコーダブロック（マスク付き自己注意、交差注意、MLP）。

キャプション生成のデコーダは、GPT のブロックの真ん中にサブ層を 1 つ足したものです。まずテキストの
トークンどうしが注意し合います（マスク付き: 前のトークンだけ、PAD は見ない）。次に画像を見ます
（エンコーダのパッチベクトルへの交差注意）。最後に各トークンが集めた情報を処理します（MLP）。これまでと
同じく pre-LN です。各サブ層は流れを LayerNorm したコピーを読み、結果を流れに「足し」ます。流れ自体と
コンテキストはブロックの中では正規化しません（コンテキストはエンコーダの最後の LayerNorm で正規化
済みです）。

    x = x + self_attn( ln_1(x), mask )                  ここまでのテキスト
    x = x + cross_attn( ln_2(x), context, context_mask ) 画像
    x = x + mlp( ln_3(x) )
    return x

部品（これまでのカタのもの）: `.ln_1`、`.ln_2`、`.ln_3` は LayerNorm(dim)、`.self_attn` は
MaskedSelfAttention(dim, n_head, dropout)、`.cross_attn` は CrossAttention(dim, n_head, dropout)、
`.mlp` は FeedForward(dim, dropout)。
形状: x [B, T, dim]、context [B, N, dim]、mask は bool の [B, 1, T, T]（decoder_mask: True = 注意して
よい）または None、context_mask は bool の [B, N] または None -> [B, T, dim]。
不正な入力: dim が n_head で割り切れなければ ValueError です（注意の層が送出します）。
"""
import torch
import torch.nn as nn

from ..s02_gpt.feed_forward import FeedForward
from ..s02_gpt.layer_norm import LayerNorm
from .cross_attention import CrossAttention
from .masked_self_attention import MaskedSelfAttention


class DecoderBlock(nn.Module):
    """One pre-LN decoder block: x [B, T, dim] (+ image context [B, N, dim]) -> [B, T, dim]."""

    def __init__(self, dim: int, n_head: int, dropout: float = 0.0):
        super().__init__()
        self.ln_1 = LayerNorm(dim)
        self.self_attn = MaskedSelfAttention(dim, n_head, dropout)
        self.ln_2 = LayerNorm(dim)
        self.cross_attn = CrossAttention(dim, n_head, dropout)
        self.ln_3 = LayerNorm(dim)
        self.mlp = FeedForward(dim, dropout)

    def forward(self, x: torch.Tensor, context: torch.Tensor, mask: torch.Tensor | None = None,
                context_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, T, dim], context [B, N, dim], mask [B, 1, T, T] or None -> [B, T, dim]."""
        # The mask must reach the self-attention: without it a token would read the very token
        # it is trained to predict.
        x = x + self.self_attn(self.ln_1(x), mask)
        # Queries from the (normalised) text; keys and values from the context as it is.
        x = x + self.cross_attn(self.ln_2(x), context, context_mask)
        x = x + self.mlp(self.ln_3(x))
        return x
