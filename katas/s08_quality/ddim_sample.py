"""Kata: the DDIM sampler (few steps, optionally deterministic).

Put the two previous katas together: start from pure noise x ~ N(0, I), visit the timesteps of
ddim_timesteps(T, n_steps) from T−1 down to 0, and at each one ask the model for the noise and
take one ddim_step to the NEXT timestep in the list. After the last one (t = 0) there is no
timestep left: jump to the clean image, ᾱ_prev = 1.

    x = randn(shape, generator)                          (x_T: pure noise)
    ts = ddim_timesteps(T, n_steps)                      e.g. [999, 888, …, 111, 0]
    for i, t in enumerate(ts):
        ε̂ = model(x, t_batch)                           t_batch = LongTensor [B] filled with t
        ᾱ_prev = alpha_bars[ts[i+1]]  (1.0 after the last timestep)
        z = randn(shape, generator)  only when η > 0
        x = ddim_step(x, ε̂, alpha_bars[t], ᾱ_prev, η, z, clip)
        callback(t, x)  if given
    return x

Exactly n_steps model calls. Every random draw uses `generator` (x_T first, then one z per step
when η > 0), so the same seed gives the same images; with η = 0 the image depends on x_T alone.
Runs under torch.no_grad() (sampling never trains).
Shapes: shape = (B, C, H, W); alpha_bars [T]; the model takes (x [B, C, H, W], t LongTensor [B])
and returns ε̂ [B, C, H, W]; the result is [B, C, H, W] on `device` (default: alpha_bars' device).
Bad input: alpha_bars not 1-D, or n_steps outside 1..T -> ValueError.

【日本語】
カタ: DDIM サンプラー（少ないステップで、決定的にもできます）。

前の 2 つのカタを組み合わせます。純粋なノイズ x ~ N(0, I) から始め、ddim_timesteps(T, n_steps) のタイム
ステップを T−1 から 0 まで訪れます。それぞれでモデルにノイズを尋ね、リストの「次の」タイムステップへ
ddim_step を 1 回進めます。最後（t = 0）のあとにはもうタイムステップがないので、きれいな画像、つまり
ᾱ_prev = 1 へ飛びます。

    x = randn(shape, generator)                          （x_T: 純粋なノイズ）
    ts = ddim_timesteps(T, n_steps)                      例: [999, 888, …, 111, 0]
    for i, t in enumerate(ts):
        ε̂ = model(x, t_batch)                           t_batch は t で埋めた LongTensor [B]
        ᾱ_prev = alpha_bars[ts[i+1]]  （最後のタイムステップのあとは 1.0）
        z = randn(shape, generator)  η > 0 のときだけ
        x = ddim_step(x, ε̂, alpha_bars[t], ᾱ_prev, η, z, clip)
        callback(t, x)  （与えられていれば）
    return x

モデルの呼び出しはちょうど n_steps 回です。乱数はすべて `generator` から引きます（まず x_T、η > 0 なら各
ステップで z を 1 つ）。だから同じシードなら同じ画像になり、η = 0 なら画像は x_T だけで決まります。
torch.no_grad() の中で動かします（サンプリングで学習はしません）。
形状: shape = (B, C, H, W)、alpha_bars は [T]。モデルは (x [B, C, H, W], t LongTensor [B]) を受け取り
ε̂ [B, C, H, W] を返します。結果は `device`（省略時は alpha_bars のデバイス）上の [B, C, H, W] です。
不正な入力: alpha_bars が 1 次元でない、または n_steps が 1..T の外なら ValueError です。
"""
import torch

from .ddim_step import ddim_step
from .ddim_timesteps import ddim_timesteps


@torch.no_grad()
def ddim_sample(model, shape, alpha_bars: torch.Tensor, n_steps: int, eta: float = 0.0,
                generator: torch.Generator | None = None, device=None, callback=None,
                clip: bool = True) -> torch.Tensor:
    """Sample images of `shape` with n_steps DDIM steps of the ε-predicting `model`."""
    # TODO: ValueError unless alpha_bars is 1-D; ts = ddim_timesteps(T, n_steps); x_T from the
    #       generator; for each t: ε̂ = model(x, t_batch), ᾱ_prev of the next timestep (1.0 after the
    #       last), z from the generator when η > 0, x = ddim_step(...), callback(t, x).
    raise NotImplementedError("ddim_sample: from noise, one model call and one ddim_step per timestep"
                              " ‖ ddim_sample: ノイズから始め、タイムステップごとにモデルを 1 回呼んで ddim_step を 1 回進めましょう")
