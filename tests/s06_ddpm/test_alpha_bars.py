"""Specs for katas/s06_ddpm/alpha_bars.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


def test_hand_worked(kata):
    betas = torch.tensor([0.1, 0.2, 0.5])
    got = kata.alpha_bars(betas)
    if not expect_shape(got, (3,), ("alpha_bars(betas [3])", "alpha_bars(betas [3]) の出力")):
        return
    want = torch.tensor([0.9, 0.72, 0.36])
    if torch.allclose(got, torch.tensor([0.9, 1.7, 2.2])):
        expect(False, ("that is a running SUM of 1 − β (values above 1); ᾱ is the running PRODUCT "
                       "(torch.cumprod)",
                       "これは 1 − β の累積「和」です（1 を超えています）。ᾱ は累積「積」です（torch.cumprod）"))
    elif torch.allclose(got, torch.tensor([1.0, 0.9, 0.72])):
        expect(False, ("ᾱ is shifted by one: ᾱ_0 = 1 − β_0 = 0.9 already includes step 0; "
                       "ᾱ_t = ∏_{s=0}^{t} (1 − β_s)",
                       "ᾱ が 1 つずれています。ᾱ_0 = 1 − β_0 = 0.9 にはすでにステップ 0 が含まれます: "
                       "ᾱ_t = ∏_{s=0}^{t} (1 − β_s)"))
    else:
        expect_close(got, want, atol=1e-6,
                     what=("alpha_bars([0.1, 0.2, 0.5]) = [0.9, 0.9·0.8, 0.9·0.8·0.5] = [0.9, 0.72, 0.36]",
                           "alpha_bars([0.1, 0.2, 0.5]) = [0.9, 0.9·0.8, 0.9·0.8·0.5] = [0.9, 0.72, 0.36] の値"))


def test_matches_cumprod_and_keeps_dtype(kata):
    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    got = kata.alpha_bars(betas)
    if expect_shape(got, (1000,), ("alpha_bars(1000 linear betas)", "alpha_bars(線形の β 1000 個)")):
        expect(got.dtype == torch.float64, (f"float64 betas should give float64 ᾱ, got {got.dtype}",
                                            f"float64 の β からは float64 の ᾱ が得られるはずですが、{got.dtype} でした"))
        expect_close(got, torch.cumprod(1 - betas, 0), atol=1e-12,
                     what=("alpha_bars vs torch.cumprod(1 − betas) (float64)",
                           "alpha_bars と torch.cumprod(1 − betas)（float64）の比較"))
    got32 = kata.alpha_bars(betas.float())
    if expect_shape(got32, (1000,), ("alpha_bars(float32 betas)", "alpha_bars(float32 の β)")):
        expect(got32.dtype == torch.float32, (f"float32 betas should give float32 ᾱ, got {got32.dtype}",
                                              f"float32 の β からは float32 の ᾱ が得られるはずですが、{got32.dtype} でした"))
        expect_close(got32, torch.cumprod(1 - betas, 0), atol=1e-6,
                     what=("alpha_bars(float32 betas) vs the float64 product (|diff| ≤ 1e-6)",
                           "alpha_bars(float32 の β) と float64 の積の比較（差 ≤ 1e-6）"))


def test_decreasing_from_one_minus_beta0(kata):
    betas = torch.rand(50) * 0.3
    got = kata.alpha_bars(betas)
    if not expect_shape(got, (50,), ("alpha_bars(50 random betas)", "alpha_bars(ランダムな β 50 個)")):
        return
    expect_close(got[0], 1 - betas[0], atol=1e-7, what=("ᾱ_0 = 1 − β_0", "ᾱ_0 = 1 − β_0 の値"))
    expect_close(got[1:] / got[:-1], 1 - betas[1:], atol=1e-5,
                 what=("ᾱ_t / ᾱ_{t−1} = 1 − β_t (each step keeps 1 − β_t)",
                       "ᾱ_t / ᾱ_{t−1} = 1 − β_t（各ステップで 1 − β_t が残ります）"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.alpha_bars, torch.full((2, 3), 0.1),
                  what=("betas of shape [2, 3]", "形状 [2, 3] の betas"))
    expect_raises(ValueError, kata.alpha_bars, torch.tensor([0.1, 1.5]),
                  what=("a beta of 1.5", "1.5 の β"))
    expect_raises(ValueError, kata.alpha_bars, torch.tensor([-0.1, 0.2]),
                  what=("a beta of −0.1", "−0.1 の β"))
