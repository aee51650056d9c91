"""Kata: bend the noise prediction with a classifier's gradient (classifier_guided_eps).

A diffusion model that predicts the noise ε also knows the score of the noisy images:
∇_{x_t} log p(x_t) = −ε / sqrt(1 − ᾱ_t). Bayes' rule adds a classifier's opinion to that score,
∇ log p(x_t | y) = ∇ log p(x_t) + ∇ log p(y | x_t), and turning the sum back into a noise
prediction gives classifier guidance (Dhariwal & Nichol, 2021, Algorithm 2), with a scale s that
makes the classifier count s times:

    ε̂ = ε − s · sqrt(1 − ᾱ_t) · ∇_{x_t} log p_φ(y | x_t)

The MINUS sign: the noise points away from the clean image, so removing noise along +grad walks
towards images the classifier calls y. The factor sqrt(1 − ᾱ_t) converts a score into noise
units: large at the start (t near T, pure noise) and vanishing as t -> 0. s = 0 gives back ε.
Shapes: eps and grad of the same shape [B, C, H, W] -> the same shape; alpha_bar_t a float or a
tensor that broadcasts to eps (e.g. [B, 1, 1, 1], one ᾱ per example); scale a float.
Bad input: eps and grad of different shapes, or ᾱ_t outside [0, 1] -> ValueError.

【日本語】
カタ: 分類器の勾配でノイズの予測を曲げる（classifier_guided_eps）。

ノイズ ε を予測する拡散モデルは、ノイズ入り画像のスコアも知っています。
∇_{x_t} log p(x_t) = −ε / sqrt(1 − ᾱ_t) です。ベイズの定理によって、このスコアに分類器の意見を
足せます。∇ log p(x_t | y) = ∇ log p(x_t) + ∇ log p(y | x_t) です。この和をノイズの予測に戻すと
classifier guidance（Dhariwal & Nichol, 2021, Algorithm 2）になります。スケール s で分類器の意見を s 倍に
効かせます。

    ε̂ = ε − s · sqrt(1 − ᾱ_t) · ∇_{x_t} log p_φ(y | x_t)

符号はマイナスです。ノイズはきれいな画像から離れる向きを指すので、+grad の方向に沿ってノイズを
取り除くと、分類器が y と呼ぶ画像へ近づきます。係数 sqrt(1 − ᾱ_t) はスコアをノイズの単位に直します。
最初（t が T に近く、ほぼ純粋なノイズ）は大きく、t -> 0 で消えていきます。s = 0 なら ε に戻ります。
形状: eps と grad は同じ形状 [B, C, H, W] -> 同じ形状。alpha_bar_t は float、または eps に
ブロードキャストできるテンソル（例: [B, 1, 1, 1]、例ごとの ᾱ）。scale は float です。
不正な入力: eps と grad の形状が違う、または ᾱ_t が [0, 1] の外なら ValueError です。
"""
import math

import torch


def classifier_guided_eps(eps: torch.Tensor, grad: torch.Tensor, alpha_bar_t: float | torch.Tensor,
                          scale: float) -> torch.Tensor:
    """ε − scale·sqrt(1 − ᾱ_t)·grad, with grad = ∇_{x_t} log p(y | x_t)."""
    # TODO: ValueError when eps and grad differ in shape or ᾱ_t lies outside [0, 1] (it may be a
    # float or a tensor); then subtract scale · sqrt(1 − ᾱ_t) · grad from eps.
    raise NotImplementedError("classifier_guided_eps: ε − s·sqrt(1 − ᾱ_t)·grad"
                              " ‖ classifier_guided_eps: ε − s·sqrt(1 − ᾱ_t)·grad を計算しましょう")
