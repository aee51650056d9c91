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
    # TODO: check the shapes (ValueError). Create w = zeros [D] and b = zeros [] that require grad.
    #       Each step: prediction, mean squared error, backward, update under torch.no_grad(),
    #       clear the grads. Return both detached.
    raise NotImplementedError("fit_linear_regression: write the gradient descent loop by hand")
