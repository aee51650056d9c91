"""Kata: CLIP's text encoder (a causal transformer read out at each caption's EOS token).

CLIP needs ONE vector per caption. Its text encoder is a GPT without the language-model head: token
and position embeddings, causal blocks, a final LayerNorm. With causal attention the state at a
position has read every token up to it and none after it, so the state at the EOS token has read the
whole caption and NONE of the padding behind it: that state is the caption's vector. Rows have
different lengths, so each row is read at its OWN EOS position (not at the last position, which is
padding in a short row, and not at the first, BOS, which has read nothing yet).

    x = embed(tokens)                       [B, T, n_embd]      GPTEmbedding (token + position)
    x = block_l(x)                          for l = 1 … n_layer  (causal s02 Blocks)
    h = ln_f(x)                             [B, T, n_embd]       = .tokens(tokens)
    e_b = position of the first EOS in row b                     (mask given: its last True)
    pooled[b] = h[b, e_b]                   [B, n_embd]          = forward(tokens)

A caption from CaptionTokenizer.encode is [BOS, …, EOS, PAD, …]: EOS = CaptionTokenizer.EOS (2),
PAD = CaptionTokenizer.PAD (0). `.tokens` returns every position's state (later stages read them
through cross-attention); forward returns the pooled vectors.
Parts: `.embed` GPTEmbedding(vocab_size, block_size, n_embd, dropout), `.blocks` nn.ModuleList of
n_layer Block(n_embd, n_head, block_size, dropout), `.ln_f` LayerNorm(n_embd), `.eos_id` and
`.pad_id` (arguments, defaults from CaptionTokenizer); the function `eos_positions(tokens, eos_id,
mask=None) -> LongTensor [B]`.
Shapes: tokens [B, T] long (T <= block_size); mask [B, T] bool (True = a real token, EOS included)
or None -> pooled [B, n_embd]; .tokens -> [B, T, n_embd].
Bad input -> ValueError: tokens not 2-D; a row without EOS (mask None) or without any True (mask
given); a mask of another shape; T > block_size (the position embedding raises it).

【日本語】
カタ: CLIP のテキストエンコーダ（各キャプションの EOS トークンで読み出す因果的 Transformer）。

CLIP にはキャプション 1 つにつき 1 本のベクトルが必要です。そのテキストエンコーダは、言語モデルの
ヘッドを外した GPT です。トークン埋め込みと位置埋め込み、因果的ブロック、最後の LayerNorm からなります。
因果的注意では、ある位置の状態はその位置までのトークンをすべて読み、それより後は読みません。したがって
EOS トークンの状態はキャプション全体を読み、その後ろのパディングは「まったく」読んでいません。この状態が
キャプションのベクトルです。行ごとに長さが違うので、各行は「その行の」EOS の位置で読み出します
（短い行ではパディングになっている最後の位置でも、まだ何も読んでいない最初の BOS でもありません）。

    x = embed(tokens)                       [B, T, n_embd]      GPTEmbedding（トークン + 位置）
    x = block_l(x)                          l = 1 … n_layer     （s02 の因果的 Block）
    h = ln_f(x)                             [B, T, n_embd]       = .tokens(tokens)
    e_b = 行 b で最初の EOS の位置                               （mask があればその最後の True）
    pooled[b] = h[b, e_b]                   [B, n_embd]          = forward(tokens)

CaptionTokenizer.encode のキャプションは [BOS, …, EOS, PAD, …] です。EOS = CaptionTokenizer.EOS (2)、
PAD = CaptionTokenizer.PAD (0) です。`.tokens` は全位置の状態を返し（後のステージが交差注意で読みます）、
forward はプーリングしたベクトルを返します。
部品: `.embed` は GPTEmbedding(vocab_size, block_size, n_embd, dropout)、`.blocks` は n_layer 個の
Block(n_embd, n_head, block_size, dropout) の nn.ModuleList、`.ln_f` は LayerNorm(n_embd)、`.eos_id` と
`.pad_id`（引数。既定値は CaptionTokenizer のもの）。関数 `eos_positions(tokens, eos_id, mask=None) ->
LongTensor [B]`。
形状: tokens [B, T] の long（T <= block_size）、mask [B, T] の bool（True = 本物のトークン。EOS を含む）
または None -> pooled [B, n_embd]。.tokens -> [B, T, n_embd]。
不正な入力は ValueError: 2 次元でない tokens、EOS のない行（mask が None のとき）や True のない行
（mask があるとき）、形状の違う mask、T > block_size（位置埋め込みが送出します）。
"""
from __future__ import annotations

import torch
import torch.nn as nn

from ..s02_gpt.block import Block
from ..s02_gpt.embedding import GPTEmbedding
from ..s02_gpt.layer_norm import LayerNorm
from ..s04_captioning.caption_tokenizer import CaptionTokenizer


def eos_positions(tokens: torch.Tensor, eos_id: int = CaptionTokenizer.EOS,
                  mask: torch.Tensor | None = None) -> torch.Tensor:
    """tokens [B, T] -> LongTensor [B]: each row's first EOS (or, with a mask, its last True)."""
    # TODO: ValueError for tokens that are not 2-D. With a mask: ValueError for another shape
    #       or a row with no True; return each row's last True index. Without: ValueError for a
    #       row with no EOS; return each row's FIRST EOS index.
    raise NotImplementedError("eos_positions: where each row's caption ends"
                              " ‖ eos_positions: 各行のキャプションが終わる位置です")


class TextEncoder(nn.Module):
    """Causal transformer: tokens [B, T] -> pooled [B, n_embd] at each row's EOS; .tokens -> [B, T, n_embd]."""

    def __init__(self, vocab_size: int, block_size: int, n_embd: int, n_head: int, n_layer: int,
                 dropout: float = 0.0, eos_id: int = CaptionTokenizer.EOS,
                 pad_id: int = CaptionTokenizer.PAD):
        super().__init__()
        # TODO: keep eos_id and pad_id; create embed, blocks (n_layer causal Blocks) and ln_f.
        raise NotImplementedError("TextEncoder.__init__: create the parts"
                                  " ‖ TextEncoder.__init__: 部品を作りましょう")

    def tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        """Every position's final state: tokens [B, T] -> [B, T, n_embd]."""
        # TODO: ValueError for tokens that are not 2-D; embed, every block in order, ln_f.
        raise NotImplementedError("TextEncoder.tokens: embed, blocks, ln_f"
                                  " ‖ TextEncoder.tokens: 埋め込み、ブロック、ln_f です")

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """tokens [B, T] (mask [B, T] bool or None) -> pooled [B, n_embd] at each row's EOS."""
        # TODO: the positions (eos_positions), every state (self.tokens), then row b's state at
        #       its own position, for every b.
        raise NotImplementedError("TextEncoder.forward: read each row at its EOS"
                                  " ‖ TextEncoder.forward: 各行をその EOS で読み出しましょう")
