"""Kata: self-attention over the pixels of a feature map.

Convolutions only see a small neighbourhood. Diffusion U-Nets add a few self-attention layers at
low resolution (8×8, 16×16) so that every pixel can look at every other pixel: the H·W pixels
become a sequence of H·W tokens of C channels, attend to each other exactly as in a transformer,
and are folded back into a map. A residual connection keeps the block easy to train.

    h       = norm(x)                                      GroupNorm(groups, C)
    q, k, v = qkv(h).chunk(3, dim=1)                       qkv = 1×1 conv C -> 3C (q first, then k, v)
    each of q, k, v: [B, C, H, W] -> [B, n_heads, H·W, d]  (d = C / n_heads; channel c = head·d + i;
                                                            pixel n = row·W + col)
    a       = softmax(q kᵀ / sqrt(d), over the H·W keys) · v     [B, n_heads, H·W, d]
    out     = x + proj(a folded back to [B, C, H, W])      proj = 1×1 conv C -> C

With the same weights this equals nn.MultiheadAttention(C, n_heads) on the tokens
norm(x).flatten(2).transpose(1, 2) (the specs' oracle), plus x.
Parts: `.norm` = nn.GroupNorm(groups, channels), `.qkv` = nn.Conv2d(C, 3C, 1), `.proj` =
nn.Conv2d(C, C, 1), `.n_heads`.
Shapes: x [B, C, H, W] -> [B, C, H, W].
Bad input: channels not divisible by n_heads or by groups -> ValueError (in __init__); x not
[B, channels, H, W] -> ValueError.

【日本語】
カタ: 特徴マップのピクセルにわたる自己注意。

畳み込みは小さな近傍しか見ません。拡散モデルの U-Net は低い解像度（8×8、16×16）に自己注意の層をいくつか
入れ、どのピクセルも他のすべてのピクセルを見られるようにします。H·W 個のピクセルを C チャネルの H·W 個の
トークンの系列とみなし、Transformer とまったく同じように互いに注意させてから、マップに折り返します。
残差接続で学習しやすさを保ちます。

    h       = norm(x)                                      GroupNorm(groups, C)
    q, k, v = qkv(h).chunk(3, dim=1)                       qkv = 1×1 畳み込み C -> 3C（q が先、次に k, v）
    q, k, v それぞれ: [B, C, H, W] -> [B, n_heads, H·W, d]  （d = C / n_heads。チャネル c = head·d + i、
                                                            ピクセル n = 行·W + 列）
    a       = softmax(q kᵀ / sqrt(d), H·W 個のキーについて) · v     [B, n_heads, H·W, d]
    out     = x + proj(a を [B, C, H, W] に折り返したもの)   proj = 1×1 畳み込み C -> C

同じ重みなら、これはトークン norm(x).flatten(2).transpose(1, 2) に nn.MultiheadAttention(C, n_heads) を
かけて x を足したものと等しくなります（テストはこれを正解として比べます）。
部品: `.norm` = nn.GroupNorm(groups, channels)、`.qkv` = nn.Conv2d(C, 3C, 1)、`.proj` = nn.Conv2d(C, C, 1)、
`.n_heads`。
形状: x [B, C, H, W] -> [B, C, H, W]。
不正な入力: channels が n_heads か groups で割り切れなければ ValueError（__init__ で）。x が
[B, channels, H, W] でなければ ValueError です。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SelfAttention2d(nn.Module):
    """Multi-head self-attention over the H·W pixels of x [B, C, H, W], with a residual connection."""

    def __init__(self, channels: int, n_heads: int = 4, groups: int = 8):
        super().__init__()
        # TODO: ValueError when channels is not divisible by n_heads or by groups; keep channels and
        #       n_heads; create norm, qkv and proj (see Parts).
        raise NotImplementedError("SelfAttention2d.__init__: create norm, qkv and proj"
                                  " ‖ SelfAttention2d.__init__: norm、qkv、proj を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, C, H, W] -> x + attention over the pixels, [B, C, H, W]."""
        # TODO: check x (ValueError); q, k, v = qkv(norm(x)).chunk(3, dim=1); each to
        #       [B, n_heads, H·W, d]; softmax(q kᵀ/sqrt(d)) over the keys, @ v; back to [B, C, H, W];
        #       return x + proj(...).
        raise NotImplementedError("SelfAttention2d.forward: pixels become tokens, attend, fold back, add x"
                                  " ‖ SelfAttention2d.forward: ピクセルをトークンにして注意し、折り返して x を足しましょう")
