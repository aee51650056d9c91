"""Specs for katas/s11_pipeline/prompt_interpolation.py."""
import math
import re
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_raises, expect_shape

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


def make_pipe():
    """A pipeline-like object: the toy parts and the settings prompt_interpolation reads."""
    return SimpleNamespace(tokenizer=ToyTokenizer(), text_encoder=ToyTextEncoder(), unet=ToyUNet(),
                           decoder=ToyDecoder(), alpha_bars=ALPHA_BARS.float(), latent_shape=LATENT,
                           scale_factor=SCALE, max_len=L, crop_to=6, use_context_mask=True)


def states(pipe, text):
    """A prompt's token states [L, D] and mask [L], from the toys directly."""
    with torch.no_grad():
        ids = torch.tensor([pipe.tokenizer.encode(text, L)])
        return pipe.text_encoder.tokens(ids)[0].double(), ids[0] != 0


def by_hand(pipe, cond, cond_mask, steps, guidance, seed, negative=""):
    """The oracle: one image from a given context [L, D] and mask [L] (float64, written out)."""
    uncond, uncond_mask = states(pipe, negative)
    cond, uncond = cond[None], uncond[None]
    with torch.no_grad():
        z = torch.randn((1, *LATENT), generator=torch.Generator().manual_seed(seed)).double()
        ts = torch.linspace(0, T - 1, steps, dtype=torch.float64).round().long().flip(0).tolist()
        for i, t in enumerate(ts):
            e_u = pipe.unet.eps(z, t, uncond, uncond_mask[None])
            e_c = pipe.unet.eps(z, t, cond, cond_mask[None])
            eps = e_u + guidance * (e_c - e_u)
            a_t = ALPHA_BARS[t]
            a_prev = ALPHA_BARS[ts[i + 1]] if i + 1 < len(ts) else torch.tensor(1.0, dtype=torch.float64)
            x0 = (z - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            z = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
        x = pipe.decoder(z / SCALE)[:, 0, 1:7, 1:7]
        return (((x + 1) / 2).clamp(0, 1) * 255).round().to(torch.uint8)[0]

def near(a, b):
    """Two uint8 images that agree up to ±1 (float rounding)."""
    return a.shape == b.shape and bool(((a.long() - b.long()).abs() <= 1).all())


def arc(a, b, s):
    """The oracle's slerp, written out: the point at s·Ω on the arc from a to b (whole tensors)."""
    fa, fb = a.flatten(), b.flatten()
    omega = math.acos(float(fa @ fb / (fa.norm() * fb.norm())))
    return (math.sin((1 - s) * omega) * a + math.sin(s * omega) * b) / math.sin(omega)


def test_the_middle_frame_of_a_slerp(kata):
    pipe = make_pipe()
    frames = kata.prompt_interpolation(pipe, "a thin seven", "a thick slanted seven", frames=3, steps=4, seed=4,
                                       guidance=5.0)
    if not expect_shape(frames, (3, 6, 6), ("prompt_interpolation, frames=3 (mode 'slerp', the default)",
                                           "prompt_interpolation、frames=3（既定の mode 'slerp'）の出力")):
        return
    (ca, ma), (cb, mb) = states(pipe, "a thin seven"), states(pipe, "a thick slanted seven")
    want = by_hand(pipe, arc(ca, cb, 0.5), ma | mb, 4, 5.0, 4)
    if not near(frames[1], want) and near(frames[1], by_hand(pipe, (ca + cb) / 2, ma | mb, 4, 5.0, 4)):
        expect(False, ("the middle frame is the straight-line (lerp) blend; mode='slerp' (the default) must use s08's "
                       "slerp on the token states",
                       "真ん中のコマが直線（lerp）の混ぜ方になっています。mode='slerp'（既定）では、トークンの状態に "
                       "s08 の slerp を使いましょう"))
        return
    expect(near(frames[1], want),
           (f"the middle frame (s = 0.5, slerp) should be the image of slerp(cond_a, cond_b, 0.5) with the mask "
            f"mask_a | mask_b, guidance 5, ±1: got {frames[1].tolist()}, expected {want.tolist()}",
            f"真ん中のコマ（s = 0.5、slerp）は、slerp(cond_a, cond_b, 0.5)、マスク mask_a | mask_b、guidance 5 の画像の"
            f"はずです（±1 まで）。{frames[1].tolist()} でしたが、{want.tolist()} のはずです"))


def test_the_ends_are_the_two_prompts_images(kata):
    pipe = make_pipe()
    frames = kata.prompt_interpolation(pipe, "a thin seven", "a thick slanted seven", frames=4, steps=4, seed=5)
    if not expect_shape(frames, (4, 6, 6), ("prompt_interpolation with frames=4 -> [frames, H, W]",
                                           "frames=4 での prompt_interpolation -> [frames, H, W]")):
        return
    expect(frames.dtype == torch.uint8, (f"the frames should be uint8 images, got {frames.dtype}",
                                         f"コマは uint8 の画像のはずですが、{frames.dtype} でした"))
    for k, text in ((0, "a thin seven"), (3, "a thick slanted seven")):
        c, m = states(pipe, text)
        want = by_hand(pipe, c, m, 4, 3.0, 5)
        expect(near(frames[k], want),
               (f"frame {k} should be the image of {text!r} itself (seed 5, its own mask), ±1: got {frames[k].tolist()}, "
                f"expected {want.tolist()}. Include both ends (s = k/(frames−1)), keep one latent for every frame",
                f"コマ {k} は {text!r} の画像そのもの（シード 5、そのプロンプト自身のマスク）のはずです（±1 まで）。"
                f"{frames[k].tolist()} でしたが、{want.tolist()} のはずです。両端を含め（s = k/(frames−1)）、"
                f"すべてのコマで同じ潜在変数を使いましょう"))


def test_one_latent_for_every_frame(kata):
    pipe = make_pipe()
    frames = kata.prompt_interpolation(pipe, "a thick seven", "a thick seven", frames=3, steps=3, seed=2)
    if expect_shape(frames, (3, 6, 6), ("prompt_interpolation with frames=3", "frames=3 での prompt_interpolation")):
        expect(torch.equal(frames[0], frames[1]) and torch.equal(frames[1], frames[2]),
               ("the same prompt at both ends gave different frames: every frame must start from the SAME latent "
                "(one get_latent of shape (1, …), expanded), only the text changes",
                "両端が同じプロンプトなのにコマが違います。どのコマも「同じ」潜在変数（形状 (1, …) の get_latent を"
                "1 回引いて広げたもの）から始め、変えるのはテキストだけです"))


def test_the_middle_frame_of_a_lerp(kata):
    pipe = make_pipe()
    frames = kata.prompt_interpolation(pipe, "a thin seven", "a thick slanted seven", frames=3, steps=4, seed=1,
                                       negative_prompt="upright", mode="lerp")
    if not expect_shape(frames, (3, 6, 6), ("prompt_interpolation, frames=3, mode='lerp'",
                                           "prompt_interpolation、frames=3、mode='lerp' の出力")):
        return
    (ca, ma), (cb, mb) = states(pipe, "a thin seven"), states(pipe, "a thick slanted seven")
    want = by_hand(pipe, (ca + cb) / 2, ma | mb, 4, 3.0, 1, negative="upright")
    expect(near(frames[1], want),
           (f"the middle frame (s = 0.5, lerp) should be the image of the context (cond_a + cond_b)/2 with the mask "
            f"mask_a | mask_b and the negative prompt 'upright', ±1: got {frames[1].tolist()}, expected {want.tolist()}",
            f"真ん中のコマ（s = 0.5、lerp）は、コンテキスト (cond_a + cond_b)/2、マスク mask_a | mask_b、ネガティブ"
            f"プロンプト 'upright' の画像のはずです（±1 まで）。{frames[1].tolist()} でしたが、{want.tolist()} のはずです"))


def test_bad_input(kata):
    pipe = make_pipe()
    expect_raises(ValueError, kata.prompt_interpolation, pipe, "a seven", "thin", frames=1, steps=2,
                  what=("frames = 1 (both ends need 2)", "frames = 1（両端で 2 つ必要です）"))
    expect_raises(ValueError, kata.prompt_interpolation, pipe, "a seven", "thin", frames=3, steps=2, mode="cubic",
                  what=("mode = 'cubic' (not slerp or lerp)", "mode = 'cubic'（slerp でも lerp でもない）"))
