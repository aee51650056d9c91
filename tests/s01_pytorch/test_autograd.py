"""Specs for katas/s01_pytorch/autograd.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _values(t: torch.Tensor) -> str:
    flat = t.detach().flatten().tolist()
    return "[" + ", ".join(fmt(v) for v in flat[:6]) + (", …" if len(flat) > 6 else "") + "]"


def _grad(kata, f, x: torch.Tensor, what: tuple[str, str]):
    """grad_of(f, x), or None after saying why there is nothing to compare: it changed the caller's
    x (then this and every later number would mislead), or it returned no tensor."""
    before, had_grad = x.detach().clone(), x.requires_grad
    got = kata.grad_of(f, x)
    en, ja = [], []
    if not torch.equal(x.detach(), before):
        en.append(f"changed its values (before {_values(before)}, after {_values(x)})")
        ja.append(f"値を書き換えた（前 {_values(before)}、後 {_values(x)}）")
    if x.requires_grad and not had_grad:
        en.append("switched on its requires_grad")
        ja.append("requires_grad をオンにした")
    if x.is_leaf and x.grad is not None:
        en.append("left a .grad on it")
        ja.append(".grad を残した")
    if en:
        did = en[0] if len(en) == 1 else ", ".join(en[:-1]) + " and " + en[-1]
        expect(False, (f"{what[0]}: grad_of changed the caller's x: it {did}. Then the next call sees a "
                       f"different x, and its backward ADDS to the .grad left there (gradients "
                       f"accumulate). Leave x alone (no in-place update, no .data) and work on your own "
                       f"copy: x.detach().clone().requires_grad_(True)",
                       f"{what[1]}: grad_of が呼び出し側の x を変えました（" + "、".join(ja) + "）。"
                       f"すると次の呼び出しでは x が変わっていて、その backward は残った .grad に"
                       f"足し込まれます（勾配は累積します）。x には手を触れず（in-place の更新や .data "
                       f"は使いません）、自分専用のコピー x.detach().clone().requires_grad_(True) "
                       f"の上で計算しましょう"))
        return None
    if got is None:
        expect(False, (f"{what[0]}: grad_of returned None. Either the `return` is missing, or it "
                       f"returned the .grad of a tensor that is not a leaf: autograd fills .grad only "
                       f"on leaf tensors, so make one with x.detach().clone().requires_grad_(True)",
                       f"{what[1]}: grad_of が None を返しました。`return` がないか、葉テンソルでない"
                       f"テンソルの .grad を返しています。autograd が .grad を埋めるのは葉テンソルだけなので、"
                       f"x.detach().clone().requires_grad_(True) で葉テンソルを作りましょう"))
        return None
    if not isinstance(got, torch.Tensor):
        expect(False, (f"{what[0]}: grad_of should return a tensor, got {type(got).__name__}",
                       f"{what[1]}: grad_of はテンソルを返すはずですが、{type(got).__name__} でした"))
        return None
    return got


def test_gradient_of_sum_of_squares_is_2x(kata):
    x = torch.tensor([1.0, -2.0, 0.5])
    got = _grad(kata, lambda t: (t**2).sum(), x, ("grad_of(Σx², x [3])", "grad_of(Σx², x [3]) の呼び出し"))
    if got is not None and expect_shape(got, (3,), ("grad_of(Σx², x [3])", "grad_of(Σx², x [3]) の結果")):
        expect_close(got, torch.tensor([2.0, -4.0, 1.0]), atol=1e-6,
                     what=("grad_of(Σx²) should be 2x", "grad_of(Σx²) は 2x になるはずです"))


def test_matches_closed_form_derivatives(kata):
    x = torch.linspace(-2, 2, 7, dtype=torch.float64)
    want = torch.cos(x)
    got = _grad(kata, lambda t: torch.sin(t).sum(), x, ("grad_of(Σ sin x)", "grad_of(Σ sin x) の呼び出し"))
    if got is None:
        return  # the reason is said; the next calls would only repeat it
    expect_close(got, want, atol=1e-12,
                 what=("grad_of(Σ sin x) should be cos x", "grad_of(Σ sin x) は cos x になるはずです"))
    want = 3 * x**2 / 7
    got = _grad(kata, lambda t: (t**3).mean(), x, ("grad_of(mean x³)", "grad_of(mean x³) の呼び出し"))
    if got is None:
        return
    expect_close(got, want, atol=1e-12,
                 what=("grad_of(mean x³) should be 3x²/n (the mean divides by n = 7)",
                       "grad_of(mean x³) は 3x²/n になるはずです（平均なので n = 7 で割ります）"))
    # A quadratic form with a NON-symmetric A: ∂(xᵀAx)/∂x = (A + Aᵀ)x, not 2Ax.
    A = torch.tensor([[1.0, 2.0, 0.0], [0.0, 3.0, -1.0], [4.0, 0.0, 2.0]], dtype=torch.float64)
    v = torch.tensor([1.0, -1.0, 2.0], dtype=torch.float64)
    want = (A + A.T) @ v
    got = _grad(kata, lambda t: t @ A @ t, v, ("grad_of(xᵀAx)", "grad_of(xᵀAx) の呼び出し"))
    if got is not None:
        expect_close(got, want, atol=1e-12,
                     what=("grad_of(xᵀAx) should be (A + Aᵀ)x", "grad_of(xᵀAx) は (A + Aᵀ)x になるはずです"))


def test_gradient_has_the_shape_and_dtype_of_x(kata):
    x = torch.randn(2, 3, dtype=torch.float64)
    c = torch.arange(6.0, dtype=torch.float64).reshape(2, 3)
    got = _grad(kata, lambda t: (t * c).sum(), x, ("grad_of on x [2,3]", "x [2,3] での grad_of"))
    if got is not None and expect_shape(got, (2, 3), ("grad_of on x [2,3]", "x [2,3] での grad_of")):
        expect_close(got, c, atol=0, what=("grad_of(Σ c·x) should be c, the constant weights",
                                           "grad_of(Σ c·x) は定数の重み c になるはずです"))
        expect(got.dtype == torch.float64,
               (f"the gradient's dtype should follow x (float64), got {got.dtype}",
                f"勾配の dtype は x と同じ float64 のはずですが、{got.dtype} でした"))


def test_returned_gradient_carries_no_graph(kata):
    # A non-linear f: with create_graph=True its gradient 3x² would itself be part of a graph.
    x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
    got = _grad(kata, lambda t: (t**3).sum(), x, ("grad_of(Σx³)", "grad_of(Σx³) の呼び出し"))
    if got is None:
        return
    if expect(not got.requires_grad and got.grad_fn is None,
              (f"grad_of(Σx³) returned a gradient that is still attached to a graph (requires_grad "
               f"{got.requires_grad}, grad_fn {type(got.grad_fn).__name__}): don't pass "
               f"create_graph=True, and return the plain .grad (or .detach() it)",
               f"grad_of(Σx³) が返した勾配がまだ計算グラフにつながっています（requires_grad "
               f"{got.requires_grad}、grad_fn {type(got.grad_fn).__name__}）。create_graph=True は使わず、"
               f"普通の .grad を返しましょう（または .detach() しましょう）")):
        expect_close(got, 3 * x**2, atol=1e-12,
                     what=("grad_of(Σx³) should be 3x²", "grad_of(Σx³) は 3x² になるはずです"))


def test_calling_twice_gives_the_same_gradient_and_leaves_x_alone(kata):
    x = torch.tensor([3.0, -1.0])
    first = _grad(kata, lambda t: (t**2).sum(), x, ("first call", "1 回目の呼び出し"))
    if first is None:
        return
    second = _grad(kata, lambda t: (t**2).sum(), x, ("second call", "2 回目の呼び出し"))
    if second is None:
        return
    expect_close(first, [6.0, -2.0], atol=1e-6, what=("first call: grad_of(Σx²) = 2x",
                                                      "1 回目の呼び出し: grad_of(Σx²) = 2x"))
    expect_close(second, [6.0, -2.0], atol=1e-6,
                 what=("second call on the same x: the same 2x again (a copy that is reused across "
                       "calls accumulates in its .grad)",
                       "同じ x での 2 回目の呼び出し: もう一度同じ 2x になるはずです（呼び出しをまたいで"
                       "使い回したコピーでは .grad が累積します）"))


def test_gradient_does_not_leak_into_the_callers_graph(kata):
    # x is the output of an earlier computation that itself requires grad (a non-leaf tensor).
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = w * 3
    got = _grad(kata, lambda t: (t**2).sum(), x,
                ("grad_of(Σx²) for a non-leaf x = 3w", "葉でない x = 3w に対する grad_of(Σx²)"))
    expect(w.grad is None,
           ("w.grad should stay None: grad_of must not backpropagate into the graph x came from "
            "(detach the copy: x.detach().clone())",
            "w.grad は None のままのはずです。grad_of は x の元になった計算グラフに逆伝播してはいけません"
            "（コピーを detach しましょう: x.detach().clone()）"))
    if got is not None:
        expect_close(got, [6.0, 12.0], atol=1e-6,
                     what=("grad_of(Σx²) for x = 3w = [3, 6] should be 2x (differentiate w.r.t. x "
                           "itself, not w)",
                           "x = 3w = [3, 6] に対する grad_of(Σx²) は 2x になるはずです（w ではなく x "
                           "そのもので微分します）"))


def test_non_scalar_output_raises_value_error(kata):
    expect_raises(ValueError, kata.grad_of, lambda t: t**2, torch.ones(3),
                  what=("grad_of with f(x) = x² of shape [3] (not a scalar)",
                        "f(x) = x² の形状が [3]（スカラーでない）ときの grad_of"))
    expect_raises(ValueError, kata.grad_of, lambda t: t.sum(dim=0), torch.ones(2, 2),
                  what=("grad_of with f(x) of shape [2] (not a scalar)",
                        "f(x) の形状が [2]（スカラーでない）ときの grad_of"))
    # One element is still a single number: shape [1] must be accepted.
    try:
        got = kata.grad_of(lambda t: (t**2).sum().reshape(1), torch.tensor([1.0, 2.0]))
    except ValueError as e:
        expect(False, (f"grad_of with f(x) of shape [1] raised ValueError ({e}), but one element is a "
                       f"scalar too: test y.numel() != 1, not y.ndim",
                       f"f(x) の形状が [1] のとき grad_of が ValueError（{e}）を送出しましたが、要素が 1 つ"
                       f"ならスカラーです。y.ndim ではなく y.numel() != 1 で調べましょう"))
    else:
        expect_close(got, [2.0, 4.0], atol=1e-6, what=("grad_of(Σx² as shape [1]) at x = [1, 2]",
                                                       "x = [1, 2] での grad_of（Σx² を形状 [1] で返す f）"))
