"""Kata: the DDPM training loss (ddpm_loss).

Training is surprisingly simple: take clean images, pick a random step t for each, noise them with
q_sample, and ask the network which noise was added. The loss is the plain mean squared error
between the true noise and the prediction (Ho et al.'s "simple" loss, a reweighted ELBO):

    t ~ Uniform{0, …, T−1}  per example          (when t is None)
    ε ~ N(0, I)                                  (when noise is None)
    x_t = q_sample(x_0, t, alpha_bars, ε)
    loss = mean over all elements of (model(x_t, t) − ε)²        (F.mse_loss, mean not sum)

The target is the NOISE ε, not the clean image x_0. Draw t first, then ε, both with the
generator on x0's device: `torch.randint(0, T, (B,), generator=generator, device=x0.device)`,
then `torch.randn(x0.shape, generator=generator, device=x0.device)`.
Shapes: x0 [B, C, H, W], alpha_bars [T], t [B] long or None, noise like x0 or None -> scalar.
Bad input: as q_sample (noise of another shape, t outside 0 … T−1) -> ValueError.

【日本語】
カタ: DDPM の学習の損失（ddpm_loss）。

学習は驚くほど単純です。きれいな画像を取り、それぞれにランダムなステップ t を選び、q_sample でノイズを加えて、
どんなノイズが加えられたかをネットワークに当てさせます。損失は本当のノイズと予測との素朴な平均二乗誤差です
（Ho らの「simple」損失で、重みを付け直した ELBO です）:

    t ~ Uniform{0, …, T−1}  （例ごと。t が None のとき）
    ε ~ N(0, I)             （noise が None のとき）
    x_t = q_sample(x_0, t, alpha_bars, ε)
    loss = (model(x_t, t) − ε)² の全要素にわたる平均        （F.mse_loss。和ではなく平均）

目標はきれいな画像 x_0 ではなく「ノイズ」ε です。まず t を、次に ε を、どちらも generator を使って x0 のデバイス上で
引きましょう: `torch.randint(0, T, (B,), generator=generator, device=x0.device)`、次に
`torch.randn(x0.shape, generator=generator, device=x0.device)` です。
形状: x0 [B, C, H, W]、alpha_bars [T]、t は [B] の long か None、noise は x0 と同じ形か None -> スカラー。
不正な入力: q_sample と同じです（形の違う noise、0 … T−1 の外の t）。ValueError を送出します。
"""
import torch
import torch.nn.functional as F

from .q_sample import q_sample


def ddpm_loss(model, x0: torch.Tensor, alpha_bars: torch.Tensor, t: torch.Tensor | None = None,
              noise: torch.Tensor | None = None, generator: torch.Generator | None = None) -> torch.Tensor:
    """MSE between the true noise and model(q_sample(x0, t, ᾱ, noise), t): a scalar."""
    B, T = x0.shape[0], alpha_bars.shape[0]
    if t is None:
        # randint's high end is exclusive: 0 … T−1, every step equally likely.
        t = torch.randint(0, T, (B,), generator=generator, device=x0.device)
    if noise is None:
        noise = torch.randn(x0.shape, generator=generator, device=x0.device, dtype=x0.dtype)
    x_t = q_sample(x0, t, alpha_bars, noise)
    # Predict the noise (not x0); mean over every element so the scale does not depend on B or H·W.
    return F.mse_loss(model(x_t, t), noise)
