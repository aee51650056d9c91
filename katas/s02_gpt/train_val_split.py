"""Kata: split the token stream into training and validation data.

To know whether the model learns the language or just memorises the training text, we hold some
text back and measure the loss on it. For a text the split is positional, not shuffled: the first
part trains, the tail validates, so no validation window overlaps a training window.

    n = int(train_frac · len(data))          train = data[:n],   val = data[n:]

Shapes: data [N] (1-D tensor of token ids) -> train [n], val [N - n], same dtype as data; together
they are data, in order.
Bad input: train_frac must lie strictly between 0 and 1; raise ValueError otherwise.
"""
import torch


def train_val_split(data: torch.Tensor, train_frac: float = 0.9) -> tuple[torch.Tensor, torch.Tensor]:
    """The first int(train_frac · N) tokens, and the rest."""
    # TODO: check 0 < train_frac < 1 (ValueError otherwise), then slice at n = int(train_frac · N).
    raise NotImplementedError("train_val_split: slice the head and the tail")
