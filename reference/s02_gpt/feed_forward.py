"""Kata: the feed-forward network (the MLP inside every transformer block).

Attention lets the tokens talk to each other; the feed-forward network then lets each token think on
its own: the same two-layer MLP is applied to every position separately. It widens each vector 4×,
bends it with GELU (a smooth ReLU that GPT-2 uses), and projects it back to n_embd.

    out = dropout( c_proj( GELU( c_fc(x) ) ) )
    c_fc: C -> 4C,   GELU(z) = z · Φ(z)  (Φ = the standard normal CDF),   c_proj: 4C -> C

Parts: `.c_fc` nn.Linear(C, 4C, bias=bias), `.gelu` nn.GELU() (the exact erf form, not ReLU),
`.c_proj` nn.Linear(4C, C, bias=bias), `.dropout` nn.Dropout(dropout).
Shapes: x [B, T, C] (any leading dims) -> [B, T, C].
Bad input: none to check; a last dim that is not n_embd fails inside c_fc.

【日本語】
カタ: フィードフォワードネットワーク（各 Transformer ブロックの中の MLP）。

アテンションでトークン同士が情報をやり取りした後、フィードフォワードネットワークで各トークンが自分だけで
考えます。同じ 2 層の MLP を各位置に別々に適用します。各ベクトルの幅を 4 倍に広げ、GELU（GPT-2 が使う
滑らかな ReLU）で曲げ、n_embd に射影して戻します。

    out = dropout( c_proj( GELU( c_fc(x) ) ) )
    c_fc: C -> 4C,   GELU(z) = z · Φ(z)  （Φ は標準正規分布の累積分布関数）,   c_proj: 4C -> C

部品: `.c_fc` nn.Linear(C, 4C, bias=bias)、`.gelu` nn.GELU()（ReLU ではなく、erf を使う厳密な形）、
`.c_proj` nn.Linear(4C, C, bias=bias)、`.dropout` nn.Dropout(dropout)。
形状: x [B, T, C]（先頭の次元は任意）-> [B, T, C]。
不正な入力: チェックは不要です。最後の次元が n_embd でなければ c_fc の中で失敗します。
"""
import torch
import torch.nn as nn


class FeedForward(nn.Module):
    """Position-wise MLP: C -> 4C -> GELU -> C -> dropout."""

    def __init__(self, n_embd: int, dropout: float = 0.0, bias: bool = True):
        super().__init__()
        # 4x is GPT's choice: most of a transformer's parameters live in these two matrices.
        self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * n_embd, n_embd, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [..., C] -> [..., C]; every position on its own."""
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))
