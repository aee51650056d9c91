"""Specs for katas/s08_quality/slerp.py."""
import math

import numpy as np
import torch

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt


def _np_slerp(z0, z1, t):
    """numpy float64 slerp of the flattened tensors (the oracle)."""
    a, b = z0.double().numpy().ravel(), z1.double().numpy().ravel()
    omega = np.arccos(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1, 1))
    out = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
    return out.reshape(z0.shape)


def test_endpoints(kata):
    z0, z1 = torch.randn(3, 4), 2 * torch.randn(3, 4)
    for t, want, name in ((0.0, z0, "z0"), (1.0, z1, "z1")):
        got = kata.slerp(z0, z1, t)
        what = (f"slerp(z0, z1, t={t}) should be {name}", f"slerp(z0, z1, t={t}) は {name} のはずです")
        if expect_shape(got, (3, 4), what):
            expect_close(got, want, atol=1e-5, what=what)


def test_orthogonal_unit_vectors(kata):
    e1, e2 = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])
    half = kata.slerp(e1, e2, 0.5)
    if not expect_shape(half, (2,), ("slerp(e1, e2, 0.5)", "slerp(e1, e2, 0.5) の出力")):
        return
    if torch.allclose(half.detach().double(), torch.tensor([0.5, 0.5], dtype=torch.float64), atol=1e-5):
        expect(False, ("slerp(e1, e2, 0.5) gave (0.5, 0.5): that is lerp, of norm 0.71; slerp walks on the circle "
                       "to (1, 1)/√2",
                       "slerp(e1, e2, 0.5) が (0.5, 0.5) になりました。それは lerp で、ノルムは 0.71 です。slerp は円の上を"
                       "進んで (1, 1)/√2 に着きます"))
        return
    expect_close(half, torch.tensor([1.0, 1.0]) / math.sqrt(2), atol=1e-6,
                 what=("slerp(e1, e2, 0.5) = (e1 + e2)/√2 (Ω = 90°, each weight sin 45°/sin 90°)",
                       "slerp(e1, e2, 0.5) = (e1 + e2)/√2（Ω = 90°、重みはどちらも sin 45°/sin 90°）"))
    third = kata.slerp(e1, e2, 1 / 3)
    expect_close(third, torch.tensor([math.sqrt(3) / 2, 0.5]), atol=1e-6,
                 what=("slerp(e1, e2, 1/3) = (cos 30°, sin 30°): constant angular speed, a third of the 90°",
                       "slerp(e1, e2, 1/3) = (cos 30°, sin 30°): 角速度は一定で、90° の 3 分の 1 です"))


def test_keeps_the_norm_at_constant_angular_speed(kata):
    z0, z1 = torch.randn(64), torch.randn(64)
    z0, z1 = 5 * z0 / z0.norm(), 5 * z1 / z1.norm()          # equal norms, nearly orthogonal (dimension 64)
    omega = math.acos(float(z0 @ z1) / 25)
    for t in (0.1, 0.25, 0.5, 0.9):
        z = kata.slerp(z0, z1, t)
        if not expect_shape(z, (64,), (f"slerp(z0, z1, {t})", f"slerp(z0, z1, {t}) の出力")):
            return
        z = z.detach().double()
        n = float(z.norm())
        expect(abs(n - 5) < 1e-4, (f"|slerp(z0, z1, {t})| = {fmt(n)}: for two ends of norm 5 every point should have norm 5 "
                                   f"(lerp would dip towards the middle)",
                                   f"|slerp(z0, z1, {t})| = {fmt(n)} です。両端のノルムが 5 なら、途中のどの点もノルム 5 の"
                                   f"はずです（lerp だと中ほどで小さくなります）"))
        angle = math.acos(max(-1.0, min(1.0, float(z @ z0.double()) / (5 * max(n, 1e-12)))))
        expect(abs(angle - t * omega) < 1e-4,
               (f"at t = {t} the angle to z0 should be t·Ω = {fmt(t * omega)} rad, got {fmt(angle)}",
                f"t = {t} での z0 との角度は t·Ω = {fmt(t * omega)} rad のはずですが、{fmt(angle)} でした"))


def test_whole_tensor_matches_numpy(kata):
    # A latent [1, 4, 8, 8] is ONE vector of 256 numbers; the two ends have different norms.
    z0, z1 = torch.randn(1, 4, 8, 8), 0.5 * torch.randn(1, 4, 8, 8) + 0.3 * torch.randn(1, 4, 8, 8)
    for t in (0.3, 0.7):
        got = kata.slerp(z0, z1, t)
        what = (f"slerp of two latents [1, 4, 8, 8] at t = {t} vs numpy (the angle Ω of the flattened tensors; "
                f"weights sin((1−t)Ω)/sin Ω and sin(tΩ)/sin Ω on the raw z0, z1)",
                f"t = {t} での 2 つの潜在変数 [1, 4, 8, 8] の slerp と numpy の比較（平らにしたテンソルどうしの角度 Ω、"
                f"元の z0, z1 にかける重み sin((1−t)Ω)/sin Ω と sin(tΩ)/sin Ω）")
        if expect_shape(got, (1, 4, 8, 8), what):
            expect(got.dtype == torch.float32, (f"slerp should return z0's dtype (float32), got {got.dtype}",
                                                f"slerp は z0 の dtype（float32）を返すはずですが、{got.dtype} でした"))
            expect_close(got, _np_slerp(z0, z1, t), atol=1e-5, what=what)


def test_parallel_falls_back_to_lerp(kata):
    z0 = torch.randn(10)
    for z1, name in ((2 * z0, "z1 = 2·z0"), (z0.clone(), "z1 = z0"), (z0 + 1e-6 * torch.randn(10), "z1 ≈ z0")):
        got = kata.slerp(z0, z1, 0.3)
        what = (f"slerp(z0, {name}, 0.3) (parallel: sin Ω = 0)", f"slerp(z0, {name}, 0.3)（平行: sin Ω = 0）")
        if expect_shape(got, (10,), what) and expect_finite(got, (f"{what[0]}: fall back to lerp instead of dividing by sin Ω",
                                                                     f"{what[1]}: sin Ω で割らずに lerp に切り替えましょう")):
            expect_close(got, 0.7 * z0 + 0.3 * z1, atol=1e-5,
                         what=(f"{what[0]} = lerp = 0.7·z0 + 0.3·z1", f"{what[1]} は lerp = 0.7·z0 + 0.3·z1 です"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.slerp, torch.randn(4), torch.randn(5), 0.5,
                  what=("slerp of shapes [4] and [5]", "形状 [4] と [5] の slerp"))
    expect_raises(ValueError, kata.slerp, torch.zeros(4), torch.randn(4), 0.5,
                  what=("slerp from a zero tensor (no direction)", "ゼロのテンソルからの slerp（向きがない）"))
