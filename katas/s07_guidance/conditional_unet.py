"""Kata: a UNet that is told which digit to draw (ConditionalUNet).

s06's UNet predicts the noise from (x_t, t); the timestep reaches every residual block through
ONE vector, the time embedding. The cheapest way to add a class label is to add its embedding to
that vector: every block then "hears" both the time and the class, and nothing else changes.
The label embedding has the extra null row ∅ (label_embedding kata), so the same network also
predicts unconditionally, which classifier-free guidance needs.

    emb = embed_time(t) + label_embedding(labels)          [B, time_dim]   (ADD, not concatenate)
    ε̂  = denoise(x, emb)                                   [B, C, H, W]
    labels = None  means  "no label": every example gets the null label ∅ = num_classes

ConditionalUNet is a subclass of UNet: it keeps embed_time and denoise as they are and only
overrides __init__ (build the UNet, then add `.label_embedding = LabelEmbedding(num_classes,
time_dim)`) and forward. Attributes: `.num_classes`, `.label_embedding`, `.null_label`
(= num_classes).
Shapes: x [B, C, H, W], t [B] long, labels [B] long in 0 … num_classes, or None -> ε̂ [B, C, H, W].
Bad input: labels not of shape [B] -> ValueError (a label out of range raises in LabelEmbedding,
a bad x in denoise).

【日本語】
カタ: どの数字を描くかを教えられる UNet（ConditionalUNet）。

s06 の UNet は (x_t, t) からノイズを予測します。タイムステップは「1 本の」ベクトル、時刻埋め込みを通って
すべての残差ブロックに届きます。クラスラベルを加えるいちばん手軽な方法は、その埋め込みをこのベクトルに
足すことです。そうすれば各ブロックは時刻とクラスの両方を「聞き」、ほかは何も変わりません。ラベル埋め込みには
ヌルの行 ∅ があるので（label_embedding のカタ）、同じネットワークが条件なしの予測もできます。
Classifier-free guidance にはそれが必要です。

    emb = embed_time(t) + label_embedding(labels)          [B, time_dim]   （連結ではなく足し算）
    ε̂  = denoise(x, emb)                                   [B, C, H, W]
    labels = None は「ラベルなし」: すべての例にヌルラベル ∅ = num_classes を使います

ConditionalUNet は UNet のサブクラスです。embed_time と denoise はそのまま使い、__init__（UNet を作ってから
`.label_embedding = LabelEmbedding(num_classes, time_dim)` を加える）と forward だけを上書きします。
属性: `.num_classes`、`.label_embedding`、`.null_label`（= num_classes）。
形状: x [B, C, H, W]、t [B] の long、labels は 0 … num_classes の [B] の long または None -> ε̂ [B, C, H, W]。
不正な入力: labels の形状が [B] でなければ ValueError です（範囲外のラベルは LabelEmbedding が、不正な x は
denoise が ValueError を送出します）。
"""
import torch

from ..s06_ddpm.unet import UNet
from .label_embedding import LabelEmbedding


class ConditionalUNet(UNet):
    """UNet whose time embedding gets a label embedding added: forward(x, t, labels=None) -> ε̂."""

    def __init__(self, num_classes: int = 10, **unet_kwargs):
        super().__init__(**unet_kwargs)
        # TODO: remember num_classes; create self.label_embedding, a LabelEmbedding whose vectors
        # are as wide as the time embedding (self.time_dim); set self.null_label from it.
        raise NotImplementedError("ConditionalUNet.__init__: add a LabelEmbedding of width time_dim"
                                  " ‖ ConditionalUNet.__init__: 幅 time_dim の LabelEmbedding を加えましょう")

    def forward(self, x: torch.Tensor, t: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """x [B, C, H, W], t [B], labels [B] or None (= all null) -> ε̂ [B, C, H, W]."""
        # TODO: None -> a [B] tensor full of the null label; ValueError for labels not [B];
        # emb = time embedding + label embedding; return denoise(x, emb).
        raise NotImplementedError("ConditionalUNet.forward: add the label embedding to the time embedding, then denoise"
                                  " ‖ ConditionalUNet.forward: 時刻埋め込みにラベル埋め込みを足してから denoise しましょう")
