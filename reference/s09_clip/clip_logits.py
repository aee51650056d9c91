"""Kata: CLIP's logits (cosine similarities times a learned temperature).

CLIP scores every image of a batch against every caption: the cosine of the angle between their
embeddings, so only directions count, never lengths. Cosines live in [-1, 1], too flat for a
softmax to be confident, so they are multiplied by a learned scale. The scale is learned as its
LOGARITHM, logit_scale (it stays positive, and steps change it by a factor, not by an amount), and
it is capped at 100 so the softmax cannot become arbitrarily sharp and the training unstable.

    î_i = image_emb_i / |image_emb_i|,    t̂_j = text_emb_j / |text_emb_j|     (L2 norm, each row)
    s   = exp( min(logit_scale, ln 100) )                                   (MAX_LOGIT_SCALE = ln 100)
    logits_per_image[i, j] = s · î_i · t̂_j                                  (its transpose: per text)

Shapes: image_emb [Bi, D], text_emb [Bt, D] (Bi and Bt may differ), logit_scale a 0-d tensor
(usually an nn.Parameter) or a float -> logits_per_image [Bi, Bt]. Gradients reach both
embeddings and logit_scale (while it is below the cap).
Bad input -> ValueError: image_emb or text_emb not 2-D, or different D.

【日本語】
カタ: CLIP のロジット（コサイン類似度 × 学習する温度）。

CLIP はバッチのすべての画像を、すべてのキャプションと比べて点数をつけます。点数は埋め込み同士の
なす角のコサインなので、効くのは向きだけで、長さは関係ありません。コサインは [-1, 1] に収まり、
softmax が確信を持つには平らすぎるので、学習するスケールを掛けます。スケールはその「対数」
logit_scale として学習します（正のままで、1 ステップの更新が差ではなく倍率として効きます）。さらに
100 を上限とし、softmax がいくらでも鋭くなって学習が不安定になるのを防ぎます。

    î_i = image_emb_i / |image_emb_i|,    t̂_j = text_emb_j / |text_emb_j|     （各行の L2 ノルム）
    s   = exp( min(logit_scale, ln 100) )                                   （MAX_LOGIT_SCALE = ln 100）
    logits_per_image[i, j] = s · î_i · t̂_j                                  （その転置がテキストごと）

形状: image_emb [Bi, D]、text_emb [Bt, D]（Bi と Bt は違ってかまいません）、logit_scale は 0 次元の
テンソル（ふつうは nn.Parameter）か float -> logits_per_image [Bi, Bt]。勾配は両方の埋め込みと
logit_scale（上限より下にある間）に届きます。
不正な入力は ValueError: image_emb か text_emb が 2 次元でない、または D が違う。
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

MAX_LOGIT_SCALE = math.log(100.0)  # the scale exp(logit_scale) never exceeds 100


def clip_logits(image_emb: torch.Tensor, text_emb: torch.Tensor, logit_scale) -> torch.Tensor:
    """Scaled cosine similarities: image_emb [Bi, D], text_emb [Bt, D] -> [Bi, Bt]."""
    for name, e in (("image_emb", image_emb), ("text_emb", text_emb)):
        if e.dim() != 2:
            raise ValueError(f"{name} must be [B, D], got shape {tuple(e.shape)}")
    if image_emb.shape[1] != text_emb.shape[1]:
        raise ValueError(f"image_emb has D = {image_emb.shape[1]} but text_emb has D = {text_emb.shape[1]}")
    # Unit vectors: the dot product of two of them IS the cosine (F.normalize avoids 0/0).
    image_emb = F.normalize(image_emb, dim=-1)
    text_emb = F.normalize(text_emb, dim=-1)
    logit_scale = torch.as_tensor(logit_scale, dtype=image_emb.dtype, device=image_emb.device)
    # Clamp BEFORE exp: the temperature is learned in log space and capped at 100.
    scale = logit_scale.clamp(max=MAX_LOGIT_SCALE).exp()
    return scale * image_emb @ text_emb.t()  # [Bi, D] @ [D, Bt]: rows are images
