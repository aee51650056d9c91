"""Kata: GPT's input embedding (token + position, then dropout).

The first layer of GPT turns a window of token ids into vectors: each token's row from the token
table plus the row of its position from the position table. Dropout on the sum is the first place
GPT regularises (it does nothing in eval mode or with dropout=0).

    x[b, t, :] = dropout( tok.weight[idx[b, t]] + pos.weight[t] )        t = 0, 1, …, T-1

Shapes: idx [B, T] long -> [B, T, n_embd]. The position rows [T, n_embd] broadcast over the batch.
Parts (use your earlier katas): `.tok` TokenEmbedding(vocab_size, n_embd), `.pos`
PositionEmbedding(block_size, n_embd), `.drop` nn.Dropout(dropout).
Bad input: T > block_size raises ValueError (PositionEmbedding already does).

【日本語】
カタ: GPT の入力埋め込み（トークン + 位置、そしてドロップアウト）。

GPT の最初の層は、トークン ID のウィンドウをベクトルに変えます。各トークンについて、トークン表のその行と、
位置表のその位置の行を足します。この和にかけるドロップアウトが、GPT が最初に正則化をかける場所です
（評価モードや dropout=0 では何もしません）。

    x[b, t, :] = dropout( tok.weight[idx[b, t]] + pos.weight[t] )        t = 0, 1, …, T-1

形状: idx [B, T] long -> [B, T, n_embd]。位置の行 [T, n_embd] はバッチ方向にブロードキャストされます。
部品（これまでのカタを使います）: `.tok` TokenEmbedding(vocab_size, n_embd)、`.pos`
PositionEmbedding(block_size, n_embd)、`.drop` nn.Dropout(dropout)。
不正な入力: T > block_size では ValueError を送出します（PositionEmbedding がすでに送出します）。
"""
import torch
import torch.nn as nn

from .position_embedding import PositionEmbedding
from .token_embedding import TokenEmbedding


class GPTEmbedding(nn.Module):
    """Token embedding + position embedding, then dropout: idx [B, T] -> [B, T, n_embd]."""

    def __init__(self, vocab_size: int, block_size: int, n_embd: int, dropout: float = 0.0):
        super().__init__()
        self.tok = TokenEmbedding(vocab_size, n_embd)
        self.pos = PositionEmbedding(block_size, n_embd)
        self.drop = nn.Dropout(dropout)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """idx [B, T] long -> [B, T, n_embd]."""
        T = idx.shape[1]
        # [B, T, C] + [T, C]: the position rows broadcast over the batch dimension.
        # pos(T) raises ValueError when T > block_size.
        return self.drop(self.tok(idx) + self.pos(T))
