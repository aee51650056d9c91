"""Kata: the cross-attention that lets text steer the pixels of a latent.

In Stable Diffusion's UNet every latent pixel is a token (a [B, C, H, W] map read as H·W vectors of
C features). Cross-attention lets each pixel ask the prompt "which words concern me?": the QUERIES
come from the pixels x, the KEYS and VALUES from the text encoder's token states (the context).
The same module does self-attention when the context is None (keys and values from x itself). The
query and context widths differ (C vs the text width D) and the attention works at its own width
n_heads·head_dim, so there are three separate input maps. A context mask hides the padding tokens
of short prompts.

    q = to_q(x)   [B, N, inner] -> [B, h, N, d]          inner = h·d,  h = n_heads,  d = head_dim
    k = to_k(c), v = to_v(c)   [B, L, inner] -> [B, h, L, d]        c = context (or x when None)
    scores = q kᵀ / sqrt(d)    [B, h, N, L];  scores[..., l] = −inf where context_mask[b, l] is False
    out = to_out( softmax(scores, over L) · v  with the heads put side by side again )   [B, N, query_dim]

Head j owns the features j·d … (j+1)·d − 1 of q, k and v: view [B, N, inner] as [B, N, h, d], then
move h before N. Parts (given): `.to_q` = nn.Linear(query_dim, inner, bias=False), `.to_k` and
`.to_v` = nn.Linear(context_dim, inner, bias=False), `.to_out` = nn.Linear(inner, query_dim),
`.n_heads`, `.head_dim`; context_dim None means query_dim.
Shapes: x [B, N, query_dim], context [B, L, context_dim] or None, context_mask [B, L] bool (True =
a real token, keep it) or None -> [B, N, query_dim]. Every row of the mask needs at least one True.
Bad input: x or context not 3-D or with the wrong last axis, different batch sizes, a context mask
that is not a [B, L] bool tensor, or context None when context_dim ≠ query_dim -> ValueError.

【日本語】
カタ: テキストで潜在変数のピクセルを操る交差注意。

Stable Diffusion の UNet では、潜在変数の各ピクセルが 1 つのトークンです（[B, C, H, W] のマップを、C 個の
特徴をもつ H·W 本のベクトルとして読みます）。交差注意で、各ピクセルはプロンプトに「どの単語が自分に
関係あるか」を問います。クエリはピクセル x から、キーとバリューはテキストエンコーダのトークンの状態
（コンテキスト）から作ります。コンテキストが None のときは、同じモジュールが自己注意になります（キーと
バリューも x から）。クエリとコンテキストの幅は違い（C とテキストの幅 D）、注意はそれ自身の幅
n_heads·head_dim で計算するので、入力の写像は 3 つ別々です。コンテキストのマスクは、短いプロンプトの
パディングのトークンを隠します。

    q = to_q(x)   [B, N, inner] -> [B, h, N, d]          inner = h·d、h = n_heads、d = head_dim
    k = to_k(c), v = to_v(c)   [B, L, inner] -> [B, h, L, d]        c = コンテキスト（None なら x）
    scores = q kᵀ / sqrt(d)    [B, h, N, L]。context_mask[b, l] が False の位置は scores[..., l] = −inf
    out = to_out( softmax(scores, L について) · v を、ヘッドを再び横に並べて )   [B, N, query_dim]

ヘッド j は q、k、v の特徴 j·d … (j+1)·d − 1 を受け持ちます。[B, N, inner] を [B, N, h, d] と見て、
h を N の前に移します。部品（用意済み）: `.to_q` = nn.Linear(query_dim, inner, bias=False)、`.to_k` と
`.to_v` = nn.Linear(context_dim, inner, bias=False)、`.to_out` = nn.Linear(inner, query_dim)、
`.n_heads`、`.head_dim`。context_dim が None なら query_dim と同じです。
形状: x [B, N, query_dim]、context [B, L, context_dim] または None、context_mask [B, L] の bool（True =
本物のトークンで、残す）または None -> [B, N, query_dim]。マスクの各行には True が 1 つ以上必要です。
不正な入力: x や context が 3 次元でない、最後の軸が違う、バッチサイズが違う、context_mask が [B, L] の
bool テンソルでない、context_dim ≠ query_dim なのに context が None の場合は ValueError を送出します。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SpatialCrossAttention(nn.Module):
    """Multi-head attention: queries from x [B, N, query_dim], keys/values from context (or x)."""

    def __init__(self, query_dim: int, context_dim: int | None = None, n_heads: int = 4, head_dim: int = 16):
        super().__init__()
        context_dim = query_dim if context_dim is None else context_dim
        self.query_dim, self.context_dim = query_dim, context_dim
        self.n_heads, self.head_dim = n_heads, head_dim
        inner = n_heads * head_dim
        self.to_q = nn.Linear(query_dim, inner, bias=False)
        self.to_k = nn.Linear(context_dim, inner, bias=False)
        self.to_v = nn.Linear(context_dim, inner, bias=False)
        self.to_out = nn.Linear(inner, query_dim)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None,
                context_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, N, query_dim], context [B, L, context_dim] or None, mask [B, L] bool -> [B, N, query_dim]."""
        if x.dim() != 3 or x.shape[-1] != self.query_dim:
            raise ValueError(f"x must be [B, N, {self.query_dim}], got shape {tuple(x.shape)}")
        if context is None:
            # Self-attention: the pixels attend to each other. Only possible when to_k / to_v
            # read vectors of the query width.
            if self.context_dim != self.query_dim:
                raise ValueError(f"context is None (self-attention) but context_dim = {self.context_dim} "
                                 f"≠ query_dim = {self.query_dim}")
            context = x
        if context.dim() != 3 or context.shape[-1] != self.context_dim:
            raise ValueError(f"context must be [B, L, {self.context_dim}], got shape {tuple(context.shape)}")
        if context.shape[0] != x.shape[0]:
            raise ValueError(f"x has batch {x.shape[0]} but context has batch {context.shape[0]}")
        B, N, _ = x.shape
        L = context.shape[1]
        if context_mask is not None and (context_mask.dtype != torch.bool
                                         or tuple(context_mask.shape) != (B, L)):
            raise ValueError(f"context_mask must be a bool tensor [{B}, {L}], got "
                             f"{context_mask.dtype} {tuple(context_mask.shape)}")
        h, d = self.n_heads, self.head_dim
        # [B, N, h·d] -> [B, N, h, d] -> [B, h, N, d]: head j takes features j·d .. (j+1)·d - 1.
        q = self.to_q(x).view(B, N, h, d).transpose(1, 2)
        # Keys and values come from the CONTEXT (the text): that is what makes it cross-attention.
        k = self.to_k(context).view(B, L, h, d).transpose(1, 2)
        v = self.to_v(context).view(B, L, h, d).transpose(1, 2)
        # ÷ sqrt(d) keeps the scores' spread ~1, so the softmax does not saturate.
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d)         # [B, h, N, L]
        if context_mask is not None:
            # True = keep; the same tokens are hidden from every head and every pixel.
            scores = scores.masked_fill(~context_mask[:, None, None, :], float("-inf"))
        weights = F.softmax(scores, dim=-1)                        # each pixel: weights over the L tokens
        out = (weights @ v).transpose(1, 2).reshape(B, N, h * d)   # heads side by side again
        return self.to_out(out)
