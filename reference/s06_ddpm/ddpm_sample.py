"""Kata: the full sampling loop (ddpm_sample).

Generation starts from pure noise, x_T ~ N(0, I), and applies the reverse step T times, from the
noisiest step down to the cleanest:

    x = randn(shape)                      (with the generator, on the device)
    for t = T−1, T−2, …, 0:
        x = p_sample(model, x, t, betas, alpha_bars, generator, clip)
        callback(t, x)                    (if given: after every step, e.g. to save a frame)
    return x                              (≈ a sample from the data distribution, x_0)

Runs under torch.no_grad() (no training here: a graph through 1000 network calls would only eat
memory). The order matters: t must go DOWN; going up would ask the network to denoise pure noise
as if it were nearly clean.
device: where to sample; None means the device of the model's first parameter, else (a plain
function as the model) the generator's device, else betas' device.
Shapes: shape e.g. (n, 1, 32, 32) -> x_0 of that shape.
Bad input: betas and alpha_bars of different lengths -> ValueError.

【日本語】
カタ: サンプリングのループ全体（ddpm_sample）。

生成は純粋なノイズ x_T ~ N(0, I) から始め、逆向きのステップを T 回、最もノイズの多いステップから最もきれいな
ステップへ向かって適用します:

    x = randn(shape)                      （generator を使い、device の上で）
    for t = T−1, T−2, …, 0:
        x = p_sample(model, x, t, betas, alpha_bars, generator, clip)
        callback(t, x)                    （与えられていれば各ステップの後に。たとえばコマを保存するため）
    return x                              （データ分布からのサンプル x_0 に近いもの）

torch.no_grad() の中で実行します（ここでは学習しません。1000 回のネットワーク呼び出しを通る計算グラフはメモリを
食うだけです）。順序が大切です。t は「下がって」いかなければなりません。上がっていくと、純粋なノイズをほとんど
きれいな画像であるかのようにノイズ除去させることになります。
device: サンプリングする場所です。None ならモデルの最初のパラメータのデバイス、それがなければ（モデルが普通の関数の
とき）generator のデバイス、それもなければ betas のデバイスです。
形状: たとえば shape (n, 1, 32, 32) -> その形の x_0。
不正な入力: 長さの違う betas と alpha_bars は ValueError を送出します。
"""
from collections.abc import Callable, Sequence

import torch

from .p_sample import p_sample


@torch.no_grad()
def ddpm_sample(model, shape: Sequence[int], betas: torch.Tensor, alpha_bars: torch.Tensor,
                generator: torch.Generator | None = None, device: torch.device | str | None = None,
                callback: Callable[[int, torch.Tensor], None] | None = None,
                clip: bool = True) -> torch.Tensor:
    """x_T ~ N(0, I), then p_sample for t = T−1 … 0 -> x_0 of `shape`."""
    if betas.shape != alpha_bars.shape:
        raise ValueError(f"betas {tuple(betas.shape)} and alpha_bars {tuple(alpha_bars.shape)} differ")
    if device is None:
        # Follow the model; a plain function (e.g. a guidance wrapper) has no parameters, so fall back
        # to the generator (randn must draw on its device), then to the schedule.
        param = next(iter(model.parameters()), None) if hasattr(model, "parameters") else None
        device = param.device if param is not None else (generator.device if generator is not None
                                                         else betas.device)
    betas, alpha_bars = betas.to(device), alpha_bars.to(device)
    x = torch.randn(tuple(shape), generator=generator, device=device)
    # Noisiest first: the model was trained to denoise x_t at the t it is told.
    for t in reversed(range(betas.shape[0])):
        x = p_sample(model, x, t, betas, alpha_bars, generator=generator, clip=clip)
        if callback is not None:
            callback(t, x)
    return x
