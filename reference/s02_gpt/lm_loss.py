"""Kata: the language-model loss.

A language model predicts, at every position t, a distribution over the next token. Its loss is the
mean cross-entropy between those predictions and the tokens that really came next, averaged over
every position of every sequence in the batch (B·T predictions, each counts the same).

    loss = -(1 / (B·T)) · Σ_b Σ_t log softmax(logits[b, t])[targets[b, t]]

A model that knows nothing (all logits equal) scores exactly ln(V): the yardstick for a fresh GPT.

Shapes: `logits` [B, T, V] (float), `targets` [B, T] (long, values in 0..V-1) -> a scalar tensor
(0-D) that `backward()` can start from.
Bad input: logits not 3-D, or targets whose shape is not logits.shape[:2] -> ValueError.

【日本語】
カタ: 言語モデルの損失。

言語モデルは各位置 t で、次のトークンの分布を予測します。損失は、その予測と実際に次に来たトークンとの
交差エントロピーを、バッチ内のすべての系列のすべての位置について平均したものです（B·T 個の予測が同じ重みで
数えられます）。

    loss = -(1 / (B·T)) · Σ_b Σ_t log softmax(logits[b, t])[targets[b, t]]

何も知らないモデル（ロジットがすべて等しい）の損失はちょうど ln(V) です。これが学習前の GPT の目安です。

形状: `logits` [B, T, V]（float）、`targets` [B, T]（long、値は 0..V-1）-> `backward()` を呼べる
スカラーのテンソル（0 次元）。
不正な入力: logits が 3 次元でない、または targets の形状が logits.shape[:2] と違う -> ValueError。
"""
import torch.nn.functional as F
from torch import Tensor


def lm_loss(logits: Tensor, targets: Tensor) -> Tensor:
    """Mean cross-entropy over all B·T positions."""
    if logits.dim() != 3:
        raise ValueError(f"logits must be [B, T, V], got shape {tuple(logits.shape)}")
    B, T, V = logits.shape
    if tuple(targets.shape) != (B, T):
        raise ValueError(f"targets must be [B, T] = {(B, T)}, got {tuple(targets.shape)}")
    # F.cross_entropy wants the classes in dim 1 ([N, V] with targets [N]); flattening the batch
    # and time axes turns every position into one independent classification.
    return F.cross_entropy(logits.reshape(B * T, V), targets.reshape(B * T))
