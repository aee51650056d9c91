"""Kata: the CLIP model (two towers, two projections, one learned temperature).

CLIP puts the pieces together: an image encoder and a text encoder (any modules that turn a batch
into one vector per item), a bias-free projection head behind each into the shared embed_dim
space, and the learned log-temperature logit_scale. Its embeddings are L2-normalised, so an image
and a caption are compared by direction only; the logits of a batch are every image against every
caption. logit_scale starts at ln(1/0.07) ≈ 2.659 (a temperature of 0.07, a scale of ≈ 14.3, as in
the CLIP paper): cosines × 14 are sharp enough for the softmax to learn from, without saturating it.

    encode_image(images)  = normalize( image_proj( image_encoder(images) ) )        [Bi, E]
    encode_text(tokens)   = normalize( text_proj( text_encoder(tokens[, mask]) ) )  [Bt, E]
    forward(images, tokens) = clip_logits(encode_image(images), encode_text(tokens), logit_scale)

Train it with clip_loss(model(images, tokens)); gradients reach both encoders, both projections
and logit_scale.
Parts: `.image_encoder`, `.text_encoder` (the modules given), `.image_proj`
ProjectionHead(image_dim, embed_dim), `.text_proj` ProjectionHead(text_dim, embed_dim),
`.logit_scale` nn.Parameter, a 0-d tensor = init_logit_scale (default ln(1/0.07)).
Shapes: images as the image encoder takes them, tokens [Bt, T] (mask [Bt, T] bool or None; the
text encoder is called with the mask only when one is given) -> logits_per_image [Bi, Bt].
Bad input: what the encoders and clip_logits reject (ValueError).

【日本語】
カタ: CLIP モデル（2 つのタワー、2 つの射影、1 つの学習する温度）。

CLIP は部品を組み合わせます。画像エンコーダとテキストエンコーダ（バッチを要素ごとに 1 本のベクトルに
変えるモジュールなら何でもかまいません）、それぞれの後ろに置く共有の embed_dim 次元空間へのバイアスなしの
射影ヘッド、そして学習する対数温度 logit_scale です。埋め込みは L2 正規化するので、画像とキャプションは
向きだけで比べられます。バッチのロジットは、すべての画像とすべてのキャプションの組み合わせです。
logit_scale の初期値は ln(1/0.07) ≈ 2.659 です（CLIP の論文と同じく、温度 0.07、スケール ≈ 14.3）。
コサインを 14 倍すれば、softmax が飽和せずに学習できるだけの鋭さになります。

    encode_image(images)  = normalize( image_proj( image_encoder(images) ) )        [Bi, E]
    encode_text(tokens)   = normalize( text_proj( text_encoder(tokens[, mask]) ) )  [Bt, E]
    forward(images, tokens) = clip_logits(encode_image(images), encode_text(tokens), logit_scale)

clip_loss(model(images, tokens)) で学習します。勾配は両方のエンコーダ、両方の射影、logit_scale に
届きます。
部品: `.image_encoder`、`.text_encoder`（与えられたモジュール）、`.image_proj` は
ProjectionHead(image_dim, embed_dim)、`.text_proj` は ProjectionHead(text_dim, embed_dim)、`.logit_scale` は
nn.Parameter で、値が init_logit_scale（既定値 ln(1/0.07)）の 0 次元テンソル。
形状: images は画像エンコーダが受け取る形、tokens [Bt, T]（mask は [Bt, T] の bool か None。テキスト
エンコーダに mask を渡すのは与えられたときだけです）-> logits_per_image [Bi, Bt]。
不正な入力: エンコーダと clip_logits が拒むもの（ValueError）。
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .clip_logits import clip_logits
from .projection_head import ProjectionHead


class CLIP(nn.Module):
    """Image and text towers with projections into one space and a learned logit scale."""

    def __init__(self, image_encoder: nn.Module, text_encoder: nn.Module, image_dim: int,
                 text_dim: int, embed_dim: int, init_logit_scale: float = math.log(1 / 0.07)):
        super().__init__()
        # TODO: keep both encoders; create image_proj, text_proj and the logit_scale Parameter.
        raise NotImplementedError("CLIP.__init__: towers, projections, logit_scale"
                                  " ‖ CLIP.__init__: タワー、射影、logit_scale です")

    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        """images -> unit vectors [Bi, embed_dim]."""
        # TODO: encoder, projection, L2 normalisation.
        raise NotImplementedError("CLIP.encode_image: encode, project, normalise"
                                  " ‖ CLIP.encode_image: エンコード、射影、正規化です")

    def encode_text(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """tokens [Bt, T] (mask or None) -> unit vectors [Bt, embed_dim]."""
        # TODO: the text encoder (with the mask only when one is given), projection, normalisation.
        raise NotImplementedError("CLIP.encode_text: encode, project, normalise"
                                  " ‖ CLIP.encode_text: エンコード、射影、正規化です")

    def forward(self, images: torch.Tensor, tokens: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """images, tokens [Bt, T] -> logits_per_image [Bi, Bt]."""
        # TODO: clip_logits of both embeddings with the model's logit_scale.
        raise NotImplementedError("CLIP.forward: every image against every caption"
                                  " ‖ CLIP.forward: すべての画像とすべてのキャプションを比べましょう")
