"""Kata: sampling with classifier-free guidance (cfg_sample).

Nothing in the DDPM sampling loop (s06's ddpm_sample) knows about labels: it calls
model(x_t, t) and gets a noise prediction. So guidance needs no new loop. Wrap the conditional
model in a function of (x, t) that returns the GUIDED prediction, cfg_eps(model, x, t, labels,
w), and hand that wrapper to ddpm_sample. Every one of the T steps then uses the guided ε̂, and
the generator, callback and clipping work exactly as before.

    guided(x, t) = cfg_eps(model, x, t, labels, w)          ε_u + w·(ε_c − ε_u), one doubled call
    x_0 = ddpm_sample(guided, shape, betas, alpha_bars, generator, device, callback, clip)

w = 1 is plain conditional sampling, w = 0 ignores the labels, w = 3 … 7 gives clearer digits.
device: None means the device of the model's first parameter (CPU when it has none). ddpm_sample
cannot find it through the wrapper, so work it out here and pass it on; move the labels there.
Shapes: shape (n, C, H, W), labels [n] long -> x_0 [n, C, H, W].
Bad input: labels not of shape [n] (one label per image) -> ValueError.

【日本語】
カタ: Classifier-free guidance でサンプリングする（cfg_sample）。

DDPM のサンプリングループ（s06 の ddpm_sample）はラベルのことを何も知りません。model(x_t, t) を呼んで
ノイズの予測を受け取るだけです。ですから、ガイダンスのために新しいループは要りません。条件付きモデルを
(x, t) の関数で包み、ガイダンス付きの予測 cfg_eps(model, x, t, labels, w) を返すようにして、その包みを
ddpm_sample に渡します。こうすると T ステップのすべてでガイダンス付きの ε̂ が使われ、生成器、callback、
クリップはこれまでどおりに働きます。

    guided(x, t) = cfg_eps(model, x, t, labels, w)          ε_u + w·(ε_c − ε_u)、2 倍のバッチで 1 回呼ぶ
    x_0 = ddpm_sample(guided, shape, betas, alpha_bars, generator, device, callback, clip)

w = 1 はふつうの条件付きサンプリング、w = 0 はラベルを無視、w = 3 … 7 でよりはっきりした数字になります。
device: None ならモデルの最初のパラメータのデバイス（パラメータがなければ CPU）です。ddpm_sample は包みを
通してはそれを見つけられないので、ここで求めて渡しましょう。ラベルもそのデバイスに移します。
形状: shape (n, C, H, W)、labels [n] の long -> x_0 [n, C, H, W]。
不正な入力: labels の形状が [n] でない（画像 1 枚にラベル 1 つではない）なら ValueError です。
"""
from collections.abc import Callable, Sequence

import torch
import torch.nn as nn

from ..s06_ddpm.ddpm_sample import ddpm_sample
from .cfg_eps import cfg_eps


def cfg_sample(model: nn.Module, shape: Sequence[int], labels: torch.Tensor, w: float,
               betas: torch.Tensor, alpha_bars: torch.Tensor, generator: torch.Generator | None = None,
               device: torch.device | str | None = None,
               callback: Callable[[int, torch.Tensor], None] | None = None,
               clip: bool = True) -> torch.Tensor:
    """ddpm_sample with the guided prediction cfg_eps(model, x, t, labels, w) at every step."""
    # TODO: ValueError unless labels is [shape[0]]; find the device (None -> the model's first
    # parameter's, else CPU) and move the labels there; wrap cfg_eps in a function of (x, t) and
    # return ddpm_sample(that function, shape, betas, alpha_bars, ...) with the other arguments.
    raise NotImplementedError("cfg_sample: ddpm_sample over a wrapper that returns cfg_eps"
                              " ‖ cfg_sample: cfg_eps を返す包みで ddpm_sample を呼びましょう")
