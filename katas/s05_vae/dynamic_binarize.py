"""Kata: dynamic binarization (grey pixels become fresh coin flips every time).

The decoder models each pixel as a Bernoulli variable, on or off, so the training images should be
binary. MNIST pixels are grey levels in [0, 1]. Rounding them once at 0.5 ("static" binarization)
throws away the grey and lets the model memorise one fixed black-and-white copy. Dynamic
binarization treats each grey level as a probability and flips a new coin for every pixel each
time the image is used: a pixel of 0.3 is on in about 30 % of the epochs. The model sees many
binary versions of every digit, which acts as data augmentation, and the ELBO is then an honest
bound in nats on binary data (the numbers papers report for "dynamically binarized MNIST").

    out[i] = 1 with probability x[i], else 0          (torch.bernoulli(x, generator=generator))

Use the given `generator` for the coin flips (None: PyTorch's global generator), so that the same
seed gives the same binary images. The output has x's shape and dtype, with values in {0, 1}.
Bad input: values outside [0, 1] (e.g. images normalised to mean 0, or raw bytes 0..255) -> ValueError.

【日本語】
カタ: 動的二値化（灰色のピクセルを、使うたびに新しく投げたコインにする）。

デコーダは各ピクセルを点くか消えるかのベルヌーイ変数としてモデル化するので、学習用の画像は二値で
あるべきです。MNIST のピクセルは [0, 1] の灰色の濃さです。0.5 で 1 回だけ丸める（「静的」二値化）と
灰色の情報が捨てられ、モデルは決まった白黒のコピーを 1 枚覚えるだけになります。動的二値化は灰色の濃さを
確率とみなし、画像を使うたびにピクセルごとに新しくコインを投げます。0.3 のピクセルは、およそ 30 % の
エポックで点きます。モデルはどの数字についても多くの二値版を見ることになり、データ拡張として働きます。
さらに ELBO は二値データについての正直なナット単位の限界になります（論文で「dynamically binarized
MNIST」として報告される数値です）。

    out[i] = 確率 x[i] で 1、そうでなければ 0          （torch.bernoulli(x, generator=generator)）

コイン投げには与えられた `generator` を使います（None なら PyTorch 全体の乱数生成器）。同じシードなら
同じ二値画像になります。出力は x と同じ形状と dtype で、値は {0, 1} です。
不正な入力: [0, 1] の外の値（例: 平均 0 に正規化した画像や、0..255 の生のバイト値）は ValueError です。
"""
import torch


def dynamic_binarize(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Each pixel becomes 1 with probability x (its grey level), else 0: same shape and dtype."""
    # TODO: ValueError when a value lies outside [0, 1]; then one coin per pixel with probability
    #       x, drawn from the generator.
    raise NotImplementedError("dynamic_binarize: flip a coin with probability x for every pixel"
                              " ‖ dynamic_binarize: ピクセルごとに確率 x でコインを投げましょう")
