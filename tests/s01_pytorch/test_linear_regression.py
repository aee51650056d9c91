"""Specs for katas/s01_pytorch/linear_regression.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


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


def _fit(kata, X, y, lr, steps):
    """(w, b) from fit_linear_regression, or None after saying that it changed the caller's X or y
    (then every number compared afterwards would mislead)."""
    X0, y0 = X.clone(), y.clone()
    got = kata.fit_linear_regression(X, y, lr=lr, steps=steps)
    if not expect(torch.equal(X, X0) and torch.equal(y, y0),
                  ("fit_linear_regression changed the caller's X or y: leave the data alone (no in-place "
                   "operations such as X -= ... or y.sub_(...))",
                   "fit_linear_regression が呼び出し側の X か y を書き換えました。データには手を触れない"
                   "でください（X -= ... や y.sub_(...) のような in-place の演算はしません）")):
        return None
    if not expect(isinstance(got, tuple) and len(got) == 2,
                  (f"fit_linear_regression should return the pair (w, b), got {type(got).__name__}",
                   f"fit_linear_regression は (w, b) の組を返すはずですが、{type(got).__name__} でした")):
        return None
    return got


def _grads(X, y, w, b):
    # ∂L/∂w = (2/N)·Xᵀ(ŷ − y),  ∂L/∂b = (2/N)·Σ(ŷ − y)  for the mean squared error.
    r = X @ w + b - y
    return 2 / len(y) * X.T @ r, 2 * r.mean()


def test_shapes_and_dtype(kata):
    X, y = _data(50)
    got = _fit(kata, X, y, lr=0.1, steps=3)
    if got is None:
        return
    w, b = got
    expect_shape(w, (3,), ("w for X [50, 3] (a [D] vector, not [D, 1])",
                           "X [50, 3] に対する w（[D, 1] ではなく [D] のベクトル）"))
    expect_shape(b, (), ("b (a 0-dim tensor: torch.zeros(()), not torch.zeros(1))",
                         "b（0 次元テンソル: torch.zeros(1) ではなく torch.zeros(())）"))
    for name, t in (("w", w), ("b", b)):
        if isinstance(t, torch.Tensor):
            expect(t.dtype == torch.float64,
                   (f"{name} should follow X's dtype float64, got {t.dtype} (create it with dtype=X.dtype)",
                    f"{name} は X と同じ float64 のはずですが、{t.dtype} でした（dtype=X.dtype で作りましょう）"))
            expect(not t.requires_grad,
                   (f"{name} should be returned detached (requires_grad False): return {name}.detach()",
                    f"{name} は detach して返すはずです（requires_grad が False）。{name}.detach() を返しましょう"))


def test_first_two_steps_match_closed_form(kata):
    X, y = _data()
    lr = 0.1
    zero_w, zero_b = torch.zeros(3, dtype=X.dtype), torch.zeros((), dtype=X.dtype)
    g0w, g0b = _grads(X, y, zero_w, zero_b)
    w1, b1 = -lr * g0w, -lr * g0b   # at 0: −lr·(−(2/N)·Xᵀy) = lr·(2/N)·Xᵀy, and b1 = lr·2·mean(y)
    got = _fit(kata, X, y, lr=lr, steps=1)
    if got is None:
        return
    ok = expect_close(got[0], w1, atol=1e-10,
                      what=("w after one step from 0: lr·(2/N)·Xᵀy (is the loss the MEAN of the squared "
                            "errors, and is the step w − lr·grad, minus?)",
                            "0 から 1 ステップ後の w: lr·(2/N)·Xᵀy（損失は二乗誤差の「平均」ですか？ 更新は "
                            "w − lr·grad とマイナスですか？）"))
    ok &= expect_close(got[1], b1, atol=1e-10,
                       what=("b after one step from 0: lr·2·mean(y)", "0 から 1 ステップ後の b: lr·2·mean(y)"))
    if not ok:
        return  # the second step would only repeat the first one's mistake
    g1w, g1b = _grads(X, y, w1, b1)
    w2, b2 = w1 - lr * g1w, b1 - lr * g1b
    got = _fit(kata, X, y, lr=lr, steps=2)
    if got is None:
        return
    w, b = got[0].detach().double(), got[1].detach().double()
    stale = torch.allclose(w, w1 - lr * (g0w + g1w), atol=1e-10) and torch.allclose(b, b1 - lr * (g0b + g1b), atol=1e-10)
    if not expect(not stale, ("the second step used g0 + g1: the gradients are not cleared between steps "
                              "(backward ADDS into .grad); set w.grad = None (or .zero_()) every step",
                              "2 ステップ目が g0 + g1 を使っています。ステップの間に勾配がクリアされていません"
                              "（backward は .grad に足し込みます）。毎ステップ w.grad = None（または .zero_()）"
                              "としましょう")):
        return
    expect_close(w, w2, atol=1e-10, what=("w after two steps", "2 ステップ後の w"))
    expect_close(b, b2, atol=1e-10, what=("b after two steps", "2 ステップ後の b"))


def test_matches_least_squares(kata):
    X, y = _data()
    w_star, b_star = _lstsq(X, y)
    got = _fit(kata, X, y, lr=0.1, steps=300)
    if got is None:
        return
    w, b = got
    # NaN, inf or huge values: the iterates ran away, whatever they are compared with.
    if not expect(bool((w.abs() < 1e6).all() and (b.abs() < 1e6).all()),
                  (f"after 300 steps (lr 0.1) w = [{', '.join(fmt(v) for v in w.flatten().tolist())}], b = {fmt(b.sum())}: "
                   f"the steps diverged. With the MEAN squared error lr 0.1 is stable here; a sum makes each "
                   f"step N times larger, and w + lr·grad climbs",
                   f"300 ステップ（lr 0.1）後に w = [{', '.join(fmt(v) for v in w.flatten().tolist())}]、b = {fmt(b.sum())} "
                   f"です。更新が発散しました。二乗誤差の「平均」ならここでは lr 0.1 で安定します。総和だと "
                   f"1 ステップが N 倍になり、w + lr·grad では坂を上ってしまいます")):
        return
    expect_close(w, w_star, atol=1e-4, what=("w after 300 steps (lr 0.1) vs torch.linalg.lstsq",
                                            "300 ステップ（lr 0.1）後の w と torch.linalg.lstsq の比較"))
    expect_close(b, b_star, atol=1e-4, what=("b after 300 steps vs torch.linalg.lstsq",
                                            "300 ステップ後の b と torch.linalg.lstsq の比較"))


def test_recovers_a_large_offset(kata):
    # One feature, y = −2x + 7 exactly: gradient descent must find the bias 7 too.
    X = torch.linspace(-1, 1, 40, dtype=torch.float64)[:, None]
    y = -2 * X[:, 0] + 7
    got = _fit(kata, X, y, lr=0.3, steps=400)
    if got is None:
        return
    w_ok = expect_close(got[0], [-2.0], atol=1e-6, what=("w for y = −2x + 7", "y = −2x + 7 に対する w"))
    # Only when w came out right is a wrong b surely about b itself.
    expect_close(got[1], 7.0, atol=1e-6,
                 what=("b for y = −2x + 7 (is b updated like w?)", "y = −2x + 7 に対する b（b も w と同じように"
                       "更新していますか？）") if w_ok else ("b for y = −2x + 7", "y = −2x + 7 に対する b"))


class _Refused(Exception):
    pass


def test_no_nn_linear_and_no_optimizer(kata, monkeypatch):
    # This kata is about writing the update yourself.
    def refuse(*args, **kwargs):
        raise _Refused
    monkeypatch.setattr(torch.nn.Linear, "__init__", refuse)
    monkeypatch.setattr(torch.optim.Optimizer, "__init__", refuse)
    X, y = _data(50)
    try:
        w, b = kata.fit_linear_regression(X, y, lr=0.1, steps=5)
    except _Refused:
        expect(False, ("this kata is about the hand-written update: use plain tensors w and b that "
                       "require grad, not nn.Linear or torch.optim",
                       "このカタは更新を手書きするためのものです。nn.Linear や torch.optim ではなく、"
                       "勾配を追跡する普通のテンソル w と b を使いましょう"))
        return
    expect_shape(w, (3,), ("w", "w の形状"))


def test_bad_shapes_raise_value_error(kata):
    X, y = _data(20)
    cases = ((X, y[:10], "X [20, 3] and y [10]", "X [20, 3] と y [10]"),
             (X[:, 0], y, "X [20] (not 2-D) and y [20]", "2 次元でない X [20] と y [20]"),
             (X, y[:, None], "X [20, 3] and y [20, 1] (want y [N])", "X [20, 3] と y [20, 1]（y は [N] のはずです）"))
    for bad_X, bad_y, en, ja in cases:
        expect_raises(ValueError, kata.fit_linear_regression, bad_X, bad_y, lr=0.1, steps=1,
                      what=(f"fit_linear_regression with {en}", f"{ja}{' ' if ja[-1].isascii() else ''}を渡した fit_linear_regression"))
