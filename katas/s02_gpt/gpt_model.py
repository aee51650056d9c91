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
        # TODO: keep config; create embed, blocks (nn.ModuleList of n_layer Block) and head, passing
        #       on config.dropout and config.bias; tie the weights when config.tie_weights; then
        #       initialise as the docstring says.
        raise NotImplementedError("GPT.__init__: build the parts, tie, initialise"
                                  " ‖ GPT.__init__: 部品を作り、重みを共有し、初期化しましょう")

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None):
        """idx [B, T] -> (logits [B, T, V], loss or None)."""
        # TODO: ValueError when T > block_size; embed; every block in order; head; lm_loss when
        #       targets is not None.
        raise NotImplementedError("GPT.forward: embed, blocks, head, loss"
                                  " ‖ GPT.forward: embed、ブロック、head、損失の順です")

    def num_params(self, non_embedding: bool = True) -> int:
        """Number of parameters (a tied weight counted once)."""
        # TODO: sum p.numel() over self.parameters(); for non_embedding subtract the position
        #       table, and the token table unless it is tied to head.lm_head.weight.
        raise NotImplementedError("GPT.num_params: count the parameters"
                                  " ‖ GPT.num_params: パラメータを数えましょう")
