"""Kata: walk in a straight line between two codes (latent interpolation).

A VAE's latent space is smooth: nearby codes decode to similar images. Encode two digits, take
their means z0 and z1, and decode the codes on the straight segment between them: the first image
slowly morphs into the second. The segment is cut into `steps` points with equal spacing, the two
ends included:

    t_k = k / (steps − 1),   k = 0, 1, …, steps − 1          (torch.linspace(0, 1, steps))
    out[k] = (1 − t_k) · z0 + t_k · z1                        out[0] = z0, out[steps − 1] = z1

So consecutive rows differ by exactly (z1 − z0) / (steps − 1) (mind the − 1: `steps` points make
steps − 1 gaps). Decode all rows in one batch: decoder(out) -> [steps, D].
Shapes: z0, z1 [L] -> [steps, L], the dtype and device of z0.
Bad input: steps < 2 (a single point cannot include both ends), z0 and z1 not 1-D or of different
lengths -> ValueError.

【日本語】
カタ: 2 つのコードの間をまっすぐ歩く（潜在空間での補間）。

VAE の潜在空間はなめらかで、近いコードは似た画像にデコードされます。2 つの数字をエンコードして平均
z0 と z1 をとり、その間の線分上のコードをデコードすると、最初の画像が少しずつ 2 つ目の画像に変わって
いきます。線分は両端を含めて、等間隔の `steps` 個の点に分けます。

    t_k = k / (steps − 1),   k = 0, 1, …, steps − 1          （torch.linspace(0, 1, steps)）
    out[k] = (1 − t_k) · z0 + t_k · z1                        out[0] = z0, out[steps − 1] = z1

したがって隣り合う行の差はちょうど (z1 − z0) / (steps − 1) です（− 1 に注意しましょう。`steps` 個の点の
間には steps − 1 個のすき間があります）。すべての行を 1 つのバッチとしてデコードします:
decoder(out) -> [steps, D]。
形状: z0, z1 [L] -> [steps, L]。dtype とデバイスは z0 に従います。
不正な入力: steps < 2（1 点では両端を含められません）、z0 と z1 が 1 次元でない、または長さが違う場合は
ValueError を送出します。
"""
import torch


def interpolate_latents(z0: torch.Tensor, z1: torch.Tensor, steps: int) -> torch.Tensor:
    """`steps` equally spaced codes from z0 to z1, both ends included: [steps, L]."""
    # TODO: ValueError when steps < 2 or z0, z1 are not 1-D of the same length; t from 0 to 1 in
    #       `steps` points (both ends); one row (1 − t)·z0 + t·z1 per t.
    raise NotImplementedError("interpolate_latents: (1 − t)·z0 + t·z1 for steps values of t from 0 to 1"
                              " ‖ interpolate_latents: 0 から 1 までの steps 個の t について (1 − t)·z0 + t·z1 を求めましょう")
