"""Kata: the GPT model, assembled.

All the pieces, in order: token + position embedding, n_layer transformer blocks, the final
LayerNorm + projection to logits, and (when targets are given) the mean cross-entropy. The other
half of a working GPT is its initialisation (GPT-2's): small weights so the first logits are near
zero, which makes the untrained model guess uniformly, loss ≈ ln(vocab_size).

    x = embed(idx)                         [B, T, C]
    x = block_L( … block_1(x) … )          [B, T, C]
    logits = head(x)                       [B, T, V]
    loss = lm_loss(logits, targets)        or None when targets is None

Initialisation:
    every nn.Linear weight and both embedding tables   ~ N(0, 0.02²);  every Linear bias = 0
    every `c_proj.weight` (attention and MLP)          ~ N(0, (0.02 / sqrt(2 · n_layer))²)
    LayerNorm weight = 1, bias = 0
The c_proj layers write into the residual stream, which gets 2 additions per block; shrinking them
by sqrt(2·n_layer) keeps the stream's variance from growing with depth.
Weight tying (config.tie_weights): `head.lm_head.weight = embed.tok.weight` (the SAME Parameter,
[V, C]): the table that turns a token into a vector also scores vectors against each token.

The config reaches every part: config.dropout goes to the embedding and to every block,
config.bias to every block and to the head's ln_f (lm_head never has a bias).
Parts: `.config`, `.embed` GPTEmbedding, `.blocks` nn.ModuleList of n_layer Block, `.head` LMHead
(your earlier katas). `num_params(non_embedding=True)` counts the parameters, each shared
Parameter once; non_embedding leaves out the position table, and the token table too unless it is
tied (then it also works as the output layer).
Shapes: idx [B, T] long, targets [B, T] long or None -> (logits [B, T, V], loss scalar or None).
Bad input: T > config.block_size -> ValueError.

【日本語】
カタ: GPT モデルの組み立て。

すべての部品を順につなぎます。トークン埋め込み + 位置埋め込み、n_layer 個の Transformer ブロック、最後の
層正規化 + ロジットへの射影、そして（targets が与えられたときは）交差エントロピーの平均です。動く GPT の
残り半分は初期化（GPT-2 の方式）です。重みを小さくして最初のロジットをほぼ 0 にすると、学習前のモデルは
一様に推測し、損失は ln(vocab_size) くらいになります。

    x = embed(idx)                         [B, T, C]
    x = block_L( … block_1(x) … )          [B, T, C]
    logits = head(x)                       [B, T, V]
    loss = lm_loss(logits, targets)        targets が None なら None

初期化:
    すべての nn.Linear の重みと 2 つの埋め込み表          ~ N(0, 0.02²)、Linear のバイアスはすべて 0
    すべての `c_proj.weight`（アテンションと MLP）       ~ N(0, (0.02 / sqrt(2 · n_layer))²)
    LayerNorm の weight = 1、bias = 0
c_proj 層は残差ストリームに書き込み、ストリームには 1 ブロックあたり 2 回足し込まれます。c_proj を
sqrt(2·n_layer) で小さくしておくと、深くしてもストリームの分散が増えていきません。
重み共有（config.tie_weights）: `head.lm_head.weight = embed.tok.weight`（「同じ」Parameter、[V, C]）。
トークンをベクトルに変える表が、ベクトルを各トークンと比べてスコアを付ける役目も兼ねます。

config はすべての部品に渡します。config.dropout は埋め込みと各ブロックへ、config.bias は各ブロックと
ヘッドの ln_f へ渡します（lm_head には決してバイアスを付けません）。
部品: `.config`、`.embed` GPTEmbedding、`.blocks` n_layer 個の Block を入れた nn.ModuleList、`.head`
LMHead（これまでのカタ）。`num_params(non_embedding=True)` はパラメータ数を数え、共有された Parameter は
1 回だけ数えます。non_embedding のときは位置埋め込みの表を除き、トークン埋め込みの表も共有されていなければ
除きます（共有されていれば出力層としても働くので残します）。
形状: idx [B, T] long、targets [B, T] long または None -> (logits [B, T, V]、損失のスカラーまたは None)。
不正な入力: T > config.block_size -> ValueError。
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn

from .block import Block
from .embedding import GPTEmbedding
from .lm_head import LMHead
from .lm_loss import lm_loss


@dataclass
class GPTConfig:
    block_size: int = 64    # the longest context (number of positions)
    vocab_size: int = 65    # tiny Shakespeare has 65 distinct characters
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    bias: bool = True       # biases in Linear layers and LayerNorms (never in lm_head)
    tie_weights: bool = False


class GPT(nn.Module):
    """A decoder-only transformer language model."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = config
        c = config
        self.embed = GPTEmbedding(c.vocab_size, c.block_size, c.n_embd, c.dropout)
        self.blocks = nn.ModuleList(
            [Block(c.n_embd, c.n_head, c.block_size, c.dropout, c.bias) for _ in range(c.n_layer)]
        )
        self.head = LMHead(c.n_embd, c.vocab_size, c.bias)
        if c.tie_weights:
            # One Parameter in two places: gradients from both uses add up in the same tensor.
            self.head.lm_head.weight = self.embed.tok.weight
        self._init_weights()

    def _init_weights(self) -> None:
        """GPT-2's initialisation (see the docstring)."""
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
        # The tables start as randn (std 1); GPT-2 uses the same small std as the Linears.
        nn.init.normal_(self.embed.tok.weight, mean=0.0, std=0.02)
        nn.init.normal_(self.embed.pos.weight, mean=0.0, std=0.02)
        # Residual projections: 2 per block add into the stream, so scale them down by depth.
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * self.config.n_layer))
        # LayerNorms already start at weight 1, bias 0 (their own __init__).

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None):
        """idx [B, T] -> (logits [B, T, V], loss or None)."""
        T = idx.shape[1]
        if T > self.config.block_size:
            raise ValueError(f"sequence length {T} exceeds block_size {self.config.block_size}")
        x = self.embed(idx)
        for block in self.blocks:
            x = block(x)
        logits = self.head(x)
        loss = lm_loss(logits, targets) if targets is not None else None
        return logits, loss

    def num_params(self, non_embedding: bool = True) -> int:
        """Number of parameters (a tied weight counted once)."""
        n = sum(p.numel() for p in self.parameters())  # parameters() skips duplicates
        if non_embedding:
            n -= self.embed.pos.weight.numel()
            if self.head.lm_head.weight is not self.embed.tok.weight:
                n -= self.embed.tok.weight.numel()
        return n
