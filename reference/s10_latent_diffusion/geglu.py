"""Kata: GEGLU, the gated feed-forward unit of Stable Diffusion's transformer blocks.

The feed-forward network of s02 is Linear → GELU → Linear. A gated linear unit (GLU) computes TWO
linear maps of the same input and lets one of them open or close the other, value by value:
a · act(gate). With GELU as the activation it is called GEGLU (Shazeer 2020, "GLU Variants
Improve Transformer"); Stable Diffusion's feed-forward is GEGLU(dim, 4·dim) → Linear(4·dim, dim).
One nn.Linear produces both halves at once: the first dim_out features are the value a, the last
dim_out the gate.

    a, gate = split(proj(x), dim_out, last axis)      proj = nn.Linear(dim_in, 2·dim_out)
    out = a · GELU(gate)                               (exact GELU: x·Φ(x), F.gelu's default)

Parts: `.proj` = nn.Linear(dim_in, 2·dim_out) (with bias).
Shapes: x [..., dim_in] (any leading axes, e.g. [B, N, dim_in]) -> [..., dim_out].
Bad input: a last axis other than dim_in -> ValueError.

【日本語】
カタ: GEGLU、Stable Diffusion の Transformer ブロックのゲート付きフィードフォワード。

s02 のフィードフォワードネットワークは Linear → GELU → Linear でした。ゲート付き線形ユニット（GLU）は、
同じ入力の線形写像を「2 つ」計算し、一方が他方を値ごとに開いたり閉じたりします: a · act(gate)。活性化に
GELU を使うものを GEGLU と呼びます（Shazeer 2020, "GLU Variants Improve Transformer"）。Stable Diffusion の
フィードフォワードは GEGLU(dim, 4·dim) → Linear(4·dim, dim) です。1 つの nn.Linear で両方の半分を一度に
作ります。前の dim_out 個の特徴が値 a、後ろの dim_out 個がゲートです。

    a, gate = split(proj(x), dim_out, 最後の軸)       proj = nn.Linear(dim_in, 2·dim_out)
    out = a · GELU(gate)                               （正確な GELU: x·Φ(x)。F.gelu の既定）

部品: `.proj` = nn.Linear(dim_in, 2·dim_out)（バイアスあり）。
形状: x [..., dim_in]（先頭の軸はいくつでもよい。例えば [B, N, dim_in]）-> [..., dim_out]。
不正な入力: 最後の軸が dim_in でない場合は ValueError を送出します。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class GEGLU(nn.Module):
    """x [..., dim_in] -> a · GELU(gate) [..., dim_out], with a and gate from one Linear."""

    def __init__(self, dim_in: int, dim_out: int):
        super().__init__()
        self.dim_in, self.dim_out = dim_in, dim_out
        # One matrix for both halves: a single matmul is faster than two of half the size.
        self.proj = nn.Linear(dim_in, 2 * dim_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [..., dim_in] -> [..., dim_out]."""
        if x.shape[-1] != self.dim_in:
            raise ValueError(f"x must end in dim_in = {self.dim_in}, got shape {tuple(x.shape)}")
        # chunk keeps the order: the FIRST half is the value, the SECOND the gate.
        a, gate = self.proj(x).chunk(2, dim=-1)
        # GELU, not ReLU: a smooth gate that lets a little negative signal through.
        return a * F.gelu(gate)
