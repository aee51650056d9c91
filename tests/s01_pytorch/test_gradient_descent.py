"""Specs for katas/s01_pytorch/gradient_descent.py."""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape


def _rosenbrock_grad(x: float, y: float, a: float = 1.0, b: float = 100.0) -> list[float]:
    # ∂f/∂x = −2(a − x) − 4bx(y − x²),  ∂f/∂y = 2b(y − x²)
    return [-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)]


def test_rosenbrock_values(kata):
    cases = [((1.0, 1.0), {}, 0.0),                  # the minimum (a, a²)
             ((0.0, 0.0), {}, 1.0),                  # (a − 0)² = 1
             ((-1.0, 2.0), {}, 104.0),               # 2² + 100·(2 − 1)²
             ((2.0, 1.0), {"a": 2.0, "b": 5.0}, 45.0)]  # 0² + 5·(1 − 4)²
    for (x, y), kw, want in cases:
        got = kata.rosenbrock(torch.tensor([x, y], dtype=torch.float64), **kw)
        if expect(isinstance(got, torch.Tensor), f"rosenbrock should return a tensor, got {type(got).__name__}"):
            expect_shape(got, (), f"rosenbrock({x}, {y}) (a 0-dim tensor)")
            expect_close(got, want, atol=1e-12, what=f"rosenbrock(({x}, {y}), {kw or 'a=1, b=100'})")


def test_rosenbrock_gradient_matches_closed_form(kata):
    # autograd through your formula must give the hand-derived gradient.
    xy = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    kata.rosenbrock(xy).backward()
    expect_close(xy.grad, _rosenbrock_grad(-1.5, 2.0), atol=1e-9,
                 what="∇rosenbrock at (−1.5, 2) vs [−2(a−x) − 4bx(y−x²), 2b(y−x²)]")


def test_two_steps_follow_the_update_rule(kata):
    x0 = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    before = x0.clone()
    lr = 1e-3
    x1 = x0 - lr * torch.tensor(_rosenbrock_grad(*x0.tolist()), dtype=torch.float64)
    x2 = x1 - lr * torch.tensor(_rosenbrock_grad(*x1.tolist()), dtype=torch.float64)
    got, history = kata.gradient_descent(kata.rosenbrock, x0, lr, 2)
    if expect_shape(got, (2,), "x_final"):
        expect_close(got, x2, atol=1e-10,
                     what="x after 2 steps of x − lr·∇f(x) (is .grad cleared between steps? backward "
                          "adds to it)")
        expect(got.dtype == torch.float64 and not got.requires_grad,
               f"x_final should be float64 like x0 with no graph, got {got.dtype}, "
               f"requires_grad={got.requires_grad}")
    if expect(len(history) == 3, f"history after 2 steps should hold f(x_0), f(x_1), f(x_2): 3 values, "
                                 f"got {len(history)}"):
        # f(−1.5, 2) = 2.5² + 100·(2 − 2.25)² = 6.25 + 6.25
        expect_close(history[0], 12.5, atol=1e-12, what="history[0] = f(x0)")
        expect(all(isinstance(h, float) for h in history), "history should hold Python floats (use .item())")
    expect(torch.equal(x0, before) and x0.grad is None and not x0.requires_grad,
           "the caller's x0 should be unchanged (no new values, no .grad, no requires_grad)")


def test_converges_to_the_minimum(kata):
    # b = 10 makes the valley less steep, so plain gradient descent gets there in 1500 steps.
    f = lambda xy: kata.rosenbrock(xy, a=1.0, b=10.0)
    got, history = kata.gradient_descent(f, torch.tensor([-1.5, 2.0], dtype=torch.float64), 1e-2, 1500)
    expect_close(got, [1.0, 1.0], atol=2e-2,
                 what="x after 1500 steps (lr 1e-2) on rosenbrock(a=1, b=10) from (−1.5, 2) should be "
                      "near the minimum (1, 1)")
    expect(len(history) == 1501 and history[-1] < 1e-4,
           f"f at the end should be < 1e-4, got {history[-1] if history else None}")


def test_small_lr_never_goes_uphill(kata):
    _, history = kata.gradient_descent(kata.rosenbrock, torch.tensor([-1.5, 2.0], dtype=torch.float64),
                                       1e-4, 200)
    ups = [i for i in range(1, len(history)) if history[i] > history[i - 1] + 1e-12]
    expect(len(history) == 201, f"history should hold steps + 1 = 201 values, got {len(history)}")
    expect(not ups, f"with lr 1e-4 every step should lower f; it went up at step(s) {ups[:5]}")
    expect(history[-1] < history[0] - 1.0,
           f"f should drop noticeably in 200 steps: {history[0]:.4g} -> {history[-1]:.4g} "
           "(is the step x − lr·grad, minus, not plus?)")


def test_too_large_lr_raises_floating_point_error(kata):
    with pytest.raises(FloatingPointError):
        kata.gradient_descent(kata.rosenbrock, torch.tensor([0.0, 0.0]), 0.1, 100)


def test_rosenbrock_rejects_wrong_shape(kata):
    for bad in (torch.zeros(3), torch.zeros(1, 2)):
        with pytest.raises(ValueError):
            kata.rosenbrock(bad)
