"""Kata: scaled dot-product attention scores.

In attention every position t asks a question (its query q_t) and every position s offers an
answer key k_s; how well they match is the dot product q_t · k_s. With d-dimensional unit-variance
q and k that dot product is a sum of d unit-variance terms, so its variance is d: for d = 64 the
scores spread so widely that softmax saturates into a near one-hot and its gradients vanish.
Dividing by sqrt(d) brings the variance back to 1.

    scores = q @ kᵀ / sqrt(d)          scores[..., t, s] = q[..., t, :] · k[..., s, :] / sqrt(d)

kᵀ transposes only the last two dims of k (`k.transpose(-2, -1)`); leading dims (batch, heads)
stay where they are. d is the size of the last dim, read from the input.
Shapes: q [..., T, d], k [..., T, d] -> scores [..., T, T] (e.g. [B, T, d] -> [B, T, T],
[B, n_head, T, hs] -> [B, n_head, T, T]).
Bad input: q and k with different last dims cannot be multiplied; matmul raises (nothing to add).

【日本語】
カタ: スケール付き内積注意のスコア。

注意機構では、各位置 t が問い（クエリ q_t）を出し、各位置 s が手がかり（キー k_s）を差し出します。両者が
どれだけ合うかが内積 q_t · k_s です。分散 1 の d 次元ベクトル q と k の内積は、分散 1 の項を d 個足したもの
なので、その分散は d になります。d = 64 ではスコアが大きく散らばりすぎて softmax がほぼ one-hot に飽和し、
勾配が消えてしまいます。sqrt(d) で割ると分散が 1 に戻ります。

    scores = q @ kᵀ / sqrt(d)          scores[..., t, s] = q[..., t, :] · k[..., s, :] / sqrt(d)

kᵀ は k の最後の 2 つの次元だけを転置したものです（`k.transpose(-2, -1)`）。先頭の次元（バッチ、ヘッド）は
そのままです。d は入力から読み取る、最後の次元の大きさです。
形状: q [..., T, d], k [..., T, d] -> scores [..., T, T]（例: [B, T, d] -> [B, T, T]、
[B, n_head, T, hs] -> [B, n_head, T, T]）。
不正な入力: 最後の次元が異なる q と k は掛け合わせられず、matmul がエラーを送出します（追加の処理は不要です）。
"""
import math

import torch


def attention_scores(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """q [..., T, d], k [..., T, d] -> q @ kᵀ / sqrt(d), [..., T, T]."""
    # TODO: multiply q by k with its last two dims swapped, then divide by sqrt(d).
    raise NotImplementedError("attention_scores: q @ kᵀ / sqrt(d)"
                              " ‖ attention_scores: q @ kᵀ / sqrt(d) を計算しましょう")
