"""Kata: one training step.

Training is this step, repeated: forget the old gradients, compute the loss on a batch, backpropagate,
clip the gradient's total norm (one bad batch then cannot throw the weights far), and let the
optimizer move the weights. A NaN or inf loss means something has already gone wrong: stop before
the optimizer spreads it into every weight.

    optimizer.zero_grad(set_to_none=True)
    _, loss = model(x, y)                      # under torch.autocast(x.device.type, autocast_dtype)
                                               # when autocast_dtype is given (e.g. torch.bfloat16)
    loss not finite -> raise FloatingPointError (weights untouched)
    loss.backward()
    if grad_clip > 0: clip so that ‖g‖₂ over all parameters <= grad_clip
                      (torch.nn.utils.clip_grad_norm_: g <- g · min(1, grad_clip / ‖g‖₂))
    optimizer.step()
    return loss.item()

Shapes: `x`, `y` [B, T] long; `model(x, y)` returns (logits, loss) with loss a scalar tensor;
returns the loss as a Python float.
Bad input: a non-finite loss -> FloatingPointError, raised before backward/step.
"""
from contextlib import nullcontext

import torch
from torch import Tensor, nn


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, x: Tensor, y: Tensor,
               grad_clip: float = 1.0, autocast_dtype: torch.dtype | None = None) -> float:
    """Zero grads, forward, backward, clip, step; return the loss."""
    # TODO: the recipe in the docstring, line by line (contextlib.nullcontext() stands in for
    #       autocast when autocast_dtype is None; torch.isfinite(loss) tells NaN/inf apart).
    raise NotImplementedError("train_step: zero_grad, forward, check, backward, clip, step")
