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
    # TODO: check the shapes (ValueError), take the argmax over the classes, compare, average.
    raise NotImplementedError("accuracy: argmax over the classes, then the fraction that match")


def evaluate(model: nn.Module, loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
             loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = cross_entropy,
             ) -> tuple[float, float]:
    """(mean loss, accuracy) of `model` over `loader`, in eval mode and without gradients."""
    # TODO: remember model.training, call model.eval(); under torch.no_grad() sum loss · batch size
    #       and the number of correct predictions over all batches; restore the mode; return the
    #       two per-example means. ValueError if the loader was empty.
    raise NotImplementedError("evaluate: eval mode + no_grad, size-weighted means, restore the mode")
