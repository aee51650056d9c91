"""Specs for katas/s06_ddpm/q_sample.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_hand_worked(kata):
    # ᾱ = 0.64 and 0.36: sqrt gives 0.8/0.6 and 0.6/0.8. With x0 = 1 and noise = 2:
    # 0.8·1 + 0.6·2 = 2.0 and 0.6·1 + 0.8·2 = 2.2.
    ab = torch.tensor([0.9, 0.64, 0.36])
    x0 = torch.ones(2, 1, 2, 2)
    noise = torch.full((2, 1, 2, 2), 2.0)
    got = kata.q_sample(x0, torch.tensor([1, 2]), ab, noise)
    if not expect_shape(got, (2, 1, 2, 2), ("q_sample(x0 [2, 1, 2, 2], t [2], ᾱ, noise)",
                                            "q_sample(x0 [2, 1, 2, 2], t [2], ᾱ, noise) の出力")):
        return
    v = got[:, 0, 0, 0].tolist()
    want = torch.tensor([2.0, 2.2]).reshape(2, 1, 1, 1).expand(2, 1, 2, 2)
    if torch.allclose(got, torch.tensor([0.64 + 0.36 * 2, 0.36 + 0.64 * 2]).reshape(2, 1, 1, 1).expand(2, 1, 2, 2)):
        expect(False, ("no square roots: ᾱ and 1 − ᾱ are VARIANCE fractions; scale by their square "
                       "roots: sqrt(ᾱ)·x0 + sqrt(1 − ᾱ)·noise",
                       "平方根がありません。ᾱ と 1 − ᾱ は「分散」の割合です。その平方根を掛けましょう: "
                       "sqrt(ᾱ)·x0 + sqrt(1 − ᾱ)·noise"))
        return
    if torch.allclose(got, torch.tensor([0.8 + 0.2 * 2, 0.6 + 0.4 * 2]).reshape(2, 1, 1, 1).expand(2, 1, 2, 2)):
        expect(False, ("the noise is scaled by 1 − sqrt(ᾱ); the square root covers the whole "
                       "1 − ᾱ: sqrt(1 − ᾱ)·noise",
                       "ノイズに 1 − sqrt(ᾱ) を掛けています。平方根は 1 − ᾱ 全体にかかります: sqrt(1 − ᾱ)·noise"))
        return
    expect_close(got, want, atol=1e-6,
                 what=(f"x0 = 1, noise = 2, ᾱ_t = 0.64 and 0.36: 0.8 + 0.6·2 = 2.0 and 0.6 + 0.8·2 = 2.2 "
                       f"(got {fmt(v[0])}, {fmt(v[1])})",
                       f"x0 = 1, noise = 2, ᾱ_t = 0.64 と 0.36: 0.8 + 0.6·2 = 2.0 と 0.6 + 0.8·2 = 2.2"
                       f"（{fmt(v[0])}, {fmt(v[1])} でした）"))


def test_one_alpha_bar_per_example(kata):
    # B == W == 3, so an ᾱ [B] broadcast against W would not crash.
    ab = torch.cumprod(1 - torch.linspace(0.05, 0.3, 10), 0)
    x0, noise = torch.randn(3, 2, 4, 3), torch.randn(3, 2, 4, 3)
    t = torch.tensor([0, 5, 9])
    got = kata.q_sample(x0, t, ab, noise)
    if not expect_shape(got, (3, 2, 4, 3), ("q_sample(x0 [3, 2, 4, 3], t [3], ᾱ [10], noise)",
                                            "q_sample(x0 [3, 2, 4, 3], t [3], ᾱ [10], noise) の出力")):
        return
    a = ab[t][:, None, None, None]
    expect_close(got, a.sqrt() * x0 + (1 - a).sqrt() * noise, atol=1e-6,
                 what=("q_sample with t = [0, 5, 9]: ᾱ_t looked up per example and reshaped to [B, 1, 1, 1]",
                       "t = [0, 5, 9] の q_sample: ᾱ_t を例ごとに引き、[B, 1, 1, 1] に reshape"))


def test_matches_the_iterated_forward_process(kata):
    # q(x_t | x_0) must be the distribution of t+1 one-step noisings
    # x_s = sqrt(1 − β_s)·x_{s−1} + sqrt(β_s)·ε_s. Compare means and variances of 20000 fixed-seed
    # draws per pixel (three pixels: x0 = −1, 0.5, 1). One standard error is ≈ 0.005 for the mean
    # and ≈ 0.004 for the variance; the tolerance 0.03 is 4 standard errors of the difference.
    betas = torch.linspace(0.05, 0.3, 6, dtype=torch.float64)
    ab = torch.cumprod(1 - betas, 0)
    t, n = 3, 20000
    g = torch.Generator().manual_seed(0)
    x0 = torch.tensor([-1.0, 0.5, 1.0], dtype=torch.float64).expand(n, 3)
    x = x0.clone()
    for s in range(t + 1):
        x = (1 - betas[s]).sqrt() * x + betas[s].sqrt() * torch.randn(n, 3, generator=g, dtype=torch.float64)
    got = kata.q_sample(x0, torch.full((n,), t), ab, torch.randn(n, 3, generator=g, dtype=torch.float64))
    if not expect_shape(got, (n, 3), ("q_sample(x0 [20000, 3], ...)", "q_sample(x0 [20000, 3], ...) の出力")):
        return
    expect_close(got.mean(0), x.mean(0), atol=0.03,
                 what=(f"per-pixel mean of x_{t} (x0 = −1, 0.5, 1): q_sample vs {t + 1} one-step noisings "
                       f"(should be sqrt(ᾱ_{t})·x0 = {fmt(ab[t].sqrt())}·x0; ᾱ, not one step's α = 1 − β)",
                       f"x_{t} のピクセルごとの平均（x0 = −1, 0.5, 1）: q_sample と 1 ステップずつ {t + 1} 回"
                       f"ノイズを加えた場合の比較（sqrt(ᾱ_{t})·x0 = {fmt(ab[t].sqrt())}·x0 のはずです。"
                       f"1 ステップ分の α = 1 − β ではなく ᾱ です）"))
    expect_close(got.var(0), x.var(0), atol=0.03,
                 what=(f"per-pixel variance of x_{t}: q_sample vs {t + 1} one-step noisings "
                       f"(should be 1 − ᾱ_{t} = {fmt(1 - ab[t])}: the noise is scaled by sqrt(1 − ᾱ))",
                       f"x_{t} のピクセルごとの分散: q_sample と 1 ステップずつ {t + 1} 回ノイズを加えた場合の比較"
                       f"（1 − ᾱ_{t} = {fmt(1 - ab[t])} のはずです。ノイズには sqrt(1 − ᾱ) を掛けます）"))


def test_keeps_gradient_to_x0(kata):
    ab = torch.tensor([0.81, 0.25])
    x0 = torch.randn(2, 1, 2, 2, requires_grad=True)
    out = kata.q_sample(x0, torch.tensor([0, 1]), ab, torch.randn(2, 1, 2, 2))
    if not expect(out is not None and out.requires_grad,
                  ("x_t is cut off from x0's graph (avoid .detach() and new tensors)",
                   "x_t が x0 の計算グラフから切り離されています（.detach() や新しいテンソルの作成を避けましょう）")):
        return
    out.sum().backward()
    expect_close(x0.grad, torch.tensor([0.9, 0.5]).reshape(2, 1, 1, 1).expand(2, 1, 2, 2), atol=1e-6,
                 what=("d x_t / d x0 = sqrt(ᾱ_t) (0.9 and 0.5)", "d x_t / d x0 = sqrt(ᾱ_t)（0.9 と 0.5）"))


def test_rejects_bad_input(kata):
    ab = torch.tensor([0.9, 0.5, 0.1])
    x0 = torch.zeros(2, 1, 2, 2)
    expect_raises(ValueError, kata.q_sample, x0, torch.tensor([0, 1]), ab, torch.zeros(2, 1, 2, 3),
                  what=("noise [2, 1, 2, 3] for x0 [2, 1, 2, 2]", "x0 [2, 1, 2, 2] に noise [2, 1, 2, 3]"))
    expect_raises(ValueError, kata.q_sample, x0, torch.tensor([0, 3]), ab, torch.zeros(2, 1, 2, 2),
                  what=("t = 3 with T = 3 (valid steps are 0 … 2)", "T = 3 で t = 3（有効なのは 0 … 2）"))
    expect_raises(ValueError, kata.q_sample, x0, torch.tensor([0, 1, 2]), ab, torch.zeros(2, 1, 2, 2),
                  what=("t [3] for a batch of 2", "バッチ 2 に t [3]"))
