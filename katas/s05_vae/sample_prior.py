"""Kata: new images from the prior (the VAE as a generative model).

After training, the encoder is no longer needed to make new digits: the KL term has pulled every
q(z|x) towards the prior N(0, I), so a code drawn straight from the prior lands where the decoder
has learnt to draw digits. Draw n codes, decode them, and turn the logits into pixel
probabilities with a sigmoid (the decoder itself stops at logits).

    z = torch.randn(n, latent_dim, generator=generator, device=device)     z ~ N(0, I)
    probs = sigmoid(decoder(z))                                            [n, D], each in [0, 1]

Run it under torch.no_grad() (sampling trains nothing). `device` None means the device of the
decoder's parameters (CPU when it has none); the generator must live on that device. The same
seed gives the same images. The probabilities are the "mean image" of each Bernoulli pixel: show
them as grey levels, or draw torch.bernoulli(probs) for binary samples.
Shapes: n, latent_dim ints -> probs [n, D] (D = the decoder's output size, 784 for MNIST).
Bad input: n < 1 or latent_dim < 1 -> ValueError.

【日本語】
カタ: 事前分布から新しい画像を作る（生成モデルとしての VAE）。

学習が済めば、新しい数字を作るのにエンコーダはもう要りません。KL 項がどの q(z|x) も事前分布 N(0, I) の
ほうへ引き寄せてあるので、事前分布から直接引いたコードは、デコーダが数字の描き方を覚えた場所に落ちます。
コードを n 個引いてデコードし、ロジットを sigmoid でピクセルの確率に変えます（デコーダ自身はロジットで
止まっています）。

    z = torch.randn(n, latent_dim, generator=generator, device=device)     z ~ N(0, I)
    probs = sigmoid(decoder(z))                                            [n, D]、どれも [0, 1]

torch.no_grad() の下で実行します（サンプリングでは何も学習しません）。`device` が None ならデコーダの
パラメータがあるデバイスを使います（パラメータがなければ CPU）。generator もそのデバイスのものを使います。
同じシードなら同じ画像になります。確率は各ベルヌーイ・ピクセルの「平均の画像」です。灰色の濃さとして
表示するか、二値のサンプルが欲しければ torch.bernoulli(probs) を引きます。
形状: 整数 n, latent_dim -> probs [n, D]（D はデコーダの出力の大きさ。MNIST なら 784）。
不正な入力: n < 1 または latent_dim < 1 は ValueError を送出します。
"""
import torch
import torch.nn as nn


def sample_prior(decoder: nn.Module, n: int, latent_dim: int, generator: torch.Generator | None = None,
                 device: torch.device | str | None = None) -> torch.Tensor:
    """n codes z ~ N(0, I) -> sigmoid(decoder(z)): pixel probabilities [n, D]."""
    # TODO: ValueError when n or latent_dim < 1; pick the device (the decoder's when None); under
    #       torch.no_grad(): z from torch.randn with the generator, decode, sigmoid.
    raise NotImplementedError("sample_prior: z ~ N(0, I) -> decoder -> sigmoid"
                              " ‖ sample_prior: z ~ N(0, I) -> デコーダ -> sigmoid にしましょう")
