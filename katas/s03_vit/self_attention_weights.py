"""Kata: multi-head self-attention that also returns its attention weights (no mask).

In an image every patch may look at every other patch, to the left and right, above and below:
unlike GPT there is no future to hide, so there is NO causal mask. This attention also returns
the weights it used, one T×T matrix per head, so you can later see where the class token looks.
`.qkv` makes the queries, keys and values of all heads at once (3 blocks of dim outputs, in the
order q, k, v; inside each block head h owns features h·hd … (h+1)·hd - 1).

    hd = dim / n_head
    q, k, v = split(qkv(x), dim)            each [B, T, dim] -> [B, n_head, T, hd]
    weights = softmax( q kᵀ / sqrt(hd) )    softmax over the LAST axis (the keys): rows sum to 1
    y = attn_dropout(weights) · v           [B, n_head, T, hd] -> heads side by side [B, T, dim]
    out = resid_dropout( proj(y) )

The returned `weights` are the softmax rows BEFORE attn_dropout (every row sums to 1, also in
training); the output is computed with the dropped-out weights. In eval mode dropout does
nothing, so the two agree.
Parts: `.n_head`, `.qkv` = nn.Linear(dim, 3·dim), `.proj` = nn.Linear(dim, dim),
`.attn_dropout` and `.resid_dropout` = nn.Dropout(dropout).
Shapes: x [B, T, dim] -> (out [B, T, dim], weights [B, n_head, T, T]).
Bad input: dim not divisible by n_head -> ValueError (in __init__).

【日本語】
カタ: 注意の重みも返す多頭注意（マルチヘッド自己注意、マスクなし）。

画像では、どのパッチも他のすべてのパッチ（左右も上下も）を見てよいのです。GPT と違って隠すべき「未来」は
ないので、因果マスクは「使いません」。この自己注意は、使った重み（ヘッドごとに T×T の行列）も返します。
あとでクラストークンがどこを見ているかを確かめられるようにするためです。
`.qkv` はすべてのヘッドのクエリ・キー・バリューを一度に作ります（dim 個ずつの出力が q, k, v の順に 3 ブロック
並び、各ブロックの中ではヘッド h が特徴 h·hd … (h+1)·hd - 1 を受け持ちます）。

    hd = dim / n_head
    q, k, v = split(qkv(x), dim)            それぞれ [B, T, dim] -> [B, n_head, T, hd]
    weights = softmax( q kᵀ / sqrt(hd) )    softmax は「最後の軸」（キーの軸）でとります。各行の和は 1 です
    y = attn_dropout(weights) · v           [B, n_head, T, hd] -> ヘッドを順に横に並べて [B, T, dim]
    out = resid_dropout( proj(y) )

返す `weights` は attn_dropout を「かける前」の softmax の行です（訓練中でも各行の和は 1 です）。出力の
計算にはドロップアウトをかけた重みを使います。eval モードではドロップアウトは何もしないので、両者は一致します。
部品: `.n_head`、`.qkv` = nn.Linear(dim, 3·dim)、`.proj` = nn.Linear(dim, dim)、
`.attn_dropout` と `.resid_dropout` = nn.Dropout(dropout)。
形状: x [B, T, dim] -> (out [B, T, dim], weights [B, n_head, T, T])。
不正な入力: dim が n_head で割り切れない場合は ValueError を送出します（__init__ で）。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiHeadSelfAttention(nn.Module):
    """Unmasked multi-head self-attention: x [B, T, dim] -> (out [B, T, dim], weights [B, H, T, T])."""

    def __init__(self, dim: int, n_head: int, dropout: float = 0.0):
        super().__init__()
        # TODO: reject dim % n_head != 0 (ValueError); keep n_head; create qkv, proj,
        # attn_dropout and resid_dropout (see the docstring).
        raise NotImplementedError("MultiHeadSelfAttention.__init__: create qkv, proj and the dropouts"
                                  " ‖ MultiHeadSelfAttention.__init__: qkv、proj、ドロップアウトを作りましょう")

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x [B, T, dim] -> (out [B, T, dim], weights [B, n_head, T, T])."""
        # TODO: q, k, v from qkv, split into heads; weights = softmax(q kᵀ / sqrt(hd)) (no mask);
        # y = attn_dropout(weights) @ v; merge the heads; project; return (out, weights).
        raise NotImplementedError("MultiHeadSelfAttention.forward: unmasked attention, return (out, weights)"
                                  " ‖ MultiHeadSelfAttention.forward: マスクなしの注意を計算し、(out, weights) を"
                                  "返しましょう")
