"""Kata: sample a batch of training windows.

A language model learns to predict the next token at every position of a window at once. So a
training example is a window x of block_size tokens starting at a random offset i, and its target
y is the same window shifted one token to the right: y[t] is the token that follows x[t].

    i ~ randint(0, len(data) - block_size)            (high end excluded, one i per batch row)
    x = data[i : i + block_size]
    y = data[i + 1 : i + block_size + 1]

The largest offset, len(data) - block_size - 1, makes y end exactly at the last token, so every
token can be a target. Draw the offsets with
`torch.randint(len(data) - block_size, (batch_size,), generator=generator)`, so a seeded generator
gives the same batch every time.

Shapes: data [N] (1-D integer tensor) -> x [batch_size, block_size], y [batch_size, block_size],
both dtype torch.long (the embedding and the loss want long ids), on data's device.
Bad input: len(data) <= block_size leaves no room for a window and its target; raise ValueError.
"""
import torch


def get_batch(data: torch.Tensor, block_size: int, batch_size: int,
              generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """batch_size random windows x of data and their next-token targets y."""
    # TODO: check the length (ValueError), draw the offsets as the docstring says, stack the
    # windows x and the shifted windows y, and return both as long tensors.
    raise NotImplementedError("get_batch: draw offsets, stack x and y = x shifted by one")
