"""Kata: gradients with autograd.

PyTorch records every operation on a tensor that has `requires_grad=True`; calling `.backward()` on a
scalar result walks that record backwards (the chain rule) and leaves ∂f/∂x in `x.grad`. Every
training step in this course is built on this one call.

    grad_of(f, x) = ∂f/∂x evaluated at x,    e.g. f(x) = Σ x²  ->  2x,   f(x) = Σ sin x  ->  cos x

Shapes: `x` is a floating tensor of any shape; `f` maps a tensor of that shape to a scalar (a
0-dim tensor, or any tensor with one element). The gradient has the shape and dtype of `x`.

Leave the caller's `x` as it was: don't change its values, don't switch on its `requires_grad`,
don't leave a `.grad` on it (a second call would *add* to it: gradients accumulate), and don't let
the gradient flow into a graph that `x` may already belong to. Work on a detached copy. Return a
plain tensor: no graph attached (`requires_grad` False), so no `create_graph=True`.
Bad input: if `f(x)` is not a scalar there is no single gradient; raise ValueError.

【日本語】
カタ: autograd で勾配を求める。

PyTorch は `requires_grad=True` のテンソルに対するすべての演算を記録します。スカラーの結果に対して
`.backward()` を呼ぶと、その記録を逆向きにたどり（連鎖律）、∂f/∂x を `x.grad` に残します。この講座の
学習ステップはすべて、この 1 回の呼び出しの上に成り立っています。

    grad_of(f, x) = x における ∂f/∂x,    例: f(x) = Σ x²  ->  2x,   f(x) = Σ sin x  ->  cos x

形状: `x` は任意の形状の浮動小数点テンソルです。`f` はその形状のテンソルをスカラー（0 次元テンソル、
または要素が 1 つだけのテンソル）に写します。勾配は `x` と同じ形状・同じ dtype になります。

呼び出し側の `x` は元のままにしておきます。値を変えない、`requires_grad` をオンにしない、`.grad` を
残さない（2 回目の呼び出しでそこに*足し込まれて*しまいます。勾配は累積するからです）、そして `x` が
すでに属しているかもしれない計算グラフに勾配を流さない、の 4 つです。detach したコピーの上で計算
しましょう。返すのは計算グラフのつながっていない普通のテンソル（`requires_grad` が False）です。
ですから `create_graph=True` は使いません。
不正な入力: `f(x)` がスカラーでなければ勾配は 1 つに決まらないので、ValueError を送出します。
"""
from typing import Callable

import torch


def grad_of(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The gradient ∂f/∂x at x, computed by autograd, without touching the caller's x."""
    # A fresh leaf: same values, no history, and gradients recorded for it only.
    x = x.detach().clone().requires_grad_(True)
    y = f(x)
    if not isinstance(y, torch.Tensor) or y.numel() != 1:
        shape = list(y.shape) if isinstance(y, torch.Tensor) else type(y).__name__
        raise ValueError(f"grad_of needs f(x) to be a scalar, got {shape}")
    # backward() runs the chain rule from y back to every leaf that requires grad: here only x.
    y.reshape(()).backward()
    return x.grad
