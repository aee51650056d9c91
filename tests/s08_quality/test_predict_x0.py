"""Specs for katas/s08_quality/predict_x0.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_hand_worked(kata):
    # ᾱ = 0.64: sqrt(ᾱ) = 0.8, sqrt(1 − ᾱ) = 0.6; x_t = 2, ε̂ = 1 -> (2 − 0.6)/0.8 = 1.75.
    got = kata.predict_x0(torch.tensor([2.0]), torch.tensor([1.0]), 0.64)
    if not expect_shape(got, (1,), ("predict_x0(x_t=[2.], eps=[1.], ᾱ=0.64)", "predict_x0(x_t=[2.], eps=[1.], ᾱ=0.64) の出力")):
        return
    g = float(got)
    wrong = {2.5625: ("no square roots at all: (2 − 0.36)/0.64", "平方根がまったくありません: (2 − 0.36)/0.64"),
             2.1875: ("divided by ᾱ instead of sqrt(ᾱ): (2 − 0.6)/0.64", "sqrt(ᾱ) ではなく ᾱ で割っています: (2 − 0.6)/0.64"),
             2.05: ("the noise is scaled by (1 − ᾱ) instead of sqrt(1 − ᾱ): (2 − 0.36)/0.8",
                    "ノイズに sqrt(1 − ᾱ) ではなく (1 − ᾱ) をかけています: (2 − 0.36)/0.8"),
             3.25: ("the noise is added instead of removed: (2 + 0.6)/0.8", "ノイズを引かずに足しています: (2 + 0.6)/0.8"),
             1.12: ("multiplied by sqrt(ᾱ) instead of dividing: (2 − 0.6)·0.8", "sqrt(ᾱ) で割らずにかけています: (2 − 0.6)·0.8")}
    for value, (en, ja) in wrong.items():
        if abs(g - value) < 1e-4:
            expect(False, (f"predict_x0 gave {fmt(g)} instead of 1.75: {en}", f"predict_x0 が 1.75 ではなく {fmt(g)} を返しました。{ja}"))
            return
    expect_close(got, torch.tensor([1.75]), atol=1e-6,
                 what=("predict_x0(2, 1, ᾱ=0.64) = (2 − sqrt(0.36)·1)/sqrt(0.64)",
                       "predict_x0(2, 1, ᾱ=0.64) は (2 − sqrt(0.36)·1)/sqrt(0.64) です"))


def test_undoes_q_sample_with_a_float(kata):
    x0, eps = torch.randn(2, 3, 4, 4), torch.randn(2, 3, 4, 4)
    for a in (0.9999, 0.5, 0.05):
        x_t = a ** 0.5 * x0 + (1 - a) ** 0.5 * eps
        got = kata.predict_x0(x_t, eps, a)
        what = (f"predict_x0(q_sample(x0, ε) with ᾱ = {a}, the same ε) should give back x0",
                f"predict_x0(ᾱ = {a} の q_sample(x0, ε), 同じ ε) は x0 を返すはずです")
        if expect_shape(got, x0.shape, what):
            expect_close(got, x0, atol=1e-4, what=what)


def test_one_alpha_bar_per_sample(kata):
    # alpha_bar_t [B, 1, 1, 1]: sample b uses its own ᾱ (a batch of different timesteps).
    a = torch.tensor([0.99, 0.6, 0.2, 0.03]).view(4, 1, 1, 1)
    x0, eps = torch.randn(4, 2, 3, 3), torch.randn(4, 2, 3, 3)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
    got = kata.predict_x0(x_t, eps, a)
    what = ("predict_x0 with alpha_bar_t [4, 1, 1, 1] (one ᾱ per sample)",
            "alpha_bar_t [4, 1, 1, 1]（サンプルごとに 1 つの ᾱ）での predict_x0")
    if expect_shape(got, (4, 2, 3, 3), what):
        expect_close(got, x0, atol=1e-4, what=(f"{what[0]} vs the x0 that made x_t", f"{what[1]} と x_t を作った x0 の比較"))
    got0 = kata.predict_x0(x_t[:1], eps[:1], torch.tensor(0.99))
    if expect_shape(got0, (1, 2, 3, 3), ("predict_x0 with a 0-d tensor ᾱ", "0 次元テンソルの ᾱ での predict_x0")):
        expect_close(got0, x0[:1], atol=1e-4, what=("predict_x0 with a 0-d tensor ᾱ = 0.99", "0 次元テンソル ᾱ = 0.99 での predict_x0"))


def test_gradient_flows_to_eps(kata):
    # A model trained through x̂0 (e.g. with an x0 loss) needs the gradient: d x̂0/d ε = −sqrt(1−ᾱ)/sqrt(ᾱ).
    eps = torch.randn(3, 5, requires_grad=True)
    got = kata.predict_x0(torch.randn(3, 5), eps, 0.36)
    if not expect(isinstance(got, torch.Tensor) and got.requires_grad,
                  ("predict_x0 is cut off from eps's graph (no .detach(), .item() or numpy)",
                   "predict_x0 が eps の計算グラフから切り離されています（.detach()、.item()、numpy を避けましょう）")):
        return
    got.sum().backward()
    expect_close(eps.grad, torch.full((3, 5), -0.8 / 0.6), atol=1e-5,
                 what=("d predict_x0 / d eps at ᾱ = 0.36: −sqrt(1−ᾱ)/sqrt(ᾱ) = −0.8/0.6",
                       "ᾱ = 0.36 での d predict_x0 / d eps: −sqrt(1−ᾱ)/sqrt(ᾱ) = −0.8/0.6"))


def test_rejects_bad_alpha_bar(kata):
    x = torch.randn(2, 3)
    expect_raises(ValueError, kata.predict_x0, x, x, 0.0,
                  what=("predict_x0 with ᾱ = 0 (pure noise: divides by sqrt(0))", "ᾱ = 0 での predict_x0（純粋なノイズ: sqrt(0) で割ります）"))
    expect_raises(ValueError, kata.predict_x0, x, x, 1.5,
                  what=("predict_x0 with ᾱ = 1.5 (ᾱ is a product of (1 − β), at most 1)",
                        "ᾱ = 1.5 での predict_x0（ᾱ は (1 − β) の積なので 1 以下です）"))
    expect_raises(ValueError, kata.predict_x0, x, x, torch.tensor([[0.5], [-0.1]]),
                  what=("predict_x0 with a tensor ᾱ holding −0.1", "−0.1 を含むテンソルの ᾱ での predict_x0"))
