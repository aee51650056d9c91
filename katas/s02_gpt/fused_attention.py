"""Kata: fused attention (the same attention, one fast kernel).

Your `CausalSelfAttention.attend` builds the whole [B, nh, T, T] score matrix, masks it, runs the
softmax and multiplies by v: four passes over memory, and a T×T matrix kept for backward. PyTorch's
`F.scaled_dot_product_attention` computes exactly the same thing in ONE fused kernel (FlashAttention
style: it works on tiles and never stores the full score matrix), which is how nanoGPT runs fast.
The lesson: the fused kernel is not a new idea, it is the attention you wrote by hand.

    FusedCausalSelfAttention(CausalSelfAttention): override only attend(q, k, v):
      return F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                            dropout_p=attn_dropout.p if self.training else 0.0)
    (= softmax(q @ kᵀ / sqrt(hs) with -inf where j > i) with dropout on the weights, @ v)

Everything else is inherited: __init__, the parameters (same names, so checkpoints load into either
class), forward (which calls self.attend). Add no parameters or buffers and no __init__ of your own:
the trainer switches a built GPT to the fused path with `module.__class__ = FusedCausalSelfAttention`.
The kernel is told about dropout by a number, not by the nn.Dropout module, so pass
`self.attn_dropout.p` while training and 0.0 in eval mode yourself.
Shapes: q, k, v [B, nh, T, hs] -> [B, nh, T, hs]; the module: x [B, T, C] -> [B, T, C].
Bad input: as CausalSelfAttention (n_embd not divisible by n_head -> ValueError, from __init__).

【日本語】
カタ: 融合アテンション（同じアテンションを 1 つの高速なカーネルで）。

あなたの `CausalSelfAttention.attend` は [B, nh, T, T] のスコア行列をまるごと作り、マスクし、softmax を
計算して v を掛けます。メモリを 4 回読み書きし、T×T の行列を逆伝播のために保持します。PyTorch の
`F.scaled_dot_product_attention` は、まったく同じ計算を 1 つの融合カーネルで行います（FlashAttention の
方式で、タイルごとに計算し、スコア行列全体を保存しません）。nanoGPT が速いのはこのためです。
このカタの教訓: 融合カーネルは新しいアイデアではなく、あなたが手で書いたアテンションそのものです。

    FusedCausalSelfAttention(CausalSelfAttention): attend(q, k, v) だけをオーバーライドします:
      return F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                            dropout_p=訓練中なら attn_dropout.p、そうでなければ 0.0)
    （= j > i の位置を -inf にした q @ kᵀ / sqrt(hs) の softmax に、重みへのドロップアウトをかけ、@ v）

それ以外はすべて継承します。__init__、パラメータ（名前が同じなので、チェックポイントはどちらのクラスにも
読み込めます）、forward（self.attend を呼びます）です。パラメータやバッファを追加したり、独自の __init__
を書いたりしないでください。トレーナーは、構築済みの GPT を `module.__class__ = FusedCausalSelfAttention`
で融合版に切り替えます。カーネルにはドロップアウトを nn.Dropout モジュールではなく数値で伝えるので、
訓練中は `self.attn_dropout.p`、評価モードでは 0.0 を自分で渡します。
形状: q, k, v [B, nh, T, hs] -> [B, nh, T, hs]。モジュール全体では x [B, T, C] -> [B, T, C] です。
不正な入力: CausalSelfAttention と同じです（n_embd が n_head で割り切れなければ __init__ が ValueError を
送出します）。
"""
import torch
import torch.nn.functional as F

from .causal_self_attention import CausalSelfAttention


class FusedCausalSelfAttention(CausalSelfAttention):
    """CausalSelfAttention whose attend() is torch's fused scaled-dot-product kernel."""

    def attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """q, k, v [B, nh, T, hs] -> [B, nh, T, hs], by F.scaled_dot_product_attention."""
        # TODO: one call to F.scaled_dot_product_attention(q, k, v, is_causal=True, dropout_p=...)
        #       with dropout_p = self.attn_dropout.p in train mode (self.training) and 0.0 in eval.
        raise NotImplementedError("FusedCausalSelfAttention.attend: call F.scaled_dot_product_attention"
                                  " ‖ FusedCausalSelfAttention.attend: F.scaled_dot_product_attention を"
                                  "呼びましょう")
