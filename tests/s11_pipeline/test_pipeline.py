"""Specs for katas/s11_pipeline/pipeline.py."""
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape

WORDS = [",", "a", "seven", "slanted", "thick", "thin", "upright"]
T, L, D = 20, 6, 4                     # D = the latent's channels, so the toy UNet can add the context
LATENT = (4, 4, 4)                      # one latent [C, h, w]; the toy decoder doubles h, w: 8×8 images
ALPHA_BARS = torch.cumprod(1 - torch.linspace(0.01, 0.3, T, dtype=torch.float64), 0)
SCALE = 0.8


class ToyTokenizer:
    """A word-level stand-in for s04's CaptionTokenizer (PAD 0, BOS 1, EOS 2, UNK 3)."""
    PAD, BOS, EOS, UNK = 0, 1, 2, 3

    def __init__(self):
        self.stoi = {w: i + 4 for i, w in enumerate(WORDS)}

    def encode(self, text, max_len=None):
        words = [t.lower() for t in re.findall(r"[A-Za-z]+|[0-9]|\S", text)]
        ids = [self.BOS] + [self.stoi.get(t, self.UNK) for t in words] + [self.EOS]
        if max_len is None:
            return ids
        if len(ids) > max_len:
            raise ValueError(f"{text!r} does not fit in {max_len}")
        return ids + [self.PAD] * (max_len - len(ids))


class ToyTextEncoder(nn.Module):
    """s09's TextEncoder stand-in: tokens(ids) = causal running mean of fixed random embeddings."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(len(WORDS) + 4, D)
        with torch.no_grad():
            self.emb.weight.copy_(torch.randn(len(WORDS) + 4, D, generator=torch.Generator().manual_seed(1)))

    def tokens(self, ids):
        return self.emb(ids).cumsum(1) / torch.arange(1, ids.shape[1] + 1)[None, :, None]


class ToyUNet(nn.Module):
    """s10's CrossAttnUNet stand-in: eps = tanh(a·z + masked mean of the context + t/100); counts calls."""

    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.tensor(0.5))
        self.batches = []

    def eps(self, z, t, context, mask):
        m = mask.to(context.dtype)[..., None]
        pooled = (context * m).sum(1) / m.sum(1)
        t = torch.as_tensor(t).expand(z.shape[0]).to(z.dtype)
        return torch.tanh(self.a.to(z.dtype) * z + pooled[:, :, None, None] + t[:, None, None, None] / 100)

    def forward(self, z, t, context, context_mask=None):
        self.batches.append(z.shape[0])
        return self.eps(z, t, context, context_mask)


class ToyDecoder(nn.Module):
    """s10's decoder stand-in: [n, 4, h, w] -> [n, 1, 2h, 2w] in [−1, 1]."""

    def forward(self, z):
        return torch.tanh(F.interpolate(z.mean(1, keepdim=True), scale_factor=2, mode="nearest")
                          + torch.linspace(-0.5, 0.5, 2 * z.shape[-1]))


def make(kata, crop_to=6):
    parts = ToyTokenizer(), ToyTextEncoder(), ToyUNet(), ToyDecoder()
    return kata.TextToImagePipeline(*parts, ALPHA_BARS.float(), LATENT, SCALE, L, crop_to=crop_to), parts


def by_hand(parts, prompt, steps, guidance, seed, negative="", n=1, crop_to=6):
    """The oracle: the four steps written out (float64), with the toys' own pieces."""
    tok, enc, unet, dec = parts
    with torch.no_grad():
        ids_c = torch.tensor([tok.encode(prompt, L)] * n)
        ids_u = torch.tensor([tok.encode(negative, L)] * n)
        cond, uncond = enc.tokens(ids_c).double(), enc.tokens(ids_u).double()
        z = torch.randn((n, *LATENT), generator=torch.Generator().manual_seed(seed)).double()
        ts = torch.linspace(0, T - 1, steps, dtype=torch.float64).round().long().flip(0).tolist()
        for i, t in enumerate(ts):
            e_u, e_c = unet.eps(z, t, uncond, ids_u != 0), unet.eps(z, t, cond, ids_c != 0)
            eps = e_u + guidance * (e_c - e_u)
            a_t = ALPHA_BARS[t]
            a_prev = ALPHA_BARS[ts[i + 1]] if i + 1 < len(ts) else torch.tensor(1.0, dtype=torch.float64)
            x0 = (z - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            z = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
        x = dec(z / SCALE)
        top = (x.shape[-1] - crop_to) // 2
        x = x[:, 0, top:top + crop_to, top:top + crop_to]
        return (((x + 1) / 2).clamp(0, 1) * 255).round().to(torch.uint8)


def test_n_uint8_images(kata):
    pipe, _ = make(kata)
    images = pipe("a thick seven", steps=4, n=3)
    if expect_shape(images, (3, 6, 6), ("pipe('a thick seven', n=3) with 8×8 images cropped to 6: [n, 6, 6]",
                                        "pipe('a thick seven', n=3)（8×8 の画像を 6 に切り出し）: [n, 6, 6]")):
        expect(images.dtype == torch.uint8, (f"the pipeline returns uint8 images, got {images.dtype}",
                                             f"パイプラインは uint8 の画像を返すはずですが、{images.dtype} でした"))
        expect(not torch.equal(images[0], images[1]),
               ("the n images of one call are identical: draw ONE latent batch of shape (n, *latent_shape) from the "
                "seed, so every image starts from its own noise",
                "1 回の呼び出しの n 枚の画像が同じです。シードから形状 (n, *latent_shape) の潜在変数のバッチを「1 つ」"
                "引き、画像ごとに別のノイズから始めましょう"))
    pipe, _ = make(kata, crop_to=None)
    expect_shape(pipe("a thick seven", steps=2, n=2), (2, 8, 8),
                 ("pipe(..., n=2) with crop_to=None: the whole 8×8 images", "crop_to=None での pipe(..., n=2): 8×8 の画像全体"))


def test_the_four_steps_by_hand(kata):
    pipe, parts = make(kata)
    got = pipe("a thick seven", steps=5, guidance=4.0, seed=3, negative_prompt="thin", n=2)
    if not expect_shape(got, (2, 6, 6), ("pipe(..., n=2)", "pipe(..., n=2) の画像")):
        return
    want = by_hand(parts, "a thick seven", 5, 4.0, 3, "thin", n=2)
    close = lambda other: bool(((got.long() - other.long()).abs() <= 1).all())  # noqa: E731
    if not close(want):
        if close(by_hand(parts, "a thick seven", 5, 3.0, 3, "thin", n=2)):
            expect(False, ("guidance=4.0 was ignored (the images are those of guidance 3): pass it to the loop",
                           "guidance=4.0 が無視されています（guidance 3 の画像です）。ループに渡しましょう"))
            return
        if close(by_hand(parts, "a thick seven", 5, 4.0, 3, "", n=2)):
            expect(False, ("negative_prompt='thin' was ignored (the images are those of \"\"): pass it to encode_prompt",
                           "negative_prompt='thin' が無視されています（\"\" の画像です）。encode_prompt に渡しましょう"))
            return
    expect_close(got, want, atol=1,
                 what=("pipe('a thick seven', steps=5, guidance=4, seed=3, negative_prompt='thin', n=2) vs the four "
                       "steps written out (±1 for rounding)",
                       "pipe('a thick seven', steps=5, guidance=4, seed=3, negative_prompt='thin', n=2) と、4 つのステップを"
                       "書き下したものの比較（丸めのため ±1 まで）"))


def test_same_seed_same_images_other_seed_other_images(kata):
    pipe, _ = make(kata)
    torch.manual_seed(1)
    a = pipe("a slanted seven", steps=4, seed=7, n=2)
    torch.manual_seed(2)
    torch.randn(100)
    b = pipe("a slanted seven", steps=4, seed=7, n=2)
    c = pipe("a slanted seven", steps=4, seed=8, n=2)
    if not all(expect_shape(x, (2, 6, 6), ("pipe(..., n=2)", "pipe(..., n=2) の画像")) for x in (a, b, c)):
        return
    expect(torch.equal(a, b), ("seed 7 twice (the global random state changed in between) gave different images; the "
                               "same seed must give the same images bit for bit (get_latent with the seed)",
                               "seed 7 で 2 回（間でグローバルな乱数の状態が変化）呼ぶと違う画像になりました。同じシードからは"
                               "ビット単位で同じ画像が得られるはずです（シードを渡して get_latent）"))
    expect(not torch.equal(a, c), ("seeds 7 and 8 gave the same images: the seed must choose the starting noise",
                                   "シード 7 と 8 で同じ画像になりました。シードが最初のノイズを決めるはずです"))


def test_steps_guidance_and_negative_prompt_reach_the_loop(kata):
    pipe, parts = make(kata)
    unet = parts[2]
    base = pipe("a thick seven", steps=3, guidance=3.0, n=2)
    expect(unet.batches == [4, 4, 4],
           (f"steps=3 and n=2 should make 3 UNet calls on batches of 2n = 4, got batches {unet.batches}",
            f"steps=3、n=2 なら UNet の呼び出しは 2n = 4 のバッチで 3 回のはずですが、バッチは {unet.batches} でした"))
    other_w = pipe("a thick seven", steps=3, guidance=6.0, n=2)
    other_neg = pipe("a thick seven", steps=3, guidance=3.0, n=2, negative_prompt="thin")
    if all(expect_shape(x, (2, 6, 6), ("pipe(..., n=2)", "pipe(..., n=2) の画像")) for x in (base, other_w, other_neg)):
        expect(not torch.equal(base, other_w), ("guidance 3 and 6 gave the same images: guidance is ignored",
                                                "guidance 3 と 6 で同じ画像になりました。guidance が無視されています"))
        expect(not torch.equal(base, other_neg), ("negative_prompt 'thin' gave the same images as \"\": it is ignored",
                                                  "negative_prompt 'thin' で \"\" と同じ画像になりました。無視されています"))


def test_bad_input(kata):
    pipe, _ = make(kata)
    expect_raises(ValueError, pipe, "a seven", steps=2, n=0, what=("n = 0 images", "n = 0 枚の画像"))
    expect_raises(ValueError, pipe, ["a seven"], steps=2, what=("a list instead of one prompt", "1 つのプロンプトの代わりにリスト"))
    expect_raises(ValueError, pipe, "a thick, slanted, upright seven", steps=2,
                  what=("a prompt longer than max_len", "max_len より長いプロンプト"))
