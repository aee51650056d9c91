"""Kata: the latent scaling factor.

The diffusion schedule of s06 was designed for data of unit scale: q_sample mixes
sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε with ε ~ N(0, I), and pixels in [−1, 1] have a spread close to 1.
The autoencoder's latents have whatever spread the training gave them (the KL weight of 1e-6
barely constrains it): with a spread of 5, the noise would hardly hide the signal until the very
last steps. Stable Diffusion measures the standard deviation of the latents of a batch of training
images once and keeps one number, the scale factor f = 1/std (0.18215 for its autoencoder). The
diffusion model works on z·f (spread 1); before decoding, the sampled latents are divided by f.

    f = 1 / std(latents)        one scalar, over ALL values (batch, channels, rows, columns)

The standard deviation is taken around the mean (torch's `.std()`; with thousands of values the
N or N − 1 in the denominator makes no difference). Return a Python float: it is stored with the
trained model, not learned.
Shapes: latents [B, C, H, W] (any shape with at least 2 values) -> float.
Bad input: fewer than 2 values, or values that are all the same (std 0: the factor would be
infinite), or non-finite values -> ValueError.

【日本語】
カタ: 潜在変数のスケール係数。

s06 の拡散のスケジュールは、大きさが 1 程度のデータを前提に作られています。q_sample は
sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε（ε ~ N(0, I)）を混ぜ、[−1, 1] のピクセルの広がりはほぼ 1 です。
オートエンコーダの潜在変数の広がりは学習しだいです（1e-6 の KL の重みはほとんど縛りません）。広がりが 5 も
あると、ノイズは最後のほうのステップまで信号をほとんど隠せません。Stable Diffusion は学習画像の 1 バッチ分の
潜在変数の標準偏差を一度だけ測り、1 つの数、スケール係数 f = 1/std を保存します（そのオートエンコーダでは
0.18215）。拡散モデルは z·f（広がり 1）の上で働き、復号の前にサンプルした潜在変数を f で割ります。

    f = 1 / std(latents)        全部の値（バッチ、チャネル、行、列）についての 1 つのスカラー

標準偏差は平均のまわりでとります（torch の `.std()`。値が何千個もあれば、分母が N か N − 1 かの違いは
ありません）。Python の float を返します。学習するものではなく、学習済みのモデルと一緒に保存する数です。
形状: latents [B, C, H, W]（値が 2 個以上あれば形は問いません）-> float。
不正な入力: 値が 2 個未満、値がすべて同じ（std が 0 で係数が無限大になる）、有限でない値を含む場合は
ValueError を送出します。
"""
import torch


def latent_scale_factor(latents: torch.Tensor) -> float:
    """1 / (the standard deviation of all the latent values), as a Python float."""
    if latents.numel() < 2:
        raise ValueError(f"need at least 2 latent values to measure a spread, got {latents.numel()}")
    values = latents.detach().flatten().double()   # one spread for everything, in float64
    if not bool(torch.isfinite(values).all()):
        raise ValueError("latents contain NaN or inf")
    std = float(values.std())
    if std == 0.0:
        raise ValueError("all latent values are equal (std 0): the scale factor would be infinite")
    # 1/std, not std and not 1/variance: z·f must have a standard deviation of exactly 1.
    return 1.0 / std
