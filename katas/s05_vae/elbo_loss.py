"""Kata: the ELBO loss (reconstruction + β · KL, in nats per example).

We would like to maximise log p(x), how likely the model finds a real image, but it is
intractable. The evidence lower bound (ELBO) is a bound we can compute with one code z ~ q(z|x):

    log p(x) ≥ ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))

The loss is −ELBO, two terms per example that are then averaged over the batch:
- recon = −log p(x|z): with Bernoulli pixels, the binary cross-entropy of the decoder's logits
  against the pixels, SUMMED over the 784 pixels (it is the log-likelihood of the whole image);
  F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / B does it stably, on logits;
- kl = gaussian_kl(mu, logvar), already summed over the latents (the previous kata);
- loss = recon + β · kl, β = 1 for the true −ELBO (β > 1 is the "β-VAE": smoother codes,
  blurrier images; β only weighs the KL, never the reconstruction).

    recon = (1/B) Σ_b Σ_i BCEwithLogits(logits[b, i], x[b, i])
    kl    = (1/B) Σ_b gaussian_kl(mu, logvar)[b]
    loss  = recon + β · kl              (all three are 0-dim tensors; loss = −ELBO in nats)

Mean over the batch, sum inside an example: then the number is "nats per image" whatever the batch
size (about 100 for a good MLP VAE on binarized MNIST), and a mean over pixels would shrink the
reconstruction 784 times against the KL.
Shapes: logits [B, D]; x [B, D] or [B, C, H, W] with C·H·W = D (pixels in [0, 1]); mu, logvar
[B, L] -> (loss, recon, kl), three scalars.
Bad input: x that does not flatten to logits' shape, mu or logvar of another batch size, or
β < 0 -> ValueError.

【日本語】
カタ: ELBO 損失（再構成 + β · KL、1 例あたりのナット）。

本当は log p(x)、つまり本物の画像をモデルがどれだけありそうと見なすかを最大化したいのですが、これは
計算できません。証拠下界（ELBO）は、コード z ~ q(z|x) を 1 つ引けば計算できる下界です。

    log p(x) ≥ ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))

損失は −ELBO で、例ごとの 2 つの項をバッチについて平均します。
- recon = −log p(x|z): ピクセルがベルヌーイ分布なので、デコーダのロジットとピクセルの二値交差
  エントロピーを 784 ピクセルについて「和」をとったものです（画像全体の対数尤度だからです）。
  F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / B がロジットのまま安定に計算します。
- kl = gaussian_kl(mu, logvar)。潜在変数についての和はすでにとってあります（前のカタ）。
- loss = recon + β · kl。本当の −ELBO は β = 1 です（β > 1 は「β-VAE」で、コードはなめらかに、
  画像はぼやけます。β は KL だけにかけ、再構成にはかけません）。

    recon = (1/B) Σ_b Σ_i BCEwithLogits(logits[b, i], x[b, i])
    kl    = (1/B) Σ_b gaussian_kl(mu, logvar)[b]
    loss  = recon + β · kl              （3 つとも 0 次元テンソル。loss = −ELBO、単位はナット）

バッチについては平均、1 例の中では和をとります。こうすれば値はバッチサイズによらず「画像 1 枚あたりの
ナット」になります（二値化 MNIST でよくできた MLP の VAE なら約 100）。ピクセルについて平均すると、
再構成の項が KL に比べて 784 分の 1 に縮んでしまいます。
形状: logits [B, D]、x は [B, D] か C·H·W = D の [B, C, H, W]（ピクセルは [0, 1]）、mu, logvar [B, L]
-> (loss, recon, kl) の 3 つのスカラー。
不正な入力: x を平らにしても logits の形状にならない、mu か logvar のバッチサイズが違う、β < 0 の
場合は ValueError を送出します。
"""
import torch
import torch.nn.functional as F

from .gaussian_kl import gaussian_kl


def elbo_loss(logits: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
              beta: float = 1.0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(loss = recon + beta·kl, recon, kl): −ELBO in nats per example, averaged over the batch."""
    # TODO: check the shapes and beta (ValueError); flatten x to logits' shape; recon = BCE with
    #       logits summed over pixels, divided by B; kl = gaussian_kl(...).mean(); loss = recon + beta·kl.
    raise NotImplementedError("elbo_loss: recon (BCE-with-logits summed over pixels) + beta·kl, batch means"
                              " ‖ elbo_loss: recon（ピクセルについて和をとった BCE-with-logits）+ beta·kl、バッチで平均しましょう")
