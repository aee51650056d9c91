"""Kata: the whole VAE (encode, sample a code, decode).

The three pieces meet: the encoder maps an image to a Gaussian q(z|x) = N(μ, σ²), the
reparameterization trick draws one code z from it (so that gradients reach μ and log σ²), and the
decoder maps z to Bernoulli logits for every pixel. forward returns everything elbo_loss needs.

    mu, logvar = encoder(x)                              x [B, 784] or [B, 1, 28, 28]
    z = reparameterize(mu, logvar, generator)            a random code, NOT z = μ
    logits = decoder(z)
    return logits, mu, logvar

z must be sampled, in training and in evaluation alike: the ELBO is an expectation over q, and
with z = μ the decoder would never learn to cope with the spread σ the KL term asks for (and
log σ² would get no gradient from the reconstruction). The same `generator` seed gives the same
logits.
Parts: `.encoder` = VAEEncoder(in_dim, hidden_dim, latent_dim), `.decoder` =
VAEDecoder(latent_dim, hidden_dim, in_dim), `.latent_dim`.
Shapes: x [B, in_dim] or [B, C, H, W] -> (logits [B, in_dim], mu [B, latent_dim], logvar [B, latent_dim]).
Bad input: as for the encoder (x of another shape -> ValueError).

【日本語】
カタ: VAE 全体（エンコードし、コードを引き、デコードする）。

3 つの部品がここで出会います。エンコーダが画像をガウス分布 q(z|x) = N(μ, σ²) に写し、再パラメータ化
トリックがそこからコード z を 1 つ引き（勾配が μ と log σ² に届くように）、デコーダが z を各ピクセルの
ベルヌーイ分布のロジットに写します。forward は elbo_loss に必要なものをすべて返します。

    mu, logvar = encoder(x)                              x は [B, 784] か [B, 1, 28, 28]
    z = reparameterize(mu, logvar, generator)            ランダムなコード。z = μ ではありません
    logits = decoder(z)
    return logits, mu, logvar

z は学習中も評価中も必ずサンプリングします。ELBO は q についての期待値であり、z = μ にすると、KL 項が
求めるばらつき σ にデコーダが対応できるようにならないからです（しかも log σ² には再構成からの勾配が
届きません）。同じ `generator` のシードなら同じロジットになります。
部品: `.encoder` = VAEEncoder(in_dim, hidden_dim, latent_dim)、`.decoder` =
VAEDecoder(latent_dim, hidden_dim, in_dim)、`.latent_dim`。
形状: x [B, in_dim] か [B, C, H, W] -> (logits [B, in_dim], mu [B, latent_dim], logvar [B, latent_dim])。
不正な入力: エンコーダと同じです（ほかの形状の x は ValueError）。
"""
import torch
import torch.nn as nn

from .reparameterize import reparameterize
from .vae_decoder import VAEDecoder
from .vae_encoder import VAEEncoder


class VAE(nn.Module):
    """x -> (logits [B, in_dim], mu [B, latent_dim], logvar [B, latent_dim])."""

    def __init__(self, in_dim: int = 784, hidden_dim: int = 400, latent_dim: int = 20):
        super().__init__()
        # TODO: keep latent_dim; create the encoder and the decoder (see Parts in the docstring).
        raise NotImplementedError("VAE.__init__: create the encoder and the decoder"
                                  " ‖ VAE.__init__: エンコーダとデコーダを作りましょう")

    def forward(self, x: torch.Tensor,
                generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """x [B, in_dim] or [B, C, H, W] -> (logits, mu, logvar)."""
        # TODO: encode, sample z with reparameterize (pass the generator on), decode.
        raise NotImplementedError("VAE.forward: encode -> sample z -> decode"
                                  " ‖ VAE.forward: エンコード -> z をサンプリング -> デコードしましょう")
