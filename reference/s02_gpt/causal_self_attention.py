"""Kata: causal self-attention, all heads at once.

Multi-head attention with a Python loop over heads is clear but slow. The GPT way computes q, k and
v for every head with ONE linear map `c_attn` (C -> 3C), splits the channels into n_head heads of
size hs = C / n_head, and lets a batched matmul run all heads in parallel. Each head's outputs are
then put side by side again (head 0's hs channels first) and mixed by `c_proj`.

`forward` does the splitting and the mixing; the attention itself (scores, mask, softmax, dropout,
weighted sum of v) lives in its own method `attend(q, k, v)`. Keeping it separate lets a later kata
(fused_attention) swap in torch's fused kernel without touching anything else.

    forward(x):
      q, k, v = c_attn(x).split(C, dim=2)                     each [B, T, C]   (q first, then k, v)
      q -> q.view(B, T, nh, hs).transpose(1, 2)               [B, nh, T, hs]   (same for k, v)
      y = self.attend(q, k, v)                                [B, nh, T, hs]
      y -> y.transpose(1, 2).contiguous().view(B, T, C)        heads side by side again
      out = resid_dropout(c_proj(y))                           [B, T, C]

    attend(q, k, v):
      att = q @ kᵀ / sqrt(hs)                                  [B, nh, T, T]   (hs: the HEAD size)
      att = softmax(att with -inf where j > i, dim=-1)         mask BEFORE the softmax
      att = attn_dropout(att)                                  dropout on the weights
      return att @ v                                           [B, nh, T, hs]

Why view then transpose: the C channels of one token hold [head 0 | head 1 | ...], so they must be
split inside each token first ([B, T, nh, hs]) and only then moved ([B, nh, T, hs]). Reshaping
[B, T, C] straight to [B, nh, T, hs] would mix different tokens into one head.

Parts: `.c_attn` nn.Linear(C, 3C, bias=bias), `.c_proj` nn.Linear(C, C, bias=bias),
`.attn_dropout` / `.resid_dropout` nn.Dropout(dropout) (two of them: one on the attention weights,
one on the output), `.n_head`, `.n_embd`, and a causal mask buffer (e.g.
`self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))`).
Write the attention yourself (F.scaled_dot_product_attention is the specs' oracle).
Shapes: x [B, T, C] with T <= block_size -> out [B, T, C]; attend: q, k, v [B, nh, T, hs] ->
[B, nh, T, hs].
Bad input: n_embd not divisible by n_head -> ValueError.

【日本語】
カタ: 因果的自己注意（全ヘッドを一度に）。

ヘッドごとに Python のループを回すマルチヘッドアテンションは分かりやすいのですが、遅いです。GPT では、全ヘッド
分の q, k, v を 1 つの線形写像 `c_attn`（C -> 3C）でまとめて作り、チャネルをサイズ hs = C / n_head の
n_head 個のヘッドに分け、バッチ化した行列積で全ヘッドを並列に計算します。その後、各ヘッドの出力をもう一度横に
並べ（ヘッド 0 の hs 個のチャネルが先頭）、`c_proj` で混ぜ合わせます。

分割と混ぜ合わせは `forward` が行い、アテンションそのもの（スコア、マスク、softmax、ドロップアウト、v の
重み付き和）は専用のメソッド `attend(q, k, v)` に置きます。こうして分けておくと、後のカタ
（fused_attention）で、ほかには手を触れずに torch の融合カーネルに差し替えられます。

    forward(x):
      q, k, v = c_attn(x).split(C, dim=2)                     それぞれ [B, T, C]（q、k、v の順）
      q -> q.view(B, T, nh, hs).transpose(1, 2)               [B, nh, T, hs]（k, v も同様）
      y = self.attend(q, k, v)                                [B, nh, T, hs]
      y -> y.transpose(1, 2).contiguous().view(B, T, C)        ヘッドを再び横に並べる
      out = resid_dropout(c_proj(y))                           [B, T, C]

    attend(q, k, v):
      att = q @ kᵀ / sqrt(hs)                                  [B, nh, T, T]（hs はヘッドのサイズ）
      att = softmax(j > i の位置を -inf にした att, dim=-1)     マスクは softmax の前
      att = attn_dropout(att)                                  ドロップアウトは重みにかける
      return att @ v                                           [B, nh, T, hs]

view してから transpose する理由: 1 トークンの C 個のチャネルは [ヘッド 0 | ヘッド 1 | ...] と並んでいるので、
まず各トークンの中で分け（[B, T, nh, hs]）、それから軸を動かす（[B, nh, T, hs]）必要があります。
[B, T, C] をいきなり [B, nh, T, hs] に reshape すると、異なるトークンが 1 つのヘッドに混ざってしまいます。

部品: `.c_attn` nn.Linear(C, 3C, bias=bias)、`.c_proj` nn.Linear(C, C, bias=bias)、
`.attn_dropout` / `.resid_dropout` nn.Dropout(dropout)（2 つあります。1 つはアテンションの重みに、
もう 1 つは出力にかけます）、`.n_head`、`.n_embd`、そして因果マスクのバッファ（例:
`self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))`）。
アテンションは自分で書きます（F.scaled_dot_product_attention はスペックの答え合わせに使います）。
形状: x [B, T, C]（T <= block_size）-> out [B, T, C]。attend は q, k, v [B, nh, T, hs] ->
[B, nh, T, hs] です。
不正な入力: n_embd が n_head で割り切れなければ ValueError を送出します。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    """n_head causal attention heads computed together: x [B, T, C] -> [B, T, C]."""

    def __init__(self, n_embd: int, n_head: int, block_size: int, dropout: float = 0.0,
                 bias: bool = True):
        super().__init__()
        if n_embd % n_head != 0:
            raise ValueError(f"n_embd={n_embd} must be divisible by n_head={n_head}")
        self.n_head, self.n_embd = n_head, n_embd
        # One matmul makes q, k and v for every head: 3 blocks of C output channels.
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=bias)
        self.c_proj = nn.Linear(n_embd, n_embd, bias=bias)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)
        # A buffer moves with .to(device) but is not trained; 1 = "may attend" (j <= i).
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, C] -> [B, T, C]."""
        B, T, C = x.shape
        nh, hs = self.n_head, C // self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)
        # Split each token's channels into heads, then move the head axis next to the batch axis
        # so the matmuls treat (B, nh) as one big batch.
        q = q.view(B, T, nh, hs).transpose(1, 2)  # [B, nh, T, hs]
        k = k.view(B, T, nh, hs).transpose(1, 2)
        v = v.view(B, T, nh, hs).transpose(1, 2)
        y = self.attend(q, k, v)  # [B, nh, T, hs]
        # Undo the head split: [B, T, nh, hs] -> [B, T, C]; contiguous() because transpose only
        # changes strides and view needs a contiguous block of memory.
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))

    def attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """Causal attention of every head: q, k, v [B, nh, T, hs] -> [B, nh, T, hs]."""
        T, hs = q.shape[-2], q.shape[-1]
        # Scale by sqrt(hs), the dot product's length, so the scores keep unit variance.
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # [B, nh, T, T]
        # Mask BEFORE the softmax: -inf becomes weight 0 and the rest still sums to 1.
        att = att.masked_fill(self.tril[:T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        # Dropout on the weights: each query randomly ignores some of the keys it may see.
        att = self.attn_dropout(att)
        return att @ v
