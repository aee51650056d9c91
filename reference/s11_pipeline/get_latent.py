"""Kata: get the starting latent from a seed (step 2 of the pipeline).

Sampling starts from pure Gaussian noise in the latent space, z_T ~ N(0, I). A pipeline is
reproducible when the same seed always gives the same z_T, and so the same image: on a laptop's
CPU and on a GPU, in float32 and in float16, whatever else the program drew before. So draw with
your OWN generator, seeded with `seed`, on the CPU, in float32, and only then move and cast the
noise. A GPU has its own random number generator: the same seed drawn there gives other numbers
(that is why diffusers' `randn_tensor` draws on the CPU when it is given a CPU generator). And
leave torch's global generator alone (no torch.manual_seed): the caller's other random draws must
not change because an image was generated.

    g = torch.Generator(device="cpu").manual_seed(seed)
    z = torch.randn(shape, generator=g, dtype=torch.float32)      (on the CPU)
    return z.to(device, dtype)

Shapes: shape, a tuple of positive ints such as (n, 4, 8, 8) -> z of that shape, on `device`
(None: the CPU) with `dtype`. Equal, element for element, to the float32 draw above cast to dtype.
Bad input: seed None or not an int, or a shape with a size < 1 -> ValueError.

【日本語】
カタ: シードから最初の潜在変数を作る（パイプラインのステップ 2）。

サンプリングは潜在空間の純粋なガウスノイズ z_T ~ N(0, I) から始まります。パイプラインが再現可能で
あるとは、同じシードからいつも同じ z_T、したがって同じ画像が得られることです。ノート PC の CPU でも
GPU でも、float32 でも float16 でも、プログラムがその前に何を引いていても同じです。そのため `seed` で
初期化した「自分専用の」ジェネレータを使い、CPU 上で float32 で引いてから、ノイズを移動・キャストします。
GPU には独自の乱数生成器があり、同じシードでもそこで引くと別の数になります（diffusers の
`randn_tensor` が CPU のジェネレータを渡されると CPU で引くのはこのためです）。また torch の
グローバルなジェネレータには触れません（torch.manual_seed は使いません）。画像を 1 枚作ったせいで、
呼び出し側の他の乱数が変わってはいけないからです。

    g = torch.Generator(device="cpu").manual_seed(seed)
    z = torch.randn(shape, generator=g, dtype=torch.float32)      （CPU 上）
    return z.to(device, dtype)

形状: shape は (n, 4, 8, 8) のような正の int のタプル -> その形状の z。`device`（None なら CPU）上に
`dtype` で置きます。値は上の float32 の乱数を dtype にキャストしたものと要素ごとに一致します。
不正な入力: seed が None や int でない、または shape に 1 未満のサイズがあれば ValueError です。
"""
from __future__ import annotations

import operator

import torch


def get_latent(shape: tuple[int, ...], seed: int, device: torch.device | str | None = None,
               dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """z ~ N(0, I) of `shape`, drawn on the CPU from a generator seeded with `seed`, then moved."""
    if seed is None or isinstance(seed, (bool, float)):
        raise ValueError(f"seed must be an int (a reproducible pipeline needs one), got {seed!r}")
    try:
        seed = operator.index(seed)
    except TypeError:
        raise ValueError(f"seed must be an int, got {seed!r}") from None
    shape = tuple(int(s) for s in shape)
    if len(shape) == 0 or min(shape) < 1:
        raise ValueError(f"shape must be a tuple of positive sizes, got {shape}")
    # A private CPU generator: the numbers depend on the seed only, not on the device, not on the
    # global generator's state (which we must not touch either).
    g = torch.Generator(device="cpu").manual_seed(seed)
    # Always float32: torch.randn draws OTHER numbers in float64 or float16 for the same seed.
    z = torch.randn(shape, generator=g, dtype=torch.float32)
    return z.to(device=device, dtype=dtype)
