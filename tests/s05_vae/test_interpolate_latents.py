"""Specs for katas/s05_vae/interpolate_latents.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


def test_hand_worked(kata):
    # From (0, 10) to (4, −2) in 5 points: 4 gaps of (1, −3).
    z0, z1 = torch.tensor([0.0, 10.0]), torch.tensor([4.0, -2.0])
    got = kata.interpolate_latents(z0, z1, 5)
    want = torch.tensor([[0.0, 10.0], [1.0, 7.0], [2.0, 4.0], [3.0, 1.0], [4.0, -2.0]])
    if not expect_shape(got, (5, 2), ("interpolate_latents(z0 [2], z1 [2], steps=5) -> [steps, L]",
                                      "interpolate_latents(z0 [2], z1 [2], steps=5) の出力 [steps, L]")):
        return
    got = got.detach()
    short = torch.stack([z0 + (z1 - z0) * k / 5 for k in range(5)])
    if torch.allclose(got, short, atol=1e-5):
        expect(False, ("t = k / steps stops one gap short of z1: use t = k / (steps − 1) "
                       "(torch.linspace(0, 1, steps)) so both ends are included",
                       "t = k / steps では z1 の 1 つ手前で止まります。両端を含めるには t = k / (steps − 1)"
                       "（torch.linspace(0, 1, steps)）を使いましょう"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("rows (0, 10), (1, 7), (2, 4), (3, 1), (4, −2): (1 − t)·z0 + t·z1, t = 0, ¼, ½, ¾, 1",
                       "各行は (0, 10), (1, 7), (2, 4), (3, 1), (4, −2): (1 − t)·z0 + t·z1、t = 0, ¼, ½, ¾, 1"))


def test_endpoints_and_equal_spacing(kata):
    z0, z1 = torch.randn(6), torch.randn(6)
    for steps in (2, 7):
        got = kata.interpolate_latents(z0, z1, steps)
        what = (f"interpolate_latents(z0 [6], z1 [6], steps={steps})",
                f"interpolate_latents(z0 [6], z1 [6], steps={steps}) の出力")
        if not expect_shape(got, (steps, 6), what):
            continue
        got = got.detach()
        expect_close(got[0], z0, atol=1e-6, what=(f"steps={steps}: the first row is z0",
                                                  f"steps={steps}: 最初の行は z0 です"))
        expect_close(got[-1], z1, atol=1e-6, what=(f"steps={steps}: the last row is z1 (endpoint included)",
                                                   f"steps={steps}: 最後の行は z1 です（端点を含めます）"))
        gaps = got[1:] - got[:-1]
        expect_close(gaps, ((z1 - z0) / (steps - 1)).expand(steps - 1, 6), atol=1e-5,
                     what=(f"steps={steps}: every gap between rows is (z1 − z0)/(steps − 1)",
                           f"steps={steps}: 行と行の差はどれも (z1 − z0)/(steps − 1) です"))


def test_matches_torch_lerp_and_keeps_dtype(kata):
    z0 = torch.randn(5, dtype=torch.float64)
    z1 = torch.randn(5, dtype=torch.float64)
    got = kata.interpolate_latents(z0, z1, 11)
    if not expect_shape(got, (11, 5), ("interpolate_latents(float64 z0 [5], z1 [5], steps=11)",
                                       "interpolate_latents(float64 の z0 [5], z1 [5], steps=11) の出力")):
        return
    expect(got.dtype == torch.float64, (f"the dtype should follow z0 (float64), got {got.dtype}",
                                        f"dtype は z0（float64）に従うはずですが、{got.dtype} でした"))
    want = torch.lerp(z0, z1, torch.linspace(0, 1, 11, dtype=torch.float64)[:, None])
    expect_close(got, want, atol=1e-6,
                 what=("vs torch.lerp(z0, z1, torch.linspace(0, 1, steps)[:, None])",
                       "torch.lerp(z0, z1, torch.linspace(0, 1, steps)[:, None]) との比較"))


def test_bad_input(kata):
    z0, z1 = torch.zeros(4), torch.ones(4)
    expect_raises(ValueError, kata.interpolate_latents, z0, z1, 1,
                  what=("steps = 1 (one point cannot include both ends)", "steps = 1（1 点では両端を含められない）"))
    expect_raises(ValueError, kata.interpolate_latents, z0, z1, 0, what=("steps = 0", "点の数 steps = 0"))
    expect_raises(ValueError, kata.interpolate_latents, z0, torch.ones(5), 3,
                  what=("z0 [4] with z1 [5]", "z0 [4] と z1 [5]"))
    expect_raises(ValueError, kata.interpolate_latents, torch.zeros(2, 4), torch.ones(2, 4), 3,
                  what=("2-D z0, z1 [2, 4] (one code each, please)", "2 次元の z0, z1 [2, 4]（コードは 1 つずつです）"))
