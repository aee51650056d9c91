"""Specs for katas/s01_pytorch/autograd.py."""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape


def test_gradient_of_sum_of_squares_is_2x(kata):
    x = torch.tensor([1.0, -2.0, 0.5])
    got = kata.grad_of(lambda t: (t**2).sum(), x)
    if expect_shape(got, (3,), "grad_of(Σx², x [3])"):
        expect_close(got, 2 * x, atol=1e-6, what="grad_of(Σx²) should be 2x")


def test_matches_closed_form_derivatives(kata):
    x = torch.linspace(-2, 2, 7, dtype=torch.float64)
    expect_close(kata.grad_of(lambda t: torch.sin(t).sum(), x), torch.cos(x), atol=1e-12,
                 what="grad_of(Σ sin x) should be cos x")
    expect_close(kata.grad_of(lambda t: (t**3).mean(), x), 3 * x**2 / 7, atol=1e-12,
                 what="grad_of(mean x³) should be 3x²/n (the mean divides by n = 7)")
    # A quadratic form with a NON-symmetric A: ∂(xᵀAx)/∂x = (A + Aᵀ)x, not 2Ax.
    A = torch.tensor([[1.0, 2.0, 0.0], [0.0, 3.0, -1.0], [4.0, 0.0, 2.0]], dtype=torch.float64)
    v = torch.tensor([1.0, -1.0, 2.0], dtype=torch.float64)
    expect_close(kata.grad_of(lambda t: t @ A @ t, v), (A + A.T) @ v, atol=1e-12,
                 what="grad_of(xᵀAx) should be (A + Aᵀ)x")


def test_gradient_has_the_shape_and_dtype_of_x_and_no_graph(kata):
    x = torch.randn(2, 3, dtype=torch.float64)
    got = kata.grad_of(lambda t: (t * torch.arange(6.0, dtype=torch.float64).reshape(2, 3)).sum(), x)
    if expect_shape(got, (2, 3), "grad_of on x [2,3]"):
        expect_close(got, torch.arange(6.0).reshape(2, 3), atol=0,
                     what="grad_of(Σ c·x) should be c, the constant weights")
        expect(got.dtype == torch.float64, f"gradient dtype should follow x (float64), got {got.dtype}")
        expect(not got.requires_grad, "the returned gradient should be a plain tensor "
                                      "(requires_grad False): return .grad, not something built from x")


def test_calling_twice_gives_the_same_gradient_and_leaves_x_alone(kata):
    x = torch.tensor([3.0, -1.0])
    before = x.clone()
    first = kata.grad_of(lambda t: (t**2).sum(), x)
    second = kata.grad_of(lambda t: (t**2).sum(), x)
    expect_close(first, 2 * before, atol=1e-6, what="first call: grad_of(Σx²)")
    expect_close(second, 2 * before, atol=1e-6,
                 what="second call on the same x (gradients accumulate in .grad: a second backward "
                      "on the caller's x adds to the first; work on a fresh copy)")
    expect(torch.equal(x, before), f"x should be unchanged, was {before.tolist()}, now {x.tolist()}")
    expect(not x.requires_grad, "the caller's x should not have requires_grad switched on")
    expect(x.grad is None, "the caller's x should not be left with a .grad")


def test_gradient_does_not_leak_into_the_callers_graph(kata):
    # x is the output of an earlier computation that itself requires grad (a non-leaf tensor).
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = w * 3
    got = kata.grad_of(lambda t: (t**2).sum(), x)
    expect_close(got, 2 * x.detach(), atol=1e-6,
                 what="grad_of(Σx²) for a non-leaf x = 3w (differentiate w.r.t. x itself, not w)")
    expect(w.grad is None, "w.grad should stay None: grad_of must not backpropagate into the graph x "
                           "came from (detach the copy)")


def test_non_scalar_output_raises_value_error(kata):
    with pytest.raises(ValueError):
        kata.grad_of(lambda t: t**2, torch.ones(3))
