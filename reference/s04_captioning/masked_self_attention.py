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
        if dim % n_head != 0:
            raise ValueError(f"dim={dim} must be divisible by n_head={n_head}")
        self.n_head, self.dim = n_head, dim
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, T, dim], mask bool [B, 1, T, T] / [T, T] / None (True = may attend) -> [B, T, dim]."""
        B, T, D = x.shape
        if mask is not None and tuple(mask.shape[-2:]) != (T, T):
            raise ValueError(f"mask must end in ({T}, {T}) for T={T}, got shape {tuple(mask.shape)}")
        nh, hd = self.n_head, D // self.n_head
        q, k, v = self.qkv(x).split(D, dim=-1)
        q = q.view(B, T, nh, hd).transpose(1, 2)  # [B, nh, T, hd]
        k = k.view(B, T, nh, hd).transpose(1, 2)
        v = v.view(B, T, nh, hd).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(hd)  # [B, nh, T, T]
        if mask is not None:
            # -inf BEFORE the softmax: exp(-inf) = 0, and the allowed weights still sum to 1.
            # masked_fill broadcasts the [B, 1, T, T] mask over the heads.
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = self.attn_dropout(F.softmax(scores, dim=-1))
        y = (weights @ v).transpose(1, 2).reshape(B, T, D)
        return self.resid_dropout(self.proj(y))
