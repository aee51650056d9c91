"""Kata: one epoch of the training loop.

Every model in this course is trained by the same five lines, repeated for each batch: clear the
old gradients, run the model, measure the loss, backpropagate, let the optimizer step. An epoch is
one pass over the data; its loss is the average over every example seen.

    for each batch (x, y) of the loader:
        1. clear the gradients (backward ADDS into .grad, so whatever is there would leak in)
        2. forward: the model's output, and loss_fn's mean loss over the batch
        3. backward: ∂loss/∂θ for every parameter θ
        4. step: the optimizer updates every θ from its gradient
    mean loss = Σ_b loss_b · n_b / Σ_b n_b          (n_b = size of batch b)

Put the model in training mode first (`model.train()`: dropout and batch-norm behave differently
while training). The mean is per example: the last batch is often smaller, so weight each batch's
loss by its size rather than averaging batch losses. `loss_fn(output, y)` returns the mean over its
batch; record it with `.item()` (a float, so no graph is kept alive).
Shapes: `loader` is any iterable of `(x, y)` batches (a DataLoader, a list of tuples); the batch
size is `len(y)`. Returns a Python float.
Bad input: an empty loader has no mean loss; raise ValueError.
"""
from typing import Callable, Iterable

import torch
from torch import nn


def train_one_epoch(model: nn.Module, loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
                    optimizer: torch.optim.Optimizer,
                    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> float:
    """One pass over `loader`, one optimizer step per batch; returns the per-example mean loss."""
    model.train()  # dropout on, batch-norm uses batch statistics
    total, count = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()  # before backward: gradients accumulate otherwise
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        # loss is the batch mean: times the batch size gives the batch's sum.
        total += loss.item() * len(y)
        count += len(y)
    if count == 0:
        raise ValueError("train_one_epoch: the loader yielded no batches")
    return total / count
