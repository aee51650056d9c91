"""Kata: retrieval (the k most similar items) and recall@k.

The same embeddings that classify also search: a caption finds its images, an image finds its
captions. For each query, rank every key by cosine similarity, best first, and keep the top k.
recall@k measures a search: the share of queries whose correct key is among their top k. With
paired data (query i belongs with key i) the targets are 0, 1, 2, …; recall@1 is the strictest,
recall@N is always 1.

    sim[q, n]  = (query_q / |query_q|) · (key_n / |key_n|)                   [Q, N]
    scores[q], indices[q] = the k largest sim[q, :] and their key indices, in DESCENDING order
    recall@k   = (1/Q) · #{ q : targets[q] ∈ indices[q, :k] }                a float in [0, 1]

torch.topk does the ranking (largest=True, sorted=True).
Parts: `retrieve_topk(query_emb, keys_emb, k) -> (scores [Q, k], indices [Q, k] long)`;
`recall_at_k(query_emb, keys_emb, k, targets=None) -> float` (targets: LongTensor [Q], the index
of each query's correct key; None means arange(Q)).
Bad input -> ValueError: not 2-D or different D; k < 1 or k > N (there are only N keys);
targets not of shape [Q] or outside 0..N−1; targets None with Q > N; no queries (Q = 0).

【日本語】
カタ: 検索（最も似ている k 個）と recall@k。

分類に使う埋め込みは、そのまま検索にも使えます。キャプションがその画像を探し、画像がそのキャプションを
探します。各クエリについて、すべてのキーをコサイン類似度で高い順に並べ、上位 k 個を残します。
recall@k は検索の良さを測ります。正解のキーが上位 k 個に入っているクエリの割合です。ペアになった
データ（クエリ i はキー i と組）では正解は 0, 1, 2, … です。recall@1 がいちばん厳しく、recall@N は
いつも 1 です。

    sim[q, n]  = (query_q / |query_q|) · (key_n / |key_n|)                   [Q, N]
    scores[q], indices[q] = sim[q, :] の大きい順に k 個とそのキーの番号（「降順」）
    recall@k   = (1/Q) · #{ q : targets[q] ∈ indices[q, :k] }                [0, 1] の float

並べ替えは torch.topk が行います（largest=True, sorted=True）。
部品: `retrieve_topk(query_emb, keys_emb, k) -> (scores [Q, k], indices [Q, k] の long)`、
`recall_at_k(query_emb, keys_emb, k, targets=None) -> float`（targets は各クエリの正解キーの番号の
LongTensor [Q]。None なら arange(Q)）。
不正な入力は ValueError: 2 次元でない、D が違う、k < 1 か k > N（キーは N 個しかありません）、
targets の形状が [Q] でない、0..N−1 の外にある、targets が None で Q > N、クエリがない（Q = 0）。
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def retrieve_topk(query_emb: torch.Tensor, keys_emb: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """query_emb [Q, D], keys_emb [N, D] -> (cosine scores [Q, k], key indices [Q, k]), best first."""
    for name, e in (("query_emb", query_emb), ("keys_emb", keys_emb)):
        if e.dim() != 2:
            raise ValueError(f"{name} must be 2-D, got shape {tuple(e.shape)}")
    if query_emb.shape[1] != keys_emb.shape[1]:
        raise ValueError(f"query_emb has D = {query_emb.shape[1]} but keys_emb has D = {keys_emb.shape[1]}")
    N = keys_emb.shape[0]
    if not 1 <= k <= N:
        raise ValueError(f"k must be in 1..{N} (the number of keys), got {k}")
    sim = F.normalize(query_emb, dim=-1) @ F.normalize(keys_emb, dim=-1).t()  # [Q, N]: a row per query
    # Along the KEYS (dim 1), largest first.
    scores, indices = sim.topk(k, dim=1, largest=True, sorted=True)
    return scores, indices


def recall_at_k(query_emb: torch.Tensor, keys_emb: torch.Tensor, k: int,
                targets: torch.Tensor | None = None) -> float:
    """The share of queries whose target key is among their k best: a float in [0, 1]."""
    Q, N = query_emb.shape[0], keys_emb.shape[0]
    if Q == 0:
        raise ValueError("recall_at_k needs at least one query (the mean of nothing is NaN)")
    if targets is None:
        if Q > N:
            raise ValueError(f"targets=None pairs query i with key i, but there are {Q} queries and {N} keys")
        targets = torch.arange(Q, device=query_emb.device)
    targets = torch.as_tensor(targets, device=query_emb.device).long()
    if tuple(targets.shape) != (Q,):
        raise ValueError(f"targets must be [Q] = [{Q}], got shape {tuple(targets.shape)}")
    if Q and (targets.min() < 0 or targets.max() >= N):
        raise ValueError(f"targets must be key indices in 0..{N - 1}")
    _, indices = retrieve_topk(query_emb, keys_emb, k)  # [Q, k]; raises for a bad k
    # A hit when the target appears ANYWHERE among the k kept (exactly k of them: ranks 1..k).
    hit = (indices == targets[:, None]).any(dim=1)
    return float(hit.float().mean())
