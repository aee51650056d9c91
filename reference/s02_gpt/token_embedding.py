"""Kata: the token embedding table.

A language model cannot multiply a character id; it needs a vector. The token embedding is a
learnable table with one row per vocabulary entry: token id i is represented by row i. Looking a
row up is just indexing, and during training only the rows that were looked up get a gradient.

    out[b, t, :] = weight[idx[b, t], :]

Shapes: `weight` is an nn.Parameter [vocab_size, n_embd], initialised from N(0, 1) (torch.randn);
`idx` [B, T] (long token ids) -> out [B, T, n_embd].
Write the table and the lookup yourself: an nn.Parameter and tensor indexing, not nn.Embedding.
Bad input: an id outside 0..vocab_size-1 makes the indexing raise IndexError (nothing to add).

【日本語】
カタ: トークン埋め込みの表。

言語モデルは文字の ID をそのまま掛け算には使えず、ベクトルを必要とします。トークン埋め込みは、語彙の各要素に
1 行ずつ対応する学習可能な表で、トークン ID i は i 行目で表されます。行を引くのはただのインデックス操作で、
訓練中に勾配を受け取るのは引かれた行だけです。

    out[b, t, :] = weight[idx[b, t], :]

形状: `weight` は N(0, 1) から初期化した（torch.randn）nn.Parameter [vocab_size, n_embd]、
`idx` [B, T]（long のトークン ID）-> out [B, T, n_embd]。
表と参照は自分で書きます。nn.Embedding ではなく、nn.Parameter とテンソルのインデックス操作を使います。
不正な入力: 0..vocab_size-1 の外の ID では、インデックス操作が IndexError を送出します（追加の処理は不要です）。
"""
import torch
import torch.nn as nn


class TokenEmbedding(nn.Module):
    """A learnable [vocab_size, n_embd] table; forward looks up one row per token id."""

    def __init__(self, vocab_size: int, n_embd: int):
        super().__init__()
        # nn.Parameter registers the table with the module, so the optimizer trains it.
        self.weight = nn.Parameter(torch.randn(vocab_size, n_embd))

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """idx [B, T] long -> [B, T, n_embd]."""
        # Integer-tensor indexing picks whole rows: [B, T] ids -> [B, T, n_embd] vectors.
        return self.weight[idx]
