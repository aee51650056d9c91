"""Kata: the captioner, assembled (an encoder-decoder transformer).

The image goes through the image encoder ONCE and becomes the context, a sequence of vectors.
The caption so far (BOS, then the tokens written) goes through a small GPT-like decoder whose
blocks also cross-attend to that context, and the last LayerNorm + a linear layer give, at every
position, the logits of the NEXT token. The model gets the input ids (already shifted by teacher
forcing) and builds its own self-attention mask from them: causal, and no PAD keys.

    context = encoder(images)                         [B, N+1, dim]
    x = drop( tok_emb(ids) + pos_emb(T) )             [B, T, dim]
    mask = decoder_mask(ids, pad_id)                  [B, 1, T, T]
    x = block_l(x, context, mask)                     for l = 1 … dec_depth
    logits = lm_head( ln_f(x) )                       [B, T, vocab_size]

Parts: `.config` (a CaptionerConfig); `.encoder` ImageEncoder(image_size, patch_size,
in_channels, dim, enc_depth, n_head, dropout); `.tok_emb` TokenEmbedding(vocab_size, dim);
`.pos_emb` PositionEmbedding(max_len, dim) (s02: pos_emb(T) is [T, dim]); `.drop`
nn.Dropout(dropout); `.blocks` nn.ModuleList of dec_depth DecoderBlock(dim, n_head, dropout);
`.ln_f` LayerNorm(dim); `.lm_head` nn.Linear(dim, vocab_size, bias=False). `num_params()` counts
the parameters.
Shapes: images [B, in_channels, image_size, image_size], ids [B, T] long with 1 <= T <= max_len
-> logits [B, T, vocab_size].
Bad input: T > config.max_len (no position embedding for it) -> ValueError; wrong image shape
-> ValueError (the encoder raises it); images and ids with different batch sizes -> ValueError.

【日本語】
カタ: キャプション生成モデルの組み立て（エンコーダ・デコーダ型トランスフォーマー）。

画像は画像エンコーダを「1 回」通ってコンテキスト（ベクトルの系列）になります。ここまでのキャプション
（BOS とそれまでに書いたトークン）は GPT に似た小さなデコーダを通り、そのブロックはコンテキストにも
交差注意します。最後の LayerNorm と線形層が、各位置で「次の」トークンのロジットを出します。モデルは
（教師強制でずらし済みの）入力 ID を受け取り、そこから自己注意のマスク（因果的で、PAD のキーを除く）を
自分で作ります。

    context = encoder(images)                         [B, N+1, dim]
    x = drop( tok_emb(ids) + pos_emb(T) )             [B, T, dim]
    mask = decoder_mask(ids, pad_id)                  [B, 1, T, T]
    x = block_l(x, context, mask)                     l = 1 … dec_depth
    logits = lm_head( ln_f(x) )                       [B, T, vocab_size]

部品: `.config`（CaptionerConfig）、`.encoder` は ImageEncoder(image_size, patch_size, in_channels, dim,
enc_depth, n_head, dropout)、`.tok_emb` は TokenEmbedding(vocab_size, dim)、`.pos_emb` は
PositionEmbedding(max_len, dim)（s02: pos_emb(T) は [T, dim]）、`.drop` は nn.Dropout(dropout)、
`.blocks` は dec_depth 個の DecoderBlock(dim, n_head, dropout) の nn.ModuleList、`.ln_f` は
LayerNorm(dim)、`.lm_head` は nn.Linear(dim, vocab_size, bias=False)。`num_params()` はパラメータ数を
数えます。
形状: images [B, in_channels, image_size, image_size]、ids [B, T] long（1 <= T <= max_len）
-> logits [B, T, vocab_size]。
不正な入力: T > config.max_len（その位置の埋め込みがない）は ValueError。画像の形状が違えば ValueError
（エンコーダが送出します）。images と ids のバッチサイズが違えば ValueError です。
"""
from dataclasses import dataclass

import torch
import torch.nn as nn

from ..s02_gpt.layer_norm import LayerNorm
from ..s02_gpt.position_embedding import PositionEmbedding
from ..s02_gpt.token_embedding import TokenEmbedding
from .decoder_block import DecoderBlock
from .image_encoder import ImageEncoder
from .padding_mask import decoder_mask


@dataclass
class CaptionerConfig:
    vocab_size: int
    max_len: int = 24       # the longest token sequence, BOS and EOS included
    image_size: int = 28    # MNIST digits are 28×28
    patch_size: int = 4     # 7×7 = 49 patches
    in_channels: int = 1
    dim: int = 64
    enc_depth: int = 2      # encoder blocks
    dec_depth: int = 2      # decoder blocks
    n_head: int = 4
    dropout: float = 0.0


class Captioner(nn.Module):
    """Image encoder + text decoder: (images, ids [B, T]) -> next-token logits [B, T, vocab]."""

    def __init__(self, config: CaptionerConfig):
        super().__init__()
        # TODO: keep config; create encoder, tok_emb, pos_emb, drop, blocks (nn.ModuleList of
        #       dec_depth DecoderBlock), ln_f and lm_head (see Parts).
        raise NotImplementedError("Captioner.__init__: create the encoder, the embeddings, the blocks and the head"
                                  " ‖ Captioner.__init__: エンコーダ、埋め込み、ブロック、ヘッドを作りましょう")

    def forward(self, images: torch.Tensor, ids: torch.Tensor, pad_id: int = 0) -> torch.Tensor:
        """images [B, C, S, S], ids [B, T] -> logits [B, T, vocab_size]."""
        # TODO: ValueError for T > max_len or mismatched batches; encode the images once; embed
        #       the ids (token + position, dropout); decoder_mask(ids, pad_id); every block with
        #       the context and the mask; ln_f; lm_head.
        raise NotImplementedError("Captioner.forward: encode, embed, blocks, head"
                                  " ‖ Captioner.forward: エンコード、埋め込み、ブロック、ヘッド")

    def num_params(self) -> int:
        """The number of parameters."""
        # TODO: sum p.numel() over the parameters.
        raise NotImplementedError("Captioner.num_params: count the parameters"
                                  " ‖ Captioner.num_params: パラメータを数えましょう")
