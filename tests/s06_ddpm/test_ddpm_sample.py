"""Specs for katas/s06_ddpm/ddpm_sample.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


class ShrinkModel(torch.nn.Module):
    """ε̂ = 0.3·x_t + 0.01·t; records every (t, x) it sees. It has one parameter."""

    def __init__(self):
        super().__init__()
        self.scale = torch.nn.Parameter(torch.tensor(0.3))
        self.calls = []

    def forward(self, x, t):
        self.calls.append((t.clone(), x.clone()))
        return self.scale * x + 0.01 * t.float()[:, None, None, None]


def _schedule(T=6):
    betas = torch.linspace(0.05, 0.3, T)
    return betas, torch.cumprod(1 - betas.double(), 0).float()


def _oracle(shape, betas, seed, clip=True):
    """The whole loop written out in float64 (the same draws: x_T first, then one z per step t > 0)."""
    g = torch.Generator().manual_seed(seed)
    b = betas.double()
    ab = torch.cumprod(1 - b, 0)
    x = torch.randn(shape, generator=g).double()
    for t in reversed(range(len(b))):
        eps = 0.3 * x + 0.01 * t
        ab_prev = torch.tensor(1.0, dtype=torch.float64) if t == 0 else ab[t - 1]
        x0 = (x - (1 - ab[t]).sqrt() * eps) / ab[t].sqrt()
        if clip:
            x0 = x0.clamp(-1, 1)
        mean = ab_prev.sqrt() * b[t] / (1 - ab[t]) * x0 + (1 - b[t]).sqrt() * (1 - ab_prev) / (1 - ab[t]) * x
        if t > 0:
            z = torch.randn(shape, generator=g).double()
            x = mean + (b[t] * (1 - ab_prev) / (1 - ab[t])).sqrt() * z
        else:
            x = mean
    return x


def test_steps_go_down_from_T_minus_1(kata):
    betas, ab = _schedule(6)
    model, seen = ShrinkModel(), []
    kata.ddpm_sample(model, (2, 1, 4, 4), betas, ab, generator=torch.Generator().manual_seed(0),
                     callback=lambda t, x: seen.append(int(t)))
    ts = [int(t[0]) for t, _ in model.calls]
    if ts == [0, 1, 2, 3, 4, 5]:
        expect(False, ("the loop runs t = 0 … T−1 upwards; sampling starts from noise at t = T−1 and "
                       "goes DOWN to 0: reversed(range(T))",
                       "ループが t = 0 … T−1 と上がっています。サンプリングはノイズの t = T−1 から始めて 0 まで"
                       "「下がり」ます: reversed(range(T))"))
        return
    expect(ts == [5, 4, 3, 2, 1, 0],
           (f"the model should be called with t = 5, 4, 3, 2, 1, 0 (T = 6 steps), got {ts}",
            f"モデルは t = 5, 4, 3, 2, 1, 0（T = 6 ステップ）で呼ばれるはずですが、{ts} でした"))
    expect(seen == [5, 4, 3, 2, 1, 0],
           (f"callback(t, x) should be called after every step with t = 5 … 0, got {seen}",
            f"callback(t, x) は各ステップの後に t = 5 … 0 で呼ばれるはずですが、{seen} でした"))


def test_matches_the_loop_written_out(kata):
    betas, ab = _schedule(6)
    got = kata.ddpm_sample(ShrinkModel(), (2, 1, 4, 4), betas, ab, generator=torch.Generator().manual_seed(5))
    if expect_shape(got, (2, 1, 4, 4), ("ddpm_sample(shape=(2, 1, 4, 4))", "ddpm_sample(shape=(2, 1, 4, 4)) の出力")):
        expect_close(got, _oracle((2, 1, 4, 4), betas, 5), atol=1e-4,
                     what=("ddpm_sample vs the loop written out (x_T = randn(shape, generator), then p_sample "
                           "for t = 5 … 0; float64 oracle)",
                           "ddpm_sample と書き下したループの比較（x_T = randn(shape, generator)、続いて t = 5 … 0 の "
                           "p_sample。float64 の正解）"))
    loose = kata.ddpm_sample(ShrinkModel(), (1, 1, 2, 2), betas, ab, generator=torch.Generator().manual_seed(9),
                             clip=False)
    if expect_shape(loose, (1, 1, 2, 2), ("ddpm_sample(clip=False)", "ddpm_sample(clip=False) の出力")):
        expect_close(loose, _oracle((1, 1, 2, 2), betas, 9, clip=False), atol=1e-4,
                     what=("ddpm_sample(clip=False): clip is passed on to p_sample",
                           "ddpm_sample(clip=False): clip を p_sample へ渡します"))


def test_callback_sees_each_new_x(kata):
    betas, ab = _schedule(4)
    model, frames = ShrinkModel(), []
    out = kata.ddpm_sample(model, (1, 1, 2, 2), betas, ab, generator=torch.Generator().manual_seed(2),
                           callback=lambda t, x: frames.append(x.clone()))
    if not expect(len(frames) == 4, (f"callback should be called once per step (4), got {len(frames)}",
                                     f"callback はステップごとに 1 回（4 回）呼ばれるはずですが、{len(frames)} 回でした")):
        return
    for i in range(3):  # the x after step i is what the model sees at step i + 1
        expect_close(frames[i], model.calls[i + 1][1], atol=0,
                     what=(f"callback's x after step {i}: the x the model gets next",
                           f"ステップ {i} の後に callback が受け取る x: 次にモデルが受け取る x"))
    expect_close(frames[-1], out, atol=0,
                 what=("callback's x after the last step (t = 0) is the returned sample",
                       "最後のステップ（t = 0）の後に callback が受け取る x は返されるサンプル"))


def test_no_graph_and_plain_functions(kata):
    betas, ab = _schedule(3)
    out = kata.ddpm_sample(ShrinkModel(), (1, 1, 2, 2), betas, ab)
    if expect_shape(out, (1, 1, 2, 2), ("ddpm_sample(shape=(1, 1, 2, 2))", "ddpm_sample(shape=(1, 1, 2, 2)) の出力")):
        expect(not out.requires_grad,
               ("sampling should run under torch.no_grad(): the sample still carries a graph",
                "サンプリングは torch.no_grad() の中で実行するはずですが、サンプルに計算グラフが付いています"))
    # A plain function as the model (no parameters): the device defaults to the CPU.
    out = kata.ddpm_sample(lambda x, t: torch.zeros_like(x), (2, 1, 2, 2), betas, ab)
    expect_shape(out, (2, 1, 2, 2), ("ddpm_sample with a plain function as the model",
                                     "モデルとして普通の関数を渡した ddpm_sample"))


def test_rejects_mismatched_schedule(kata):
    betas, ab = _schedule(6)
    expect_raises(ValueError, kata.ddpm_sample, ShrinkModel(), (1, 1, 2, 2), betas, ab[:5],
                  what=("betas [6] with alpha_bars [5]", "betas [6] と alpha_bars [5]"))
