"""Kata: one head of causal self-attention.

A head lets every position gather information from the positions before it. Each token's vector x_t
is projected three ways: a query ("what am I looking for"), a key ("what do I contain") and a
value ("what I pass on"). Position t's output is the average of the values of positions 0..t,
weighted by how well its query matches their keys; the causal mask hides the future.

    q = x Wqᵀ,  k = x Wkᵀ,  v = x Wvᵀ                      (bias-free linear maps)
    out = dropout( softmax( q kᵀ / sqrt(head_size) + M ) ) v      M[i, j] = 0 if j <= i else -inf

Your earlier katas do the middle: attention_scores(q, k) and masked_softmax(scores, mask). The mask
for length T is the top-left T×T corner of the registered `tril` buffer (T may be shorter than
block_size). Dropout acts on the attention weights, after the softmax and before they multiply v
(not on the output, not on v): each dropped weight removes one value from position t's average,
and the kept weights are scaled by 1/(1-p). It is off in eval mode.

Shapes: x [B, T, n_embd] -> out [B, T, head_size], for any 1 <= T <= block_size.
`.key`, `.query`, `.value`: nn.Linear(n_embd, head_size, bias=False); buffer `tril`: bool
[block_size, block_size], True on and below the diagonal; `.dropout`: nn.Dropout(dropout).
Bad input: T > block_size has no mask to use; raise ValueError.

【日本語】
カタ: 因果的自己注意の 1 ヘッド。

ヘッドは、各位置がそれより前の位置から情報を集められるようにします。各トークンのベクトル x_t は 3 通りに
射影されます。クエリ（「何を探しているか」）、キー（「何を持っているか」）、バリュー（「何を渡すか」）です。
位置 t の出力は位置 0..t のバリューの加重平均で、重みは t のクエリとそれぞれのキーがどれだけ合うかで決まります。
因果マスクが未来を隠します。

    q = x Wqᵀ,  k = x Wkᵀ,  v = x Wvᵀ                      （バイアスなしの線形写像）
    out = dropout( softmax( q kᵀ / sqrt(head_size) + M ) ) v      j <= i なら M[i, j] = 0、それ以外は -inf

真ん中の部分は、これまでのカタの attention_scores(q, k) と masked_softmax(scores, mask) が担います。長さ T の
マスクは、登録済みのバッファ `tril` の左上 T×T の部分です（T は block_size より短いことがあります）。
ドロップアウトは注意の重みにかけます。softmax の後、v に掛ける前です（出力にも v にもかけません）。落とされた
重みは、位置 t の平均からバリューを 1 つ取り除き、残された重みは 1/(1-p) 倍されます。評価モードでは無効です。

形状: x [B, T, n_embd] -> out [B, T, head_size]（1 <= T <= block_size の任意の T）。
`.key`, `.query`, `.value`: nn.Linear(n_embd, head_size, bias=False)、バッファ `tril`: bool
[block_size, block_size]（対角成分とその下が True）、`.dropout`: nn.Dropout(dropout)。
不正な入力: T > block_size では使えるマスクがないので、ValueError を送出します。
"""
import torch
import torch.nn as nn

from .attention_scores import attention_scores
from .causal_mask import masked_softmax


class AttentionHead(nn.Module):
    """One head of causal self-attention: x [B, T, n_embd] -> [B, T, head_size]."""

    def __init__(self, n_embd: int, head_size: int, block_size: int, dropout: float = 0.0):
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        # A buffer, not a parameter: it moves with .to(device) and is saved, but is not trained.
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, T, n_embd] -> [B, T, head_size]."""
        B, T, C = x.shape
        if T > self.tril.shape[0]:
            raise ValueError(f"sequence length {T} exceeds block_size {self.tril.shape[0]}")
        q, k, v = self.query(x), self.key(x), self.value(x)    # each [B, T, hs]
        wei = attention_scores(q, k)                           # [B, T, T], scaled by 1/sqrt(hs)
        wei = masked_softmax(wei, self.tril[:T, :T])           # mask BEFORE softmax; rows sum to 1
        wei = self.dropout(wei)
        return wei @ v                                         # [B, T, T] @ [B, T, hs] -> [B, T, hs]
