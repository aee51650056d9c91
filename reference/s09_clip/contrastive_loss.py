"""Kata: CLIP's contrastive loss (symmetric cross-entropy over the batch).

In a batch of B (image, caption) pairs, image i belongs with caption i and with none of the other
B − 1. Row i of logits_per_image scores image i against every caption, so "which caption is
image i's?" is a B-way classification whose right answer is i: a cross-entropy with label i.
Column j asks the same from caption j's side ("which image is mine?"), and CLIP trains BOTH
directions, averaged, so neither tower can cheat: every image must find its caption AND every
caption its image.

    labels = [0, 1, …, B−1]
    loss_i = CE(logits_per_image,    labels)     mean over the B rows  (images -> captions)
    loss_t = CE(logits_per_imageᵀ,   labels)     mean over the B columns (captions -> images)
    loss   = (loss_i + loss_t) / 2

(CE = F.cross_entropy with its default mean: the loss does not grow with the batch size.)
Shapes: logits_per_image [B, B] -> a 0-d tensor. With all logits equal the loss is ln B.
Bad input -> ValueError: logits not 2-D, or not square (the i-th caption must exist for every image).

【日本語】
カタ: CLIP の対照損失（バッチ全体での対称なクロスエントロピー）。

B 組の（画像、キャプション）のバッチでは、画像 i はキャプション i と組になり、他の B − 1 個とは
組になりません。logits_per_image の i 行目は画像 i をすべてのキャプションと比べた点数なので、
「画像 i のキャプションはどれ？」は正解が i の B 択の分類、つまりラベル i のクロスエントロピーです。
j 列目はキャプション j の側から同じことを問います（「私の画像はどれ？」）。CLIP は「両方の」向きを
学習して平均をとるので、どちらのタワーもずるができません。どの画像も自分のキャプションを見つけ、
「かつ」どのキャプションも自分の画像を見つけなければなりません。

    labels = [0, 1, …, B−1]
    loss_i = CE(logits_per_image,    labels)     B 行の平均  （画像 -> キャプション）
    loss_t = CE(logits_per_imageᵀ,   labels)     B 列の平均  （キャプション -> 画像）
    loss   = (loss_i + loss_t) / 2

（CE = 既定の平均をとる F.cross_entropy。損失はバッチサイズとともに大きくなりません。）
形状: logits_per_image [B, B] -> 0 次元テンソル。ロジットがすべて等しければ損失は ln B です。
不正な入力は ValueError: 2 次元でない、または正方でないロジット（どの画像にも i 番目のキャプションが
必要です）。
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def clip_loss(logits_per_image: torch.Tensor) -> torch.Tensor:
    """(CE(logits, arange) + CE(logitsᵀ, arange)) / 2: logits_per_image [B, B] -> scalar."""
    if logits_per_image.dim() != 2 or logits_per_image.shape[0] != logits_per_image.shape[1]:
        raise ValueError(f"logits_per_image must be square [B, B], got shape {tuple(logits_per_image.shape)}")
    B = logits_per_image.shape[0]
    # The diagonal holds the true pairs: row i's right class is column i.
    labels = torch.arange(B, device=logits_per_image.device)
    loss_images = F.cross_entropy(logits_per_image, labels)     # each image picks a caption
    loss_texts = F.cross_entropy(logits_per_image.t(), labels)  # each caption picks an image
    return (loss_images + loss_texts) / 2
