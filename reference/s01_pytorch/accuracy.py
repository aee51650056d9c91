"""Kata: accuracy, and evaluating a model.

A classifier's prediction is the class with the largest logit; accuracy is the fraction of
predictions that match the targets. Evaluating means measuring loss and accuracy on data the model
did not train on, with the model in evaluation mode (dropout off) and without building a graph
(`torch.no_grad()`: faster, less memory).

    prediction_i = argmax_k logits[i, k]          (over the classes, the last dim)
    accuracy     = (1/N) Σ_i [prediction_i = t_i]
    evaluate     -> (Σ_b loss_b · n_b / N,  correct / N)     over all N examples of all batches

`evaluate(model, loader, loss_fn=cross_entropy)` switches the model to eval mode, runs every batch
under torch.no_grad(), and afterwards puts the model back in the mode it was in (a training loop
that calls evaluate between epochs must get its dropout back). Like the training loop, the mean
loss and the accuracy are per example, so a smaller last batch counts for less.
Shapes: `accuracy(logits [B, K], targets [B]) -> float` in [0, 1]. `loader` is any iterable of
`(x, y)` batches. Returns Python floats.
Bad input: `accuracy` with logits not [B, K] for targets [B], or B = 0, raises ValueError; so does
`evaluate` on an empty loader.
"""
from typing import Callable, Iterable

import torch
from torch import nn

from .cross_entropy import cross_entropy


def accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Fraction of rows whose largest logit is at the target class."""
    if logits.ndim != 2 or targets.shape != (logits.shape[0],) or len(targets) == 0:
        raise ValueError(f"want logits [B, K] and targets [B] with B > 0, got {list(logits.shape)} "
                         f"and {list(targets.shape)}")
    # argmax over the classes (dim -1), not over the batch.
    return (logits.argmax(dim=-1) == targets).float().mean().item()


def evaluate(model: nn.Module, loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
             loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = cross_entropy,
             ) -> tuple[float, float]:
    """(mean loss, accuracy) of `model` over `loader`, in eval mode and without gradients."""
    was_training = model.training
    model.eval()  # dropout off, batch-norm uses its running statistics
    total_loss, correct, count = 0.0, 0, 0
    try:
        with torch.no_grad():  # no graph: evaluation never calls backward
            for x, y in loader:
                logits = model(x)
                total_loss += loss_fn(logits, y).item() * len(y)
                correct += int((logits.argmax(dim=-1) == y).sum())
                count += len(y)
    finally:
        model.train(was_training)  # give the caller back the mode it had
    if count == 0:
        raise ValueError("evaluate: the loader yielded no batches")
    return total_loss / count, correct / count
