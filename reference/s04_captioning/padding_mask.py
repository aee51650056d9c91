"""Kata: the padding mask and the decoder's attention mask.

Captions of different lengths are padded with PAD to one length, but a PAD is not text: no token
may gather information from it. The padding mask says which positions hold a real token. The
decoder's self-attention combines it with the causal mask (a token sees only itself and the
tokens before it): query i may attend to key j when j <= i AND token j is real.

CONVENTION here: True = a real token / "may attend". This is what F.scaled_dot_product_attention
expects of a bool attn_mask. Careful: nn.MultiheadAttention's key_padding_mask uses the OPPOSITE
convention (True = ignore this key); pass it `~padding_mask(ids)`.

    padding_mask(ids)[b, t]        = ids[b, t] != pad_id
    decoder_mask(ids)[b, 0, i, j]  = (j <= i)  and  ids[b, j] != pad_id       (i: query, j: key)

The extra axis of size 1 broadcasts over the attention heads: scores are [B, n_head, T, T].
Only the KEY axis is masked: a PAD query may still look at the real tokens before it (its output
is never used: the loss ignores it), and every row keeps key 0, the BOS, so no row is all False.
Shapes: ids [B, T] (long) -> padding_mask [B, T] bool; decoder_mask [B, 1, T, T] bool, on the
device of ids.
Bad input: ids that is not 2-D -> ValueError.

【日本語】
カタ: パディングマスクとデコーダの注意マスク。

長さの異なるキャプションは PAD で同じ長さに埋めますが、PAD は文ではないので、どのトークンも PAD から
情報を集めてはいけません。パディングマスクは、どの位置に本物のトークンがあるかを表します。デコーダの
自己注意では、これを因果マスク（各トークンは自分とそれより前のトークンだけを見る）と組み合わせます。
クエリ i がキー j に注意してよいのは、j <= i で、かつトークン j が本物のときです。

ここでの約束: True = 本物のトークン／「注意してよい」。これは F.scaled_dot_product_attention が bool の
attn_mask に期待する向きです。注意: nn.MultiheadAttention の key_padding_mask は「逆」の約束
（True = このキーを無視する）なので、`~padding_mask(ids)` を渡します。

    padding_mask(ids)[b, t]        = ids[b, t] != pad_id
    decoder_mask(ids)[b, 0, i, j]  = (j <= i)  かつ  ids[b, j] != pad_id       （i: クエリ、j: キー）

サイズ 1 の軸は注意ヘッドの軸にブロードキャストされます（スコアは [B, n_head, T, T]）。マスクするのは
「キー」の軸だけです。PAD のクエリもそれより前の本物のトークンを見てかまいません（その出力は損失で
無視されるので使われません）。また、どの行にもキー 0（BOS）が残るので、すべて False の行はできません。
形状: ids [B, T]（long）-> padding_mask は [B, T] の bool、decoder_mask は [B, 1, T, T] の bool で、
ids と同じデバイスに置きます。
不正な入力: ids が 2 次元でなければ ValueError です。
"""
import torch


def padding_mask(ids: torch.Tensor, pad_id: int = 0) -> torch.Tensor:
    """ids [B, T] -> bool [B, T], True where a real (non-PAD) token is."""
    if ids.dim() != 2:
        raise ValueError(f"ids must be [B, T], got shape {tuple(ids.shape)}")
    return ids != pad_id


def decoder_mask(ids: torch.Tensor, pad_id: int = 0) -> torch.Tensor:
    """ids [B, T] -> bool [B, 1, T, T]: True where query i may attend to key j (causal AND real key)."""
    real = padding_mask(ids, pad_id)  # [B, T], raises for non-2-D ids
    T = ids.shape[1]
    # Row i (query) may look at columns j <= i: the lower triangle, diagonal included.
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool, device=ids.device))
    # real[:, None, None, :] is [B, 1, 1, T]: it selects KEY columns and broadcasts over the
    # query rows; causal [T, T] broadcasts over the batch. Both must allow it: AND.
    return causal & real[:, None, None, :]
