"""Kata: the language-model head (final LayerNorm, then logits).

After the last block each position holds a C-dim vector. The head turns it into one score (logit)
per vocabulary token: the higher, the more likely that token comes next. Because the blocks only
ever ADD to the residual stream, its scale drifts with depth, so GPT-2 normalises it one last time
(`ln_f`) before the projection. The projection has no bias: a bias would only learn unigram
frequencies, and leaving it out lets this matrix be tied to the token embedding (same shape [V, C]).

    logits = ln_f(x) @ Wᵀ          W = lm_head.weight [V, C], no bias

Parts: `.ln_f` LayerNorm(n_embd, bias=bias) (your earlier kata), `.lm_head`
nn.Linear(n_embd, vocab_size, bias=False).
Shapes: x [B, T, C] -> logits [B, T, V] (raw scores, not probabilities: no softmax here).
Bad input: none to check; a last dim that is not n_embd fails in ln_f.

【日本語】
カタ: 言語モデルヘッド（最後の層正規化と、ロジットへの射影）。

最後のブロックの後、各位置には C 次元のベクトルがあります。ヘッドはこれを語彙の各トークンに対する 1 つの
スコア（ロジット）に変えます。値が大きいほど、そのトークンが次に来る可能性が高いという意味です。ブロックは
残差ストリームに足し込むだけなので、深さとともにスケールがずれていきます。そこで GPT-2 は射影の前に最後の
層正規化（`ln_f`）をもう一度かけます。射影にはバイアスがありません。バイアスが覚えられるのはユニグラムの
頻度くらいで、バイアスがなければこの行列をトークン埋め込み（同じ形状 [V, C]）と共有（重み共有）できます。

    logits = ln_f(x) @ Wᵀ          W = lm_head.weight [V, C]、バイアスなし

部品: `.ln_f` LayerNorm(n_embd, bias=bias)（これまでのカタ）、`.lm_head`
nn.Linear(n_embd, vocab_size, bias=False)。
形状: x [B, T, C] -> logits [B, T, V]（確率ではなく生のスコアです。ここで softmax はかけません）。
不正な入力: チェックは不要です。最後の次元が n_embd でなければ ln_f で失敗します。
"""
import torch
import torch.nn as nn

from .layer_norm import LayerNorm


class LMHead(nn.Module):
    """Final LayerNorm and the bias-free projection to vocabulary logits."""

    def __init__(self, n_embd: int, vocab_size: int, bias: bool = True):
        super().__init__()
        self.ln_f = LayerNorm(n_embd, bias=bias)  # `bias` is about the LayerNorm only
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, C] -> logits [B, T, V]."""
        # Logits, not probabilities: the loss and the sampler apply their own softmax.
        return self.lm_head(self.ln_f(x))
