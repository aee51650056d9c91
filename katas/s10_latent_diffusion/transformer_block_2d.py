"""Kata: the 2-D transformer block (SpatialTransformer) that brings the text into the UNet.

A UNet works on feature maps [B, C, H, W]; attention works on token sequences [B, N, C]. Stable
Diffusion's SpatialTransformer bridges the two: it normalises the map, projects it with a 1×1
convolution, reads the H·W pixels as tokens in row-major order (token n = row·W + column), runs a
pre-LN transformer block on them (self-attention among the pixels, cross-attention to the text,
a GEGLU feed-forward), turns the tokens back into a map and adds the result to the input. The
outer residual means the block only has to learn a correction to the UNet's features.

    h = proj_in(norm(x))                    [B, inner, H, W]          inner = n_heads·head_dim
    h = h as tokens                         [B, H·W, inner]           (permute, then reshape)
    h = h + attn1(ln1(h))                   self-attention: pixels look at pixels
    h = h + attn2(ln2(h), context, context_mask)    cross-attention: pixels look at the words
    h = h + ff(ln3(h))                      ff = GEGLU(inner, 4·inner) → Linear(4·inner, inner)
    h = h as a map                          [B, inner, H, W]          (the exact inverse)
    out = x + proj_out(h)                   [B, C, H, W]

Parts (given): `.norm` = nn.GroupNorm(groups, channels, eps=1e-6), `.proj_in` =
nn.Conv2d(channels, inner, 1), `.attn1` = SpatialCrossAttention(inner, None, n_heads, head_dim),
`.attn2` = SpatialCrossAttention(inner, context_dim, n_heads, head_dim), `.ln1`, `.ln2`, `.ln3` =
nn.LayerNorm(inner), `.ff` = nn.Sequential(GEGLU(inner, 4·inner), nn.Linear(4·inner, inner)),
`.proj_out` = nn.Conv2d(inner, channels, 1).
Shapes: x [B, channels, H, W], context [B, L, context_dim], context_mask [B, L] bool or None ->
[B, channels, H, W]. H and W may differ: a reshape that swaps them scrambles the pixels.
Bad input: x not 4-D or with a number of channels other than `channels` -> ValueError (the
attentions reject a bad context).

【日本語】
カタ: テキストを UNet に取り込む 2 次元 Transformer ブロック（SpatialTransformer）。

UNet は特徴マップ [B, C, H, W] の上で働き、注意はトークンの系列 [B, N, C] の上で働きます。Stable Diffusion の
SpatialTransformer はこの 2 つをつなぎます。マップを正規化して 1×1 の畳み込みで射影し、H·W 個のピクセルを
行優先の順（トークン n = 行·W + 列）でトークンとして読み、その上で pre-LN の Transformer ブロック（ピクセル
どうしの自己注意、テキストへの交差注意、GEGLU のフィードフォワード）を走らせ、トークンをマップに戻して
入力に足します。外側の残差接続のおかげで、ブロックは UNet の特徴への補正だけを学べばよくなります。

    h = proj_in(norm(x))                    [B, inner, H, W]          inner = n_heads·head_dim
    h = h をトークンに                       [B, H·W, inner]           （permute してから reshape）
    h = h + attn1(ln1(h))                   自己注意: ピクセルがピクセルを見る
    h = h + attn2(ln2(h), context, context_mask)    交差注意: ピクセルが単語を見る
    h = h + ff(ln3(h))                      ff = GEGLU(inner, 4·inner) → Linear(4·inner, inner)
    h = h をマップに                         [B, inner, H, W]          （ちょうど逆の操作）
    out = x + proj_out(h)                   [B, C, H, W]

部品（用意済み）: `.norm` = nn.GroupNorm(groups, channels, eps=1e-6)、`.proj_in` =
nn.Conv2d(channels, inner, 1)、`.attn1` = SpatialCrossAttention(inner, None, n_heads, head_dim)、
`.attn2` = SpatialCrossAttention(inner, context_dim, n_heads, head_dim)、`.ln1`、`.ln2`、`.ln3` =
nn.LayerNorm(inner)、`.ff` = nn.Sequential(GEGLU(inner, 4·inner), nn.Linear(4·inner, inner))、
`.proj_out` = nn.Conv2d(inner, channels, 1)。
形状: x [B, channels, H, W]、context [B, L, context_dim]、context_mask [B, L] の bool または None ->
[B, channels, H, W]。H と W は違ってもかまいません。2 つを入れ替える reshape はピクセルをばらばらにします。
不正な入力: 4 次元でない x、チャネル数が `channels` でない x は ValueError を送出します（不正なコンテキストは
注意の側で拒否されます）。
"""
import torch
import torch.nn as nn

from .geglu import GEGLU
from .spatial_cross_attention import SpatialCrossAttention


class SpatialTransformer(nn.Module):
    """[B, C, H, W] feature map + text context -> [B, C, H, W] (outer residual)."""

    def __init__(self, channels: int, context_dim: int, n_heads: int, head_dim: int, groups: int = 8):
        super().__init__()
        self.channels = channels
        inner = n_heads * head_dim
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Conv2d(channels, inner, 1)
        self.attn1 = SpatialCrossAttention(inner, None, n_heads, head_dim)
        self.attn2 = SpatialCrossAttention(inner, context_dim, n_heads, head_dim)
        self.ln1, self.ln2, self.ln3 = nn.LayerNorm(inner), nn.LayerNorm(inner), nn.LayerNorm(inner)
        self.ff = nn.Sequential(GEGLU(inner, 4 * inner), nn.Linear(4 * inner, inner))
        self.proj_out = nn.Conv2d(inner, channels, 1)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None,
                context_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, C, H, W], context [B, L, context_dim], context_mask [B, L] -> [B, C, H, W]."""
        # TODO: reject bad input (ValueError); proj_in(norm(x)); [B, inner, H, W] -> [B, H·W, inner];
        # the three pre-LN residual sub-blocks (attn1, attn2 with the context and its mask, ff);
        # back to [B, inner, H, W]; return x + proj_out(h).
        raise NotImplementedError("SpatialTransformer.forward: map -> tokens, three residual sub-blocks, tokens -> map, + x"
                                  " ‖ SpatialTransformer.forward: マップ -> トークン、3 つの残差サブブロック、トークン -> マップ、+ x の順です")
