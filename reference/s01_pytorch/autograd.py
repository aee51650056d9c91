"""Kata: gradients with autograd.

PyTorch records every operation on a tensor that has `requires_grad=True`; calling `.backward()` on a
scalar result walks that record backwards (the chain rule) and leaves ∂f/∂x in `x.grad`. Every
training step in this course is built on this one call.

    grad_of(f, x) = ∂f/∂x evaluated at x,    e.g. f(x) = Σ x²  ->  2x,   f(x) = Σ sin x  ->  cos x

Shapes: `x` is a floating tensor of any shape; `f` maps a tensor of that shape to a scalar (a
0-dim tensor, or any tensor with one element). The gradient has the shape and dtype of `x`.

Leave the caller's `x` as it was: don't switch on its `requires_grad`, don't leave a `.grad` on it
(a second call would *add* to it: gradients accumulate), and don't let the gradient flow into a graph
that `x` may already belong to. Work on a detached copy. Return a plain tensor (no graph attached).
Bad input: if `f(x)` is not a scalar there is no single gradient; raise ValueError.
"""
from typing import Callable

import torch


def grad_of(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The gradient ∂f/∂x at x, computed by autograd, without touching the caller's x."""
    # A fresh leaf: same values, no history, and gradients recorded for it only.
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    if not isinstance(y, torch.Tensor) or y.numel() != 1:
        shape = list(y.shape) if isinstance(y, torch.Tensor) else type(y).__name__
        raise ValueError(f"grad_of needs f(x) to be a scalar, got {shape}")
    # backward() runs the chain rule from y back to every leaf that requires grad: here only x.
    y.reshape(()).backward()
    return x.grad
