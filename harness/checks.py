"""Soft checks for specs: every failing aspect is reported at once (pytest-check), each with a
message that teaches (what was expected, what came back, how far off), in English and Japanese.

    from harness.checks import expect, expect_shape, expect_close

    out = head(x)
    if expect_shape(out, (2, 5, 8), ("head output [B,T,head_size]", "ヘッドの出力 [B,T,head_size]")):
        expect_close(out, oracle, atol=1e-5,
                     what=("head output vs F.scaled_dot_product_attention",
                           "ヘッドの出力と F.scaled_dot_product_attention の比較"))

Every message and every `what` is an (English, Japanese) pair; the learner reads the one of their
language ($KATA_LANG, set by `kata --lang ja`; English otherwise). A plain string is refused, so a
spec cannot forget one language (tests/harness/test_lint.py also checks the source).

Each function returns True when its check passed, so a spec can skip checks that would only
crash on an earlier failure. A value that is NaN or infinite gets its own message everywhere,
never a guess about some other cause.
"""
from __future__ import annotations

import math
import os
from typing import Any

import numpy as np
from pytest_check import check

try:
    import torch
except ImportError:  # stage s00 needs numpy only
    torch = None  # type: ignore[assignment]

Msg = tuple[str, str]  # (English, Japanese)


def lang() -> str:
    """The learner's language: $KATA_LANG (en | ja), English otherwise."""
    return "ja" if os.environ.get("KATA_LANG") == "ja" else "en"


def say(message: Msg) -> str:
    """The learner's half of an (English, Japanese) pair."""
    if (not isinstance(message, tuple) or len(message) != 2
            or not all(isinstance(m, str) for m in message)):
        raise TypeError(f"spec messages are (English, Japanese) pairs of str, got {message!r}")
    return message[1] if lang() == "ja" else message[0]


def _fail(message: Msg) -> bool:
    text = say(message)
    with check:
        raise AssertionError(text)
    return False


def expect(condition: Any, message: Msg) -> bool:
    """A plain soft assertion: `message` says what should have been true."""
    say(message)  # validate the pair even when the check passes
    if bool(condition):
        return True
    return _fail(message)


def _no_return(what: Msg) -> Msg:
    return (f"{what[0]}: got None. Did you forget to `return` the result?",
            f"{what[1]}: None が返りました。結果を `return` し忘れていませんか？")


def _as_numpy(x: Any, what: Msg) -> np.ndarray | None:
    """x as a float64 (or bool) array; None, with the failure reported, when it is not one."""
    if x is None:
        _fail(_no_return(what))
        return None
    array = _as_numpy_quiet(x)
    if array is None:
        _fail((f"{what[0]}: expected an array or tensor, got {type(x).__name__}",
               f"{what[1]}: 配列かテンソルのはずですが、{type(x).__name__} でした"))
    return array


def _shape(x: Any) -> tuple[int, ...] | None:
    shape = getattr(x, "shape", None)
    if shape is None:
        try:
            shape = np.shape(x)
        except Exception:
            return None
    return tuple(int(s) for s in shape)


def _index(idx) -> str:
    """(np.int64(0), np.int64(2)) -> '(0, 2)'."""
    return "(" + ", ".join(str(int(i)) for i in idx) + ("," if len(idx) == 1 else "") + ")"


def non_finite(values: Any) -> Msg | None:
    """None when every value is finite; else a message naming NaN or inf and the first place."""
    g = values if isinstance(values, np.ndarray) else _as_numpy_quiet(values)
    if g is None or g.dtype == bool or np.isfinite(g).all():
        return None
    nan = np.isnan(g)
    kind = "NaN" if nan.any() else "inf"
    if g.ndim:
        first = _index(np.argwhere(nan if nan.any() else ~np.isfinite(g))[0])
        en = f"contains {kind} (first at index {first})"
        ja = f"{kind} が含まれています（最初はインデックス {first}）"
    else:
        en, ja = f"is {kind}", f"{kind} になっています"
    return (f"{en}; every value should be finite — look for a division by zero, a log of 0, "
            f"or an exp of a large number",
            f"{ja}。値はすべて有限のはずです。0 での割り算、log(0)、大きな数の exp がないか確認しましょう")


def _as_numpy_quiet(x: Any) -> np.ndarray | None:
    """x as a float64 (or bool) array, or None when it is not array-like."""
    if x is None:
        return None
    if torch is not None and isinstance(x, torch.Tensor):
        return x.detach().cpu().double().numpy() if x.dtype != torch.bool else x.cpu().numpy()
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return None


def expect_shape(got: Any, shape: tuple[int, ...], what: Msg) -> bool:
    """`got` has exactly `shape`."""
    say(what)
    if got is None:
        return _fail(_no_return(what))
    actual = _shape(got)
    want = tuple(int(s) for s in shape)
    if actual == want:
        return True
    return _fail((f"{what[0]}: expected shape {want}, got {actual}",
                  f"{what[1]}: 形状は {want} のはずですが、{actual} でした"))


def expect_close(got: Any, want: Any, *, atol: float = 1e-6, rtol: float = 0.0,
                 what: Msg) -> bool:
    """|got - want| <= atol + rtol·|want| everywhere; on failure, name the worst element."""
    say(what)
    g, w = _as_numpy(got, what), _as_numpy(want, (f"{what[0]} (expected)", f"{what[1]}（期待値）"))
    if g is None or w is None:
        return False
    if g.shape != w.shape:
        return _fail((f"{what[0]}: expected shape {w.shape}, got {g.shape}",
                      f"{what[1]}: 形状は {w.shape} のはずですが、{g.shape} でした"))
    if np.isfinite(w).all():
        bad_values = non_finite(g)
        if bad_values:
            return _fail((f"{what[0]}: {bad_values[0]}", f"{what[1]}: {bad_values[1]}"))
    err = np.abs(g - w)
    bound = atol + rtol * np.abs(w)
    bad = ~(err <= bound) & ~(np.isnan(g) & np.isnan(w)) & ~(g == w)
    if not bad.any():
        return True
    worst = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(err - bound, nan=np.inf), -np.inf)),
                             err.shape)
    at_en = f" at index {_index(worst)}" if g.ndim else ""
    at_ja = f"（インデックス {_index(worst)}）" if g.ndim else ""
    n, size = int(bad.sum()), bad.size
    return _fail((
        f"{what[0]}: expected {w[worst]:.6g}, got {g[worst]:.6g}{at_en} "
        f"(|diff| {err[worst]:.3g} > tolerance {bound[worst]:.3g}; {n} of {size} values off)",
        f"{what[1]}: {w[worst]:.6g} のはずですが、{g[worst]:.6g} でした{at_ja}"
        f"（差 {err[worst]:.3g} が許容誤差 {bound[worst]:.3g} を超えています。{size} 個中 {n} 個がずれています）",
    ))


def expect_finite(got: Any, what: Msg) -> bool:
    say(what)
    g = _as_numpy(got, what)
    if g is None:
        return False
    bad_values = non_finite(g)
    if bad_values is None:
        return True
    return _fail((f"{what[0]}: {bad_values[0]}", f"{what[1]}: {bad_values[1]}"))


def expect_grad(param: Any, what: Msg) -> bool:
    """After backward(), `param` received a gradient that is finite and not all zero."""
    say(what)
    grad = getattr(param, "grad", None)
    if grad is None:
        return _fail((f"{what[0]}: no gradient reached it (is it used in forward, and not detached?)",
                      f"{what[1]}: 勾配が届いていません（forward で使われていますか？ detach していませんか？）"))
    if not bool(torch.isfinite(grad).all()):
        return _fail((f"{what[0]}: gradient contains NaN or inf",
                      f"{what[1]}: 勾配に NaN か inf が含まれています"))
    if float(grad.abs().sum()) == 0.0:
        return _fail((f"{what[0]}: gradient is all zeros (is it cut off from the output?)",
                      f"{what[1]}: 勾配がすべて 0 です（出力とのつながりが切れていませんか？）"))
    return True


def fmt(x: float) -> str:
    """A short number for messages: 0.3989, 1.2e-05, nan."""
    x = float(x)
    return f"{x:.4g}" if math.isfinite(x) else str(x)


def expect_raises(error: type[BaseException], func, *args, what: Msg, **kwargs) -> bool:
    """Calling func(*args, **kwargs) raises `error` (bad input gets a clear error, never a silent
    wrong answer). `what` names the bad input: ("sigma = 0", "sigma = 0")."""
    say(what)
    name = error.__name__
    try:
        func(*args, **kwargs)
    except error:
        return True
    except NotImplementedError:
        raise  # the runner says "not implemented yet"
    except Exception as e:  # noqa: BLE001 — the wrong kind of error is the lesson here
        got = f"{type(e).__name__}: {e}"
        return _fail((f"{what[0]}: expected {name}, got {got}",
                      f"{what[1]}: {name} を送出するはずですが、{got} が送出されました"))
    return _fail((f"{what[0]}: expected {name} for this bad input, but nothing was raised",
                  f"{what[1]}: この不正な入力には {name} を送出するはずですが、何も送出されませんでした"))
