"""Kata: the VAE decoder (a code in, Bernoulli logits for every pixel out).

The decoder turns a code z back into an image, or rather into a distribution over images:
each of the 784 pixels is on (1) or off (0) with its own probability, p(x|z) = Π Bernoulli(x_i; p_i).
It mirrors the encoder: two hidden layers, then one Linear layer to out_dim numbers. Those numbers
are LOGITS ℓ_i = log(p_i / (1 − p_i)), with no sigmoid at the end: the loss
F.binary_cross_entropy_with_logits(ℓ, x) computes −log p(x|z) straight from the logits, stably
(a sigmoid first would round p to exactly 0 or 1 for large |ℓ| and the log would blow up). Apply
torch.sigmoid only when you want to look at the probabilities (sample_prior does).

    h = ReLU(fc2(ReLU(fc1(z))))        two hidden layers of hidden_dim units
    logits = fc_out(h)                 any real numbers; p = sigmoid(logits) ∈ (0, 1)

Parts: `.fc1` = nn.Linear(latent_dim, hidden_dim), `.fc2` = nn.Linear(hidden_dim, hidden_dim),
`.fc_out` = nn.Linear(hidden_dim, out_dim); keep `.latent_dim`, `.hidden_dim`, `.out_dim`.
Shapes: z [B, latent_dim] -> logits [B, out_dim] (reshape to [B, 1, 28, 28] to view a digit).
Bad input: a size < 1 in __init__ -> ValueError; z that is not 2-D with last dimension
latent_dim -> ValueError.

【日本語】
カタ: VAE のデコーダ（コードを入れると、各ピクセルのベルヌーイ分布のロジットが出てくる）。

デコーダはコード z を画像に、正確には画像上の分布に戻します。784 個のピクセルそれぞれが、自分の確率で
点く（1）か消える（0）かです: p(x|z) = Π Bernoulli(x_i; p_i)。構造はエンコーダの鏡写しで、隠れ層
2 つの後に、out_dim 個の数を出す Linear 層を 1 つ置きます。出てくる数はロジット
ℓ_i = log(p_i / (1 − p_i)) で、最後に sigmoid は付けません。損失
F.binary_cross_entropy_with_logits(ℓ, x) がロジットから直接、数値的に安定に −log p(x|z) を計算する
からです（先に sigmoid をかけると、|ℓ| が大きいとき p がちょうど 0 や 1 に丸められ、log が発散します）。
torch.sigmoid は確率を見たいときだけかけます（sample_prior がそうします）。

    h = ReLU(fc2(ReLU(fc1(z))))        hidden_dim ユニットの隠れ層 2 つ
    logits = fc_out(h)                 任意の実数。p = sigmoid(logits) ∈ (0, 1)

部品: `.fc1` = nn.Linear(latent_dim, hidden_dim)、`.fc2` = nn.Linear(hidden_dim, hidden_dim)、
`.fc_out` = nn.Linear(hidden_dim, out_dim)。`.latent_dim`、`.hidden_dim`、`.out_dim` も保存します。
形状: z [B, latent_dim] -> logits [B, out_dim]（数字として見るには [B, 1, 28, 28] に reshape します）。
不正な入力: __init__ で 1 未満のサイズは ValueError。z が最後の次元 latent_dim の 2 次元テンソルで
なければ ValueError です。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class VAEDecoder(nn.Module):
    """z [B, latent_dim] -> Bernoulli logits [B, out_dim] (no sigmoid)."""

    def __init__(self, latent_dim: int = 20, hidden_dim: int = 400, out_dim: int = 784):
        super().__init__()
        # TODO: ValueError when a size is < 1; keep latent_dim, hidden_dim, out_dim; create fc1, fc2
        #       and fc_out (see Parts in the docstring).
        raise NotImplementedError("VAEDecoder.__init__: create fc1, fc2 and fc_out"
                                  " ‖ VAEDecoder.__init__: fc1、fc2、fc_out を作りましょう")

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """z [B, latent_dim] -> logits [B, out_dim]."""
        # TODO: ValueError unless z is [B, latent_dim]; two hidden layers with ReLU, then fc_out;
        #       no sigmoid at the end.
        raise NotImplementedError("VAEDecoder.forward: z -> two hidden layers -> logits (no sigmoid)"
                                  " ‖ VAEDecoder.forward: z -> 隠れ層 2 つ -> ロジット（sigmoid なし）にしましょう")
