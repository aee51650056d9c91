"""Kata: layer normalisation.

LayerNorm rescales every vector (one token's n_embd features) to mean 0 and variance 1, then lets
the model choose its own scale γ (`weight`) and shift β (`bias`). It keeps the activations of a
deep stack of blocks in a sane range, whatever the batch size, because each vector is normalised
on its own, over its last dimension only.

    μ  = mean(x)                       over the last dim
    σ² = mean((x - μ)²)                the biased variance: divide by N, not N-1
    y  = (x - μ) / sqrt(σ² + eps) · γ + β

Shapes: x [..., ndim] -> y [..., ndim] (any leading dims, e.g. [B, T, C]). `weight` γ is an
nn.Parameter of ones [ndim]; `bias` β an nn.Parameter of zeros [ndim], or None when bias=False
(then nothing is added). eps sits inside the square root, so a constant vector gives 0, not NaN.
Write the normalisation yourself with mean/var (F.layer_norm and nn.LayerNorm are the specs' oracle).
Bad input: none to check; a last dim that is not ndim fails in the broadcast with γ.

【日本語】
カタ: 層正規化（LayerNorm）。

LayerNorm は各ベクトル（1 トークン分の n_embd 個の特徴量）を平均 0・分散 1 にそろえ、そのうえでモデル自身が
スケール γ（`weight`）とシフト β（`bias`）を選べるようにします。各ベクトルを最後の次元だけで個別に正規化する
ので、バッチサイズに関係なく、深く積み重ねたブロックの活性値を健全な範囲に保てます。

    μ  = mean(x)                       最後の次元について
    σ² = mean((x - μ)²)                N で割る分散（標本分散）。N-1 で割る不偏分散ではありません
    y  = (x - μ) / sqrt(σ² + eps) · γ + β

形状: x [..., ndim] -> y [..., ndim]（先頭の次元は任意。例えば [B, T, C]）。`weight` γ は 1 で埋めた
nn.Parameter [ndim]、`bias` β は 0 で埋めた nn.Parameter [ndim] で、bias=False のときは None です（そのときは
何も足しません）。eps は平方根の中に入るので、定数ベクトルは NaN ではなく 0 になります。
正規化は mean/var を使って自分で書きます（F.layer_norm と nn.LayerNorm はスペックの答え合わせに使います）。
不正な入力: チェックは不要です。最後の次元が ndim でなければ、γ とのブロードキャストで失敗します。
"""
import torch
import torch.nn as nn


class LayerNorm(nn.Module):
    """LayerNorm over the last dimension, with an optional bias (GPT-2 style)."""

    def __init__(self, ndim: int, bias: bool = True, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        # γ starts at 1 and β at 0, so a fresh LayerNorm is a pure normalisation.
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [..., ndim] -> [..., ndim]."""
        # Statistics of each vector on its own: keepdim so they broadcast back over the last dim.
        mu = x.mean(dim=-1, keepdim=True)
        var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)  # biased: divide by N
        y = (x - mu) / torch.sqrt(var + self.eps) * self.weight
        if self.bias is not None:
            y = y + self.bias
        return y
