"""Kata: gradient descent on the Rosenbrock function.

Gradient descent walks downhill: at each step it moves the parameters a little against the gradient.
The Rosenbrock function is the classic test: a curved, narrow valley whose floor slopes gently to the
minimum at (a, a²). The gradient comes from autograd, so the same loop minimises any function.

    rosenbrock(x, y) = (a − x)² + b · (y − x²)²          minimum 0 at (x, y) = (a, a²)
    x_{k+1} = x_k − lr · ∇f(x_k)                          for k = 0 … steps−1

Shapes: `xy` is a tensor [2] holding (x, y); `rosenbrock` returns a 0-dim tensor (so autograd can
differentiate it: compute it with torch operations, not `.item()` or numpy).
`gradient_descent(f, x0, lr, steps)` returns `(x_final, history)`: `x_final` has the shape and dtype
of `x0` (and no graph attached); `history` is a list of `steps + 1` Python floats,
[f(x_0), f(x_1), …, f(x_steps)]. The caller's `x0` is left unchanged.
Bad input: `rosenbrock` on a tensor that is not [2] raises ValueError. If f becomes NaN or inf
(a learning rate too large makes the iterates explode), `gradient_descent` raises
FloatingPointError, naming the step, instead of returning garbage.

【日本語】
カタ: Rosenbrock 関数での勾配降下法。

勾配降下法は坂を下っていく方法です。各ステップで、パラメータを勾配と逆向きに少しだけ動かします。
Rosenbrock 関数は定番のテスト関数で、曲がった細い谷の底がゆるやかに傾きながら (a, a²) の最小値へ
続いています。勾配は自動微分（autograd）で求めるので、同じループでどんな関数でも最小化できます。

    rosenbrock(x, y) = (a − x)² + b · (y − x²)²          (x, y) = (a, a²) で最小値 0
    x_{k+1} = x_k − lr · ∇f(x_k)                          k = 0 … steps−1

形状: `xy` は (x, y) を持つ形状 [2] のテンソルです。`rosenbrock` は 0 次元テンソルを返します
（autograd が微分できるように、`.item()` や numpy ではなく torch の演算で計算します）。
`gradient_descent(f, x0, lr, steps)` は `(x_final, history)` を返します。`x_final` は `x0` と同じ形状・
dtype で、計算グラフはつながっていません。`history` は `steps + 1` 個の Python の float のリスト
[f(x_0), f(x_1), …, f(x_steps)] です。呼び出し側の `x0` は変更しません。
不正な入力: 形状が [2] でないテンソルを `rosenbrock` に渡すと ValueError を送出します。f が NaN や inf
になったら（学習率が大きすぎると反復が発散します）、`gradient_descent` はでたらめな結果を返さずに、
何ステップ目かを示して FloatingPointError を送出します。
"""
import math
from typing import Callable

import torch


def rosenbrock(xy: torch.Tensor, a: float = 1.0, b: float = 100.0) -> torch.Tensor:
    """(a − x)² + b(y − x²)² for xy = (x, y) [2] -> 0-dim tensor."""
    # TODO: check the shape is [2] (ValueError otherwise), split into x and y, apply the formula.
    raise NotImplementedError("rosenbrock: write the formula with torch operations"
                              " ‖ rosenbrock: torch の演算で式を書きましょう")


def gradient_descent(f: Callable[[torch.Tensor], torch.Tensor], x0: torch.Tensor, lr: float,
                     steps: int) -> tuple[torch.Tensor, list[float]]:
    """Run `steps` steps of x <- x − lr·∇f(x) from x0; return (x_final, [f(x_0), …, f(x_steps)])."""
    # TODO: copy x0 into a fresh tensor that requires grad. Then repeatedly: evaluate f, record its
    #       value (FloatingPointError if not finite), backward, update x under torch.no_grad(),
    #       and clear x.grad. Record f once more at the end.
    raise NotImplementedError("gradient_descent: the loop evaluate -> backward -> step -> clear grad"
                              " ‖ gradient_descent: 評価 -> backward -> 更新 -> 勾配のクリア というループを書きましょう")
