"""Kata: the image encoder (a ViT without its classifier head).

The captioner's decoder needs to look at the image through cross-attention, so the image must
become a sequence of vectors. That is what the ViT of s03 computes before its classifier head:
patch embeddings, a class token in front, position embeddings, encoder blocks. Here the whole
sequence is kept (the class token and every patch vector: the decoder chooses what to read) and
it gets one final LayerNorm, because the pre-LN blocks never normalise the stream itself and the
decoder's cross-attention reads the context as it is.

    x = patch_embed(images)                [B, N, dim]        N = (image_size / patch_size)²
    x = drop( pos_embed( cls_token(x) ) )  [B, N+1, dim]      class token first, then positions
    x, _ = block_l(x)                      for l = 1 … depth  (the weights are not needed)
    context = ln_f(x)                      [B, N+1, dim]

Parts (your s03 and s02 katas): `.num_patches` = N, `.patch_embed` PatchEmbedding(in_channels,
patch_size, dim), `.cls_token` ClassToken(dim), `.pos_embed` LearnedPositionEmbedding(N + 1, dim),
`.drop` nn.Dropout(dropout), `.blocks` nn.ModuleList of depth EncoderBlock(dim, n_head, dropout),
`.ln_f` LayerNorm(dim).
Shapes: images [B, in_channels, image_size, image_size] -> context [B, N+1, dim].
Bad input: image_size not divisible by patch_size -> ValueError (in __init__); images of another
shape -> ValueError.

【日本語】
カタ: 画像エンコーダ（分類ヘッドのない ViT）。

キャプション生成のデコーダは交差注意で画像を見るので、画像をベクトルの系列にしなければなりません。
それは s03 の ViT が分類ヘッドの手前で計算しているものです。パッチ埋め込み、先頭のクラストークン、
位置埋め込み、エンコーダブロックです。ここでは系列全体（クラストークンとすべてのパッチベクトル。どれを
読むかはデコーダが決めます）を残し、最後に LayerNorm を 1 つかけます。pre-LN のブロックは流れ自体を
正規化しませんし、デコーダの交差注意はコンテキストをそのまま読むからです。

    x = patch_embed(images)                [B, N, dim]        N = (image_size / patch_size)²
    x = drop( pos_embed( cls_token(x) ) )  [B, N+1, dim]      クラストークンが先、位置埋め込みは後
    x, _ = block_l(x)                      l = 1 … depth     （注意の重みは使いません）
    context = ln_f(x)                      [B, N+1, dim]

部品（s03 と s02 のカタのもの）: `.num_patches` = N、`.patch_embed` は PatchEmbedding(in_channels,
patch_size, dim)、`.cls_token` は ClassToken(dim)、`.pos_embed` は LearnedPositionEmbedding(N + 1, dim)、
`.drop` は nn.Dropout(dropout)、`.blocks` は depth 個の EncoderBlock(dim, n_head, dropout) の
nn.ModuleList、`.ln_f` は LayerNorm(dim)。
形状: images [B, in_channels, image_size, image_size] -> context [B, N+1, dim]。
不正な入力: image_size が patch_size で割り切れなければ ValueError（__init__ で）。それ以外の形状の
images も ValueError です。
"""
import torch
import torch.nn as nn

from ..s02_gpt.layer_norm import LayerNorm
from ..s03_vit.class_token import ClassToken
from ..s03_vit.encoder_block import EncoderBlock
from ..s03_vit.learned_position_embedding import LearnedPositionEmbedding
from ..s03_vit.patch_embedding import PatchEmbedding


class ImageEncoder(nn.Module):
    """images [B, C, S, S] -> context [B, N+1, dim]: the class token and every patch, normalised."""

    def __init__(self, image_size: int = 28, patch_size: int = 4, in_channels: int = 1,
                 dim: int = 64, depth: int = 2, n_head: int = 4, dropout: float = 0.0):
        super().__init__()
        if image_size % patch_size != 0:
            raise ValueError(f"image_size {image_size} is not divisible by patch_size {patch_size}")
        self.image_size, self.in_channels = image_size, in_channels
        self.num_patches = (image_size // patch_size) ** 2
        self.patch_embed = PatchEmbedding(in_channels, patch_size, dim)
        self.cls_token = ClassToken(dim)
        # N + 1 positions: the class token has its own position (0).
        self.pos_embed = LearnedPositionEmbedding(self.num_patches + 1, dim)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([EncoderBlock(dim, n_head, dropout) for _ in range(depth)])
        self.ln_f = LayerNorm(dim)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """images [B, in_channels, image_size, image_size] -> [B, N+1, dim]."""
        S, C = self.image_size, self.in_channels
        if images.dim() != 4 or tuple(images.shape[1:]) != (C, S, S):
            raise ValueError(f"images must be [B, {C}, {S}, {S}], got shape {tuple(images.shape)}")
        # The class token first, THEN the positions, so row 0 of pos_embed is the class token's.
        x = self.drop(self.pos_embed(self.cls_token(self.patch_embed(images))))
        for block in self.blocks:
            x, _ = block(x)  # the blocks also return attention weights; only x goes on
        # Without ln_f the decoder would read an unnormalised, ever-growing residual stream.
        return self.ln_f(x)
