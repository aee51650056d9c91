"""Kata: the Vision Transformer, assembled.

All the pieces, in order: cut the image into patches and embed them, put the class token in
front, add the position embeddings (N + 1 positions: the class token has one too), run the
encoder blocks, and classify from the class token. With targets the model also returns the
mean cross-entropy, which training minimises. `attention_maps` runs the same forward pass in
eval mode without gradients and stacks every block's attention weights, to see where the model
looks.

    x = patch_embed(images)                [B, N, dim]        N = (image_size / patch_size)²
    x = drop( pos_embed( cls_token(x) ) )  [B, N+1, dim]
    x, w_l = block_l(x)                    for l = 1 … depth
    logits = head(x)                       [B, n_classes]
    loss = cross_entropy(logits, targets)  or None when targets is None

Parts: `.config`, `.patch_embed` PatchEmbedding(in_channels, patch_size, dim), `.cls_token`
ClassToken(dim), `.pos_embed` LearnedPositionEmbedding(N + 1, dim), `.drop` nn.Dropout(dropout),
`.blocks` nn.ModuleList of depth EncoderBlock(dim, n_head, dropout), `.head`
ClassifierHead(dim, n_classes) (your earlier katas).
Methods: `_tokens(images) -> [B, N+1, dim]` (a helper for the next two: checks the images and
builds the blocks' input sequence); `forward(images, targets=None) -> (logits, loss or None)`;
`attention_maps(images) -> [depth, B, n_head, N+1, N+1]` (eval mode and torch.no_grad() for the
call; the module's previous train/eval mode is restored afterwards); `num_params()` = the number
of parameters (every element of every parameter).
Shapes: images [B, in_channels, image_size, image_size], targets [B] long (class ids) or None.
Bad input: image_size not divisible by patch_size -> ValueError in __init__; images of another
shape than [B, in_channels, image_size, image_size] -> ValueError.

【日本語】
カタ: Vision Transformer を組み立てる。

すべての部品を順に使います。画像をパッチに切って埋め込み、先頭にクラストークンを置き、位置埋め込みを足し
（位置は N + 1 個です。クラストークンにも位置があります）、エンコーダブロックを通し、クラストークンから分類
します。targets を渡すと、訓練で最小化する平均交差エントロピーも返します。`attention_maps` は同じ順伝播を
eval モードかつ勾配なしで実行し、全ブロックの注意の重みを積み重ねて返します。モデルがどこを見ているかを
確かめるためのものです。

    x = patch_embed(images)                [B, N, dim]        N = (image_size / patch_size)²
    x = drop( pos_embed( cls_token(x) ) )  [B, N+1, dim]
    x, w_l = block_l(x)                    l = 1 … depth
    logits = head(x)                       [B, n_classes]
    loss = cross_entropy(logits, targets)  targets が None なら None

部品: `.config`、`.patch_embed` PatchEmbedding(in_channels, patch_size, dim)、`.cls_token`
ClassToken(dim)、`.pos_embed` LearnedPositionEmbedding(N + 1, dim)、`.drop` nn.Dropout(dropout)、
`.blocks` EncoderBlock(dim, n_head, dropout) を depth 個並べた nn.ModuleList、`.head`
ClassifierHead(dim, n_classes)（これまでのカタのものです）。
メソッド: `_tokens(images) -> [B, N+1, dim]`（次の 2 つが使う補助メソッドです。images を確かめ、
ブロックに入れる系列を作ります）。`forward(images, targets=None) -> (logits, loss または None)`。
`attention_maps(images) -> [depth, B, n_head, N+1, N+1]`（呼び出しの間は eval モードかつ
torch.no_grad() で実行し、終わったら元の train/eval モードに戻します）。`num_params()` はパラメータの数
（すべてのパラメータの全要素数）です。
形状: images [B, in_channels, image_size, image_size]、targets [B] long（クラス ID）または None。
不正な入力: image_size が patch_size で割り切れない場合は __init__ で ValueError、images の形状が
[B, in_channels, image_size, image_size] でない場合も ValueError を送出します。
"""
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from .class_token import ClassToken
from .classifier_head import ClassifierHead
from .encoder_block import EncoderBlock
from .learned_position_embedding import LearnedPositionEmbedding
from .patch_embedding import PatchEmbedding


@dataclass
class ViTConfig:
    image_size: int = 28    # MNIST digits are 28×28
    patch_size: int = 4     # 7×7 = 49 patches of 4×4 pixels
    in_channels: int = 1    # grey levels
    dim: int = 64
    depth: int = 4          # number of encoder blocks
    n_head: int = 4
    n_classes: int = 10
    dropout: float = 0.0


class ViT(nn.Module):
    """A Vision Transformer classifier: images -> (logits [B, n_classes], loss or None)."""

    def __init__(self, config: ViTConfig):
        super().__init__()
        c = config
        if c.image_size % c.patch_size != 0:
            raise ValueError(f"image_size {c.image_size} is not divisible by patch_size "
                             f"{c.patch_size}")
        self.config = c
        n_patches = (c.image_size // c.patch_size) ** 2
        self.patch_embed = PatchEmbedding(c.in_channels, c.patch_size, c.dim)
        self.cls_token = ClassToken(c.dim)
        # N + 1 positions: the class token sits at position 0 and gets a vector too.
        self.pos_embed = LearnedPositionEmbedding(n_patches + 1, c.dim)
        self.drop = nn.Dropout(c.dropout)
        self.blocks = nn.ModuleList([EncoderBlock(c.dim, c.n_head, c.dropout)
                                     for _ in range(c.depth)])
        self.head = ClassifierHead(c.dim, c.n_classes)

    def _tokens(self, images: torch.Tensor) -> torch.Tensor:
        """images [B, C, S, S] -> the input sequence of the blocks [B, N+1, dim]."""
        c = self.config
        want = (c.in_channels, c.image_size, c.image_size)
        if images.dim() != 4 or tuple(images.shape[1:]) != want:
            raise ValueError(f"images must be [B, {c.in_channels}, {c.image_size}, "
                             f"{c.image_size}], got shape {tuple(images.shape)}")
        x = self.patch_embed(images)
        # The class token first, THEN the positions: pos_embed has N + 1 rows and row 0 is the
        # class token's.
        x = self.pos_embed(self.cls_token(x))
        return self.drop(x)

    def forward(self, images: torch.Tensor,
                targets: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """images [B, C, S, S], targets [B] or None -> (logits [B, n_classes], loss or None)."""
        x = self._tokens(images)
        for block in self.blocks:
            x, _ = block(x)  # the weights are not needed for training
        logits = self.head(x)
        # No targets (inference): there is nothing to compare with, so no loss.
        loss = F.cross_entropy(logits, targets) if targets is not None else None
        return logits, loss

    def attention_maps(self, images: torch.Tensor) -> torch.Tensor:
        """images [B, C, S, S] -> every block's weights [depth, B, n_head, N+1, N+1]."""
        was_training = self.training
        # eval: no dropout, so the maps are the model's real, repeatable attention; no_grad:
        # nothing here is trained, so keep no graph.
        self.eval()
        try:
            with torch.no_grad():
                x = self._tokens(images)
                maps = []
                for block in self.blocks:
                    x, w = block(x)
                    maps.append(w)
        finally:
            self.train(was_training)  # leave the model as we found it
        return torch.stack(maps)

    def num_params(self) -> int:
        """The number of parameters (each shared Parameter counted once)."""
        return sum(p.numel() for p in self.parameters())
