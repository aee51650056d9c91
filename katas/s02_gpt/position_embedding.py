"""Kata: the position embedding table.

Attention by itself does not know the order of the tokens: it sees a set. GPT gives each position
0, 1, …, block_size-1 its own learnable vector, which is added to the token's vector, so "a" at
position 0 and "a" at position 5 look different to the model. A sequence of length T uses the
first T rows.

    out[t, :] = weight[t, :]        for t = 0, 1, …, T-1

Shapes: `weight` is an nn.Parameter [block_size, n_embd], initialised from N(0, 1) (torch.randn);
forward takes the sequence length T (an int) and returns [T, n_embd], which broadcasts over the
batch when added to token embeddings [B, T, n_embd].
Bad input: T > block_size has no rows to give; raise ValueError (T < 1 too).

【日本語】
カタ: 位置埋め込みの表。

注意機構そのものはトークンの順序を知りません。トークンを集合として見ます。GPT は位置 0, 1, …, block_size-1 の
それぞれに学習可能なベクトルを持たせ、それをトークンのベクトルに足します。こうすると、位置 0 の "a" と位置 5 の
"a" がモデルには別のものに見えます。長さ T の系列は最初の T 行を使います。

    out[t, :] = weight[t, :]        t = 0, 1, …, T-1

形状: `weight` は N(0, 1) から初期化した（torch.randn）nn.Parameter [block_size, n_embd] です。forward は
系列長 T（int）を受け取り、[T, n_embd] を返します。これをトークン埋め込み [B, T, n_embd] に足すと、
バッチ方向にブロードキャストされます。
不正な入力: T > block_size では返す行がないので、ValueError を送出します（T < 1 も同様です）。
"""
import torch
import torch.nn as nn


class PositionEmbedding(nn.Module):
    """A learnable [block_size, n_embd] table; forward(T) returns the rows of positions 0..T-1."""

    def __init__(self, block_size: int, n_embd: int):
        super().__init__()
        # TODO: remember block_size and create self.weight, an nn.Parameter [block_size, n_embd]
        # drawn from randn.
        raise NotImplementedError("PositionEmbedding.__init__: create the weight table"
                                  " ‖ PositionEmbedding.__init__: 重みの表を作りましょう")

    def forward(self, T: int) -> torch.Tensor:
        """T (sequence length) -> [T, n_embd]."""
        # TODO: check 1 <= T <= block_size (ValueError otherwise), then return the rows of
        # positions 0, 1, …, T-1.
        raise NotImplementedError("PositionEmbedding.forward: return the first T rows"
                                  " ‖ PositionEmbedding.forward: 最初の T 行を返しましょう")
