"""Kata: the projection head (into the space images and captions share).

The two towers speak different languages: the image encoder gives image_dim numbers, the text
encoder text_dim, and nothing relates their axes. Each tower gets its own linear map into ONE
shared space of embed_dim dimensions, where an image and its caption should point the same way.
CLIP uses a plain matrix WITHOUT a bias: only directions matter there (the logits compare
L2-normalised vectors), and a bias would add the same vector to every embedding, pulling all of
them towards one shared direction and making every pair look alike.

    z = x Wᵀ          W [embed_dim, in_dim], no bias          (so z(0) = 0 and z(a·x) = a·z(x))

No normalisation here: clip_logits normalises.
Parts: `.proj` = nn.Linear(in_dim, embed_dim, bias=False).
Shapes: x [B, in_dim] -> z [B, embed_dim].
Bad input -> ValueError: x whose last dimension is not in_dim.

【日本語】
カタ: 射影ヘッド（画像とキャプションが共有する空間へ）。

2 つのタワーは別々の言葉を話します。画像エンコーダは image_dim 個の数を、テキストエンコーダは
text_dim 個の数を出し、それらの軸の間には何の対応もありません。そこで各タワーに専用の線形写像を
与え、embed_dim 次元の「1 つの」共有空間へ写します。そこでは画像とそのキャプションが同じ向きを
指すべきです。CLIP はバイアスの「ない」ただの行列を使います。そこで意味を持つのは向きだけであり
（ロジットは L2 正規化したベクトルを比べます）、バイアスはすべての埋め込みに同じベクトルを足すので、
全員を 1 つの共通の向きへ引き寄せ、どの組も似て見えるようにしてしまうからです。

    z = x Wᵀ          W [embed_dim, in_dim]、バイアスなし     （したがって z(0) = 0、z(a·x) = a·z(x)）

ここでは正規化しません。正規化は clip_logits が行います。
部品: `.proj` = nn.Linear(in_dim, embed_dim, bias=False)。
形状: x [B, in_dim] -> z [B, embed_dim]。
不正な入力は ValueError: 最後の次元が in_dim でない x。
"""
from __future__ import annotations

import torch
import torch.nn as nn


class ProjectionHead(nn.Module):
    """A bias-free linear map into the shared space: x [B, in_dim] -> [B, embed_dim]."""

    def __init__(self, in_dim: int, embed_dim: int):
        super().__init__()
        self.in_dim, self.embed_dim = in_dim, embed_dim
        # bias=False: a shared offset would point every embedding the same way.
        self.proj = nn.Linear(in_dim, embed_dim, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, in_dim] -> [B, embed_dim]."""
        if x.dim() < 1 or x.shape[-1] != self.in_dim:
            raise ValueError(f"x must be [..., {self.in_dim}], got shape {tuple(x.shape)}")
        return self.proj(x)
