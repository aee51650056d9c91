"""Kata: the masked caption loss (cross-entropy over the real tokens only).

A padded batch holds PAD targets after every caption's EOS. They are not text: the model must not
be trained to predict padding, and they must not dilute the loss. So take the cross-entropy at
every position and average over the positions whose target is a real token. The mean is over
TOKENS, all captions pooled (a caption with 9 tokens weighs 9 times as much as one with 1), not
the mean of each caption's own mean: that is what F.cross_entropy(..., ignore_index=pad_id)
computes (the specs' oracle, which you should not call here: write it yourself).

    ℓ[b, t] = -log softmax(logits[b, t])[targets[b, t]]          (use log_softmax: stable)
    m[b, t] = 1 if targets[b, t] != pad_id else 0
    loss = Σ_{b,t} m[b, t] · ℓ[b, t]  /  Σ_{b,t} m[b, t]

Shapes: logits [B, T, V] (float), targets [B, T] (long) -> a scalar tensor (0-D) with a graph
back to logits. A PAD target gets gradient exactly 0.
Bad input: targets whose shape is not logits' [B, T] -> ValueError; every target is PAD (0/0:
no token to learn from) -> ValueError.

【日本語】
カタ: マスク付きのキャプション損失（本物のトークンだけの交差エントロピー）。

パディングしたバッチでは、各キャプションの EOS の後ろのターゲットは PAD です。PAD は文ではありません。
モデルにパディングを予測させてはいけませんし、PAD で損失を薄めてもいけません。そこで各位置の交差
エントロピーを計算し、ターゲットが本物のトークンである位置だけで平均します。平均は「トークン」について
とります（全キャプションをまとめて数えるので、9 トークンのキャプションは 1 トークンのものの 9 倍の重みを
持ちます）。キャプションごとの平均をさらに平均するのではありません。これは F.cross_entropy(...,
ignore_index=pad_id) が計算するもの（仕様テストのオラクル）ですが、ここでは呼ばずに自分で書きましょう。

    ℓ[b, t] = -log softmax(logits[b, t])[targets[b, t]]          （log_softmax を使うと安定です）
    m[b, t] = targets[b, t] != pad_id なら 1、そうでなければ 0
    loss = Σ_{b,t} m[b, t] · ℓ[b, t]  /  Σ_{b,t} m[b, t]

形状: logits [B, T, V]（float）、targets [B, T]（long）-> スカラーのテンソル（0 次元）で、logits への
計算グラフを持ちます。PAD のターゲットの勾配はちょうど 0 です。
不正な入力: targets の形状が logits の [B, T] と違えば ValueError。ターゲットがすべて PAD（0/0:
学ぶトークンがない）なら ValueError です。
"""
import torch
import torch.nn.functional as F


def masked_caption_loss(logits: torch.Tensor, targets: torch.Tensor, pad_id: int = 0) -> torch.Tensor:
    """Mean next-token cross-entropy over the non-PAD targets (a mean over tokens)."""
    # TODO: check the shapes and that some target is real (ValueError); log_softmax; pick each
    #       target's log-probability (gather); keep the real ones; sum / number of real tokens.
    raise NotImplementedError("masked_caption_loss: cross-entropy averaged over the real tokens"
                              " ‖ masked_caption_loss: 本物のトークンだけで平均した交差エントロピー")
