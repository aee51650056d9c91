"""Kata: the guided noise prediction in one forward pass (cfg_eps).

Classifier-free guidance needs ε(x_t, t, y) and ε(x_t, t, ∅) at every step. Calling the network
twice works, but one call on a batch twice as large is faster (the GPU runs both halves side by
side) and it is what every diffusion library does: stack the batch on itself, give the first copy
the real labels and the second copy the null label, run the model ONCE, split the output in two
and mix with cfg_mix.

    x2      = cat([x, x])                                   [2B, C, H, W]
    t2      = cat([t, t])                                   [2B]
    labels2 = cat([labels, full(B, model.null_label)])      [2B]   conditional half first
    ε_c, ε_u = model(x2, t2, labels2).chunk(2)              two [B, C, H, W]: in the same order
    ε̂       = cfg_mix(ε_u, ε_c, w)                          = ε_u + w·(ε_c − ε_u)

The model is a ConditionalUNet or anything with forward(x, t, labels) and a `.null_label`.
Shapes: x [B, C, H, W], t [B] long, labels [B] long, w a float (or a tensor cfg_mix accepts)
-> ε̂ [B, C, H, W].
Bad input: t or labels not of shape [B] -> ValueError.

【日本語】
カタ: ガイダンス付きのノイズ予測を 1 回の順伝播で（cfg_eps）。

Classifier-free guidance では、各ステップで ε(x_t, t, y) と ε(x_t, t, ∅) が必要です。ネットワークを 2 回
呼んでも動きますが、2 倍の大きさのバッチで 1 回呼ぶほうが速く（GPU が 2 つの半分を並べて計算します）、
どの拡散モデルのライブラリもそうしています。バッチを自分自身と積み重ね、最初のコピーには本物のラベルを、
2 つ目のコピーにはヌルラベルを与え、モデルを「1 回だけ」実行し、出力を 2 つに分けて cfg_mix で混ぜます。

    x2      = cat([x, x])                                   [2B, C, H, W]
    t2      = cat([t, t])                                   [2B]
    labels2 = cat([labels, full(B, model.null_label)])      [2B]   条件付きの半分が先
    ε_c, ε_u = model(x2, t2, labels2).chunk(2)              2 つの [B, C, H, W]: 同じ順番です
    ε̂       = cfg_mix(ε_u, ε_c, w)                          = ε_u + w·(ε_c − ε_u)

model は ConditionalUNet、または forward(x, t, labels) と `.null_label` を持つものです。
形状: x [B, C, H, W]、t [B] の long、labels [B] の long、w は float（または cfg_mix が受け付けるテンソル）
-> ε̂ [B, C, H, W]。
不正な入力: t か labels の形状が [B] でなければ ValueError です。
"""
import torch
import torch.nn as nn

from .cfg_mix import cfg_mix


def cfg_eps(model: nn.Module, x: torch.Tensor, t: torch.Tensor, labels: torch.Tensor,
            w: float | torch.Tensor) -> torch.Tensor:
    """Guided ε̂ from ONE model call on the doubled batch [x; x] with labels [labels; null]."""
    B = x.shape[0]
    if t.shape != (B,) or labels.shape != (B,):
        raise ValueError(f"t and labels must have shape [B] = [{B}], got {tuple(t.shape)} and "
                         f"{tuple(labels.shape)}")
    null = torch.full_like(labels, model.null_label)
    # Same images, same timesteps, two conditions: one batched call does both predictions.
    eps = model(torch.cat([x, x]), torch.cat([t, t]), torch.cat([labels, null]))
    # chunk returns the halves in the order they were stacked: conditional first.
    eps_cond, eps_uncond = eps.chunk(2)
    return cfg_mix(eps_uncond, eps_cond, w)
