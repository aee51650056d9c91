"""Specs for katas/s01_pytorch/training_loop.py."""
import copy

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close


def _problem(n: int = 10):
    # A tiny regression problem: y = x·[1, −2, 0.5] + 0.3.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    y = X @ torch.tensor([1.0, -2.0, 0.5]) + 0.3
    return X, y[:, None]


def _batches(X, y, size):
    return [(X[i:i + size], y[i:i + size]) for i in range(0, len(X), size)]


def test_loss_decreases_over_epochs(kata):
    X, y = _problem(64)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=16)
    losses = [kata.train_one_epoch(model, loader, opt, F.mse_loss) for _ in range(5)]
    expect(all(isinstance(l, float) for l in losses),
           f"train_one_epoch should return a Python float (loss.item()), got {type(losses[0]).__name__}")
    expect(all(b < a for a, b in zip(losses, losses[1:])),
           f"the epoch loss should fall every epoch with SGD(lr=0.1) on a linear problem, got "
           f"{[round(float(l), 4) for l in losses]}")
    expect(float(losses[-1]) < 0.1 * float(losses[0]),
           f"after 5 epochs the loss should be < 10% of the first: {float(losses[0]):.4g} -> {float(losses[-1]):.4g}")


def test_parameters_match_manual_sgd_steps(kata):
    # Two batches, and stale gradients left on the model by earlier code. The right loop zeroes them
    # before each backward, so the result equals two clean SGD steps done by hand.
    X, y = _problem(8)
    model = nn.Linear(3, 1)
    oracle = copy.deepcopy(model)
    for p in model.parameters():
        p.grad = torch.full_like(p, 5.0)  # stale gradients: must not leak into the first step
    lr = 0.1
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    for xb, yb in _batches(X, y, 4):
        grads = torch.autograd.grad(F.mse_loss(oracle(xb), yb), list(oracle.parameters()))
        with torch.no_grad():
            for p, g in zip(oracle.parameters(), grads):
                p -= lr * g
    expect_close(model.weight, oracle.weight, atol=1e-6,
                 what="weight after one epoch (2 batches) vs two hand-made SGD steps "
                      "(optimizer.zero_grad() before each backward?)")
    expect_close(model.bias, oracle.bias, atol=1e-6, what="bias after one epoch vs two hand-made SGD steps")


def test_mean_loss_is_weighted_by_batch_size(kata):
    # lr = 0 keeps the model fixed, so the epoch's mean loss must equal the loss on all 10 examples
    # at once. Batches of 4, 4, 2: a plain average of the three batch losses would be off.
    X, y = _problem(10)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    got = kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    with torch.no_grad():
        want = F.mse_loss(model(X), y).item()
    expect_close(got, want, atol=1e-5,
                 what="epoch loss with batches of 4, 4, 2 vs the loss on all 10 examples "
                      "(weight each batch's mean loss by its size)")


class _ModeRecorder(nn.Module):
    """A linear model that remembers whether it was in training mode at each forward."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 1)
        self.modes: list[bool] = []

    def forward(self, x):
        self.modes.append(self.training)
        return self.lin(x)


def test_puts_the_model_in_training_mode(kata):
    X, y = _problem(8)
    model = _ModeRecorder()
    model.eval()  # as an evaluation before this epoch would leave it
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    expect(model.modes == [True, True],
           f"the model should run in training mode on each batch (call model.train() first); "
           f"modes seen per batch: {model.modes}")


def test_steps_once_per_batch(kata):
    X, y = _problem(12)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    steps = []
    opt.register_step_post_hook(lambda *args: steps.append(1))
    kata.train_one_epoch(model, _batches(X, y, 5), opt, F.mse_loss)
    expect(len(steps) == 3, f"12 examples in batches of 5 are 3 batches: optimizer.step() should run "
                            f"3 times, ran {len(steps)}")


def test_empty_loader_raises_value_error(kata):
    model = nn.Linear(3, 1)
    with pytest.raises(ValueError):
        kata.train_one_epoch(model, [], torch.optim.SGD(model.parameters(), lr=0.1), F.mse_loss)
