"""Specs for katas/s08_quality/ddim_sample.py (stand-in models: no network is trained here)."""
import numpy as np
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt

T = 50
BETAS = torch.linspace(0.02, 0.2, T, dtype=torch.float64)
ALPHA_BARS = torch.cumprod(1 - BETAS, 0).float()      # ᾱ_0 = 0.98, ᾱ_49 ≈ 0.004
SHAPE = (2, 1, 3, 3)


class Recorder:
    """model(x, t) -> ε̂ = scale·x, remembering every call."""

    def __init__(self, scale=0.3):
        self.scale, self.calls = scale, []

    def __call__(self, x, t):
        self.calls.append((x.clone(), t.clone() if isinstance(t, torch.Tensor) else t))
        return self.scale * x


class Oracle:
    """The perfect denoiser for a data set of ONE image target: ε̂ = (x − sqrt(ᾱ_t)·target)/sqrt(1 − ᾱ_t)."""

    def __init__(self, target):
        self.target = target

    def __call__(self, x, t):
        a = ALPHA_BARS[t].view(-1, 1, 1, 1)
        return (x - a.sqrt() * self.target) / (1 - a).sqrt()


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _timesteps(n):
    return [int(v) for v in np.round(np.linspace(0, T - 1, n))[::-1]]


def test_one_model_call_per_timestep_descending(kata):
    model, seen = Recorder(), []
    out = kata.ddim_sample(model, SHAPE, ALPHA_BARS, 5, generator=_gen(0),
                           callback=lambda t, x: seen.append(int(t)))
    want = _timesteps(5)                       # [49, 37, 24, 12, 0]
    expect_shape(out, SHAPE, ("ddim_sample(shape=(2, 1, 3, 3)) result", "ddim_sample(shape=(2, 1, 3, 3)) の結果"))
    if not expect(len(model.calls) == 5, (f"n_steps = 5 should call the model exactly 5 times, got {len(model.calls)} "
                                          f"(one call per timestep of ddim_timesteps(T, n_steps))",
                                          f"n_steps = 5 ならモデルの呼び出しはちょうど 5 回のはずですが、{len(model.calls)} 回"
                                          f"でした（ddim_timesteps(T, n_steps) の各タイムステップで 1 回）")):
        return
    ts = []
    for x, t in model.calls:
        if not expect(isinstance(t, torch.Tensor) and t.dtype == torch.long and tuple(t.shape) == (SHAPE[0],)
                      and bool((t == t[0]).all()),
                      (f"the model's t should be a LongTensor [B] = [{SHAPE[0]}] filled with the timestep, got {t!r}",
                       f"モデルに渡す t はタイムステップで埋めた LongTensor [B] = [{SHAPE[0]}] のはずですが、{t!r} でした")):
            return
        ts.append(int(t[0]))
    if ts == want[::-1]:
        expect(False, (f"the model saw t = {ts}, ascending; sampling goes from noise (T−1) to data (0)",
                       f"モデルが見た t は {ts} で昇順です。サンプリングはノイズ（T−1）からデータ（0）へ進みます"))
    else:
        expect(ts == want, (f"the model should see t = {want} (ddim_timesteps({T}, 5)), saw {ts}",
                            f"モデルが見る t は {want}（ddim_timesteps({T}, 5)）のはずですが、{ts} でした"))
    expect(seen == want, (f"callback(t, x) should be called once per step with t = {want}, got {seen}",
                          f"callback(t, x) は各ステップで 1 回、t = {want} で呼ばれるはずですが、{seen} でした"))


def test_the_perfect_denoiser_lands_on_its_data(kata):
    # If the data set is one image, the exact ε̂ makes every DDIM path end exactly on it, whatever
    # the noise: after the last timestep ᾱ_prev must be 1 (x = x̂0), not alpha_bars[0].
    target = torch.tensor([[-0.9, -0.5, 0.0], [0.2, 0.5, 0.9], [0.7, -0.3, 0.1]]).view(1, 1, 3, 3)
    for n, eta in ((10, 0.0), (4, 0.0), (7, 1.0)):
        out = kata.ddim_sample(Oracle(target), SHAPE, ALPHA_BARS, n, eta=eta, generator=_gen(1))
        what = (f"ddim_sample with the perfect denoiser of one image, n_steps = {n}, η = {eta}: every sample is "
                f"that image (the last step goes to ᾱ_prev = 1, where x_prev = x̂0)",
                f"1 枚の画像に対する完全なデノイザーでの ddim_sample、n_steps = {n}、η = {eta}: どのサンプルもその画像に"
                f"なるはずです（最後のステップは ᾱ_prev = 1 へ進み、そこで x_prev = x̂0 です）")
        if expect_shape(out, SHAPE, what):
            if not expect_close(out, target.expand(SHAPE), atol=1e-4, what=what):
                return


def test_matches_the_closed_form_for_a_linear_model(kata):
    # ε̂ = c·x makes each η = 0 step multiply x by a number:
    #   k(t -> p) = sqrt(ᾱ_p)·(1 − sqrt(1−ᾱ_t)·c)/sqrt(ᾱ_t) + sqrt(1−ᾱ_p)·c     (ᾱ_p = 1 after t = 0)
    c, n = 0.3, 6
    ts = _timesteps(n)
    a = ALPHA_BARS.double()
    k = 1.0
    for i, t in enumerate(ts):
        ap = float(a[ts[i + 1]]) if i + 1 < n else 1.0
        at = float(a[t])
        k *= ap ** 0.5 * (1 - (1 - at) ** 0.5 * c) / at ** 0.5 + (1 - ap) ** 0.5 * c
    x_T = torch.randn(SHAPE, generator=_gen(5))
    out = kata.ddim_sample(Recorder(c), SHAPE, ALPHA_BARS, n, generator=_gen(5), clip=False)
    if expect_shape(out, SHAPE, ("ddim_sample result", "ddim_sample の結果")):
        expect_close(out, k * x_T, atol=1e-4, rtol=1e-4,
                     what=(f"η = 0, clip=False, model ε̂ = {c}·x, n_steps = {n}: x_0 = (product of the step factors)·x_T "
                           f"= {fmt(k)}·x_T (timesteps {ts}, ᾱ = alpha_bars[t] of the TIMESTEP, not of the loop index)",
                           f"η = 0、clip=False、モデル ε̂ = {c}·x、n_steps = {n}: x_0 = (各ステップの係数の積)·x_T = "
                           f"{fmt(k)}·x_T（タイムステップは {ts}。ᾱ はループの番号ではなく「タイムステップ」の alpha_bars[t]）"))


def test_noise_comes_from_the_generator(kata):
    model = Recorder()
    kata.ddim_sample(model, SHAPE, ALPHA_BARS, 3, generator=_gen(7))
    if expect(len(model.calls) > 0, ("ddim_sample never called the model", "ddim_sample がモデルを一度も呼びませんでした")):
        expect_close(model.calls[0][0], torch.randn(SHAPE, generator=_gen(7)), atol=0,
                     what=("the first model input is x_T = torch.randn(shape, generator=generator), the first draw",
                           "最初のモデル入力は x_T = torch.randn(shape, generator=generator)、つまり最初に引く乱数です"))
    runs = []
    for global_seed in (1, 2):
        torch.manual_seed(global_seed)     # must not matter: every draw uses the generator
        runs.append(kata.ddim_sample(Recorder(), SHAPE, ALPHA_BARS, 4, eta=1.0, generator=_gen(3)))
    if not (expect_shape(runs[0], SHAPE, ("ddim_sample result", "ddim_sample の結果"))
            and expect_shape(runs[1], SHAPE, ("ddim_sample result", "ddim_sample の結果"))):
        return
    expect_close(runs[1], runs[0], atol=0,
                 what=("η = 1, the same generator seed, a different global seed: the fresh noise z of each step must "
                       "also come from the generator (torch.randn(shape, generator=generator)), not torch.randn_like",
                       "η = 1、同じ generator のシード、違うグローバルのシード: 各ステップの新しいノイズ z も generator から"
                       "引くはずです（torch.randn_like ではなく torch.randn(shape, generator=generator)）"))
    det = kata.ddim_sample(Recorder(), SHAPE, ALPHA_BARS, 4, eta=0.0, generator=_gen(3))
    gap = float((runs[0] - det).abs().max())
    expect(gap > 1e-3, (f"η = 1 and η = 0 from the same x_T gave the same images (max difference {fmt(gap)}): η > 0 must "
                        f"add σ·z at each step",
                        f"同じ x_T から η = 1 と η = 0 で同じ画像になりました（最大の差 {fmt(gap)}）。η > 0 なら各ステップで "
                        f"σ·z を足すはずです"))


def test_no_gradients(kata):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 1, 3, padding=1)

        def forward(self, x, t):
            return self.conv(x)

    out = kata.ddim_sample(Net(), SHAPE, ALPHA_BARS, 3, generator=_gen(0))
    if expect_shape(out, SHAPE, ("ddim_sample result", "ddim_sample の結果")):
        expect(not out.requires_grad, ("the samples require grad: run the loop under torch.no_grad() (sampling never trains, "
                                       "and the graph of every step would fill the memory)",
                                       "サンプルが requires_grad になっています。ループを torch.no_grad() の中で回しましょう"
                                       "（サンプリングで学習はせず、全ステップのグラフでメモリがあふれます）"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.ddim_sample, Recorder(), SHAPE, ALPHA_BARS.view(T, 1), 3,
                  what=("ddim_sample with alpha_bars of shape [T, 1] (it must be 1-D [T])",
                        "形状 [T, 1] の alpha_bars での ddim_sample（1 次元 [T] のはずです）"))
    expect_raises(ValueError, kata.ddim_sample, Recorder(), SHAPE, ALPHA_BARS, T + 1,
                  what=(f"ddim_sample with n_steps = {T + 1} > T = {T}", f"n_steps = {T + 1} > T = {T} の ddim_sample"))
