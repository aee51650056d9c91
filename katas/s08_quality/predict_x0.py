"""Kata: predict the clean image x̂0 from a noisy image and the predicted noise.

The forward process mixes a clean image x0 with Gaussian noise ε:
x_t = sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε, where ᾱ_t is the CUMULATIVE product of (1 − β) up to t
(alpha_bars[t], not the one-step α_t = 1 − β_t). A network that predicts ε̂ therefore also
predicts the clean image: solve the equation for x0.

    x̂0 = (x_t − sqrt(1 − ᾱ_t)·ε̂) / sqrt(ᾱ_t)

Hand-worked: ᾱ = 0.64 (sqrt 0.8, sqrt(1 − ᾱ) = 0.6), x_t = 2, ε̂ = 1 -> (2 − 0.6)/0.8 = 1.75.
Shapes: x_t, eps [B, C, H, W] (any shape); alpha_bar_t a float, or a tensor that broadcasts to
x_t (a 0-d tensor, or [B, 1, 1, 1] for one value per sample) -> x̂0 shaped like x_t.
Bad input: any alpha_bar_t outside (0, 1] (sqrt(ᾱ) = 0 would divide by zero) -> ValueError.

【日本語】
カタ: ノイズ入りの画像と予測したノイズから、きれいな画像 x̂0 を予測する。

拡散の順過程は、きれいな画像 x0 とガウスノイズ ε を x_t = sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε のように混ぜます。
ᾱ_t は t までの (1 − β) の「累積」積です（alpha_bars[t]。1 ステップ分の α_t = 1 − β_t ではありません）。
だから ε̂ を予測するネットワークは、きれいな画像も予測していることになります。この式を x0 について解きましょう。

    x̂0 = (x_t − sqrt(1 − ᾱ_t)·ε̂) / sqrt(ᾱ_t)

手計算の例: ᾱ = 0.64（sqrt は 0.8、sqrt(1 − ᾱ) = 0.6）、x_t = 2、ε̂ = 1 -> (2 − 0.6)/0.8 = 1.75。
形状: x_t, eps は [B, C, H, W]（形状は自由）。alpha_bar_t は float か、x_t にブロードキャストできる
テンソル（0 次元、またはサンプルごとに 1 つの値を持つ [B, 1, 1, 1]） -> x̂0 は x_t と同じ形状です。
不正な入力: alpha_bar_t のどれかが (0, 1] の外にある（sqrt(ᾱ) = 0 なら 0 で割ることになります）と ValueError です。
"""
import torch


def predict_x0(x_t: torch.Tensor, eps: torch.Tensor, alpha_bar_t) -> torch.Tensor:
    """x̂0 = (x_t − sqrt(1 − ᾱ_t)·eps) / sqrt(ᾱ_t), with ᾱ_t a float or a broadcastable tensor."""
    # TODO: turn alpha_bar_t into a tensor on x_t's device and dtype, reject values outside (0, 1]
    #       (ValueError), then solve x_t = sqrt(ᾱ)·x0 + sqrt(1 − ᾱ)·eps for x0.
    raise NotImplementedError("predict_x0: solve q_sample for x0"
                              " ‖ predict_x0: q_sample の式を x0 について解きましょう")
