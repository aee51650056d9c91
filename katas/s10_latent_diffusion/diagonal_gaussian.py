"""Kata: the diagonal Gaussian posterior of a KL autoencoder.

Stable Diffusion's autoencoder does not map an image to one latent: its encoder outputs a
distribution over latents, a Gaussian with its own mean and variance for every latent value
(channel, row, column), all independent ("diagonal"). The encoder's output has 2·C channels: the
first C are the means, the last C the log-variances. The log-variance is clamped to [−30, 20] so
that exp never overflows to inf nor underflows to exactly 0 early in training.

    mean, logvar = params[:, :C], params[:, C:]          logvar ← clamp(logvar, −30, 20)
    std = exp(½·logvar),  var = exp(logvar)
    sample() = mean + std ⊙ ε,  ε ~ N(0, I)  (drawn with the generator, on params' device)
    mode()   = mean                           (the most likely latent: no noise)
    kl()     = ½ Σ_{c,h,w} (mean² + var − 1 − logvar)     = KL(N(mean, var) ‖ N(0, I)) per example

Shapes: params [B, 2C, H, W] -> mean, logvar, std, var, sample(), mode() [B, C, H, W]; kl() [B].
sample() is differentiable with respect to params (the reparameterisation trick of s05).
Bad input: params that are not 4-D, or an odd number of channels -> ValueError.

【日本語】
カタ: KL オートエンコーダの対角ガウス事後分布。

Stable Diffusion のオートエンコーダは、画像を 1 つの潜在変数に写すのではありません。エンコーダは潜在変数の
「分布」を出力します。潜在変数の値（チャネル、行、列）ごとに平均と分散を持つガウス分布で、すべて独立です
（「対角」）。エンコーダの出力は 2·C チャネルあり、前の C 個が平均、後ろの C 個が対数分散です。学習の初期に
exp が inf にあふれたり、ちょうど 0 になったりしないよう、対数分散は [−30, 20] にクランプします。

    mean, logvar = params[:, :C], params[:, C:]          logvar ← clamp(logvar, −30, 20)
    std = exp(½·logvar),  var = exp(logvar)
    sample() = mean + std ⊙ ε,  ε ~ N(0, I)  （generator を使い、params と同じデバイスで引きます）
    mode()   = mean                           （最も確からしい潜在変数。ノイズなし）
    kl()     = ½ Σ_{c,h,w} (mean² + var − 1 − logvar)     = 1 例ごとの KL(N(mean, var) ‖ N(0, I))

形状: params [B, 2C, H, W] -> mean、logvar、std、var、sample()、mode() は [B, C, H, W]、kl() は [B]。
sample() は params について微分できます（s05 の再パラメータ化トリックです）。
不正な入力: 4 次元でない params、またはチャネル数が奇数のときは ValueError を送出します。
"""
import torch


class DiagonalGaussian:
    """N(mean, diag(var)) per latent value, from the encoder's [B, 2C, H, W] output."""

    def __init__(self, params: torch.Tensor):
        # TODO: reject bad input (ValueError); split params into mean and logvar along the
        # channels; clamp logvar to [-30, 20]; store self.mean, self.logvar, self.std, self.var.
        raise NotImplementedError("DiagonalGaussian: split params into mean and clamped logvar, then std and var"
                                  " ‖ DiagonalGaussian: params を平均とクランプした対数分散に分け、std と var を求めましょう")

    def sample(self, generator: torch.Generator | None = None) -> torch.Tensor:
        """mean + std·ε with ε ~ N(0, I) drawn from `generator` (differentiable in params)."""
        # TODO: draw ε with torch.randn(..., generator=generator, device=...) and reparameterise.
        raise NotImplementedError("sample: mean + std·ε with ε drawn from the generator"
                                  " ‖ sample: generator で引いた ε を使って mean + std·ε を返しましょう")

    def mode(self) -> torch.Tensor:
        """The most likely latent: the mean (no noise)."""
        # TODO: the most likely value of a Gaussian.
        raise NotImplementedError("mode: return the most likely latent ‖ mode: 最も確からしい潜在変数を返しましょう")

    def kl(self) -> torch.Tensor:
        """KL(N(mean, var) ‖ N(0, I)) per example: [B], summed over C, H, W."""
        # TODO: ½ Σ (mean² + var − 1 − logvar) over channels, rows and columns.
        raise NotImplementedError("kl: ½ Σ (mean² + var − 1 − logvar) per example"
                                  " ‖ kl: 1 例ごとに ½ Σ (mean² + var − 1 − logvar) を求めましょう")
