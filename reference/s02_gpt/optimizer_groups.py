"""Kata: AdamW with two parameter groups (what gets weight decay).

Weight decay pulls weights toward 0 at every step (AdamW: p <- p - lr·wd·p, apart from the Adam
update). That is a good regulariser for the big matrices (Linear weights, embedding tables) but not
for biases or LayerNorm gains: shrinking a LayerNorm weight toward 0 just silences a feature. The
rule (nanoGPT's) is by shape: every parameter with dim >= 2 decays; vectors (and scalars) do not.

    group 1 (decay):     every parameter p with p.dim() >= 2      weight_decay = weight_decay
    group 2 (no decay):  every parameter p with p.dim() <  2      weight_decay = 0.0
    AdamW over the two groups with lr=learning_rate, betas=betas; fused=True only on "cuda"

Every trainable parameter must land in exactly one group: a tied weight (the same Parameter reached
by two names) counts once — `model.parameters()` / `named_parameters()` already skip duplicates.
Shapes: any nn.Module in; a torch.optim.AdamW with exactly two param groups out.
Bad input: a negative weight_decay or learning_rate -> ValueError.

【日本語】
カタ: 2 つのパラメータグループを持つ AdamW（どれに重み減衰をかけるか）。

重み減衰は毎ステップ重みを 0 に向かって引き寄せます（AdamW では Adam の更新とは別に p <- p - lr·wd·p）。
大きな行列（Linear の重み、埋め込みの表）には良い正則化ですが、バイアスや LayerNorm のゲインには向きません。
LayerNorm の重みを 0 に縮めても、特徴量が消えるだけです。規則（nanoGPT の方式）は形状で決めます。dim >= 2
のパラメータはすべて減衰させ、ベクトル（とスカラー）は減衰させません。

    グループ 1（減衰あり）: p.dim() >= 2 のすべてのパラメータ p      weight_decay = weight_decay
    グループ 2（減衰なし）: p.dim() <  2 のすべてのパラメータ p      weight_decay = 0.0
    2 つのグループに対して lr=learning_rate, betas=betas の AdamW。fused=True は "cuda" のときだけ

学習するパラメータはどれも、ちょうど 1 つのグループに入る必要があります。共有された重み（2 つの名前から
たどれる同じ Parameter）は 1 回だけ数えます。`model.parameters()` / `named_parameters()` は最初から重複を
飛ばします。
形状: 任意の nn.Module を受け取り、パラメータグループがちょうど 2 つの torch.optim.AdamW を返します。
不正な入力: 負の weight_decay や learning_rate -> ValueError。
"""
import torch
from torch import nn


def configure_optimizer(model: nn.Module, weight_decay: float, learning_rate: float,
                        betas: tuple[float, float] = (0.9, 0.99),
                        device_type: str = "cpu") -> torch.optim.AdamW:
    """AdamW where only the >= 2-D parameters are decayed."""
    if weight_decay < 0 or learning_rate < 0:
        raise ValueError(f"weight_decay and learning_rate must be >= 0, "
                         f"got {weight_decay} and {learning_rate}")
    # parameters() yields each Parameter once, even when two modules share it (tied weights).
    params = [p for p in model.parameters() if p.requires_grad]
    # Matrices (Linear weights, embeddings) decay; vectors (biases, LayerNorm gains) do not.
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    # The fused CUDA kernel is faster, but only exists for CUDA tensors. None = let torch choose.
    fused = True if device_type == "cuda" else None
    return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, fused=fused)
