"""Specs for katas/s01_pytorch/linear_regression.py."""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape


def _data(n: int = 200, dtype=torch.float64):
    # Fixed-seed synthetic data: y = X·[2, −3, 0.5] + 1 + small noise.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g, dtype=dtype)
    y = X @ torch.tensor([2.0, -3.0, 0.5], dtype=dtype) + 1.0 + 0.1 * torch.randn(n, generator=g, dtype=dtype)
    return X, y


def _lstsq(X, y):
    # The exact least-squares answer: solve [X, 1]·[w; b] ≈ y.
    sol = torch.linalg.lstsq(torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1), y[:, None]).solution
    return sol[:-1, 0], sol[-1, 0]


def test_shapes_and_dtype(kata):
    X, y = _data(50)
    w, b = kata.fit_linear_regression(X, y, lr=0.1, steps=3)
    expect_shape(w, (3,), "w for X [50, 3] (a [D] vector, not [D, 1])")
    expect_shape(b, (), "b (a 0-dim tensor)")
    for name, t in (("w", w), ("b", b)):
        if isinstance(t, torch.Tensor):
            expect(t.dtype == torch.float64, f"{name} should follow X's dtype float64, got {t.dtype}")
            expect(not t.requires_grad, f"{name} should be returned detached (requires_grad False)")


def test_first_step_from_zero_matches_closed_form(kata):
    # At w = 0, b = 0: ∂L/∂w = −(2/N)·Xᵀy and ∂L/∂b = −(2/N)·Σy, so one step gives these.
    X, y = _data()
    lr, n = 0.1, len(y)
    w, b = kata.fit_linear_regression(X, y, lr=lr, steps=1)
    expect_close(w, lr * 2 / n * X.T @ y, atol=1e-10,
                 what="w after one step from 0: lr·(2/N)·Xᵀy (is the loss the MEAN of squared errors?)")
    expect_close(b, lr * 2 * y.mean(), atol=1e-10, what="b after one step from 0: lr·2·mean(y)")


def test_matches_least_squares(kata):
    X, y = _data()
    w, b = kata.fit_linear_regression(X, y, lr=0.1, steps=300)
    w_star, b_star = _lstsq(X, y)
    expect_close(w, w_star, atol=1e-4, what="w after 300 steps vs torch.linalg.lstsq")
    expect_close(b, b_star, atol=1e-4, what="b after 300 steps vs torch.linalg.lstsq (is there a bias?)")


def test_recovers_a_large_offset_and_leaves_the_data_alone(kata):
    # One feature, y = −2x + 7 exactly: gradient descent must find the bias 7 too.
    X = torch.linspace(-1, 1, 40, dtype=torch.float64)[:, None]
    y = -2 * X[:, 0] + 7
    X0, y0 = X.clone(), y.clone()
    w, b = kata.fit_linear_regression(X, y, lr=0.3, steps=400)
    expect_close(w, [-2.0], atol=1e-6, what="w for y = −2x + 7")
    expect_close(b, 7.0, atol=1e-6, what="b for y = −2x + 7")
    expect(torch.equal(X, X0) and torch.equal(y, y0), "X and y should be left unchanged")


def test_no_nn_linear_and_no_optimizer(kata, monkeypatch):
    # This kata is about writing the update yourself.
    def refuse(*args, **kwargs):
        raise AssertionError("this kata is about the hand-written update: no nn.Linear or torch.optim")
    monkeypatch.setattr(torch.nn.Linear, "__init__", refuse)
    monkeypatch.setattr(torch.optim.Optimizer, "__init__", refuse)
    X, y = _data(50)
    w, b = kata.fit_linear_regression(X, y, lr=0.1, steps=5)
    expect_shape(w, (3,), "w")


def test_bad_shapes_raise_value_error(kata):
    X, y = _data(20)
    for bad_X, bad_y in ((X, y[:10]), (X[:, 0], y), (X, y[:, None])):
        with pytest.raises(ValueError):
            kata.fit_linear_regression(bad_X, bad_y, lr=0.1, steps=1)
