"""Kata: causal self-attention, all heads at once.

Multi-head attention with a Python loop over heads is clear but slow. The GPT way computes q, k and
v for every head with ONE linear map `c_attn` (C -> 3C), splits the channels into n_head heads of
size hs = C / n_head, and lets a batched matmul run all heads in parallel. Each head's outputs are
then put side by side again (head 0's hs channels first) and mixed by `c_proj`.

    q, k, v = c_attn(x).split(C, dim=2)                       each [B, T, C]   (q first, then k, v)
    q -> q.view(B, T, nh, hs).transpose(1, 2)                 [B, nh, T, hs]   (same for k, v)
    att = q @ kᵀ / sqrt(hs)                                    [B, nh, T, T]    (hs: the HEAD size)
    att = softmax(att masked with -inf where j > i) ; attn_dropout
    y = att @ v                                                [B, nh, T, hs]
    y -> y.transpose(1, 2).contiguous().view(B, T, C)          heads side by side again
    out = resid_dropout(c_proj(y))                             [B, T, C]

Why view then transpose: the C channels of one token hold [head 0 | head 1 | ...], so they must be
split inside each token first ([B, T, nh, hs]) and only then moved ([B, nh, T, hs]). Reshaping
[B, T, C] straight to [B, nh, T, hs] would mix different tokens into one head.

Parts: `.c_attn` nn.Linear(C, 3C, bias=bias), `.c_proj` nn.Linear(C, C, bias=bias),
`.attn_dropout` / `.resid_dropout` nn.Dropout(dropout), `.n_head`, `.n_embd`, and a causal mask
buffer (e.g. `self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))`).
Write the attention yourself (F.scaled_dot_product_attention is the specs' oracle).
Shapes: x [B, T, C] with T <= block_size -> out [B, T, C].
Bad input: n_embd not divisible by n_head -> ValueError.
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
        # so the matmuls below treat (B, nh) as one big batch.
        q = q.view(B, T, nh, hs).transpose(1, 2)  # [B, nh, T, hs]
        k = k.view(B, T, nh, hs).transpose(1, 2)
        v = v.view(B, T, nh, hs).transpose(1, 2)
        # Scale by sqrt(hs), the dot product's length, so the scores keep unit variance.
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # [B, nh, T, T]
        # Mask BEFORE the softmax: -inf becomes weight 0 and the rest still sums to 1.
        att = att.masked_fill(self.tril[:T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v  # [B, nh, T, hs]
        # Undo the head split: [B, T, nh, hs] -> [B, T, C]; contiguous() because transpose only
        # changes strides and view needs a contiguous block of memory.
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))
