"""Specs for katas/s08_quality/v_prediction.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_hand_worked_v(kata):
    # ᾱ = 0.64: cos φ = 0.8, sin φ = 0.6; x0 = 1, ε = 2 -> v = 0.8·2 − 0.6·1 = 1.0.
    got = kata.v_from_x0_eps(torch.tensor([1.0]), torch.tensor([2.0]), 0.64)
    if not expect_shape(got, (1,), ("v_from_x0_eps(x0=[1.], eps=[2.], ᾱ=0.64)", "v_from_x0_eps(x0=[1.], eps=[2.], ᾱ=0.64) の出力")):
        return
    g = float(got)
    wrong = {2.2: ("sign error: the x0 term must be SUBTRACTED, v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0",
                   "符号の誤りです。x0 の項は「引き」ます: v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0"),
             -1.0: ("the sign of v is flipped: v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0, not sqrt(1−ᾱ)·x0 − sqrt(ᾱ)·ε",
                    "v の符号が逆です: sqrt(1−ᾱ)·x0 − sqrt(ᾱ)·ε ではなく v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0 です"),
             -0.4: ("x0 and ε are swapped: sqrt(ᾱ) goes with ε, sqrt(1−ᾱ) with x0",
                    "x0 と ε が入れ替わっています。sqrt(ᾱ) は ε に、sqrt(1−ᾱ) は x0 にかかります"),
             0.92: ("no square roots: use sqrt(ᾱ) and sqrt(1 − ᾱ), not ᾱ and 1 − ᾱ",
                    "平方根がありません。ᾱ と 1 − ᾱ ではなく sqrt(ᾱ) と sqrt(1 − ᾱ) を使いましょう")}
    for value, (en, ja) in wrong.items():
        if abs(g - value) < 1e-4:
            expect(False, (f"v_from_x0_eps gave {fmt(g)} instead of 1.0: {en}", f"v_from_x0_eps が 1.0 ではなく {fmt(g)} を返しました。{ja}"))
            return
    expect_close(got, torch.tensor([1.0]), atol=1e-6,
                 what=("v = sqrt(0.64)·2 − sqrt(0.36)·1", "v は sqrt(0.64)·2 − sqrt(0.36)·1 です"))


def test_round_trip_gives_back_x0_and_eps(kata):
    a = torch.tensor([0.999, 0.7, 0.3, 0.001]).view(4, 1, 1, 1)     # one ᾱ per sample
    x0, eps = torch.randn(4, 2, 3, 3), torch.randn(4, 2, 3, 3)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
    v = kata.v_from_x0_eps(x0, eps, a)
    if not expect_shape(v, x0.shape, ("v_from_x0_eps with ᾱ [4, 1, 1, 1]", "ᾱ [4, 1, 1, 1] での v_from_x0_eps")):
        return
    got_x0 = kata.x0_from_v(x_t, v, a)
    got_eps = kata.eps_from_v(x_t, v, a)
    if expect_shape(got_x0, x0.shape, ("x0_from_v", "x0_from_v の出力")):
        expect_close(got_x0, x0, atol=1e-5,
                     what=("x0_from_v(x_t, v_from_x0_eps(x0, ε)) should give back x0: x0 = sqrt(ᾱ)·x_t − sqrt(1−ᾱ)·v",
                           "x0_from_v(x_t, v_from_x0_eps(x0, ε)) は x0 に戻るはずです: x0 = sqrt(ᾱ)·x_t − sqrt(1−ᾱ)·v"))
    if expect_shape(got_eps, eps.shape, ("eps_from_v", "eps_from_v の出力")):
        expect_close(got_eps, eps, atol=1e-5,
                     what=("eps_from_v(x_t, v_from_x0_eps(x0, ε)) should give back ε: ε = sqrt(1−ᾱ)·x_t + sqrt(ᾱ)·v",
                           "eps_from_v(x_t, v_from_x0_eps(x0, ε)) は ε に戻るはずです: ε = sqrt(1−ᾱ)·x_t + sqrt(ᾱ)·v"))


def test_the_two_inverses_rebuild_x_t(kata):
    # For ANY x_t and v: sqrt(ᾱ)·x0_from_v + sqrt(1−ᾱ)·eps_from_v = x_t (the inverse rotation is exact).
    x_t, v = torch.randn(3, 8), torch.randn(3, 8)
    for a in (0.9, 0.25):
        x0 = kata.x0_from_v(x_t, v, a)
        eps = kata.eps_from_v(x_t, v, a)
        if not (expect_shape(x0, (3, 8), ("x0_from_v", "x0_from_v の出力")) and expect_shape(eps, (3, 8), ("eps_from_v", "eps_from_v の出力"))):
            return
        expect_close(a ** 0.5 * x0 + (1 - a) ** 0.5 * eps, x_t, atol=1e-5,
                     what=(f"sqrt(ᾱ)·x0_from_v + sqrt(1−ᾱ)·eps_from_v should rebuild x_t (ᾱ = {a})",
                           f"sqrt(ᾱ)·x0_from_v + sqrt(1−ᾱ)·eps_from_v は x_t を作り直すはずです（ᾱ = {a}）"))
        expect_close(a ** 0.5 * eps - (1 - a) ** 0.5 * x0, v, atol=1e-5,
                     what=(f"and sqrt(ᾱ)·eps_from_v − sqrt(1−ᾱ)·x0_from_v should rebuild v (ᾱ = {a})",
                           f"また sqrt(ᾱ)·eps_from_v − sqrt(1−ᾱ)·x0_from_v は v を作り直すはずです（ᾱ = {a}）"))


def test_a_rotation(kata):
    # (x_t, v) is (x0, ε) rotated: |x_t|² + |v|² = |x0|² + |ε|² element by element;
    # v → ε as ᾱ → 1 (clean) and v → −x0 as ᾱ → 0 (pure noise).
    x0, eps = torch.randn(2, 10), torch.randn(2, 10)
    a = 0.4
    x_t = a ** 0.5 * x0 + (1 - a) ** 0.5 * eps
    v = kata.v_from_x0_eps(x0, eps, a)
    if not expect_shape(v, (2, 10), ("v_from_x0_eps output", "v_from_x0_eps の出力")):
        return
    expect_close(x_t ** 2 + v ** 2, x0 ** 2 + eps ** 2, atol=1e-5,
                 what=("x_t² + v² = x0² + ε² (a rotation keeps lengths)", "x_t² + v² = x0² + ε²（回転は長さを保ちます）"))
    v1 = kata.v_from_x0_eps(x0, eps, 1.0)
    v0 = kata.v_from_x0_eps(x0, eps, 0.0)
    expect_close(v1, eps, atol=1e-6, what=("v at ᾱ = 1 (no noise yet) equals ε", "ᾱ = 1（まだノイズなし）での v は ε です"))
    expect_close(v0, -x0, atol=1e-6, what=("v at ᾱ = 0 (pure noise) equals −x0", "ᾱ = 0（純粋なノイズ）での v は −x0 です"))


def test_rejects_bad_alpha_bar(kata):
    x = torch.randn(2, 3)
    expect_raises(ValueError, kata.v_from_x0_eps, x, x, 1.2,
                  what=("v_from_x0_eps with ᾱ = 1.2", "ᾱ = 1.2 での v_from_x0_eps"))
    expect_raises(ValueError, kata.x0_from_v, x, x, -0.1,
                  what=("x0_from_v with ᾱ = −0.1", "ᾱ = −0.1 での x0_from_v"))
    expect_raises(ValueError, kata.eps_from_v, x, x, torch.tensor([0.5, 2.0, 0.5]),
                  what=("eps_from_v with a tensor ᾱ holding 2.0", "2.0 を含むテンソルの ᾱ での eps_from_v"))
