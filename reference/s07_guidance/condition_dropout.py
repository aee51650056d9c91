"""Kata: condition dropout, one network for "with label" and "without" (drop_labels).

Classifier-free guidance needs two predictions at sampling time, ε(x_t, t, y) with the label and
ε(x_t, t, ∅) without it, but we train only ONE network. The trick (Ho & Salimans, 2022): while
training, forget each label at random. Every example in the batch, independently, has its label
replaced by the null label ∅ with probability p (typically 0.1–0.2); the rest keep theirs. The
network then learns both tasks at once, and the null row of the label embedding learns "any
digit".

    keep[b] ~ Bernoulli(1 − p)   independently for every b
    labels'[b] = labels[b]   if keep[b]   else   null_label

Draw the coin flips with `torch.rand(labels.shape, generator=generator, device=labels.device)`
(uniform in [0, 1)) and drop where the draw is < p: a fixed generator then gives the same drops on
every run, and p = 0 drops nothing, p = 1 drops everything. Return a NEW tensor: the caller's
labels stay untouched (they are the dataset's targets).
Shapes: labels [B] integer (LongTensor) -> labels' [B], same dtype and device.
Bad input: p outside [0, 1] -> ValueError; labels that are not an integer tensor -> ValueError.

【日本語】
カタ: 条件のドロップアウト。「ラベルあり」と「なし」を 1 つのネットワークで（drop_labels）。

Classifier-free guidance では、サンプリングのときにラベルありの予測 ε(x_t, t, y) とラベルなしの予測
ε(x_t, t, ∅) の 2 つが必要ですが、学習するネットワークは 1 つだけです。そのための工夫
（Ho & Salimans, 2022）は、学習中にラベルをランダムに忘れさせることです。バッチの各例は独立に、確率 p
（ふつう 0.1–0.2）でラベルをヌルラベル ∅ に置き換えられ、残りはそのままです。こうするとネットワークは
2 つの仕事を同時に学び、ラベル埋め込みのヌルの行は「どの数字でもよい」を学びます。

    keep[b] ~ Bernoulli(1 − p)   b ごとに独立
    labels'[b] = labels[b]   keep[b] なら   そうでなければ   null_label

コイン投げは `torch.rand(labels.shape, generator=generator, device=labels.device)`（[0, 1) の一様分布）で
引き、値が p 未満のところを落とします。こうすると生成器を固定すれば毎回同じところが落ち、p = 0 なら
何も落とさず、p = 1 ならすべて落とします。新しいテンソルを返しましょう。呼び出し側の labels
（データセットの正解ラベルです）は書き換えません。
形状: labels [B] の整数（LongTensor） -> labels' [B]。dtype と device は同じです。
不正な入力: p が [0, 1] の外なら ValueError。labels が整数のテンソルでなければ ValueError です。
"""
import torch


def drop_labels(labels: torch.Tensor, p: float, null_label: int,
                generator: torch.Generator | None = None) -> torch.Tensor:
    """Replace each label by null_label independently with probability p (a new tensor)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p is a probability and must lie in [0, 1], got {p}")
    if labels.dtype.is_floating_point or labels.dtype.is_complex or labels.dtype == torch.bool:
        raise ValueError(f"labels must be an integer tensor, got dtype {labels.dtype}")
    # One uniform draw PER LABEL (not one for the whole batch): each example flips its own coin.
    # Drawing on labels' device with the caller's generator makes the drops reproducible.
    drop = torch.rand(labels.shape, generator=generator, device=labels.device) < p
    # torch.where builds a new tensor; labels[drop] = null_label would overwrite the dataset's
    # targets in place.
    return torch.where(drop, torch.full_like(labels, null_label), labels)
