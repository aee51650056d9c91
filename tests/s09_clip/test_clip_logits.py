"""Specs for katas/s09_clip/clip_logits.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def cosines(image_emb, text_emb):
    """[Bi, Bt] cosine similarities from torch's own F.cosine_similarity."""
    return F.cosine_similarity(image_emb[:, None, :], text_emb[None, :, :], dim=-1)


def test_scaled_cosine_similarities(kata):
    image_emb = torch.randn(3, 5) * torch.tensor([[0.5], [2.0], [4.0]])
    text_emb = torch.randn(4, 5) * torch.tensor([[3.0], [0.2], [1.0], [7.0]])
    scale = torch.tensor(math.log(10.0))
    got = kata.clip_logits(image_emb, text_emb, scale)
    if not expect_shape(got, (3, 4), ("clip_logits(image_emb [3, 5], text_emb [4, 5]) -> [Bi, Bt] (a row per image)",
                                      "clip_logits(image_emb [3, 5], text_emb [4, 5]) の出力 [Bi, Bt]（画像ごとに 1 行）")):
        return
    got = got.detach()
    want = 10.0 * cosines(image_emb, text_emb)
    if torch.allclose(got, 10.0 * image_emb @ text_emb.t(), atol=1e-4):
        expect(False, ("the logits are raw dot products × 10: L2-normalise both embeddings (each row) first, so "
                       "only directions count", "ロジットが生の内積 × 10 になっています。先に両方の埋め込み（各行）を "
                       "L2 正規化し、向きだけが効くようにしましょう"))
    elif torch.allclose(got, math.log(10.0) * cosines(image_emb, text_emb), atol=1e-4):
        expect(False, ("the cosines are multiplied by logit_scale itself (ln 10 ≈ 2.30) instead of exp(logit_scale) "
                       "= 10: the scale is learned as its logarithm",
                       "コサインに exp(logit_scale) = 10 ではなく logit_scale そのもの（ln 10 ≈ 2.30）を掛けています。"
                       "スケールは対数として学習します"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("clip_logits vs exp(logit_scale) · F.cosine_similarity(image_i, text_j) with logit_scale = ln 10",
                           "clip_logits と exp(logit_scale) · F.cosine_similarity(image_i, text_j)（logit_scale = ln 10）の比較"))


def test_lengths_do_not_matter(kata):
    image_emb, text_emb = torch.randn(2, 6), torch.randn(3, 6)
    base = kata.clip_logits(image_emb, text_emb, 1.0)
    if not expect_shape(base, (2, 3), ("clip_logits(image_emb [2, 6], text_emb [3, 6])",
                                       "clip_logits(image_emb [2, 6], text_emb [3, 6]) の出力")):
        return
    longer = kata.clip_logits(image_emb * torch.tensor([[7.0], [0.1]]), text_emb * torch.tensor([[0.3], [5.0], [60.0]]), 1.0)
    expect_close(longer, base, atol=1e-5,
                 what=("clip_logits after scaling embedding rows by 7, 0.1, 0.3, 5 and 60 (cosines ignore lengths: "
                       "normalise each row)",
                       "埋め込みの各行を 7, 0.1, 0.3, 5, 60 倍した後の clip_logits（コサインは長さに関係しません。"
                       "各行を正規化しましょう）"))


def test_temperature_is_exponentiated_and_capped_at_100(kata):
    image_emb, text_emb = torch.randn(3, 4), torch.randn(2, 4)
    cos = cosines(image_emb, text_emb)
    for logit_scale, s, why in ((0.0, 1.0, ("exp(0) = 1: the plain cosines", "exp(0) = 1: コサインそのもの")),
                                (-1.0, math.exp(-1), ("exp(-1) ≈ 0.368", "exp(-1) ≈ 0.368")),
                                (math.log(50.0), 50.0, ("exp(ln 50) = 50, below the cap", "exp(ln 50) = 50、上限より下")),
                                (math.log(1000.0), 100.0, ("exp(ln 1000) = 1000, capped at 100 (clamp logit_scale "
                                                           "at ln 100 before exp)",
                                                           "exp(ln 1000) = 1000 を上限の 100 に抑えたもの（exp の前に "
                                                           "logit_scale を ln 100 で clamp）"))):
        got = kata.clip_logits(image_emb, text_emb, torch.tensor(logit_scale))
        if expect_shape(got, (3, 2), ("clip_logits(image_emb [3, 4], text_emb [2, 4])",
                                      "clip_logits(image_emb [3, 4], text_emb [2, 4]) の出力")):
            expect_close(got, s * cos, atol=1e-4, rtol=1e-5,
                         what=(f"clip_logits with logit_scale = {fmt(logit_scale)}: scale {fmt(s)} = {why[0]}",
                               f"logit_scale = {fmt(logit_scale)} の clip_logits: スケール {fmt(s)} = {why[1]}"))


def test_gradients_reach_the_scale_and_both_embeddings(kata):
    image_emb = torch.randn(3, 4, requires_grad=True)
    text_emb = torch.randn(5, 4, requires_grad=True)
    logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
    got = kata.clip_logits(image_emb, text_emb, logit_scale)
    if not expect_shape(got, (3, 5), ("clip_logits(image_emb [3, 4], text_emb [5, 4])",
                                      "clip_logits(image_emb [3, 4], text_emb [5, 4]) の出力")):
        return
    got.sum().backward()
    expect_grad(image_emb, ("image_emb", "画像の埋め込み image_emb"))
    expect_grad(text_emb, ("text_emb", "テキストの埋め込み text_emb"))
    if expect_grad(logit_scale, ("logit_scale (pass the Parameter itself, do not detach it)",
                                 "logit_scale（Parameter そのものを渡し、detach しないこと）")):
        # d/ds Σ exp(s)·cos = Σ exp(s)·cos = Σ logits: the derivative of exp is exp.
        expect_close(logit_scale.grad, got.detach().sum(), atol=1e-4,
                     what=("d(Σ logits)/d(logit_scale) = Σ logits (the derivative of exp(s) is exp(s))",
                           "d(Σ logits)/d(logit_scale) = Σ logits（exp(s) の微分は exp(s)）"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.clip_logits, torch.randn(3, 4), torch.randn(2, 5), 1.0,
                  what=("image_emb [3, 4] with text_emb [2, 5] (different D)", "image_emb [3, 4] と text_emb [2, 5]（D が違う）"))
    expect_raises(ValueError, kata.clip_logits, torch.randn(4), torch.randn(2, 4), 1.0,
                  what=("a 1-D image_emb [4]", "1 次元の image_emb [4]"))
