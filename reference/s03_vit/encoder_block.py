"""Kata: the transformer encoder block (pre-LN, two residual connections, weights returned).

The ViT's body is a stack of identical encoder blocks, the same as GPT's blocks except that the
attention has no causal mask: every patch sees every patch. Each sub-layer reads a LayerNorm-ed
copy of the stream and ADDS its result back (pre-LN); the stream itself is never normalised
inside the block, so gradients flow straight down the additions. The block also passes on the
attention weights, so the model can show its attention maps.

    a, weights = attn( ln_1(x) )
    x = x + a
    x = x + mlp( ln_2(x) )
    return x, weights

(Post-LN, the 2017 transformer, would be x = ln_1(x + attn(x)): not what ViT does.)
Parts: `.ln_1` LayerNorm(dim), `.attn` MultiHeadSelfAttention(dim, n_head, dropout), `.ln_2`
LayerNorm(dim), `.mlp` FeedForward(dim, dropout) (LayerNorm and FeedForward from your s02 katas).
Shapes: x [B, T, dim] -> (x [B, T, dim], weights [B, n_head, T, T]).
Bad input: dim not divisible by n_head -> ValueError (MultiHeadSelfAttention raises it).

【日本語】
カタ: Transformer のエンコーダブロック（事前層正規化、2 つの残差接続、注意の重みも返す）。

ViT の本体は同じ形のエンコーダブロックを積み重ねたものです。GPT のブロックと同じですが、注意に因果マスクが
ありません。どのパッチもすべてのパッチを見ます。各サブ層は流れ（残差ストリーム）を層正規化したコピーを
読み、結果を流れに「足し」ます（pre-LN）。ブロックの中で流れそのものを正規化することはないので、勾配は
足し算をそのまま伝わって下へ流れます。ブロックは注意の重みも返すので、モデルは注意マップを見せられます。

    a, weights = attn( ln_1(x) )
    x = x + a
    x = x + mlp( ln_2(x) )
    return x, weights

（2017 年の Transformer の post-LN は x = ln_1(x + attn(x)) ですが、ViT はこうしません。）
部品: `.ln_1` LayerNorm(dim)、`.attn` MultiHeadSelfAttention(dim, n_head, dropout)、`.ln_2`
LayerNorm(dim)、`.mlp` FeedForward(dim, dropout)（LayerNorm と FeedForward は s02 のカタのものです）。
形状: x [B, T, dim] -> (x [B, T, dim], weights [B, n_head, T, T])。
不正な入力: dim が n_head で割り切れない場合は ValueError を送出します（MultiHeadSelfAttention が送出します）。
"""
import torch
import torch.nn as nn

from ..s02_gpt.feed_forward import FeedForward
from ..s02_gpt.layer_norm import LayerNorm
from .self_attention_weights import MultiHeadSelfAttention


class EncoderBlock(nn.Module):
    """One pre-LN encoder block: x [B, T, dim] -> (x [B, T, dim], weights [B, n_head, T, T])."""

    def __init__(self, dim: int, n_head: int, dropout: float = 0.0):
        super().__init__()
        self.ln_1 = LayerNorm(dim)
        self.attn = MultiHeadSelfAttention(dim, n_head, dropout)
        self.ln_2 = LayerNorm(dim)
        self.mlp = FeedForward(dim, dropout)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x [B, T, dim] -> (x [B, T, dim], weights [B, n_head, T, T])."""
        # Each sub-layer sees a normalised copy; its output is ADDED to the untouched stream.
        a, weights = self.attn(self.ln_1(x))  # the patches exchange information
        x = x + a
        x = x + self.mlp(self.ln_2(x))        # each token processes what it gathered
        return x, weights
