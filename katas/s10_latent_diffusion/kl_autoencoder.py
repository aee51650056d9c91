"""Kata: the KL autoencoder (AutoencoderKL) and its loss.

Put the three pieces together: the encoder gives the parameters of a DiagonalGaussian over the
latents, a latent is drawn from it, and the decoder turns the latent back into an image. This is
a VAE (s05) in convolutional form, with one big difference in purpose: we want sharp
reconstructions and a smooth, well-behaved latent space for diffusion, not a generative model by
itself. So the KL term gets a tiny weight (1e-6 in Stable Diffusion): just enough to keep the
latents near N(0, I) in scale, without blurring the images.

    posterior = encode(x) = DiagonalGaussian(encoder(x))
    z = posterior.sample(generator)   when sampling (the default in training mode: model.train())
    z = posterior.mode()              otherwise (the default in eval mode: deterministic)
    recon = decode(z) = decoder(z)

    rec  = Σ_{c,h,w} |recon − x|, averaged over the batch       (L1, as in the LDM autoencoder)
    kl   = posterior.kl(), averaged over the batch
    loss = rec + kl_weight · kl

forward(x, sample_posterior=None, generator=None): None means "sample when self.training";
True / False force a sample / the mode. Parts: `.encoder` = ConvEncoder(in_channels, channels,
z_channels, levels, groups), `.decoder` = ConvDecoder(in_channels, channels, z_channels, levels,
groups), `.z_channels`, `.downsample_factor` = 2**levels.
Shapes: x [B, in_channels, H, W] -> recon [B, in_channels, H, W]; latents [B, z_channels,
H/2^levels, W/2^levels]; autoencoder_loss -> (loss, rec, kl), three scalars.
Bad input: the encoder's ValueErrors (H or W not divisible by 2^levels); recon and x of different
shapes in the loss -> ValueError.

【日本語】
カタ: KL オートエンコーダ（AutoencoderKL）とその損失。

3 つの部品を組み合わせます。エンコーダが潜在変数の DiagonalGaussian のパラメータを出し、そこから潜在変数を
1 つ引き、デコーダがそれを画像に戻します。畳み込み版の VAE（s05）ですが、目的が大きく違います。欲しいのは
くっきりした再構成と、拡散モデルのためのなめらかで扱いやすい潜在空間であり、それ単体での生成モデルでは
ありません。そこで KL 項にはごく小さな重み（Stable Diffusion では 1e-6）を付けます。画像をぼかさずに、
潜在変数の大きさを N(0, I) の近くに保つのにちょうど足りるだけです。

    posterior = encode(x) = DiagonalGaussian(encoder(x))
    z = posterior.sample(generator)   サンプルするとき（学習モード model.train() での既定）
    z = posterior.mode()              それ以外（評価モード model.eval() での既定。決定的）
    recon = decode(z) = decoder(z)

    rec  = Σ_{c,h,w} |recon − x| をバッチで平均              （L1。LDM のオートエンコーダと同じ）
    kl   = posterior.kl() をバッチで平均
    loss = rec + kl_weight · kl

forward(x, sample_posterior=None, generator=None): None は「self.training のときサンプルする」の意味です。
True / False でサンプルか mode かを強制します。部品: `.encoder` = ConvEncoder(in_channels, channels,
z_channels, levels, groups)、`.decoder` = ConvDecoder(in_channels, channels, z_channels, levels,
groups)、`.z_channels`、`.downsample_factor` = 2**levels。
形状: x [B, in_channels, H, W] -> recon [B, in_channels, H, W]。潜在変数は [B, z_channels,
H/2^levels, W/2^levels]。autoencoder_loss -> (loss, rec, kl) の 3 つのスカラー。
不正な入力: エンコーダの ValueError（H か W が 2^levels で割り切れない）。損失で recon と x の形状が違うときも
ValueError を送出します。
"""
import torch
import torch.nn as nn

from .conv_decoder import ConvDecoder
from .conv_encoder import ConvEncoder
from .diagonal_gaussian import DiagonalGaussian


class AutoencoderKL(nn.Module):
    """Encoder -> DiagonalGaussian over latents -> decoder."""

    def __init__(self, in_channels: int = 1, channels: int = 32, z_channels: int = 4,
                 levels: int = 2, groups: int = 8):
        super().__init__()
        # TODO: store z_channels and downsample_factor (2**levels); build .encoder and .decoder.
        raise NotImplementedError("AutoencoderKL: build the encoder and the decoder"
                                  " ‖ AutoencoderKL: エンコーダとデコーダを作りましょう")

    def encode(self, x: torch.Tensor) -> DiagonalGaussian:
        """x [B, in, H, W] -> the posterior q(z | x), a DiagonalGaussian over [B, z_channels, h, w]."""
        # TODO: wrap the encoder's output in a DiagonalGaussian.
        raise NotImplementedError("encode: the encoder's output as a DiagonalGaussian"
                                  " ‖ encode: エンコーダの出力を DiagonalGaussian にしましょう")

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """z [B, z_channels, h, w] -> recon [B, in, h·f, w·f]."""
        # TODO: the decoder.
        raise NotImplementedError("decode: run the decoder ‖ decode: デコーダを通しましょう")

    def forward(self, x: torch.Tensor, sample_posterior: bool | None = None,
                generator: torch.Generator | None = None) -> tuple[torch.Tensor, DiagonalGaussian]:
        """x -> (recon, posterior); z is a sample in training mode, the mode in eval mode."""
        # TODO: encode; decide sample vs mode (None -> self.training); decode; return both.
        raise NotImplementedError("forward: encode, sample (training) or take the mode (eval), decode"
                                  " ‖ forward: 符号化し、サンプル（学習時）か mode（評価時）をとって復号しましょう")


def autoencoder_loss(recon: torch.Tensor, x: torch.Tensor, posterior: DiagonalGaussian,
                     kl_weight: float = 1e-6) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(loss, rec, kl): L1 summed per image + kl_weight · KL, both averaged over the batch."""
    # TODO: check the shapes; rec = per-image sum of |recon − x|, batch mean; kl = batch mean of
    # posterior.kl(); return (rec + kl_weight·kl, rec, kl).
    raise NotImplementedError("autoencoder_loss: L1 reconstruction + kl_weight · KL"
                              " ‖ autoencoder_loss: L1 の再構成誤差 + kl_weight · KL です")
