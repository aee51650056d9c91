"""Kata: the causal mask and the masked softmax.

A language model predicts token t+1 from tokens 0..t, so when position i attends, it may look at
positions j <= i (the past and itself) but never at j > i (the future it is trying to predict).
The mask is a lower-triangular boolean matrix. Masked scores are set to -inf *before* the softmax,
so each row's weights are a distribution over the allowed positions only: they sum to 1 and the
future gets exactly 0. (Zeroing weights after the softmax leaves rows that no longer sum to 1.)

    mask[i, j] = (j <= i)                                 True = may attend
    weights = softmax(where(mask, scores, -inf), dim=-1)

    T = 3:  mask = [[T, F, F],
                    [T, T, F],
                    [T, T, T]]

Shapes: causal_mask(T) -> bool [T, T] on `device`; masked_softmax(scores [..., T, T],
mask [T, T] (or any shape that broadcasts)) -> weights [..., T, T], each row summing to 1.
Bad input: T < 1 raises ValueError. A row with every entry masked would be 0/0 (NaN); a causal
mask never makes one, since j = i is always allowed.

【日本語】
カタ: 因果マスクとマスク付き softmax。

言語モデルはトークン 0..t からトークン t+1 を予測します。そのため位置 i が注意を向けるとき、見てよいのは
j <= i の位置（過去と自分自身）だけで、j > i の位置（これから予測しようとしている未来）は決して見てはいけません。
マスクは下三角の真偽値行列です。マスクされたスコアは softmax の *前に* -inf にします。こうすると各行の重みは
許された位置だけの上の確率分布になり、和は 1、未来の重みはちょうど 0 になります。（softmax の後で重みを 0 に
すると、行の和が 1 でなくなります。）

    mask[i, j] = (j <= i)                                 True = 注意を向けてよい
    weights = softmax(where(mask, scores, -inf), dim=-1)

    T = 3:  mask = [[T, F, F],
                    [T, T, F],
                    [T, T, T]]

形状: causal_mask(T) -> `device` 上の bool [T, T]。masked_softmax(scores [..., T, T],
mask [T, T]（またはブロードキャストできる任意の形状）) -> weights [..., T, T]、各行の和は 1 です。
不正な入力: T < 1 では ValueError を送出します。すべての要素がマスクされた行は 0/0（NaN）になりますが、
j = i は常に許されるので、因果マスクからそのような行は生まれません。
"""
import torch


def causal_mask(T: int, device: torch.device | str | None = None) -> torch.Tensor:
    """Bool [T, T]: True where j <= i (position i may attend to position j)."""
    if T < 1:
        raise ValueError(f"T must be >= 1, got {T}")
    # tril keeps the diagonal and everything below it: row i allows columns 0..i.
    return torch.tril(torch.ones(T, T, dtype=torch.bool, device=device))


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax over the last dim, with disallowed (mask False) entries set to -inf first."""
    # exp(-inf) = 0: the future gets no weight, and the allowed weights still sum to 1.
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
