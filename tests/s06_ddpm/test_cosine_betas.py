"""Specs for katas/s06_ddpm/cosine_betas.py."""
import math

import numpy as np
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _f(T, s):
    t = np.arange(T + 1, dtype=np.float64)
    return np.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2


def _oracle(T, s=0.008, max_beta=0.999):
    f = _f(T, s)
    return np.minimum(1 - f[1:] / f[:-1], max_beta)


def test_matches_closed_form(kata):
    got = kata.cosine_betas(10)
    if not expect_shape(got, (10,), ("cosine_betas(10)", "cosine_betas(10) の出力")):
        return
    expect(got.dtype == torch.float32, (f"the betas should be float32, got {got.dtype}",
                                        f"β は float32 のはずですが、{got.dtype} でした"))
    g = got.double().numpy()
    if (g < 0).any():
        expect(False, ("some betas are negative: the ratio is inverted; the fraction kept by step t is "
                       "f(t+1)/f(t) (< 1), so β_t = 1 − f(t+1)/f(t)",
                       "負の β があります。比が逆です。ステップ t で残る割合は f(t+1)/f(t)（1 未満）なので "
                       "β_t = 1 − f(t+1)/f(t) です"))
        return
    if np.allclose(g, _oracle(10, s=0.0), atol=1e-6):
        expect(False, ("these are the betas for s = 0: the offset s = 0.008 is missing from "
                       "f(t) = cos²((t/T + s)/(1 + s) · π/2)",
                       "これは s = 0 のときの β です。f(t) = cos²((t/T + s)/(1 + s) · π/2) からずらし s = 0.008 が"
                       "抜けています"))
        return
    expect_close(got, _oracle(10), atol=1e-6,
                 what=("cosine_betas(10) vs min(1 − f(t+1)/f(t), 0.999), f(t) = cos²((t/10 + 0.008)/1.008 · π/2)",
                       "cosine_betas(10) と min(1 − f(t+1)/f(t), 0.999)、f(t) = cos²((t/10 + 0.008)/1.008 · π/2) の比較"))


def test_alpha_bar_is_the_squared_cosine(kata):
    # Before clipping, ∏_{s≤t} (1 − β_s) = f(t+1)/f(0): the cosine curve itself.
    T = 50
    betas = kata.cosine_betas(T)
    if not expect_shape(betas, (T,), ("cosine_betas(50)", "cosine_betas(50) の出力")):
        return
    ab = torch.cumprod(1 - betas.double(), 0).numpy()
    f = _f(T, 0.008)
    expect_close(ab[:-1], f[1:-1] / f[0], atol=1e-6,
                 what=("∏(1 − β) for t < T−1 vs the curve f(t+1)/f(0) (the last β is clipped)",
                       "t < T−1 での ∏(1 − β) と曲線 f(t+1)/f(0) の比較（最後の β は切り詰められます）"))


def test_clipped_at_max_beta(kata):
    betas = kata.cosine_betas(1000)
    if not expect_shape(betas, (1000,), ("cosine_betas(1000)", "cosine_betas(1000) の出力")):
        return
    last = float(betas[-1])
    if last > 0.9991:
        expect(False, (f"the last beta is {fmt(last)}: f(T) = 0 makes it 1, which erases the image; clip "
                       f"every beta at max_beta = 0.999",
                       f"最後の β が {fmt(last)} です。f(T) = 0 なので 1 になり、画像を消してしまいます。"
                       f"すべての β を max_beta = 0.999 で切り詰めましょう"))
        return
    expect_close(betas[-1], 0.999, atol=1e-6,
                 what=("the last beta (clipped at max_beta)", "最後の β（max_beta で切り詰め）"))
    low = kata.cosine_betas(20, max_beta=0.2)
    if expect_shape(low, (20,), ("cosine_betas(20, max_beta=0.2)", "cosine_betas(20, max_beta=0.2) の出力")):
        expect_close(low, _oracle(20, max_beta=0.2), atol=1e-6,
                     what=("cosine_betas(20, max_beta=0.2): min(1 − f(t+1)/f(t), 0.2)",
                           "cosine_betas(20, max_beta=0.2): min(1 − f(t+1)/f(t), 0.2) の値"))


def test_offset_s_sets_the_first_beta(kata):
    # β_0 = 1 − f(1)/f(0) ≈ 4.1e-5 for T = 1000, s = 0.008; about 2.5e-6 without the offset.
    T = 1000
    got = kata.cosine_betas(T)
    if expect_shape(got, (T,), ("cosine_betas(1000)", "cosine_betas(1000) の出力")):
        want = _oracle(T)[0]
        expect_close(got[0], want, atol=1e-8, rtol=1e-3,
                     what=(f"β_0 of cosine_betas(1000) (= {fmt(want)}; with s = 0 it would be {fmt(_oracle(T, 0.0)[0])})",
                           f"cosine_betas(1000) の β_0（= {fmt(want)}。s = 0 なら {fmt(_oracle(T, 0.0)[0])}）"))
    other = kata.cosine_betas(8, s=0.1)
    if expect_shape(other, (8,), ("cosine_betas(8, s=0.1)", "cosine_betas(8, s=0.1) の出力")):
        expect_close(other, _oracle(8, s=0.1), atol=1e-6,
                     what=("cosine_betas(8, s=0.1): the s argument must be used",
                           "cosine_betas(8, s=0.1): 引数 s を使う必要があります"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.cosine_betas, 0, what=("T = 0", "T = 0 の場合"))
    expect_raises(ValueError, kata.cosine_betas, 10, -0.1, what=("s = −0.1", "s = −0.1 の場合"))
    expect_raises(ValueError, kata.cosine_betas, 10, 0.008, 0.0, what=("max_beta = 0", "max_beta = 0 の場合"))
