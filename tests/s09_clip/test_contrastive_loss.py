"""Specs for katas/s09_clip/contrastive_loss.py."""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_raises, fmt


def oracle(logits):
    labels = torch.arange(len(logits))
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


def test_both_directions_against_cross_entropy(kata):
    # Far from symmetric, so the two directions give different losses.
    logits = 3 * torch.randn(5, 5) + torch.triu(torch.full((5, 5), 4.0))
    got = kata.clip_loss(logits)
    if not expect_finite(got, ("clip_loss(logits [5, 5])", "clip_loss(logits [5, 5]) の値")):
        return
    got = float(got)
    labels = torch.arange(5)
    rows, cols = float(F.cross_entropy(logits, labels)), float(F.cross_entropy(logits.t(), labels))
    want = (rows + cols) / 2
    if abs(got - rows) < 1e-5:
        expect(False, (f"clip_loss = {fmt(got)} is only the image -> caption direction CE(logits, arange); add the "
                       f"caption -> image direction CE(logitsᵀ, arange) ({fmt(cols)}) and average: {fmt(want)}",
                       f"clip_loss = {fmt(got)} は画像 -> キャプションの向き CE(logits, arange) だけです。キャプション -> "
                       f"画像の向き CE(logitsᵀ, arange)（{fmt(cols)}）も加えて平均しましょう: {fmt(want)}"))
    elif abs(got - cols) < 1e-5:
        expect(False, (f"clip_loss = {fmt(got)} is only the caption -> image direction CE(logitsᵀ, arange); add "
                       f"CE(logits, arange) ({fmt(rows)}) and average: {fmt(want)}",
                       f"clip_loss = {fmt(got)} はキャプション -> 画像の向き CE(logitsᵀ, arange) だけです。"
                       f"CE(logits, arange)（{fmt(rows)}）も加えて平均しましょう: {fmt(want)}"))
    elif abs(got - 5 * want) < 1e-4 or abs(got - 2 * want) < 1e-4 or abs(got - 10 * want) < 1e-4:
        expect(False, (f"clip_loss = {fmt(got)}, a multiple of {fmt(want)}: take the MEAN over the batch in each "
                       f"direction (F.cross_entropy's default), then (loss_i + loss_t) / 2",
                       f"clip_loss = {fmt(got)} は {fmt(want)} の倍数です。各向きでバッチについて「平均」をとり"
                       f"（F.cross_entropy の既定）、(loss_i + loss_t) / 2 にしましょう"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("clip_loss vs (F.cross_entropy(logits, arange(B)) + F.cross_entropy(logitsᵀ, arange(B))) / 2 "
                           "(the labels are the diagonal: 0, 1, …, B−1)",
                           "clip_loss と (F.cross_entropy(logits, arange(B)) + F.cross_entropy(logitsᵀ, arange(B))) / 2 "
                           "の比較（ラベルは対角: 0, 1, …, B−1）"))


def test_hand_worked_values(kata):
    for B in (2, 8):
        got = kata.clip_loss(torch.zeros(B, B))
        if expect_finite(got, (f"clip_loss(zeros [{B}, {B}])", f"clip_loss(zeros [{B}, {B}]) の値")):
            expect_close(float(got), math.log(B), atol=1e-5,
                         what=(f"clip_loss of equal logits [{B}, {B}] = ln {B} (a uniform guess among {B}; a mean, "
                               f"not a sum over the batch)",
                               f"等しいロジット [{B}, {B}] の clip_loss = ln {B}（{B} 個から一様に当て推量。バッチに"
                               f"ついては和ではなく平均）"))
    # The true pairs on the diagonal at 10, the rest 0: each row and column is right with
    # probability e^10 / (e^10 + 2), so the loss is ln(1 + 2·e^-10) in both directions.
    got = kata.clip_loss(10 * torch.eye(3))
    if expect_finite(got, ("clip_loss(10·I [3, 3])", "clip_loss(10·I [3, 3]) の値")):
        expect_close(float(got), math.log(1 + 2 * math.exp(-10)), atol=1e-7, rtol=1e-3,
                     what=("clip_loss(10·I) = ln(1 + 2e^-10) ≈ 9.1e-5 (the right pairs are the DIAGONAL: labels "
                           "arange(B))", "clip_loss(10·I) = ln(1 + 2e^-10) ≈ 9.1e-5（正しい組は「対角」: ラベルは arange(B)）"))


def test_symmetric_under_transpose(kata):
    logits = torch.randn(4, 4) + torch.tril(torch.full((4, 4), 3.0), -1)
    a, b = kata.clip_loss(logits), kata.clip_loss(logits.t().contiguous())
    if expect_finite(a, ("clip_loss(logits)", "clip_loss(logits) の値")) and expect_finite(b, ("clip_loss(logitsᵀ)", "clip_loss(logitsᵀ) の値")):
        expect_close(float(b), float(a), atol=1e-5,
                     what=("clip_loss(logitsᵀ) vs clip_loss(logits): images and captions play the same role",
                           "clip_loss(logitsᵀ) と clip_loss(logits) の比較: 画像とキャプションは同じ役割です"))


def test_gradient_matches(kata):
    logits = (2 * torch.randn(4, 4)).requires_grad_()
    got = kata.clip_loss(logits)
    if not expect_finite(got, ("clip_loss(logits)", "clip_loss(logits) の値")):
        return
    got.backward()
    ref = logits.detach().clone().requires_grad_()
    oracle(ref).backward()
    expect_close(logits.grad, ref.grad, atol=1e-6,
                 what=("d clip_loss / d logits vs the gradient of the two-way F.cross_entropy oracle",
                       "d clip_loss / d logits と、両向きの F.cross_entropy の正解の勾配との比較"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.clip_loss, torch.randn(3, 4),
                  what=("logits [3, 4] (not square)", "logits [3, 4]（正方でない）"))
    expect_raises(ValueError, kata.clip_loss, torch.randn(4, 3),
                  what=("logits [4, 3] (not square: image 3 has no caption 3)", "logits [4, 3]（正方でない: 画像 3 にはキャプション 3 がない）"))
    expect_raises(ValueError, kata.clip_loss, torch.randn(4),
                  what=("logits [4] (1-D)", "logits [4]（1 次元）"))
