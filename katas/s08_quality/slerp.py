"""Kata: spherical linear interpolation (slerp) between two noise tensors.

To morph one generated image into another you interpolate their starting noise. A straight line
(lerp) between two Gaussian noise tensors passes through points of too small a norm: halfway
between two independent N(0, I) vectors of dimension n the norm is about sqrt(n/2) instead of
sqrt(n), and the model has never seen such "quiet" noise, so the middle images wash out. Slerp
walks along the great circle instead, at constant angular speed, and keeps the norm when the two
ends have the same norm.

    cos Ω = <z0, z1> / (|z0|·|z1|)                 (the whole tensor is one vector)
    slerp(z0, z1, t) = sin((1 − t)·Ω)/sin Ω · z0  +  sin(t·Ω)/sin Ω · z1

t = 0 gives z0 and t = 1 gives z1. Halfway between orthogonal unit vectors e1, e2 it gives
(e1 + e2)/√2, of norm 1 (lerp: (e1 + e2)/2, of norm 0.71). When z0 and z1 are (nearly) parallel
or opposite, |cos Ω| > 0.9995, sin Ω ≈ 0 and the formula divides 0 by 0: fall back to
lerp, (1 − t)·z0 + t·z1. Compute the angle in float64 and return z0's dtype.
Shapes: z0, z1 the same shape (any, e.g. a latent [1, 4, 8, 8]); t a float -> shaped like z0.
Bad input: z0 and z1 of different shapes, or a zero tensor (no direction) -> ValueError.

【日本語】
カタ: 2 つのノイズテンソルのあいだの球面線形補間（slerp）。

生成した画像を別の画像へ変化させるには、それぞれの出発点のノイズを補間します。2 つのガウスノイズのテンソルを
直線で結ぶ（lerp）と、途中でノルムが小さすぎる点を通ります。次元 n の独立な N(0, I) ベクトル 2 つの中点の
ノルムは sqrt(n) ではなく約 sqrt(n/2) で、モデルはそんな「静かな」ノイズを見たことがないので、途中の画像が
ぼやけてしまいます。slerp は代わりに大円に沿って一定の角速度で進み、両端のノルムが同じならノルムを保ちます。

    cos Ω = <z0, z1> / (|z0|·|z1|)                 （テンソル全体を 1 本のベクトルとみなします）
    slerp(z0, z1, t) = sin((1 − t)·Ω)/sin Ω · z0  +  sin(t·Ω)/sin Ω · z1

t = 0 で z0、t = 1 で z1 になります。直交する単位ベクトル e1, e2 の中間では (e1 + e2)/√2（ノルム 1）です
（lerp なら (e1 + e2)/2 で、ノルムは 0.71）。z0 と z1 が（ほぼ）平行か逆向きで |cos Ω| > 0.9995 のときは
sin Ω ≈ 0 となり、式は 0 を 0 で割ってしまいます。そのときは lerp、つまり (1 − t)·z0 + t·z1 に切り替えます。
角度は float64 で計算し、z0 の dtype で返します。
形状: z0, z1 は同じ形状（何でもかまいません。たとえば潜在変数 [1, 4, 8, 8]）、t は float -> z0 と同じ形状。
不正な入力: z0 と z1 の形状が違う、またはゼロのテンソル（向きがない）は ValueError です。
"""
import math

import torch

DOT_THRESHOLD = 0.9995   # |cos Ω| above this: treat as parallel and use lerp


def slerp(z0: torch.Tensor, z1: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation from z0 (t = 0) to z1 (t = 1); lerp when nearly parallel."""
    # TODO: ValueError for different shapes or a zero tensor; flatten in float64; cos Ω from the dot
    #       product and the norms; lerp when |cos Ω| > DOT_THRESHOLD, else the slerp weights;
    #       reshape to z0's shape and dtype.
    raise NotImplementedError("slerp: walk along the great circle from z0 to z1"
                              " ‖ slerp: z0 から z1 まで大円に沿って進みましょう")
