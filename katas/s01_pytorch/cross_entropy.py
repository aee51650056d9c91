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
    # TODO: subtract the max along dim (keepdim=True), then subtract the log of the sum of exps.
    raise NotImplementedError("log_softmax: shift by the max, then z − log Σ exp z"
                              " ‖ log_softmax: 最大値を引いてから z − log Σ exp z を計算しましょう")


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of −log p(correct class): logits [B, K], targets [B] -> []."""
    # TODO: check the shapes and the target range (ValueError), take log_softmax over the classes,
    #       pick each row's target column, and return the negative mean.
    raise NotImplementedError("cross_entropy: −mean of log_softmax at the target classes"
                              " ‖ cross_entropy: 正解クラスの log_softmax の平均にマイナスを付けましょう")
