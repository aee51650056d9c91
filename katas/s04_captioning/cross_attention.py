"""Kata: cross-attention (the text asks, the image answers).

Self-attention mixes a sequence with itself. Cross-attention connects two sequences: the
QUERIES come from the text being written, the KEYS and VALUES from the image's patch vectors (the
encoder's output, the "context"). So each text position asks "which parts of the image matter
for the next word?" and gathers a weighted mix of them. There is no causal mask: the whole image
is known from the start. Each query attends on its own: the output at text position t depends on
x[:, t] and on the context, never on the other text positions.

    hd = dim / n_head
    q    = q(x)                         [B, T, dim]  -> [B, n_head, T, hd]
    k, v = split(kv(context), dim)      [B, N, 2·dim] -> two [B, n_head, N, hd]   (k first, then v)
    scores = q kᵀ / sqrt(hd)            [B, n_head, T, N]
    scores[..., n] = -inf where context_mask[b, n] is False     (patches to ignore; optional)
    out = resid_dropout( proj( attn_dropout(softmax(scores, over N)) · v ) )   heads side by side

Parts: `.n_head`, `.q` = nn.Linear(dim, dim), `.kv` = nn.Linear(dim, 2·dim), `.proj` =
nn.Linear(dim, dim), `.attn_dropout` and `.resid_dropout` = nn.Dropout(dropout).
Shapes: x [B, T, dim], context [B, N, dim] (N may differ from T), context_mask [B, N] bool
(True = a real context vector, the convention of the padding_mask kata) or None -> [B, T, dim].
Bad input: dim not divisible by n_head -> ValueError (in __init__); x or context not 3-D with
last dimension dim, or different batch sizes -> ValueError.

【日本語】
カタ: 交差注意（テキストが問い、画像が答える）。

自己注意は 1 つの系列をそれ自身と混ぜます。交差注意は 2 つの系列をつなぎます。クエリは書いている
途中のテキストから、キーとバリューは画像のパッチベクトル（エンコーダの出力、「コンテキスト」）から
作ります。テキストの各位置は「次の単語には画像のどこが大事か」を問い、パッチを重み付きで混ぜて
集めます。因果マスクはありません。画像は最初から全部わかっているからです。各クエリは独立に注意する
ので、テキスト位置 t の出力は x[:, t] とコンテキストだけで決まり、他のテキスト位置には左右されません。

    hd = dim / n_head
    q    = q(x)                         [B, T, dim]  -> [B, n_head, T, hd]
    k, v = split(kv(context), dim)      [B, N, 2·dim] -> 2 つの [B, n_head, N, hd]   （k が先、v が後）
    scores = q kᵀ / sqrt(hd)            [B, n_head, T, N]
    context_mask[b, n] が False の位置は scores[..., n] = -inf            （無視するパッチ。省略可）
    out = resid_dropout( proj( attn_dropout(softmax(scores, N について)) · v ) )   ヘッドを横に並べる

部品: `.n_head`、`.q` = nn.Linear(dim, dim)、`.kv` = nn.Linear(dim, 2·dim)、`.proj` =
nn.Linear(dim, dim)、`.attn_dropout` と `.resid_dropout` = nn.Dropout(dropout)。
形状: x [B, T, dim]、context [B, N, dim]（N は T と違ってかまいません）、context_mask [B, N] の bool
（True = 本物のコンテキストベクトル。padding_mask のカタと同じ約束）または None -> [B, T, dim]。
不正な入力: dim が n_head で割り切れなければ ValueError（__init__ で）。x や context が最後の次元 dim の
3 次元テンソルでない、またはバッチサイズが違うときも ValueError です。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CrossAttention(nn.Module):
    """Multi-head cross-attention: queries from x [B, T, dim], keys/values from context [B, N, dim]."""

    def __init__(self, dim: int, n_head: int, dropout: float = 0.0):
        super().__init__()
        # TODO: ValueError when dim % n_head != 0; keep n_head (and dim); create q, kv, proj,
        #       attn_dropout and resid_dropout (see Parts in the docstring).
        raise NotImplementedError("CrossAttention.__init__: create q, kv, proj and the dropouts"
                                  " ‖ CrossAttention.__init__: q、kv、proj とドロップアウトを作りましょう")

    def forward(self, x: torch.Tensor, context: torch.Tensor,
                context_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, T, dim], context [B, N, dim], context_mask [B, N] bool or None -> [B, T, dim]."""
        # TODO: check the shapes (ValueError); q from x, k and v from context, split into heads;
        #       scaled scores [B, nh, T, N]; -inf where context_mask is False; softmax over N;
        #       dropout; @ v; heads side by side; proj; dropout.
        raise NotImplementedError("CrossAttention.forward: queries from the text, keys and values from the image"
                                  " ‖ CrossAttention.forward: クエリはテキストから、キーとバリューは画像から")
