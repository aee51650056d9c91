"""Kata: the learned position embedding (added to the tokens).

Attention treats its input as a set: shuffle the patches and every output is shuffled the same
way, so without help the ViT cannot tell the top-left patch from the bottom-right one. Each
position (the class token at 0, then patch 1, 2, …) gets its own learned vector, ADDED to the
token there. Unlike s02's PositionEmbedding this module does the addition itself, and its table
already has the batch axis, so it broadcasts over the batch.

    out[b, t, :] = x[b, t, :] + pos[0, t, :]        for t = 0, 1, …, T-1

Parts: `.pos` = nn.Parameter [1, num_positions, dim], drawn from N(0, 0.02²)
(torch.randn · 0.02).
Shapes: x [B, T, dim] with T <= num_positions -> [B, T, dim]; a shorter sequence uses the first
T positions, pos[:, :T].
Bad input: T > num_positions (there is no vector for those positions), or x not 3-D
-> ValueError.

【日本語】
カタ: 学習可能な位置埋め込み（トークンに足す）。

注意機構は入力を集合として扱います。パッチを並べ替えると出力もまったく同じように並べ替わるだけなので、
助けがなければ ViT は左上のパッチと右下のパッチを区別できません。そこで各位置（位置 0 のクラストークン、
続いてパッチ 1, 2, …）に専用の学習可能なベクトルを持たせ、その位置のトークンに「足し」ます。
s02 の PositionEmbedding と違い、このモジュールは足し算まで自分で行います。表はバッチの軸を最初から
持っているので、バッチ方向にブロードキャストされます。

    out[b, t, :] = x[b, t, :] + pos[0, t, :]        t = 0, 1, …, T-1

部品: `.pos` = nn.Parameter [1, num_positions, dim]。N(0, 0.02²) から引きます（torch.randn · 0.02）。
形状: x [B, T, dim]（T <= num_positions）-> [B, T, dim]。短い系列は最初の T 個の位置 pos[:, :T]
を使います。
不正な入力: T > num_positions（その位置のベクトルがありません）、または 3 次元でない x は
ValueError を送出します。
"""
import torch
import torch.nn as nn


class LearnedPositionEmbedding(nn.Module):
    """x [B, T, dim] -> x + pos[:, :T]: one learned vector per position, added."""

    def __init__(self, num_positions: int, dim: int):
        super().__init__()
        # TODO: remember num_positions; create self.pos, an nn.Parameter [1, num_positions, dim]
        # drawn from N(0, 0.02²).
        raise NotImplementedError("LearnedPositionEmbedding.__init__: create the parameter .pos"
                                  " ‖ LearnedPositionEmbedding.__init__: パラメータ .pos を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, dim] -> [B, T, dim]."""
        # TODO: check x and T (ValueError), then add the first T position vectors.
        raise NotImplementedError("LearnedPositionEmbedding.forward: add pos[:, :T] to x"
                                  " ‖ LearnedPositionEmbedding.forward: x に pos[:, :T] を足しましょう")
