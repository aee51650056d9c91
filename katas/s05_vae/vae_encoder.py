"""Kata: the VAE encoder (an image in, a Gaussian over codes out).

A plain autoencoder squeezes an image into one code vector z. A *variational* autoencoder's
encoder outputs a whole distribution over codes instead: a diagonal Gaussian
q(z|x) = N(μ(x), diag σ²(x)), "the code is probably near μ, give or take σ". It is a small MLP
with two hidden layers and two heads side by side. The second head predicts the log-variance
log σ² ("logvar") rather than σ: a Linear layer can output any real number, and every real
logvar is a valid variance σ² = exp(logvar) > 0, so no constraint is needed.

    x = x.flatten(1)                                  [B, 1, 28, 28] -> [B, 784]
    h = ReLU(fc2(ReLU(fc1(x))))                       two hidden layers of hidden_dim units
    μ = fc_mu(h),   log σ² = fc_logvar(h)             two linear heads, no activation

Parts: `.fc1` = nn.Linear(in_dim, hidden_dim), `.fc2` = nn.Linear(hidden_dim, hidden_dim),
`.fc_mu` and `.fc_logvar` = nn.Linear(hidden_dim, latent_dim); keep `.in_dim`, `.hidden_dim`,
`.latent_dim`. (Two hidden layers, mirrored by the decoder: one is the classic design of
Kingma & Welling, the second lets the trainer reach about 100 nats on MNIST in minutes.)
Shapes: x [B, in_dim] or an image batch [B, C, H, W] with C·H·W = in_dim (flattened first)
-> (mu [B, latent_dim], logvar [B, latent_dim]).
Bad input: a size < 1 in __init__ -> ValueError; x that is neither 2-D [B, in_dim] nor 4-D with
C·H·W = in_dim (e.g. [B, 783], [B, 28, 28], [B, 1, 28, 27]) -> ValueError.

【日本語】
カタ: VAE のエンコーダ（画像を入れると、コード上のガウス分布が出てくる）。

ふつうのオートエンコーダは、画像を 1 本のコードベクトル z に押し縮めます。*変分*オートエンコーダの
エンコーダは、その代わりにコード上の分布を丸ごと出力します。対角ガウス分布
q(z|x) = N(μ(x), diag σ²(x)) で、「コードはたぶん μ の近くで、ばらつきは σ くらい」という意味です。
中身は隠れ層 2 つの小さな MLP に、2 つのヘッドを横に並べたものです。2 つ目のヘッドは σ ではなく
対数分散 log σ²（「logvar」）を予測します。Linear 層はどんな実数でも出力でき、logvar がどんな実数でも
σ² = exp(logvar) > 0 は正しい分散になるので、制約が要らないからです。

    x = x.flatten(1)                                  [B, 1, 28, 28] -> [B, 784]
    h = ReLU(fc2(ReLU(fc1(x))))                       hidden_dim ユニットの隠れ層 2 つ
    μ = fc_mu(h),   log σ² = fc_logvar(h)             活性化なしの線形ヘッド 2 つ

部品: `.fc1` = nn.Linear(in_dim, hidden_dim)、`.fc2` = nn.Linear(hidden_dim, hidden_dim)、
`.fc_mu` と `.fc_logvar` = nn.Linear(hidden_dim, latent_dim)。`.in_dim`、`.hidden_dim`、`.latent_dim`
も保存します。（隠れ層は 2 つで、デコーダも鏡写しにします。1 つなら Kingma & Welling の古典的な設計ですが、
2 つ目があるとトレーナーが MNIST で数分のうちに約 100 ナットに届きます。）
形状: x は [B, in_dim]、または C·H·W = in_dim の画像バッチ [B, C, H, W]（まず平らにします）
-> (mu [B, latent_dim], logvar [B, latent_dim])。
不正な入力: __init__ で 1 未満のサイズは ValueError。x が 2 次元の [B, in_dim] でも、C·H·W = in_dim の
4 次元でもない場合（例: [B, 783]、[B, 28, 28]、[B, 1, 28, 27]）も ValueError です。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class VAEEncoder(nn.Module):
    """x [B, in_dim] or [B, C, H, W] -> (mu [B, latent_dim], logvar [B, latent_dim])."""

    def __init__(self, in_dim: int = 784, hidden_dim: int = 400, latent_dim: int = 20):
        super().__init__()
        # TODO: ValueError when a size is < 1; keep in_dim, hidden_dim, latent_dim; create fc1, fc2,
        #       fc_mu and fc_logvar (see Parts in the docstring).
        raise NotImplementedError("VAEEncoder.__init__: create fc1, fc2 and the two heads fc_mu, fc_logvar"
                                  " ‖ VAEEncoder.__init__: fc1、fc2 と 2 つのヘッド fc_mu、fc_logvar を作りましょう")

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x [B, in_dim] or [B, C, H, W] -> (mu, logvar), each [B, latent_dim]."""
        # TODO: flatten a 4-D image batch whose C·H·W is in_dim; ValueError for any other shape
        #       than [B, in_dim]; h = ReLU(fc2(ReLU(fc1(x)))); return (fc_mu(h), fc_logvar(h)).
        raise NotImplementedError("VAEEncoder.forward: x -> two hidden layers -> (mu, logvar)"
                                  " ‖ VAEEncoder.forward: x -> 隠れ層 2 つ -> (mu, logvar) にしましょう")
