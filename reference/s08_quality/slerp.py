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
    if z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must have the same shape, got {tuple(z0.shape)} and {tuple(z1.shape)}")
    a, b = z0.double().flatten(), z1.double().flatten()
    na, nb = a.norm(), b.norm()
    if float(na) == 0.0 or float(nb) == 0.0:
        raise ValueError("slerp needs two non-zero tensors: a zero tensor has no direction")
    t = float(t)
    cos = float((a @ b) / (na * nb))
    if abs(cos) > DOT_THRESHOLD:
        # sin Ω ≈ 0: the weights below would be 0/0. Parallel vectors need no curve anyway.
        out = (1 - t) * a + t * b
    else:
        omega = math.acos(max(-1.0, min(1.0, cos)))
        s = math.sin(omega)
        # Weights of the two ends on the great circle; at t = 0 they are (1, 0), at t = 1 (0, 1).
        out = math.sin((1 - t) * omega) / s * a + math.sin(t * omega) / s * b
    return out.reshape(z0.shape).to(z0.dtype)
