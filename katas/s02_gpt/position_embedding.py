"""Kata: the position embedding table.

Attention by itself does not know the order of the tokens: it sees a set. GPT gives each position
0, 1, …, block_size-1 its own learnable vector, which is added to the token's vector, so "a" at
position 0 and "a" at position 5 look different to the model. A sequence of length T uses the
first T rows.

    out[t, :] = weight[t, :]        for t = 0, 1, …, T-1

Shapes: `weight` is an nn.Parameter [block_size, n_embd], initialised from N(0, 1) (torch.randn);
forward takes the sequence length T (an int) and returns [T, n_embd], which broadcasts over the
batch when added to token embeddings [B, T, n_embd].
Bad input: T > block_size has no rows to give; raise ValueError (T < 1 too).
"""
import torch
import torch.nn as nn


class PositionEmbedding(nn.Module):
    """A learnable [block_size, n_embd] table; forward(T) returns the rows of positions 0..T-1."""

    def __init__(self, block_size: int, n_embd: int):
        super().__init__()
        # TODO: remember block_size and create self.weight, an nn.Parameter [block_size, n_embd]
        # drawn from randn.
        raise NotImplementedError("PositionEmbedding.__init__: create the weight table")

    def forward(self, T: int) -> torch.Tensor:
        """T (sequence length) -> [T, n_embd]."""
        # TODO: check 1 <= T <= block_size (ValueError otherwise), then return the rows of
        # positions 0, 1, …, T-1.
        raise NotImplementedError("PositionEmbedding.forward: return the first T rows")
