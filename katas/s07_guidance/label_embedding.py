"""Kata: a label embedding with a "null" class (label_embedding).

To make a diffusion model draw a chosen digit, we give it the class label as a learned vector,
one row of an embedding table per class. Classifier-free guidance needs the SAME network to also
work without a label, so the table gets one extra row: the null label ∅, "no class given". With
num_classes real classes 0 … num_classes−1, the null label is the next index, num_classes, and
the table has num_classes + 1 rows. During training some labels are replaced by ∅ (the
condition_dropout kata), so the null row learns "any digit".

    null_label = num_classes
    table = nn.Embedding(num_classes + 1, dim)       rows 0 … num_classes−1: classes, last row: ∅
    out[b] = table.weight[labels[b]]

Parts: `.embedding` (the nn.Embedding), `.num_classes`, `.null_label`.
Shapes: labels [B] integer (LongTensor) with values in 0 … num_classes (null included) -> [B, dim].
Bad input: num_classes < 1 or dim < 1 -> ValueError (in __init__); labels that are not a 1-D
integer tensor, or a label outside 0 … num_classes -> ValueError (nn.Embedding itself would raise
an IndexError deep inside, or crash a GPU kernel).

【日本語】
カタ: 「ヌル」クラス付きのラベル埋め込み（label_embedding）。

拡散モデルに指定した数字を描かせるには、クラスラベルを学習可能なベクトルとして渡します。クラスごとに
埋め込みテーブルの 1 行です。Classifier-free guidance では、同じネットワークがラベルなしでも動く必要が
あるので、テーブルに 1 行を追加します。それがヌルラベル ∅、「クラスを指定しない」です。本物のクラスが
0 … num_classes−1 の num_classes 個なら、ヌルラベルはその次の番号 num_classes で、テーブルは
num_classes + 1 行になります。学習中は一部のラベルを ∅ に置き換えるので（condition_dropout のカタ）、
ヌルの行は「どの数字でもよい」を学びます。

    null_label = num_classes
    table = nn.Embedding(num_classes + 1, dim)       0 … num_classes−1 行目: クラス、最後の行: ∅
    out[b] = table.weight[labels[b]]

部品: `.embedding`（nn.Embedding）、`.num_classes`、`.null_label`。
形状: labels [B] の整数（LongTensor）で、値は 0 … num_classes（ヌルを含む） -> [B, dim]。
不正な入力: num_classes < 1 や dim < 1 は ValueError（__init__ で）。labels が 1 次元の整数テンソルで
ない、または 0 … num_classes の外のラベルがあるときも ValueError です（nn.Embedding に任せると奥のほうで
IndexError になったり、GPU のカーネルが落ちたりします）。
"""
import torch
import torch.nn as nn


class LabelEmbedding(nn.Module):
    """labels [B] in 0 … num_classes (num_classes = the null label ∅) -> vectors [B, dim]."""

    def __init__(self, num_classes: int, dim: int):
        super().__init__()
        # TODO: ValueError for num_classes < 1 or dim < 1; remember num_classes, set
        # self.null_label (the index right after the real classes) and create self.embedding,
        # an nn.Embedding with one row per class plus one for the null label.
        raise NotImplementedError("LabelEmbedding.__init__: the null label and a table with num_classes + 1 rows"
                                  " ‖ LabelEmbedding.__init__: ヌルラベルと num_classes + 1 行のテーブルを"
                                  "作りましょう")

    def forward(self, labels: torch.Tensor) -> torch.Tensor:
        """labels [B] (LongTensor) -> [B, dim]."""
        # TODO: ValueError unless labels is a 1-D integer tensor with values in 0 … null_label;
        # then look the rows up in the table.
        raise NotImplementedError("LabelEmbedding.forward: check the labels, then look up their rows"
                                  " ‖ LabelEmbedding.forward: ラベルを確かめてから、その行を引きましょう")
