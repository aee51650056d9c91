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
        if params.dim() != 4:
            raise ValueError(f"params must be 4-D [B, 2C, H, W], got shape {tuple(params.shape)}")
        if params.shape[1] % 2:
            raise ValueError(f"params needs an even number of channels (means, then log-variances), "
                             f"got {params.shape[1]}")
        # First half of the channels = means, second half = log-variances (chunk keeps that order).
        self.mean, logvar = params.chunk(2, dim=1)
        # The clamp keeps exp(logvar) finite and > 0 even when an untrained encoder outputs
        # ±100: without it var could be inf (NaN loss) or exactly 0 (log 0 in the KL).
        self.logvar = logvar.clamp(-30.0, 20.0)
        # The standard deviation is the square root of the variance: exp(½·logvar), not exp(logvar).
        self.std = torch.exp(0.5 * self.logvar)
        self.var = torch.exp(self.logvar)

    def sample(self, generator: torch.Generator | None = None) -> torch.Tensor:
        """mean + std·ε with ε ~ N(0, I) drawn from `generator` (differentiable in params)."""
        # Drawing ε separately and scaling it keeps the graph: gradients flow to mean and std.
        eps = torch.randn(self.mean.shape, generator=generator, device=self.mean.device,
                          dtype=self.mean.dtype)
        return self.mean + self.std * eps

    def mode(self) -> torch.Tensor:
        """The most likely latent: the mean (no noise)."""
        return self.mean

    def kl(self) -> torch.Tensor:
        """KL(N(mean, var) ‖ N(0, I)) per example: [B], summed over C, H, W."""
        # Summed (not averaged) over every latent value: the KL of independent Gaussians adds up.
        return 0.5 * (self.mean.pow(2) + self.var - 1.0 - self.logvar).sum(dim=(1, 2, 3))
