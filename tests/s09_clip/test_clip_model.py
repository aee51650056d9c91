"""Specs for katas/s09_clip/clip_model.py (with small stand-in encoders)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt

IMAGE_DIM, TEXT_DIM, EMBED = 6, 5, 4


class BagOfWords(nn.Module):
    """A stand-in text encoder: the mean of the token embeddings -> [B, TEXT_DIM]."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, TEXT_DIM)

    def forward(self, tokens):
        return self.emb(tokens).mean(1)


class MaskedBag(BagOfWords):
    """Takes a mask too, and remembers the one it got."""

    def forward(self, tokens, mask):
        self.got_mask = mask
        m = mask.float()[..., None]
        return (self.emb(tokens) * m).sum(1) / m.sum(1)


def image_tower():
    return nn.Sequential(nn.Flatten(), nn.Linear(16, IMAGE_DIM))   # images [B, 1, 4, 4]


def make_model(kata, text=None):
    return kata.CLIP(image_tower(), text or BagOfWords(), IMAGE_DIM, TEXT_DIM, EMBED)


_G = torch.Generator().manual_seed(9)
IMAGES = torch.randn(3, 1, 4, 4, generator=_G)
TOKENS = torch.randint(0, 10, (4, 6), generator=_G)


def test_parts_and_initial_temperature(kata):
    model = make_model(kata)
    for name, dims in (("image_proj", (IMAGE_DIM, EMBED)), ("text_proj", (TEXT_DIM, EMBED))):
        head = getattr(model, name, None)
        got = (head.in_dim, head.embed_dim) if isinstance(head, kata.ProjectionHead) else None
        expect(got == dims, (f"model.{name} should be a ProjectionHead{dims}, got {got}",
                             f"model.{name} は ProjectionHead{dims} のはずですが、{got} でした"))
    scale = getattr(model, "logit_scale", None)
    if not expect(isinstance(scale, nn.Parameter) and scale.numel() == 1,
                  (f"model.logit_scale should be an nn.Parameter holding one number, got {type(scale).__name__}",
                   f"model.logit_scale は数を 1 つ持つ nn.Parameter のはずですが、{type(scale).__name__} でした")):
        return
    value = float(scale.detach())
    want = math.log(1 / 0.07)
    if abs(value - 1 / 0.07) < 1e-3:
        expect(False, (f"logit_scale starts at 1/0.07 = {fmt(value)}: store its LOGARITHM, ln(1/0.07) ≈ 2.659 "
                       f"(clip_logits takes exp)",
                       f"logit_scale の初期値が 1/0.07 = {fmt(value)} です。その「対数」ln(1/0.07) ≈ 2.659 を持ちましょう"
                       f"（exp は clip_logits がとります）"))
    else:
        expect_close(value, want, atol=1e-6,
                     what=("the initial logit_scale = ln(1/0.07) ≈ 2.6593 (temperature 0.07, scale ≈ 14.3)",
                           "logit_scale の初期値 = ln(1/0.07) ≈ 2.6593（温度 0.07、スケール ≈ 14.3）"))


def test_embeddings_are_normalised_projections(kata):
    model = make_model(kata)
    with torch.no_grad():
        img, txt = model.encode_image(IMAGES), model.encode_text(TOKENS)
        want_img = F.normalize(model.image_encoder(IMAGES) @ model.image_proj.proj.weight.t(), dim=-1)
        want_txt = F.normalize(model.text_encoder(TOKENS) @ model.text_proj.proj.weight.t(), dim=-1)
    if expect_shape(img, (3, EMBED), ("model.encode_image(images [3, 1, 4, 4])", "model.encode_image(images [3, 1, 4, 4]) の出力")):
        expect_close(img, want_img, atol=1e-5,
                     what=("encode_image vs normalize(image_proj(image_encoder(images))) (unit rows)",
                           "encode_image と normalize(image_proj(image_encoder(images))) の比較（各行が単位ベクトル）"))
    if expect_shape(txt, (4, EMBED), ("model.encode_text(tokens [4, 6])", "model.encode_text(tokens [4, 6]) の出力")):
        expect_close(txt, want_txt, atol=1e-5,
                     what=("encode_text vs normalize(text_proj(text_encoder(tokens))) (unit rows)",
                           "encode_text と normalize(text_proj(text_encoder(tokens))) の比較（各行が単位ベクトル）"))


def test_forward_is_every_image_against_every_caption(kata):
    model = make_model(kata)
    for log_scale in (math.log(1 / 0.07), math.log(1000.0)):
        with torch.no_grad():
            model.logit_scale.fill_(log_scale)
            got = model(IMAGES, TOKENS)
            img = F.normalize(model.image_encoder(IMAGES) @ model.image_proj.proj.weight.t(), dim=-1)
            txt = F.normalize(model.text_encoder(TOKENS) @ model.text_proj.proj.weight.t(), dim=-1)
        s = min(math.exp(log_scale), 100.0)
        if expect_shape(got, (3, 4), ("model(images [3, …], tokens [4, 6]) -> logits_per_image [3, 4]",
                                      "model(images [3, …], tokens [4, 6]) の出力 logits_per_image [3, 4]")):
            expect_close(got, s * img @ txt.t(), atol=1e-4,
                         what=(f"model(images, tokens) with logit_scale = {fmt(log_scale)}: {fmt(s)} · cosines "
                               f"(clip_logits with the model's logit_scale; capped at 100)",
                               f"logit_scale = {fmt(log_scale)} の model(images, tokens): {fmt(s)} · コサイン"
                               f"（モデルの logit_scale で clip_logits。上限は 100）"))


def test_mask_goes_to_the_text_encoder(kata):
    text = MaskedBag()
    model = make_model(kata, text)
    mask = torch.tensor([[True] * 6, [True] * 3 + [False] * 3, [True] * 2 + [False] * 4, [True] * 5 + [False]])
    with torch.no_grad():
        got = model.encode_text(TOKENS, mask)
        want = F.normalize(text(TOKENS, mask) @ model.text_proj.proj.weight.t(), dim=-1)
        again = model(IMAGES, TOKENS, mask)
    if expect_shape(got, (4, EMBED), ("model.encode_text(tokens, mask)", "model.encode_text(tokens, mask) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("encode_text(tokens, mask) vs normalize(text_proj(text_encoder(tokens, mask)))",
                           "encode_text(tokens, mask) と normalize(text_proj(text_encoder(tokens, mask))) の比較"))
    expect(again is not None and getattr(text, "got_mask", None) is mask,
           ("model(images, tokens, mask) should hand the mask to the text encoder",
            "model(images, tokens, mask) は mask をテキストエンコーダに渡すはずです"))


def test_gradients_reach_both_towers_and_the_scale(kata):
    model = make_model(kata)
    logits = model(torch.randn(4, 1, 4, 4), TOKENS)
    if not expect_shape(logits, (4, 4), ("model(images [4, …], tokens [4, 6])", "model(images [4, …], tokens [4, 6]) の出力")):
        return
    labels = torch.arange(4)
    ((F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2).backward()
    for name, p in (("logit_scale", model.logit_scale), ("the image encoder", model.image_encoder[1].weight),
                    ("the text encoder", model.text_encoder.emb.weight), ("image_proj", model.image_proj.proj.weight),
                    ("text_proj", model.text_proj.proj.weight)):
        expect_grad(p, (f"CLIP: {name}", f"CLIP の {name}"))
