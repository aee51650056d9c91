"""Kata: the classifier head (read the class token only).

After the last encoder block, the class token has gathered, through attention, what the image
shows. The head normalises that one vector (the stream is never normalised inside the pre-LN
blocks, so this final LayerNorm is needed) and maps it linearly to one score (logit) per class.
The patch tokens are not read here: they reach the answer only through what the class token
took from them.

    logits = fc( ln( x[:, 0] ) )            x[:, 0] is the class token, at position 0

Parts: `.ln` LayerNorm(dim) (your s02 kata), `.fc` nn.Linear(dim, n_classes).
Shapes: x [B, T, dim] -> logits [B, n_classes].
Bad input: x that is not 3-D with last dimension dim -> ValueError.

【日本語】
カタ: 分類ヘッド（クラストークンだけを読む）。

最後のエンコーダブロックを通った後、クラストークンは注意機構を通して画像に写っているものの情報を集めて
います。分類ヘッドはその 1 本のベクトルを層正規化し（pre-LN のブロックの中では流れは正規化されないので、
この最後の層正規化が必要です）、線形写像でクラスごとのスコア（ロジット）に変えます。パッチのトークンは
ここでは読みません。パッチの情報は、クラストークンがそこから取り込んだ分だけ答えに届きます。

    logits = fc( ln( x[:, 0] ) )            x[:, 0] は位置 0 にあるクラストークンです

部品: `.ln` LayerNorm(dim)（s02 のカタ）、`.fc` nn.Linear(dim, n_classes)。
形状: x [B, T, dim] -> logits [B, n_classes]。
不正な入力: 3 次元でない x、最後の次元が dim でない x は ValueError を送出します。
"""
import torch
import torch.nn as nn

from ..s02_gpt.layer_norm import LayerNorm


class ClassifierHead(nn.Module):
    """Class-token classifier: x [B, T, dim] -> logits [B, n_classes]."""

    def __init__(self, dim: int, n_classes: int):
        super().__init__()
        self.dim = dim
        self.ln = LayerNorm(dim)
        self.fc = nn.Linear(dim, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, dim] -> logits [B, n_classes]."""
        if x.dim() != 3 or x.shape[-1] != self.dim:
            raise ValueError(f"x must be [B, T, {self.dim}], got shape {tuple(x.shape)}")
        # Position 0 only: the class token, not a mean over the patches (that is another
        # design, "global average pooling"; here the class token is the summary).
        return self.fc(self.ln(x[:, 0]))
