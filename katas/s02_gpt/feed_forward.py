"""Kata: the feed-forward network (the MLP inside every transformer block).

Attention lets the tokens talk to each other; the feed-forward network then lets each token think on
its own: the same two-layer MLP is applied to every position separately. It widens each vector 4×,
bends it with GELU (a smooth ReLU that GPT-2 uses), and projects it back to n_embd.

    out = dropout( c_proj( GELU( c_fc(x) ) ) )
    c_fc: C -> 4C,   GELU(z) = z · Φ(z)  (Φ = the standard normal CDF),   c_proj: 4C -> C

Parts: `.c_fc` nn.Linear(C, 4C, bias=bias), `.gelu` nn.GELU() (the exact erf form, not ReLU),
`.c_proj` nn.Linear(4C, C, bias=bias), `.dropout` nn.Dropout(dropout).
Shapes: x [B, T, C] (any leading dims) -> [B, T, C].
Bad input: none to check; a last dim that is not n_embd fails inside c_fc.
"""
import torch
import torch.nn as nn


class FeedForward(nn.Module):
    """Position-wise MLP: C -> 4C -> GELU -> C -> dropout."""

    def __init__(self, n_embd: int, dropout: float = 0.0, bias: bool = True):
        super().__init__()
        # TODO: create c_fc, gelu, c_proj and dropout (names and sizes in the docstring).
        raise NotImplementedError("FeedForward.__init__: create c_fc, gelu, c_proj, dropout")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [..., C] -> [..., C]; every position on its own."""
        # TODO: c_fc, then GELU, then c_proj, then dropout.
        raise NotImplementedError("FeedForward.forward: widen, GELU, project back, dropout")
