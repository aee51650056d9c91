"""Kata: estimate the train and validation loss.

The loss of a single batch is noisy, so to watch training we average the loss over `eval_iters`
batches of each split. The measurement must not disturb the model: switch off dropout
(`model.eval()`), record no graph (`torch.no_grad()`), and afterwards put the model back in whatever
mode it was in (it may have been evaluating already).

    for split in ("train", "val"):
        out[split] = (1 / eval_iters) · Σ_{k=1..eval_iters} loss(model, get_batch_fn(split))

Shapes: `get_batch_fn(split)` returns (x, y), each [B, T] long; `model(x, y)` returns
(logits, loss). Returns {"train": float, "val": float} (Python floats).
Bad input: eval_iters < 1 -> ValueError.
"""
from typing import Callable

import torch
from torch import Tensor, nn


def estimate_loss(model: nn.Module, get_batch_fn: Callable[[str], tuple[Tensor, Tensor]],
                  eval_iters: int) -> dict[str, float]:
    """Mean loss over eval_iters batches of each split, measured in eval mode without gradients."""
    # TODO: ValueError for eval_iters < 1; remember model.training; model.eval(); under
    #       torch.no_grad() average loss.item() over eval_iters batches per split; then restore
    #       the mode with model.train(was_training).
    raise NotImplementedError("estimate_loss: eval mode, no_grad, average, restore the mode")
