"""Kata: cross-entropy from log-softmax, with the log-sum-exp trick.

A classifier outputs logits z (one raw score per class). Softmax turns them into probabilities,
and cross-entropy is the average negative log-probability of the correct class. Computing
log(softmax) directly overflows: exp(1000) is inf. Subtracting the row maximum first changes
nothing mathematically (the shift cancels) but keeps every exp ≤ 1.

    log_softmax(z)_k = z_k − log Σ_j exp(z_j)
                     = (z_k − m) − log Σ_j exp(z_j − m),      m = max_j z_j   (log-sum-exp trick)
    cross_entropy(z, t) = −(1/B) Σ_i log_softmax(z_i)_{t_i}

Shapes: `log_softmax(logits, dim=-1)` keeps the shape of `logits`, normalising along `dim`.
`cross_entropy(logits [B, K], targets [B] of class indices in 0..K−1) -> 0-dim tensor`, the mean
over the batch. Build both from exp, log, max and indexing: not torch.logsumexp, log_softmax or
F.cross_entropy (those are the oracles the specs compare against).
Bad input: logits not 2-D, targets not [B], or a target outside 0..K−1 raise ValueError
(a −1 would otherwise silently pick the last class).

【日本語】
カタ: log-softmax から作る交差エントロピー（log-sum-exp トリック付き）。

分類器はロジット z（クラスごとの生のスコア）を出力します。softmax はそれを確率に変え、交差エントロピーは
正解クラスの負の対数確率をバッチで平均したものです。log(softmax) をそのまま計算するとオーバーフロー
します。exp(1000) は inf です。先に各行の最大値を引いても数学的には何も変わりません（ずらした分は
打ち消し合います）が、すべての exp が 1 以下に収まります。

    log_softmax(z)_k = z_k − log Σ_j exp(z_j)
                     = (z_k − m) − log Σ_j exp(z_j − m),      m = max_j z_j   （log-sum-exp トリック）
    cross_entropy(z, t) = −(1/B) Σ_i log_softmax(z_i)_{t_i}

形状: `log_softmax(logits, dim=-1)` は `logits` と同じ形状を保ち、`dim` 方向に正規化します。
`cross_entropy(logits [B, K], targets [B]（0..K−1 のクラス番号）) -> 0 次元テンソル` で、バッチの平均を
返します。どちらも exp、log、max とインデックス指定で組み立てます。torch.logsumexp、log_softmax、
F.cross_entropy は使いません（それらはテストが比較に使う正解です）。
不正な入力: logits が 2 次元でない、targets が [B] でない、または 0..K−1 の範囲外のクラス番号があれば
ValueError を送出します（そうしないと −1 が黙って最後のクラスを選んでしまいます）。
"""
import torch


def log_softmax(logits: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """log(softmax(logits)) along `dim`, stable for huge logits."""
    # Shift so the largest logit is 0: every exp is then in (0, 1], and the sum is ≥ 1 (log is safe).
    m = logits.max(dim=dim, keepdim=True).values
    shifted = logits - m
    return shifted - torch.log(torch.exp(shifted).sum(dim=dim, keepdim=True))


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of −log p(correct class): logits [B, K], targets [B] -> []."""
    if logits.ndim != 2 or targets.shape != (logits.shape[0],):
        raise ValueError(f"want logits [B, K] and targets [B], got {list(logits.shape)} and "
                         f"{list(targets.shape)}")
    n_classes = logits.shape[1]
    if targets.numel() and (targets.min() < 0 or targets.max() >= n_classes):
        raise ValueError(f"targets must be class indices in 0..{n_classes - 1}, got values from "
                         f"{int(targets.min())} to {int(targets.max())}")
    logp = log_softmax(logits, dim=-1)                               # [B, K]
    # Pick row i's log-probability of its own target t_i (not a [B, B] grid).
    picked = logp[torch.arange(logits.shape[0], device=logits.device), targets]  # [B]
    return -picked.mean()
