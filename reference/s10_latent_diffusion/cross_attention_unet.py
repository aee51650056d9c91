"""Kata: the cross-attention UNet that denoises latents under a text prompt.

This is the UNet of s06 with one addition, the one that makes Stable Diffusion follow a prompt:
after every residual block sits a SpatialTransformer, whose cross-attention lets the latent pixels
read the text encoder's token states (the context). It works on the autoencoder's latents
(4×8×8 for a 32×32 digit) instead of pixels, so it can be wider and still much cheaper: 16 times
fewer positions per feature map.

    emb = time_mlp(timestep_embedding(t, base_channels))        [B, time_dim]
    h = conv_in(z)                                              [B, base, H, W]
    down, level i (ch = base·mult_i):  h = down_attns[i](down_blocks[i](h, emb), context, mask);
                                       keep h as skip i; h = downsamples[i](h) except at the last level
    middle:  h = mid_block2(mid_attn(mid_block1(h, emb), context, mask), emb)
    up, level i from the deepest:      h = up_attns[j](up_blocks[j](cat[h, skip i], emb), context, mask);
                                       h = upsamples[j](h) except at level 0
    ε̂ = conv_out(SiLU(norm_out(h)))                            [B, in_channels, H, W]

Parts (built from s06 and the previous katas): `.time_mlp` = Linear(base, time_dim) → SiLU →
Linear(time_dim, time_dim); `.conv_in` = Conv2d(in, base, 3, padding=1); per level i `.down_blocks`
TimeResBlock(prev, ch, time_dim, groups) and `.down_attns` SpatialTransformer(ch, context_dim,
n_heads, ch // n_heads, groups), `.downsamples` Downsample(ch) for all levels but the last;
`.mid_block1`, `.mid_attn`, `.mid_block2` at the deepest width; `.up_blocks` TimeResBlock(prev +
ch, ch, time_dim, groups) and `.up_attns` from the deepest level up, `.upsamples` Upsample(ch) for
all levels but level 0; `.norm_out` = GroupNorm(groups, base), `.conv_out` = Conv2d(base, in, 3,
padding=1). `embed_time(t)` returns emb.
The defaults (base 32, mults (1, 2) on 8×8 latents) make a training step about 6 times cheaper
than s06's pixel UNet (base 32, mults (1, 2, 2) on 32×32) on a CPU (benchmarks/latent_vs_pixel_unet.py).
Shapes: z [B, in_channels, H, W], t LongTensor [B], context [B, L, context_dim], context_mask
[B, L] bool or None -> ε̂ [B, in_channels, H, W].
Bad input: a channel count not divisible by n_heads (in __init__); z not 4-D or with the wrong
channels, H or W not divisible by 2**(len(channel_mults) − 1), t not [B], a context that is not
[B, L, context_dim] -> ValueError.

【日本語】
カタ: テキストのプロンプトのもとで潜在変数のノイズを除く交差注意 UNet。

s06 の UNet に 1 つだけ足したもので、それが Stable Diffusion をプロンプトに従わせる仕組みです。各残差ブロックの
後ろに SpatialTransformer を置き、その交差注意で潜在変数のピクセルがテキストエンコーダのトークンの状態
（コンテキスト）を読めるようにします。ピクセルではなくオートエンコーダの潜在変数（32×32 の数字画像なら 4×8×8）
の上で働くので、幅を広げてもずっと安く済みます。特徴マップ 1 枚あたりの位置が 16 分の 1 だからです。

    emb = time_mlp(timestep_embedding(t, base_channels))        [B, time_dim]
    h = conv_in(z)                                              [B, base, H, W]
    下り、レベル i（ch = base·mult_i）:  h = down_attns[i](down_blocks[i](h, emb), context, mask)。
                                       h をスキップ i として取っておき、最後のレベル以外では h = downsamples[i](h)
    中間:  h = mid_block2(mid_attn(mid_block1(h, emb), context, mask), emb)
    上り、いちばん深いレベル i から:   h = up_attns[j](up_blocks[j](cat[h, スキップ i], emb), context, mask)。
                                       レベル 0 以外では h = upsamples[j](h)
    ε̂ = conv_out(SiLU(norm_out(h)))                            [B, in_channels, H, W]

部品（s06 と前のカタから作ります）: `.time_mlp` = Linear(base, time_dim) → SiLU → Linear(time_dim, time_dim)、
`.conv_in` = Conv2d(in, base, 3, padding=1)。レベル i ごとに `.down_blocks` の TimeResBlock(prev, ch,
time_dim, groups) と `.down_attns` の SpatialTransformer(ch, context_dim, n_heads, ch // n_heads, groups)、
最後以外のレベルに `.downsamples` の Downsample(ch)。いちばん深い幅で `.mid_block1`、`.mid_attn`、
`.mid_block2`。いちばん深いレベルから順に `.up_blocks` の TimeResBlock(prev + ch, ch, time_dim, groups) と
`.up_attns`、レベル 0 以外に `.upsamples` の Upsample(ch)。`.norm_out` = GroupNorm(groups, base)、
`.conv_out` = Conv2d(base, in, 3, padding=1)。`embed_time(t)` は emb を返します。
既定値（base 32、mults (1, 2)、8×8 の潜在変数）では、CPU での学習 1 ステップが s06 のピクセル UNet
（base 32、mults (1, 2, 2)、32×32）の約 6 分の 1 のコストで済みます（benchmarks/latent_vs_pixel_unet.py）。
形状: z [B, in_channels, H, W]、t は LongTensor [B]、context [B, L, context_dim]、context_mask [B, L] の
bool または None -> ε̂ [B, in_channels, H, W]。
不正な入力: n_heads で割り切れないチャネル数（__init__ で）、4 次元でない z やチャネル数の違う z、
2**(len(channel_mults) − 1) で割り切れない H か W、[B] でない t、[B, L, context_dim] でないコンテキストは
ValueError を送出します。
"""
from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..s06_ddpm.downsample import Downsample
from ..s06_ddpm.time_res_block import TimeResBlock
from ..s06_ddpm.timestep_embedding import timestep_embedding
from ..s06_ddpm.upsample import Upsample
from .transformer_block_2d import SpatialTransformer


class CrossAttnUNet(nn.Module):
    """ε-prediction UNet on latents, conditioned on t and on a text context by cross-attention."""

    def __init__(self, in_channels: int = 4, base_channels: int = 32, channel_mults: Sequence[int] = (1, 2),
                 context_dim: int = 64, n_heads: int = 4, time_dim: int = 256, groups: int = 8):
        super().__init__()
        chs = [base_channels * m for m in channel_mults]
        if not chs:
            raise ValueError("channel_mults needs at least one level")
        for ch in chs:
            if ch % n_heads:
                raise ValueError(f"every level's channels must be divisible by n_heads = {n_heads}, got {ch}")
        self.in_channels, self.base_channels, self.time_dim = in_channels, base_channels, time_dim
        self.context_dim, self.channel_mults = context_dim, tuple(channel_mults)

        def attn(ch):
            # head_dim = ch // n_heads: the attention works at the level's own width.
            return SpatialTransformer(ch, context_dim, n_heads, ch // n_heads, groups)

        self.time_mlp = nn.Sequential(nn.Linear(base_channels, time_dim), nn.SiLU(), nn.Linear(time_dim, time_dim))
        self.conv_in = nn.Conv2d(in_channels, base_channels, 3, padding=1)
        self.down_blocks, self.down_attns, self.downsamples = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        prev = base_channels
        for i, ch in enumerate(chs):
            self.down_blocks.append(TimeResBlock(prev, ch, time_dim, groups))
            self.down_attns.append(attn(ch))
            if i < len(chs) - 1:
                self.downsamples.append(Downsample(ch))
            prev = ch
        self.mid_block1 = TimeResBlock(prev, prev, time_dim, groups)
        self.mid_attn = attn(prev)
        self.mid_block2 = TimeResBlock(prev, prev, time_dim, groups)
        self.up_blocks, self.up_attns, self.upsamples = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(len(chs))):
            self.up_blocks.append(TimeResBlock(prev + chs[i], chs[i], time_dim, groups))
            self.up_attns.append(attn(chs[i]))
            if i > 0:
                self.upsamples.append(Upsample(chs[i]))
            prev = chs[i]
        self.norm_out = nn.GroupNorm(groups, prev)
        self.conv_out = nn.Conv2d(prev, in_channels, 3, padding=1)

    def embed_time(self, t: torch.Tensor) -> torch.Tensor:
        """t [B] -> emb [B, time_dim]."""
        return self.time_mlp(timestep_embedding(t, self.base_channels))

    def forward(self, z: torch.Tensor, t: torch.Tensor, context: torch.Tensor,
                context_mask: torch.Tensor | None = None) -> torch.Tensor:
        """z [B, in, H, W], t [B], context [B, L, context_dim], mask [B, L] -> ε̂ [B, in, H, W]."""
        if z.dim() != 4 or z.shape[1] != self.in_channels:
            raise ValueError(f"z must be [B, {self.in_channels}, H, W], got shape {tuple(z.shape)}")
        B = z.shape[0]
        factor = 2 ** (len(self.channel_mults) - 1)
        if z.shape[2] % factor or z.shape[3] % factor:
            # Downsample would round an odd size and the skip connections would not line up.
            raise ValueError(f"H and W must be divisible by {factor}, got {tuple(z.shape[2:])}")
        if not isinstance(t, torch.Tensor) or t.shape != (B,):
            raise ValueError(f"t must be a tensor [B] = [{B}], got {getattr(t, 'shape', t)!r}")
        if context.dim() != 3 or context.shape[0] != B or context.shape[2] != self.context_dim:
            raise ValueError(f"context must be [{B}, L, {self.context_dim}], got shape {tuple(context.shape)}")
        emb = self.embed_time(t)
        h = self.conv_in(z)
        skips = []
        for i, (block, attn) in enumerate(zip(self.down_blocks, self.down_attns)):
            # Time enters through the res block, the text through the transformer after it.
            h = attn(block(h, emb), context, context_mask)
            skips.append(h)
            if i < len(self.downsamples):
                h = self.downsamples[i](h)
        h = self.mid_block1(h, emb)
        h = self.mid_attn(h, context, context_mask)
        h = self.mid_block2(h, emb)
        for j, (block, attn) in enumerate(zip(self.up_blocks, self.up_attns)):
            # The deepest skip first: it has h's resolution.
            h = attn(block(torch.cat([h, skips.pop()], dim=1), emb), context, context_mask)
            if j < len(self.upsamples):
                h = self.upsamples[j](h)
        return self.conv_out(F.silu(self.norm_out(h)))
