"""Kata: multi-head self-attention with a mask you pass in.

GPT's attention (s02) built its causal mask inside and the ViT's (s03) had none. The captioner's
decoder needs a mask that depends on the batch: causal AND no PAD keys, which is different for
every caption (the decoder_mask of the padding_mask kata). So this attention takes the mask as an
argument: True = query i may attend to key j. Masked scores become -inf BEFORE the softmax, so
they get weight exactly 0 and every row still sums to 1.

    hd = dim / n_head
    q, k, v = split(qkv(x), dim)            each [B, T, dim] -> [B, n_head, T, hd]
    scores = q kᵀ / sqrt(hd)                [B, n_head, T, T]
    scores[~mask] = -inf                    mask broadcasts: [B, 1, T, T] or [T, T]
    out = resid_dropout( proj( attn_dropout(softmax(scores, dim=-1)) · v ) )

With mask=None nothing is masked. This equals F.scaled_dot_product_attention(q, k, v,
attn_mask=mask) (the specs' oracle). A row with no True at all would be 0/0 = NaN: the decoder
mask never makes one (key 0, the BOS, is always allowed).
Parts: `.n_head`, `.qkv` = nn.Linear(dim, 3·dim) (q, k, v in that order), `.proj` =
nn.Linear(dim, dim), `.attn_dropout` and `.resid_dropout` = nn.Dropout(dropout).
Shapes: x [B, T, dim], mask bool [B, 1, T, T] (or [T, T], or None) -> [B, T, dim].
Bad input: dim not divisible by n_head -> ValueError (in __init__); a mask whose last two
dimensions are not (T, T) -> ValueError.

【日本語】
カタ: マスクを外から渡すマルチヘッド自己注意。

GPT の注意（s02）は因果マスクを内部で作り、ViT の注意（s03）にはマスクがありませんでした。キャプション
生成のデコーダには、バッチによって変わるマスクが必要です。因果的で、しかも PAD のキーを除くマスクで、
キャプションごとに違います（padding_mask のカタの decoder_mask）。そこでこの注意はマスクを引数で受け
取ります。True = クエリ i がキー j に注意してよい、です。マスクされたスコアは softmax の「前」に -inf に
するので、重みはちょうど 0 になり、各行の和は 1 のままです。

    hd = dim / n_head
    q, k, v = split(qkv(x), dim)            それぞれ [B, T, dim] -> [B, n_head, T, hd]
    scores = q kᵀ / sqrt(hd)                [B, n_head, T, T]
    scores[~mask] = -inf                    mask はブロードキャストされます: [B, 1, T, T] または [T, T]
    out = resid_dropout( proj( attn_dropout(softmax(scores, dim=-1)) · v ) )

mask=None なら何もマスクしません。これは F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
（仕様テストのオラクル）と同じです。True が 1 つもない行は 0/0 = NaN になりますが、デコーダのマスクでは
そういう行はできません（キー 0 の BOS はいつも許されています）。
部品: `.n_head`、`.qkv` = nn.Linear(dim, 3·dim)（q, k, v の順）、`.proj` = nn.Linear(dim, dim)、
`.attn_dropout` と `.resid_dropout` = nn.Dropout(dropout)。
形状: x [B, T, dim]、mask は bool の [B, 1, T, T]（または [T, T]、または None）-> [B, T, dim]。
不正な入力: dim が n_head で割り切れなければ ValueError（__init__ で）。mask の最後の 2 つの次元が
(T, T) でなければ ValueError です。
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class MaskedSelfAttention(nn.Module):
    """Multi-head self-attention with a given bool mask: x [B, T, dim] -> [B, T, dim]."""

    def __init__(self, dim: int, n_head: int, dropout: float = 0.0):
        super().__init__()
        # TODO: ValueError when dim % n_head != 0; keep n_head (and dim); create qkv, proj,
        #       attn_dropout and resid_dropout.
        raise NotImplementedError("MaskedSelfAttention.__init__: create qkv, proj and the dropouts"
                                  " ‖ MaskedSelfAttention.__init__: qkv、proj とドロップアウトを作りましょう")

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, T, dim], mask bool [B, 1, T, T] / [T, T] / None (True = may attend) -> [B, T, dim]."""
        # TODO: ValueError for a mask not ending in (T, T); q, k, v split into heads; scaled
        #       scores; -inf where the mask is False (before the softmax); softmax over the keys;
        #       dropout; @ v; heads side by side; proj; dropout.
        raise NotImplementedError("MaskedSelfAttention.forward: attention with the given mask"
                                  " ‖ MaskedSelfAttention.forward: 渡されたマスクで注意を計算しましょう")
