"""Specs for katas/s07_guidance/classifier_guidance.py."""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape

EPS = torch.tensor([0.5, -1.0, 2.0])
GRAD = torch.tensor([1.0, 2.0, -1.0])


def test_hand_worked(kata):
    # ᾱ = 0.64 -> sqrt(1 − ᾱ) = 0.6; s = 2: ε − 1.2·grad = [-0.7, -3.4, 3.2].
    got = kata.classifier_guided_eps(EPS.clone(), GRAD.clone(), 0.64, 2.0)
    if not expect_shape(got, (3,), ("classifier_guided_eps(eps [3], grad [3], 0.64, 2.0)",
                                    "classifier_guided_eps(eps [3], grad [3], 0.64, 2.0) の出力")):
        return
    got = got.detach()
    want = torch.tensor([-0.7, -3.4, 3.2])
    for wrong, message in (
            (EPS + 1.2 * GRAD, ("the sign is flipped: ε + s·sqrt(1−ᾱ)·grad pushes AWAY from the class; subtract",
                                "符号が逆です。ε + s·sqrt(1−ᾱ)·grad ではクラスから遠ざかります。引き算しましょう")),
            (EPS - 2.0 * 0.36 * GRAD, ("you used 1 − ᾱ_t = 0.36 where sqrt(1 − ᾱ_t) = 0.6 belongs",
                                       "sqrt(1 − ᾱ_t) = 0.6 を使うべきところで 1 − ᾱ_t = 0.36 を使っています")),
            (EPS - 2.0 * GRAD, ("the factor sqrt(1 − ᾱ_t) is missing (it turns the score into noise units)",
                                "係数 sqrt(1 − ᾱ_t) が抜けています（スコアをノイズの単位に直す係数です）")),
            (EPS - 2.0 * 0.8 * GRAD, ("you used sqrt(ᾱ_t) = 0.8; the factor is sqrt(1 − ᾱ_t) = 0.6, the noise level",
                                      "sqrt(ᾱ_t) = 0.8 を使っています。係数はノイズの大きさ sqrt(1 − ᾱ_t) = 0.6 です")),
            (EPS - 0.6 * GRAD, ("the scale s = 2 is ignored", "スケール s = 2 が無視されています"))):
        if torch.allclose(got, wrong, atol=1e-5):
            expect(False, (f"ε = [0.5, -1, 2], grad = [1, 2, -1], ᾱ = 0.64, s = 2: {message[0]}",
                           f"ε = [0.5, -1, 2], grad = [1, 2, -1], ᾱ = 0.64, s = 2 のとき: {message[1]}"))
            return
    expect_close(got, want, atol=1e-5,
                 what=("ε − s·sqrt(1 − ᾱ)·grad with ε = [0.5, -1, 2], grad = [1, 2, -1], ᾱ = 0.64, s = 2",
                       "ε = [0.5, -1, 2], grad = [1, 2, -1], ᾱ = 0.64, s = 2 での ε − s·sqrt(1 − ᾱ)·grad"))


def test_scale_zero_and_linearity(kata):
    eps, grad = torch.randn(2, 1, 3, 3), torch.randn(2, 1, 3, 3)
    zero = kata.classifier_guided_eps(eps, grad, 0.3, 0.0)
    if expect_shape(zero, (2, 1, 3, 3), ("classifier_guided_eps(eps [2, 1, 3, 3], ...)",
                                         "classifier_guided_eps(eps [2, 1, 3, 3], ...) の出力")):
        expect_close(zero, eps, atol=1e-6, what=("scale 0 gives back ε", "スケール 0 では ε に戻ります"))
    for s in (1.0, 5.0):
        got = kata.classifier_guided_eps(eps, grad, 0.3, s)
        if expect_shape(got, (2, 1, 3, 3), (f"classifier_guided_eps(..., scale={s})",
                                            f"classifier_guided_eps(..., scale={s}) の出力")):
            expect_close(got, eps - s * math.sqrt(0.7) * grad, atol=1e-5,
                         what=(f"ᾱ = 0.3, s = {s}: ε − s·sqrt(0.7)·grad", f"ᾱ = 0.3, s = {s} のとき: ε − s·sqrt(0.7)·grad"))


def test_one_alpha_bar_per_example(kata):
    eps, grad = torch.randn(3, 2, 2, 2), torch.randn(3, 2, 2, 2)
    abar = torch.tensor([1.0, 0.75, 0.0]).view(3, 1, 1, 1)   # sqrt(1 − ᾱ) = 0, 0.5, 1
    got = kata.classifier_guided_eps(eps, grad, abar, 2.0)
    if expect_shape(got, (3, 2, 2, 2), ("classifier_guided_eps with ᾱ [3, 1, 1, 1]",
                                        "ᾱ [3, 1, 1, 1] での classifier_guided_eps")):
        expect_close(got, torch.stack([eps[0], eps[1] - grad[1], eps[2] - 2 * grad[2]]), atol=1e-5,
                     what=("ᾱ = 1, 0.75, 0 per example, s = 2: rows ε, ε − grad, ε − 2·grad (no guidance at ᾱ = 1)",
                           "例ごとに ᾱ = 1, 0.75, 0、s = 2: 各行は ε、ε − grad、ε − 2·grad（ᾱ = 1 ではガイダンスなし）"))


def test_guided_prediction_looks_more_like_the_class(kata):
    # Two-class linear classifier: log p(y | x) grows along W_y − W_other everywhere, and its
    # gradient points that way. The x̂0 implied by the guided ε should be scored higher for y.
    W = torch.randn(2, 8)
    x_t, eps, y, abar = torch.randn(4, 8), torch.randn(4, 8), torch.tensor([0, 1, 1, 0]), 0.5
    p = F.softmax(x_t @ W.T, dim=-1)
    grad = W[y] - p @ W                                   # ∇_x log p(y | x_t), closed form
    guided = kata.classifier_guided_eps(eps, grad, abar, 3.0)
    if not expect_shape(guided, (4, 8), ("classifier_guided_eps(eps [4, 8], ...)", "classifier_guided_eps(eps [4, 8], ...) の出力")):
        return

    def log_p_y(e):   # log p(y | x̂0) with x̂0 = (x_t − sqrt(1 − ᾱ)·ε)/sqrt(ᾱ)
        x0 = (x_t - math.sqrt(1 - abar) * e) / math.sqrt(abar)
        return F.log_softmax(x0 @ W.T, dim=-1).gather(1, y[:, None]).squeeze(1)

    before, after = log_p_y(eps), log_p_y(guided.detach())
    expect(bool((after > before).all()),
           (f"the clean image x̂0 implied by the guided ε should be MORE like its class: log p(y | x̂0) went "
            f"from {before.tolist()} to {after.tolist()} (is the sign of the correction right?)",
            f"ガイダンス後の ε から求めたきれいな画像 x̂0 は、そのクラスに「より」近いはずです。log p(y | x̂0) は "
            f"{before.tolist()} から {after.tolist()} になりました（補正の符号は正しいですか？）"))


def test_rejects_bad_input(kata):
    eps = torch.zeros(2, 1, 4, 4)
    expect_raises(ValueError, kata.classifier_guided_eps, eps, torch.zeros(2, 1, 4, 3), 0.5, 1.0,
                  what=("eps [2, 1, 4, 4] with grad [2, 1, 4, 3]", "eps [2, 1, 4, 4] と grad [2, 1, 4, 3]"))
    expect_raises(ValueError, kata.classifier_guided_eps, eps, eps, 1.5, 1.0, what=("ᾱ_t = 1.5", "ᾱ_t = 1.5（[0, 1] の外）"))
    expect_raises(ValueError, kata.classifier_guided_eps, eps, eps, -0.1, 1.0,
                  what=("ᾱ_t = -0.1", "ᾱ_t = -0.1（[0, 1] の外）"))
    expect_raises(ValueError, kata.classifier_guided_eps, eps, eps, torch.tensor(-0.1), 1.0,
                  what=("ᾱ_t = tensor(-0.1)", "ᾱ_t = tensor(-0.1)（[0, 1] の外）"))
