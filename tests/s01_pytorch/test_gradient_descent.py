"""Specs for katas/s01_pytorch/gradient_descent.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _rosenbrock(xy: torch.Tensor, a: float = 1.0, b: float = 100.0) -> torch.Tensor:
    # The specs of gradient_descent use their own f, so a slip in your rosenbrock cannot mislead them.
    return (a - xy[0]) ** 2 + b * (xy[1] - xy[0] ** 2) ** 2


def _rosenbrock_grad(xy: torch.Tensor, a: float = 1.0, b: float = 100.0) -> torch.Tensor:
    # ∂f/∂x = −2(a − x) − 4bx(y − x²),  ∂f/∂y = 2b(y − x²)
    x, y = xy.tolist()
    return torch.tensor([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], dtype=xy.dtype)


def _point(xy: torch.Tensor) -> str:
    return "(" + ", ".join(fmt(v) for v in xy.tolist()) + ")"


def _descend(kata, f, x0, lr: float, steps: int):
    """gradient_descent(...), or None after saying so when it blew up where it should not."""
    try:
        return kata.gradient_descent(f, x0, lr, steps)
    except FloatingPointError as e:
        expect(False, (f"gradient_descent raised FloatingPointError ({e}) with lr {fmt(lr)}, where f should "
                       f"fall steadily: does each step go downhill, x − lr·grad (minus)? is .grad cleared "
                       f"every step?",
                       f"lr {fmt(lr)} では f は順調に下がるはずなのに、gradient_descent が FloatingPointError"
                       f"（{e}）を送出しました。各ステップは坂を下る x − lr·grad（マイナス）ですか？ "
                       f".grad を毎ステップクリアしていますか？"))
        return None


def test_rosenbrock_values(kata):
    cases = [((1.0, 1.0), {}, 0.0),                  # the minimum (a, a²)
             ((0.0, 0.0), {}, 1.0),                  # (a − 0)² = 1
             ((-1.0, 2.0), {}, 104.0),               # 2² + 100·(2 − 1)²
             ((2.0, 1.0), {"a": 2.0, "b": 5.0}, 45.0)]  # 0² + 5·(1 − 4)²
    for (x, y), kw, want in cases:
        params = ", ".join(f"{k}={fmt(v)}" for k, v in kw.items()) or "a=1, b=100"
        got = kata.rosenbrock(torch.tensor([x, y], dtype=torch.float64), **kw)
        if not expect(isinstance(got, torch.Tensor),
                      (f"rosenbrock should return a tensor (so autograd can differentiate it), got "
                       f"{type(got).__name__}",
                       f"rosenbrock はテンソルを返すはずです（autograd が微分できるように）。"
                       f"{type(got).__name__} でした")):
            return
        what = (f"rosenbrock(({fmt(x)}, {fmt(y)}), {params})", f"rosenbrock(({fmt(x)}, {fmt(y)}), {params}) の値")
        if expect_shape(got, (), (f"{what[0]} (a 0-dim tensor)", f"{what[1]}（0 次元テンソル）")):
            expect_close(got, want, atol=1e-12,
                         what=(f"{what[0]} = (a − x)² + b·(y − x²)²", f"{what[1]}（(a − x)² + b·(y − x²)² のはずです）"))


def test_rosenbrock_gradient_matches_closed_form(kata):
    # autograd through your formula must give the hand-derived gradient.
    xy = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    got = kata.rosenbrock(xy)
    if not expect(isinstance(got, torch.Tensor) and got.grad_fn is not None,
                  ("rosenbrock's result is not connected to xy by autograd (no grad_fn): compute it "
                   "with torch operations on xy, not .item(), float(), numpy or a new torch.tensor(...)",
                   "rosenbrock の結果が autograd で xy とつながっていません（grad_fn がありません）。"
                   ".item()、float()、numpy、新しい torch.tensor(...) ではなく、xy に対する torch の演算で"
                   "計算しましょう")):
        return
    got.backward()
    expect_close(xy.grad, _rosenbrock_grad(xy.detach()), atol=1e-9,
                 what=("∇rosenbrock at (−1.5, 2) vs [−2(a−x) − 4bx(y−x²), 2b(y−x²)]",
                       "(−1.5, 2) での ∇rosenbrock と [−2(a−x) − 4bx(y−x²), 2b(y−x²)] の比較"))


def test_two_steps_follow_the_update_rule(kata):
    x0 = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    before = x0.clone()
    lr = 1e-3
    g0 = _rosenbrock_grad(x0)
    x1 = x0 - lr * g0
    x2 = x1 - lr * _rosenbrock_grad(x1)
    result = _descend(kata, _rosenbrock, x0, lr, 2)
    if result is None:
        return
    got, history = result
    expect(torch.equal(x0, before) and x0.grad is None and not x0.requires_grad,
           ("the caller's x0 should be unchanged (same values, no .grad, no requires_grad): start from "
            "your own copy, x0.detach().clone().requires_grad_(True)",
            "呼び出し側の x0 は変更しないはずです（値はそのまま、.grad なし、requires_grad なし）。"
            "自分専用のコピー x0.detach().clone().requires_grad_(True) から始めましょう"))
    x_ok = False
    if expect_shape(got, (2,), ("x_final", "最終的な x（x_final）")):
        # Name the likely slip when the result matches a known wrong update rule.
        g = got.detach().double()
        x1_up = x0 + lr * g0
        if torch.allclose(g, x2, atol=1e-10):
            x_ok = expect(got.dtype == torch.float64 and not got.requires_grad,
                          (f"x_final should be float64 like x0 and carry no graph (return x.detach()), got "
                           f"{got.dtype}, requires_grad={got.requires_grad}",
                           f"x_final は x0 と同じ float64 で、計算グラフのつながっていないテンソル（x.detach()）"
                           f"のはずですが、{got.dtype}、requires_grad={got.requires_grad} でした"))
        elif torch.allclose(g, x1 - lr * (g0 + _rosenbrock_grad(x1)), atol=1e-10):
            expect(False, ("the second step used g0 + g1: .grad is not cleared between steps "
                           "(backward ADDS to it); set x.grad = None or x.grad.zero_() after each update",
                           "2 ステップ目が g0 + g1 を使っています。ステップの間に .grad がクリアされて"
                           "いません（backward は足し込みます）。更新のたびに x.grad = None か "
                           "x.grad.zero_() としましょう"))
        elif torch.allclose(g, x1_up + lr * _rosenbrock_grad(x1_up), atol=1e-10):
            expect(False, ("x moved uphill: the update is x − lr·grad (minus), not plus",
                           "x が坂を上っています。更新は x + lr·grad ではなく x − lr·grad（マイナス）です"))
        elif torch.allclose(g, before, atol=1e-12):
            expect(False, (f"x did not move from {_point(before)}: is the gradient cleared before the "
                           f"update uses it, or is the update done on a copy of x?",
                           f"x が {_point(before)} から動いていません。更新に使う前に勾配を消して"
                           f"いませんか？ x のコピーを更新していませんか？"))
        else:
            expect_close(got, x2, atol=1e-10, what=("x after 2 steps of x − lr·∇f(x)",
                                                    "x − lr·∇f(x) を 2 ステップ後の x"))
    if expect(hasattr(history, "__len__") and len(history) == 3,
              (f"history after 2 steps should be a list of f(x_0), f(x_1), f(x_2): 3 values, got "
               f"{len(history) if hasattr(history, '__len__') else type(history).__name__}",
               f"2 ステップ後の history は f(x_0), f(x_1), f(x_2) の 3 つの値のリストのはずですが、"
               f"{len(history) if hasattr(history, '__len__') else type(history).__name__} でした")):
        expect(all(isinstance(h, float) for h in history),
               (f"history should hold Python floats (use loss.item()), got "
                f"{sorted({type(h).__name__ for h in history})}",
                f"history には Python の float を入れるはずです（loss.item() を使いましょう）。"
                f"{sorted({type(h).__name__ for h in history})} でした"))
        # f(−1.5, 2) = 6.25 + 6.25 = 12.5. When x went wrong, only f(x_0) can still be compared.
        want = [float(_rosenbrock(x)) for x in (before, x1, x2)]
        n = 3 if x_ok else 1
        expect_close([float(h) for h in history[:n]], want[:n], atol=1e-9,
                     what=("history = [f(x_0), f(x_1), f(x_2)] (f BEFORE each update, and once more at "
                           "the end)",
                           "history = [f(x_0), f(x_1), f(x_2)]（各更新の「前」の f と、最後にもう一度）"))


def test_converges_to_the_minimum(kata):
    # b = 10 makes the valley less steep, so plain gradient descent gets there in 1500 steps.
    result = _descend(kata, lambda xy: _rosenbrock(xy, a=1.0, b=10.0),
                      torch.tensor([-1.5, 2.0], dtype=torch.float64), 1e-2, 1500)
    if result is None:
        return
    got, history = result
    if expect_close(got, [1.0, 1.0], atol=2e-2,
                    what=("x after 1500 steps (lr 1e-2) on rosenbrock(a=1, b=10) from (−1.5, 2) should be "
                          "near the minimum (1, 1)",
                          "rosenbrock(a=1, b=10) で (−1.5, 2) から 1500 ステップ（lr 1e-2）後の x は、"
                          "最小値 (1, 1) の近くのはずです")) and history:
        expect(float(history[-1]) < 1e-4, (f"f at the end should be < 1e-4, got {fmt(history[-1])}",
                                           f"最後の f は 1e-4 未満のはずですが、{fmt(history[-1])} でした"))


def test_small_lr_never_goes_uphill(kata):
    result = _descend(kata, _rosenbrock, torch.tensor([-1.5, 2.0], dtype=torch.float64), 1e-4, 200)
    if result is None:
        return
    _, history = result
    if not expect(len(history) == 201, (f"history should hold steps + 1 = 201 values, got {len(history)}",
                                        f"history は steps + 1 = 201 個の値のはずですが、{len(history)} 個でした")):
        return
    history = [float(h) for h in history]
    ups = [i for i in range(1, len(history)) if history[i] > history[i - 1] + 1e-12]
    expect(not ups, (f"with lr 1e-4 every step should lower f; it went up at step(s) {ups[:5]} (is the "
                     f"step x − lr·grad, minus? is .grad cleared each step?)",
                     f"lr 1e-4 ではどのステップでも f が下がるはずですが、ステップ {ups[:5]} で上がりました"
                     f"（更新は x − lr·grad とマイナスですか？ .grad を毎ステップクリアしていますか？）"))
    expect(history[-1] < history[0] - 1.0,
           (f"f should drop noticeably in 200 steps: {fmt(history[0])} -> {fmt(history[-1])}",
            f"200 ステップで f ははっきり下がるはずです: {fmt(history[0])} -> {fmt(history[-1])}"))


def test_too_large_lr_raises_floating_point_error(kata):
    # From (0, 0) with lr 0.1 the iterates explode within a few steps and f becomes inf, then NaN.
    expect_raises(FloatingPointError, kata.gradient_descent, _rosenbrock, torch.tensor([0.0, 0.0]), 0.1, 100,
                  what=("gradient_descent with lr 0.1 (f explodes to inf/NaN)",
                        "lr 0.1 での gradient_descent（f が inf/NaN に発散します）"))


def test_rosenbrock_rejects_wrong_shape(kata):
    for bad in (torch.zeros(3), torch.zeros(1, 2), torch.zeros(2, 1)):
        shape = list(bad.shape)
        expect_raises(ValueError, kata.rosenbrock, bad,
                      what=(f"rosenbrock on a tensor of shape {shape} (want [2])",
                            f"形状 {shape} のテンソルに対する rosenbrock（[2] のはずです）"))
