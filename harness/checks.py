"""Soft checks for specs: every failing aspect is reported at once (pytest-check), each with a
message that teaches (what was expected, what came back, how far off).

    from harness.checks import expect, expect_shape, expect_close

    out = head(x)
    if expect_shape(out, (2, 5, 8), "head output [B,T,head_size]"):
        expect_close(out, oracle, atol=1e-5, what="head output vs F.scaled_dot_product_attention")

Each function returns True when its check passed, so a spec can skip checks that would only
crash on an earlier failure.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from pytest_check import check

try:
    import torch
except ImportError:  # stage s00 needs numpy only
    torch = None  # type: ignore[assignment]


def _fail(message: str) -> bool:
    with check:
        raise AssertionError(message)
    return False


def expect(condition: Any, message: str) -> bool:
    """A plain soft assertion: `message` says what should have been true."""
    if bool(condition):
        return True
    return _fail(message)


def _as_numpy(x: Any, what: str) -> np.ndarray | None:
    if x is None:
        _fail(f"{what}: got None. Did you forget to `return` the result?")
        return None
    if torch is not None and isinstance(x, torch.Tensor):
        return x.detach().cpu().double().numpy() if x.dtype != torch.bool else x.cpu().numpy()
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        _fail(f"{what}: expected an array or tensor, got {type(x).__name__}")
        return None


def _shape(x: Any) -> tuple[int, ...] | None:
    shape = getattr(x, "shape", None)
    if shape is None:
        try:
            shape = np.shape(x)
        except Exception:
            return None
    return tuple(int(s) for s in shape)


def expect_shape(got: Any, shape: tuple[int, ...], what: str = "output") -> bool:
    """`got` has exactly `shape`."""
    if got is None:
        return _fail(f"{what}: got None. Did you forget to `return` the result?")
    actual = _shape(got)
    if actual == tuple(shape):
        return True
    return _fail(f"{what}: expected shape {tuple(shape)}, got {actual}")


def expect_close(got: Any, want: Any, *, atol: float = 1e-6, rtol: float = 0.0,
                 what: str = "output") -> bool:
    """|got - want| <= atol + rtol·|want| everywhere; on failure, name the worst element."""
    g, w = _as_numpy(got, what), _as_numpy(want, f"{what} (expected)")
    if g is None or w is None:
        return False
    if g.shape != w.shape:
        return _fail(f"{what}: expected shape {w.shape}, got {g.shape}")
    if np.isnan(g).any() and not np.isnan(w).any():
        return _fail(f"{what}: contains NaN (first at index {tuple(np.argwhere(np.isnan(g))[0])})")
    err = np.abs(g - w)
    bound = atol + rtol * np.abs(w)
    bad = ~(err <= bound) & ~(np.isnan(g) & np.isnan(w))
    if not bad.any():
        return True
    worst = np.unravel_index(np.argmax(np.where(bad, err - bound, -np.inf)), err.shape)
    at = f" at index {tuple(int(i) for i in worst)}" if g.ndim else ""
    return _fail(
        f"{what}: expected {w[worst]:.6g}, got {g[worst]:.6g}{at} "
        f"(|diff| {err[worst]:.3g} > tolerance {bound[worst]:.3g}; "
        f"{int(bad.sum())} of {bad.size} values off)"
    )


def expect_finite(got: Any, what: str = "output") -> bool:
    g = _as_numpy(got, what)
    if g is None:
        return False
    if np.isfinite(g).all():
        return True
    kind = "NaN" if np.isnan(g).any() else "inf"
    return _fail(f"{what}: contains {kind}; every value should be finite")


def expect_grad(param: Any, what: str) -> bool:
    """After backward(), `param` received a gradient that is finite and not all zero."""
    grad = getattr(param, "grad", None)
    if grad is None:
        return _fail(f"{what}: no gradient reached it (is it used in forward, and not detached?)")
    if not bool(torch.isfinite(grad).all()):
        return _fail(f"{what}: gradient contains NaN or inf")
    if float(grad.abs().sum()) == 0.0:
        return _fail(f"{what}: gradient is all zeros (is it cut off from the output?)")
    return True


def fmt(x: float) -> str:
    """A short number for messages."""
    return f"{x:.4g}" if math.isfinite(x) else str(x)
