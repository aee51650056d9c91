"""Kata: accuracy, and evaluating a model.

A classifier's prediction is the class with the largest logit; accuracy is the fraction of
predictions that match the targets. Evaluating means measuring loss and accuracy on data the model
did not train on, with the model in evaluation mode (dropout off) and without building a graph
(`torch.no_grad()`: faster, less memory).

    prediction_i = argmax_k logits[i, k]          (over the classes, the last dim)
    accuracy     = (1/N) Σ_i [prediction_i = t_i]
    evaluate     -> (Σ_b loss_b · n_b / N,  correct / N)     over all N examples of all batches

`evaluate(model, loader, loss_fn=cross_entropy)` switches the model to eval mode, runs every batch
under torch.no_grad() (or torch.inference_mode()), and afterwards puts the model back in the mode
it was in (a training loop that calls evaluate between epochs must get its dropout back). Like the
training loop, the mean loss and the accuracy are per example, so a smaller last batch counts for
less.
Shapes: `accuracy(logits [B, K], targets [B]) -> float` in [0, 1]. `loader` is any iterable of
`(x, y)` batches. Returns Python floats.
Bad input: `accuracy` with logits not [B, K] for targets [B], or B = 0, raises ValueError; so does
`evaluate` on an empty loader.

【日本語】
カタ: 正解率と、モデルの評価。

分類器の予測は、ロジットが最大のクラスです。正解率は、予測が正解と一致した割合です。評価とは、
モデルが学習に使わなかったデータで損失と正解率を測ることです。そのとき、モデルは評価モード
（ドロップアウト無効）にし、計算グラフは作りません（`torch.no_grad()`: 速く、メモリも少なくて済みます）。

    prediction_i = argmax_k logits[i, k]          （クラスの次元、つまり最後の次元で）
    accuracy     = (1/N) Σ_i [prediction_i = t_i]
    evaluate     -> (Σ_b loss_b · n_b / N,  correct / N)     すべてのバッチの全 N 個のサンプルについて

`evaluate(model, loader, loss_fn=cross_entropy)` はモデルを評価モードに切り替え、すべてのバッチを
torch.no_grad()（または torch.inference_mode()）の中で実行し、終わったらモデルを元のモードに戻します
（エポックの合間に evaluate を呼ぶ学習ループは、ドロップアウトを元どおり有効にしておく必要が
あります）。学習ループと同じく、平均損失と正解率はサンプル単位なので、小さい最後のバッチの重みは
小さくなります。
形状: `accuracy(logits [B, K], targets [B]) -> float`（0 以上 1 以下）。`loader` は `(x, y)` のバッチを
返す任意の反復可能オブジェクトです。Python の float を返します。
不正な入力: `accuracy` で logits が targets [B] に対応する [B, K] でない場合や B = 0 の場合は ValueError
を送出します。空の loader に対する `evaluate` も同様です。
"""
from typing import Callable, Iterable

import torch
from torch import nn

from .cross_entropy import cross_entropy


def accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Fraction of rows whose largest logit is at the target class."""
    if logits.ndim != 2 or targets.shape != (logits.shape[0],) or len(targets) == 0:
        raise ValueError(f"want logits [B, K] and targets [B] with B > 0, got {list(logits.shape)} "
                         f"and {list(targets.shape)}")
    # argmax over the classes (dim -1), not over the batch.
    return (logits.argmax(dim=-1) == targets).float().mean().item()


def evaluate(model: nn.Module, loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
             loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = cross_entropy,
             ) -> tuple[float, float]:
    """(mean loss, accuracy) of `model` over `loader`, in eval mode and without gradients."""
    was_training = model.training
    model.eval()  # dropout off, batch-norm uses its running statistics
    total_loss, correct, count = 0.0, 0, 0
    try:
        with torch.no_grad():  # no graph: evaluation never calls backward
            for x, y in loader:
                logits = model(x)
                total_loss += loss_fn(logits, y).item() * len(y)
                correct += int((logits.argmax(dim=-1) == y).sum())
                count += len(y)
    finally:
        model.train(was_training)  # give the caller back the mode it had
    if count == 0:
        raise ValueError("evaluate: the loader yielded no batches")
    return total_loss / count, correct / count
