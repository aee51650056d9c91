"""Kata: one epoch of the training loop.

Every model in this course is trained by the same five lines, repeated for each batch: clear the
old gradients, run the model, measure the loss, backpropagate, let the optimizer step. An epoch is
one pass over the data; its loss is the average over every example seen.

    for each batch (x, y) of the loader:
        1. clear the gradients (backward ADDS into .grad, so whatever is there would leak in;
           before backward, or at the end of each step after optimizer.step(): both work)
        2. forward: the model's output, and loss_fn's mean loss over the batch
        3. backward: ∂loss/∂θ for every parameter θ
        4. step: the optimizer updates every θ from its gradient
    mean loss = Σ_b loss_b · n_b / Σ_b n_b          (n_b = size of batch b)

Put the model in training mode first (`model.train()`: dropout and batch-norm behave differently
while training). The mean is per example: the last batch is often smaller, so weight each batch's
loss by its size rather than averaging batch losses. `loss_fn(output, y)` returns the mean over its
batch; record it with `.item()` (a float, so no graph is kept alive).
Shapes: `loader` is any iterable of `(x, y)` batches (a DataLoader, a list of tuples); the batch
size is `len(y)`. Returns a Python float.
Bad input: an empty loader has no mean loss; raise ValueError.

【日本語】
カタ: 学習ループの 1 エポック。

この講座のモデルはすべて、バッチごとに繰り返す同じ 5 行で学習します。古い勾配を消し、モデルを動かし、
損失を測り、逆伝播し、オプティマイザにステップさせる、の 5 つです。1 エポックはデータを 1 周する
ことで、その損失は見たすべてのサンプルについての平均です。

    loader の各バッチ (x, y) について:
        1. 勾配をクリアする（backward は .grad に「足し込む」ので、残っている値が混ざってしまいます。
           backward の前でも、各ステップの最後の optimizer.step() の後でも構いません）
        2. 順伝播: モデルの出力と、loss_fn が返すバッチの平均損失
        3. 逆伝播: すべてのパラメータ θ について ∂loss/∂θ
        4. ステップ: オプティマイザが勾配から各 θ を更新する
    平均損失 = Σ_b loss_b · n_b / Σ_b n_b          （n_b はバッチ b のサイズ）

最初にモデルを学習モードにします（`model.train()`: ドロップアウトやバッチ正規化は学習中に違う動きを
します）。平均はサンプル単位です。最後のバッチは小さいことが多いので、バッチごとの損失をそのまま
平均せず、バッチサイズで重み付けします。`loss_fn(output, y)` はバッチの平均を返します。それを
`.item()` で記録します（float なので計算グラフを保持し続けません）。
形状: `loader` は `(x, y)` のバッチを返す任意の反復可能オブジェクト（DataLoader やタプルのリスト）です。
バッチサイズは `len(y)` です。Python の float を返します。
不正な入力: 空の loader では平均損失が定義できないので、ValueError を送出します。
"""
from typing import Callable, Iterable

import torch
from torch import nn


def train_one_epoch(model: nn.Module, loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
                    optimizer: torch.optim.Optimizer,
                    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> float:
    """One pass over `loader`, one optimizer step per batch; returns the per-example mean loss."""
    model.train()  # dropout on, batch-norm uses batch statistics
    total, count = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()  # before backward: gradients accumulate otherwise
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        # loss is the batch mean: times the batch size gives the batch's sum.
        total += loss.item() * len(y)
        count += len(y)
    if count == 0:
        raise ValueError("train_one_epoch: the loader yielded no batches")
    return total / count
