"""Kata: one exponential-moving-average (EMA) update of a model's weights.

The weights of a diffusion model jitter from step to step. Sampling with a slowly moving AVERAGE
of them gives visibly cleaner images (DDPM, Stable Diffusion and most image models do this).
After every optimiser step, each averaged weight moves a small part (1 − decay) of the way towards
the current weight:

    p_ema ← decay·p_ema + (1 − decay)·p          (for every parameter, decay ≈ 0.999)
    b_ema ← b                                     (buffers, e.g. BatchNorm running statistics, are copied)

With decay = 0.999 the average remembers roughly the last 1/(1 − decay) = 1000 steps. decay = 0
copies the model; decay = 1 freezes the average. The update is done in place under
torch.no_grad(): the averaged weights are not trained and must not join the autograd graph.
Shapes: ema_model and model are two nn.Modules with the same architecture; returns None.
Bad input: decay outside [0, 1], or models whose parameters or buffers do not match in number or
shape -> ValueError.

【日本語】
カタ: モデルの重みの指数移動平均（EMA）を 1 回更新する。

拡散モデルの重みはステップごとに揺れ動きます。その重みのゆっくり動く「平均」でサンプリングすると、目に見えて
きれいな画像になります（DDPM、Stable Diffusion など多くの画像モデルがそうしています）。オプティマイザの
ステップのたびに、平均の各重みは現在の重みの方へ、距離のわずか (1 − decay) だけ近づきます。

    p_ema ← decay·p_ema + (1 − decay)·p          （すべてのパラメータ。decay ≈ 0.999）
    b_ema ← b                                     （バッファ、たとえば BatchNorm の移動統計量はコピーします）

decay = 0.999 なら、平均はおよそ直近 1/(1 − decay) = 1000 ステップを覚えています。decay = 0 はモデルの
コピー、decay = 1 は平均を凍結します。更新は torch.no_grad() の中でその場（in place）で行います。
平均の重みは学習しないので、autograd のグラフに入ってはいけません。
形状: ema_model と model は同じ構造の 2 つの nn.Module です。戻り値は None です。
不正な入力: decay が [0, 1] の外、またはパラメータやバッファの数や形状が合わないモデルは ValueError です。
"""
import torch
import torch.nn as nn


@torch.no_grad()
def ema_update(ema_model: nn.Module, model: nn.Module, decay: float) -> None:
    """In place: p_ema ← decay·p_ema + (1 − decay)·p for parameters; buffers copied."""
    if not 0.0 <= float(decay) <= 1.0:
        raise ValueError(f"decay must be in [0, 1], got {decay}")
    pairs = [(list(ema_model.parameters()), list(model.parameters()), "parameters"),
             (list(ema_model.buffers()), list(model.buffers()), "buffers")]
    for ema_ts, ts, kind in pairs:
        if len(ema_ts) != len(ts) or any(a.shape != b.shape for a, b in zip(ema_ts, ts)):
            raise ValueError(f"ema_model and model have different {kind}")
    for p_ema, p in zip(*pairs[0][:2]):
        # decay weights the OLD average: the average moves only (1 − decay) towards p.
        # In place (mul_/add_) and under no_grad: same tensors, no autograd history.
        p_ema.mul_(decay).add_(p.detach().to(p_ema.device), alpha=1 - decay)
    for b_ema, b in zip(*pairs[1][:2]):
        # Running statistics (and counters) are not weights to average: take the model's.
        b_ema.copy_(b)
