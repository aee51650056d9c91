"""Kata: linear regression from scratch, trained by gradient descent.

A linear model predicts ŷ = X·w + b. Training means finding the w and b that make the mean squared
error smallest. Here you write the whole training loop by hand, with plain tensors: parameters that
require grad, the loss, backward, and the update. No nn.Linear, no torch.optim: those come later.

    ŷ_i  = x_i · w + b
    L(w, b) = (1/N) Σ_i (ŷ_i − y_i)²                       (the mean, not the sum)
    w <- w − lr · ∂L/∂w,   b <- b − lr · ∂L/∂b             (start from w = 0, b = 0)

Shapes: X [N, D], y [N] -> w [D], b [] (a 0-dim tensor), both in X's dtype, with no graph attached.
Careful: with w of shape [D, 1], X @ w is [N, 1], and [N, 1] − [N] broadcasts to [N, N]: a
silently wrong loss. Keep w [D] so that X @ w is [N].
Bad input: X not 2-D, or y not [N] for the same N, raises ValueError.
"""
import torch


def fit_linear_regression(X: torch.Tensor, y: torch.Tensor, lr: float,
                          steps: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Fit ŷ = X·w + b by `steps` steps of gradient descent on the mean squared error."""
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"want X [N, D] and y [N], got X {list(X.shape)} and y {list(y.shape)}")
    # Parameters are leaf tensors that autograd tracks; zeros make the result deterministic.
    w = torch.zeros(X.shape[1], dtype=X.dtype, requires_grad=True)
    b = torch.zeros((), dtype=X.dtype, requires_grad=True)
    for _ in range(steps):
        pred = X @ w + b                      # [N]
        loss = ((pred - y) ** 2).mean()       # mean, so lr does not depend on N
        loss.backward()
        with torch.no_grad():                 # the update is not part of the model
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = None                         # gradients accumulate: clear them each step
        b.grad = None
    return w.detach(), b.detach()
