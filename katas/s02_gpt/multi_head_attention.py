"""Kata: multi-head attention.

One head can only attend in one way at a time. Several smaller heads run side by side, each with
its own query/key/value maps, so one can track the previous character while another tracks the
start of the word. Their outputs are concatenated in head order (head 0's features first) and
mixed by a final linear projection back into the residual stream.

    head_size = n_embd // n_head
    out = dropout( proj( concat(head_0(x), head_1(x), …, head_{n_head-1}(x)) ) )

Shapes: x [B, T, n_embd] -> each head [B, T, head_size] -> concat [B, T, n_embd] -> out
[B, T, n_embd].
Parts: `.heads` nn.ModuleList of n_head AttentionHead(n_embd, head_size, block_size, dropout)
(your previous kata), `.proj` nn.Linear(n_embd, n_embd) (with bias), `.dropout` nn.Dropout(dropout).
Bad input: n_embd not divisible by n_head raises ValueError (the heads would not fill n_embd).

【日本語】
カタ: マルチヘッド注意。

1 つのヘッドは、一度に 1 通りの注意の向け方しかできません。そこで小さなヘッドを複数並べて同時に動かします。
ヘッドごとに自分のクエリ・キー・バリューの写像を持つので、あるヘッドは直前の文字を、別のヘッドは単語の先頭を
追う、といったことができます。それらの出力をヘッドの順に連結し（ヘッド 0 の特徴量が先頭）、最後の線形射影で
混ぜ合わせて残差ストリームに戻します。

    head_size = n_embd // n_head
    out = dropout( proj( concat(head_0(x), head_1(x), …, head_{n_head-1}(x)) ) )

形状: x [B, T, n_embd] -> 各ヘッド [B, T, head_size] -> 連結 [B, T, n_embd] -> out [B, T, n_embd]。
部品: `.heads` は n_head 個の AttentionHead(n_embd, head_size, block_size, dropout)（前のカタ）を入れた
nn.ModuleList、`.proj` は nn.Linear(n_embd, n_embd)（バイアスあり）、`.dropout` は nn.Dropout(dropout) です。
不正な入力: n_embd が n_head で割り切れなければ ValueError を送出します（ヘッドで n_embd を埋められません）。
"""
import torch
import torch.nn as nn

from .attention_head import AttentionHead


class MultiHeadAttention(nn.Module):
    """n_head causal attention heads in parallel, concatenated and projected: [B,T,C] -> [B,T,C]."""

    def __init__(self, n_embd: int, n_head: int, block_size: int, dropout: float = 0.0):
        super().__init__()
        # TODO: check n_embd % n_head (ValueError); create self.heads (an nn.ModuleList of
        # AttentionHead with head_size = n_embd // n_head), self.proj and self.dropout.
        raise NotImplementedError("MultiHeadAttention.__init__: create the heads and the projection"
                                  " ‖ MultiHeadAttention.__init__: ヘッドと射影を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, n_embd] -> [B, T, n_embd]."""
        # TODO: run every head on x, concatenate in head order on the last dim, project, dropout.
        raise NotImplementedError("MultiHeadAttention.forward: concat the heads, then project"
                                  " ‖ MultiHeadAttention.forward: ヘッドの出力を連結してから射影しましょう")
