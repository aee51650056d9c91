"""Kata: a small UNet that predicts the noise (UNet).

The DDPM network takes a noisy image x_t and its timestep t and predicts the noise ε that was
added: an image in, an image of the same shape out. A UNet suits this: a down path that halves the
resolution level by level (seeing wider context), a middle at the coarsest level, and an up path
that doubles it back, where each level CONCATENATES the feature map saved at the same level on the
way down (the skip connections carry the fine detail that the coarse path lost). Every block is a
TimeResBlock that receives the same time embedding.

Two methods, so that later stages can add their own conditioning (s07 adds a label embedding to
the output of `embed_time`, then calls `denoise`):

    embed_time(t) = Linear(time_dim → time_dim)(SiLU(Linear(base_channels → time_dim)(timestep_embedding(t, base_channels))))
    denoise(x, emb) = the network below
    forward(x, t)   = denoise(x, embed_time(t))

Architecture, with ch_i = base_channels · channel_mults[i], L = len(channel_mults), and the
default in_channels=1, base_channels=32, channel_mults=(1, 2, 2) on a 1×32×32 image
(a 1×28×28 image works too: 28 → 14 → 7):

    conv_in   Conv2d(1, 32, 3, padding=1)                        [B, 32, 32, 32]
    down[0]   TimeResBlock(32 → 32)          save skip s0         [B, 32, 32, 32]
    downs[0]  Downsample(32)                                      [B, 32, 16, 16]
    down[1]   TimeResBlock(32 → 64)          save skip s1         [B, 64, 16, 16]
    downs[1]  Downsample(64)                                      [B, 64,  8,  8]
    down[2]   TimeResBlock(64 → 64)          save skip s2         [B, 64,  8,  8]
    mid       TimeResBlock(64 → 64), TimeResBlock(64 → 64)        [B, 64,  8,  8]
    up[0]     TimeResBlock(64+64 → 64) on cat([h, s2])            [B, 64,  8,  8]
    ups[0]    Upsample(64)                                        [B, 64, 16, 16]
    up[1]     TimeResBlock(64+64 → 64) on cat([h, s1])            [B, 64, 16, 16]
    ups[1]    Upsample(64)                                        [B, 64, 32, 32]
    up[2]     TimeResBlock(64+32 → 32) on cat([h, s0])            [B, 32, 32, 32]
    out       GroupNorm(groups, 32), SiLU, Conv2d(32, 1, 3, padding=1)   [B, 1, 32, 32]

In general: level i of the way down is one TimeResBlock(ch_{i−1} → ch_i) (ch_{−1} = base_channels)
followed by a Downsample except at the last level; the way up visits the levels deepest first,
concatenating [h, skip] along the channels (h first), one TimeResBlock(channels of h + ch_i → ch_i)
per level, followed by an Upsample except at level 0. No attention: small and fast enough to train
on a CPU. Attribute names: time_mlp, conv_in, down_blocks, downsamples, mid_blocks, up_blocks,
upsamples, norm_out, conv_out.
Shapes: x [B, in_channels, H, W], t [B] (long) -> [B, in_channels, H, W]; emb [B, time_dim].
Bad input: an x that is not [B, in_channels, H, W], or H or W not divisible by 2**(L−1) (the
skips would not line up) -> ValueError; an emb that is not [B, time_dim] -> ValueError.

【日本語】
カタ: ノイズを予測する小さな UNet（UNet）。

DDPM のネットワークはノイズの乗った画像 x_t とそのタイムステップ t を受け取り、加えられたノイズ ε を予測します。
画像を入れて同じ形の画像を出すわけです。これには UNet が向いています。下りの経路でレベルごとに解像度を半分にし
（より広い文脈を見ます）、いちばん粗いレベルに中間部を置き、上りの経路で解像度を 2 倍ずつ戻します。上りの各レベルでは、
下りの同じレベルで保存しておいた特徴マップを**連結**します（スキップ接続が、粗い経路で失われた細かい情報を運びます）。
どのブロックも同じ時刻の埋め込みを受け取る TimeResBlock です。

後のステージが独自の条件付けを加えられるように、メソッドを 2 つに分けます（s07 は `embed_time` の出力にラベルの
埋め込みを足してから `denoise` を呼びます）:

    embed_time(t) = Linear(time_dim → time_dim)(SiLU(Linear(base_channels → time_dim)(timestep_embedding(t, base_channels))))
    denoise(x, emb) = 下の表のネットワーク
    forward(x, t)   = denoise(x, embed_time(t))

構成は次のとおりです。ch_i = base_channels · channel_mults[i]、L = len(channel_mults) とし、既定値
in_channels=1, base_channels=32, channel_mults=(1, 2, 2) で 1×32×32 の画像を入れた場合です
（1×28×28 の画像でも動きます: 28 → 14 → 7）:

    conv_in   Conv2d(1, 32, 3, padding=1)                        [B, 32, 32, 32]
    down[0]   TimeResBlock(32 → 32)          スキップ s0 を保存   [B, 32, 32, 32]
    downs[0]  Downsample(32)                                      [B, 32, 16, 16]
    down[1]   TimeResBlock(32 → 64)          スキップ s1 を保存   [B, 64, 16, 16]
    downs[1]  Downsample(64)                                      [B, 64,  8,  8]
    down[2]   TimeResBlock(64 → 64)          スキップ s2 を保存   [B, 64,  8,  8]
    mid       TimeResBlock(64 → 64), TimeResBlock(64 → 64)        [B, 64,  8,  8]
    up[0]     cat([h, s2]) に TimeResBlock(64+64 → 64)            [B, 64,  8,  8]
    ups[0]    Upsample(64)                                        [B, 64, 16, 16]
    up[1]     cat([h, s1]) に TimeResBlock(64+64 → 64)            [B, 64, 16, 16]
    ups[1]    Upsample(64)                                        [B, 64, 32, 32]
    up[2]     cat([h, s0]) に TimeResBlock(64+32 → 32)            [B, 32, 32, 32]
    out       GroupNorm(groups, 32)、SiLU、Conv2d(32, 1, 3, padding=1)   [B, 1, 32, 32]

一般には、下りのレベル i は TimeResBlock(ch_{i−1} → ch_i) を 1 つ（ch_{−1} = base_channels）置き、最後のレベル
以外ではその後に Downsample を置きます。上りは深いレベルから順にたどり、チャネル方向に [h, スキップ] を（h を先に）
連結して、レベルごとに TimeResBlock(h のチャネル数 + ch_i → ch_i) を 1 つ置き、レベル 0 以外ではその後に Upsample を
置きます。注意機構は使いません。CPU でも学習できるくらい小さく速いネットワークです。属性名: time_mlp, conv_in,
down_blocks, downsamples, mid_blocks, up_blocks, upsamples, norm_out, conv_out。
形状: x [B, in_channels, H, W], t [B]（long） -> [B, in_channels, H, W]。emb は [B, time_dim] です。
不正な入力: [B, in_channels, H, W] でない x、2**(L−1) で割り切れない H や W（スキップが揃わなくなります）は
ValueError を送出します。[B, time_dim] でない emb も ValueError を送出します。
"""
from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from .downsample import Downsample
from .time_res_block import TimeResBlock
from .timestep_embedding import timestep_embedding
from .upsample import Upsample


class UNet(nn.Module):
    """ε-prediction UNet: forward(x [B,C,H,W], t [B]) -> [B,C,H,W]; embed_time / denoise split for conditioning."""

    def __init__(self, in_channels: int = 1, base_channels: int = 32,
                 channel_mults: Sequence[int] = (1, 2, 2), time_dim: int = 128, groups: int = 8):
        super().__init__()
        if len(channel_mults) < 1:
            raise ValueError("channel_mults needs at least one level")
        self.in_channels, self.base_channels, self.time_dim = in_channels, base_channels, time_dim
        self.channel_mults = tuple(channel_mults)
        chs = [base_channels * m for m in self.channel_mults]
        # Sinusoids of width base_channels -> an MLP gives the network a learned time code.
        self.time_mlp = nn.Sequential(nn.Linear(base_channels, time_dim), nn.SiLU(),
                                      nn.Linear(time_dim, time_dim))
        self.conv_in = nn.Conv2d(in_channels, base_channels, 3, padding=1)

        self.down_blocks, self.downsamples = nn.ModuleList(), nn.ModuleList()
        prev = base_channels
        for i, ch in enumerate(chs):
            self.down_blocks.append(TimeResBlock(prev, ch, time_dim, groups))
            if i < len(chs) - 1:  # no downsampling below the deepest level
                self.downsamples.append(Downsample(ch))
            prev = ch

        self.mid_blocks = nn.ModuleList([TimeResBlock(prev, prev, time_dim, groups),
                                         TimeResBlock(prev, prev, time_dim, groups)])

        self.up_blocks, self.upsamples = nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(len(chs))):
            # The input is [h, skip_i] concatenated: prev channels from below, chs[i] from the skip.
            self.up_blocks.append(TimeResBlock(prev + chs[i], chs[i], time_dim, groups))
            if i > 0:
                self.upsamples.append(Upsample(chs[i]))
            prev = chs[i]

        self.norm_out = nn.GroupNorm(groups, prev)
        self.conv_out = nn.Conv2d(prev, in_channels, 3, padding=1)

    def embed_time(self, t: torch.Tensor) -> torch.Tensor:
        """t [B] -> emb [B, time_dim]."""
        return self.time_mlp(timestep_embedding(t, self.base_channels))

    def denoise(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        """x [B, in_channels, H, W], emb [B, time_dim] -> [B, in_channels, H, W]."""
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must be [B, {self.in_channels}, H, W], got {tuple(x.shape)}")
        factor = 2 ** (len(self.channel_mults) - 1)
        if x.shape[2] % factor or x.shape[3] % factor:
            raise ValueError(f"H and W must be divisible by 2**(levels-1) = {factor}, got {tuple(x.shape[2:])}")
        if emb.dim() != 2 or emb.shape != (x.shape[0], self.time_dim):
            raise ValueError(f"emb must be [B, time_dim] = [{x.shape[0]}, {self.time_dim}], got {tuple(emb.shape)}")

        h = self.conv_in(x)
        skips = []
        for i, block in enumerate(self.down_blocks):
            h = block(h, emb)
            skips.append(h)  # saved at full resolution of this level, before downsampling
            if i < len(self.downsamples):
                h = self.downsamples[i](h)
        for block in self.mid_blocks:
            h = block(h, emb)
        for j, block in enumerate(self.up_blocks):
            # Deepest level first: pop gives the skip saved last, which has h's resolution.
            h = block(torch.cat([h, skips.pop()], dim=1), emb)
            if j < len(self.upsamples):
                h = self.upsamples[j](h)
        return self.conv_out(F.silu(self.norm_out(h)))

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """x [B, in_channels, H, W], t [B] -> predicted noise [B, in_channels, H, W]."""
        return self.denoise(x, self.embed_time(t))
