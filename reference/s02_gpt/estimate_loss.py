"""Kata: estimate the train and validation loss.

The loss of a single batch is noisy, so to watch training we average the loss over `eval_iters`
batches of each split. The measurement must not disturb the model: switch off dropout
(`model.eval()`), record no graph (`torch.no_grad()`), and afterwards put the model back in whatever
mode it was in (it may have been evaluating already).

    for split in ("train", "val"):
        out[split] = (1 / eval_iters) · Σ_{k=1..eval_iters} loss(model, get_batch_fn(split))

Shapes: `get_batch_fn(split)` returns (x, y), each [B, T] long; `model(x, y)` returns
(logits, loss). Returns {"train": float, "val": float} (Python floats).
Bad input: eval_iters < 1 -> ValueError.

【日本語】
カタ: 訓練データと検証データの損失を推定する。

1 つのバッチの損失はばらつきが大きいので、学習の様子を見るときは、各スプリットで `eval_iters` 個のバッチの
損失を平均します。測定でモデルを乱してはいけません。ドロップアウトを切り（`model.eval()`）、計算グラフを
記録せず（`torch.no_grad()`）、終わったらモデルを元のモードに戻します（もともと評価モードだったかもしれません）。

    for split in ("train", "val"):
        out[split] = (1 / eval_iters) · Σ_{k=1..eval_iters} loss(model, get_batch_fn(split))

形状: `get_batch_fn(split)` は (x, y) を返し、どちらも [B, T] long です。`model(x, y)` は (logits, loss) を
返します。戻り値は {"train": float, "val": float}（Python の float）です。
不正な入力: eval_iters < 1 -> ValueError。
"""
from typing import Callable

import torch
from torch import Tensor, nn


def estimate_loss(model: nn.Module, get_batch_fn: Callable[[str], tuple[Tensor, Tensor]],
                  eval_iters: int) -> dict[str, float]:
    """Mean loss over eval_iters batches of each split, measured in eval mode without gradients."""
    if eval_iters < 1:
        raise ValueError(f"eval_iters must be >= 1, got {eval_iters}")
    was_training = model.training  # remember, so we restore the caller's mode, not always train()
    model.eval()  # dropout off: we measure the model, not a random thinned copy of it
    out = {}
    try:
        with torch.no_grad():  # no graph: faster, and no memory held by activations
            for split in ("train", "val"):
                total = 0.0
                for _ in range(eval_iters):
                    x, y = get_batch_fn(split)
                    _, loss = model(x, y)
                    total += loss.item()
                out[split] = total / eval_iters
    finally:
        model.train(was_training)
    return out
