"""Kata: multi-head attention.

One head can only attend in one way at a time. Several smaller heads run side by side, each with
its own query/key/value maps, so one can track the previous character while another tracks the
start of the word. Their outputs are concatenated in head order (head 0's features first) and
mixed by a final linear projection back into the residual stream.

    head_size = n_embd // n_head
    out = dropout( proj( concat(head_0(x), head_1(x), …, head_{n_head-1}(x)) ) )

Shapes: x [B, T, n_embd] -> each head [B, T, head_size] -> concat [B, T, n_embd] -> out
[B, T, n_embd].
Parts: `.heads` nn.ModuleList of n_head AttentionHead(n_embd, head_size, block_size, dropout)
(your previous kata), `.proj` nn.Linear(n_embd, n_embd) (with bias), `.dropout` nn.Dropout(dropout).
Bad input: n_embd not divisible by n_head raises ValueError (the heads would not fill n_embd).
"""
import torch
import torch.nn as nn

from .attention_head import AttentionHead


class MultiHeadAttention(nn.Module):
    """n_head causal attention heads in parallel, concatenated and projected: [B,T,C] -> [B,T,C]."""

    def __init__(self, n_embd: int, n_head: int, block_size: int, dropout: float = 0.0):
        super().__init__()
        # TODO: check n_embd % n_head (ValueError); create self.heads (an nn.ModuleList of
        # AttentionHead with head_size = n_embd // n_head), self.proj and self.dropout.
        raise NotImplementedError("MultiHeadAttention.__init__: create the heads and the projection")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, n_embd] -> [B, T, n_embd]."""
        # TODO: run every head on x, concatenate in head order on the last dim, project, dropout.
        raise NotImplementedError("MultiHeadAttention.forward: concat the heads, then project")
