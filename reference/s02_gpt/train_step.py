"""Kata: one training step.

Training is this step, repeated: forget the old gradients, compute the loss on a batch, backpropagate,
clip the gradient's total norm (one bad batch then cannot throw the weights far), and let the
optimizer move the weights. A NaN or inf loss means something has already gone wrong: stop before
the optimizer spreads it into every weight.

    optimizer.zero_grad(set_to_none=True)
    _, loss = model(x, y)                      # under torch.autocast(x.device.type, autocast_dtype)
                                               # when autocast_dtype is given (e.g. torch.bfloat16)
    loss not finite -> raise FloatingPointError (weights untouched)
    loss.backward()
    if grad_clip > 0: clip so that ‖g‖₂ over all parameters <= grad_clip
                      (torch.nn.utils.clip_grad_norm_: g <- g · min(1, grad_clip / ‖g‖₂))
    optimizer.step()
    return loss.item()

Clearing the gradients right after optimizer.step() instead of first is just as good: what matters
is that no step sees gradients left over from an earlier one (and a refused step leaves none).

Shapes: `x`, `y` [B, T] long; `model(x, y)` returns (logits, loss) with loss a scalar tensor;
returns the loss as a Python float.
Bad input: a non-finite loss -> FloatingPointError, raised before backward/step.

【日本語】
カタ: 1 回の学習ステップ。

学習とは、このステップの繰り返しです。古い勾配を忘れ、バッチで損失を計算し、逆伝播し、勾配全体のノルムを
クリップし（勾配クリッピング。1 つの悪いバッチで重みが大きく飛ばされなくなります）、オプティマイザに重みを
動かさせます。損失が NaN や inf になったら、すでに何かがおかしくなっています。オプティマイザがそれをすべての
重みに広げる前に止めます。

    optimizer.zero_grad(set_to_none=True)
    _, loss = model(x, y)                      # autocast_dtype が与えられたとき（例: torch.bfloat16）は
                                               # torch.autocast(x.device.type, autocast_dtype) の中で
    損失が有限でない -> FloatingPointError を送出（重みはそのまま）
    loss.backward()
    grad_clip > 0 なら: 全パラメータにわたる ‖g‖₂ <= grad_clip となるようにクリップ
                      (torch.nn.utils.clip_grad_norm_: g <- g · min(1, grad_clip / ‖g‖₂))
    optimizer.step()
    return loss.item()

勾配のクリアは最初ではなく optimizer.step() の直後に行っても同じく正しいです。大事なのは、どのステップも
前のステップの勾配を引きずらないこと（そして、止めたステップが勾配を残さないこと）です。

形状: `x`, `y` [B, T] long。`model(x, y)` は (logits, loss) を返し、loss はスカラーのテンソルです。
損失を Python の float として返します。
不正な入力: 有限でない損失 -> backward/step の前に FloatingPointError を送出します。
"""
from contextlib import nullcontext

import torch
from torch import Tensor, nn


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, x: Tensor, y: Tensor,
               grad_clip: float = 1.0, autocast_dtype: torch.dtype | None = None) -> float:
    """Zero grads, forward, backward, clip, step; return the loss."""
    # Gradients accumulate in .grad by default: clear the last step's first (None frees memory).
    optimizer.zero_grad(set_to_none=True)
    # Mixed precision only around the forward pass; backward follows the same casts by itself.
    if autocast_dtype is not None:
        ctx = torch.autocast(device_type=x.device.type, dtype=autocast_dtype)
    else:
        ctx = nullcontext()
    with ctx:
        _, loss = model(x, y)
    if not torch.isfinite(loss):
        raise FloatingPointError(f"loss is {loss.item()}; refusing to step")
    loss.backward()
    if grad_clip > 0:
        # Rescales all gradients together, so their direction is kept.
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    return loss.item()
