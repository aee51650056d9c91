"""Kata: the transformer block (pre-LayerNorm, two residual connections).

A GPT is a stack of identical blocks. Each block lets the tokens exchange information (causal
self-attention), then lets each token process what it gathered (the feed-forward MLP). Both
sub-layers read a LayerNorm-ed copy of the stream and ADD their result back to it: the residual
stream x itself is never normalised inside the block (pre-LN, GPT-2 style), so gradients flow
straight down the additions and deep stacks train stably.

    x = x + attn( ln_1(x) )
    x = x + mlp( ln_2(x) )

(Post-LN, the original 2017 transformer, would be x = ln_1(x + attn(x)): not what GPT-2 does.)
Parts (your earlier katas): `.ln_1` LayerNorm(C, bias), `.attn` CausalSelfAttention(C, n_head,
block_size, dropout, bias), `.ln_2` LayerNorm(C, bias), `.mlp` FeedForward(C, dropout, bias).
Shapes: x [B, T, C] -> [B, T, C].
Bad input: n_embd not divisible by n_head -> ValueError (CausalSelfAttention raises it).

【日本語】
カタ: Transformer ブロック（Pre-LN と 2 つの残差接続）。

GPT は同じ形のブロックを積み重ねたものです。各ブロックでは、まずトークン同士が情報を交換し（因果的自己注意）、
次に各トークンが集めた情報を処理します（フィードフォワードの MLP）。どちらのサブレイヤーも、残差ストリームを
層正規化したコピーを読み、その結果をストリームに「足し戻し」ます。ブロックの中で残差ストリーム x 自体は
正規化しません（Pre-LN、GPT-2 の方式）。そのため勾配は足し算をまっすぐ伝わり、深く積み重ねても安定して
学習できます。

    x = x + attn( ln_1(x) )
    x = x + mlp( ln_2(x) )

（Post-LN、つまり 2017 年の元の Transformer は x = ln_1(x + attn(x)) ですが、GPT-2 はそうしません。）
部品（これまでのカタ）: `.ln_1` LayerNorm(C, bias)、`.attn` CausalSelfAttention(C, n_head,
block_size, dropout, bias)、`.ln_2` LayerNorm(C, bias)、`.mlp` FeedForward(C, dropout, bias)。
形状: x [B, T, C] -> [B, T, C]。
不正な入力: n_embd が n_head で割り切れなければ ValueError です（CausalSelfAttention が送出します）。
"""
import torch
import torch.nn as nn

from .causal_self_attention import CausalSelfAttention
from .feed_forward import FeedForward
from .layer_norm import LayerNorm


class Block(nn.Module):
    """One pre-LN transformer block: x [B, T, C] -> [B, T, C]."""

    def __init__(self, n_embd: int, n_head: int, block_size: int, dropout: float = 0.0,
                 bias: bool = True):
        super().__init__()
        # TODO: create ln_1, attn, ln_2 and mlp from your earlier katas (see the docstring).
        raise NotImplementedError("Block.__init__: create ln_1, attn, ln_2, mlp"
                                  " ‖ Block.__init__: ln_1、attn、ln_2、mlp を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, C] -> [B, T, C]."""
        # TODO: two pre-LN residual steps: attention, then the MLP.
        raise NotImplementedError("Block.forward: x + attn(ln_1(x)), then x + mlp(ln_2(x))"
                                  " ‖ Block.forward: x + attn(ln_1(x))、次に x + mlp(ln_2(x)) です")
