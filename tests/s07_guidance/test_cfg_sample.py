"""Specs for katas/s07_guidance/cfg_sample.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape

NULL, T, SHAPE = 4, 6, (3, 1, 2, 2)
BETAS = torch.linspace(0.05, 0.3, T)
ALPHA_BARS = torch.cumprod(1 - BETAS, dim=0)
LABELS = torch.tensor([0, 3, 1])


def _eps(x, t, labels):
    """The stand-in's noise prediction: each example depends on its own x, t and label only."""
    y = labels.to(x.dtype).view(-1, 1, 1, 1)
    return x * (1 + y) / 4 + torch.sin(y + 0.1 * t.to(x.dtype).view(-1, 1, 1, 1))


class StandIn(nn.Module):
    """A toy conditional model with one parameter (gain = 1) that counts its calls."""
    null_label = NULL

    def __init__(self):
        super().__init__()
        self.gain = nn.Parameter(torch.ones(()))
        self.batches = []

    def forward(self, x, t, labels=None):
        self.batches.append(x.shape[0])
        if labels is None:
            labels = torch.full((x.shape[0],), NULL)
        return self.gain * _eps(x, t, labels)


def _hand_run(w, seed):
    """DDPM ancestral sampling written out, with ε̂ = ε_u + w·(ε_c − ε_u) at every step."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(SHAPE, generator=g)
    ab_prev_all = torch.cat([torch.ones(1), ALPHA_BARS[:-1]])
    for t in reversed(range(T)):
        tb = torch.full((SHAPE[0],), t)
        eps_c, eps_u = _eps(x, tb, LABELS), _eps(x, tb, torch.full((SHAPE[0],), NULL))
        eps = eps_u + w * (eps_c - eps_u)
        beta, ab, ab_prev = BETAS[t], ALPHA_BARS[t], ab_prev_all[t]
        x0 = ((x - (1 - ab).sqrt() * eps) / ab.sqrt()).clamp(-1, 1)
        mean = ab_prev.sqrt() * beta / (1 - ab) * x0 + (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab) * x
        var = beta * (1 - ab_prev) / (1 - ab)
        x = mean + var.sqrt() * torch.randn(SHAPE, generator=g) if t > 0 else mean
    return x


def test_matches_a_hand_run_guided_loop(kata):
    for w in (3.0, 0.0):
        got = kata.cfg_sample(StandIn(), SHAPE, LABELS, w, BETAS, ALPHA_BARS,
                              generator=torch.Generator().manual_seed(5))
        if not expect_shape(got, SHAPE, (f"cfg_sample(shape {SHAPE}, w={w})", f"cfg_sample(shape {SHAPE}, w={w}) の出力")):
            return
        got = got.detach()
        want = _hand_run(w, 5)
        if not torch.allclose(got, want, atol=1e-5) and torch.allclose(got, _hand_run(1.0, 5), atol=1e-5):
            expect(False, (f"w = {w}: the result is plain conditional sampling (w = 1): the guidance scale w is "
                           f"ignored; pass it to cfg_eps",
                           f"w = {w}: 結果がふつうの条件付きサンプリング（w = 1）と同じです。ガイダンススケール w が"
                           f"無視されています。cfg_eps に渡しましょう"))
            return
        if not expect_close(got, want, atol=1e-5,
                            what=(f"cfg_sample(w={w}, generator seed 5) vs a hand-written DDPM loop (x_T = randn, then "
                                  f"T = {T} ancestral steps) with ε̂ = ε_u + w·(ε_c − ε_u) at EVERY step",
                                  f"cfg_sample(w={w}, 生成器のシード 5) と、手で書いた DDPM ループ（x_T = randn の後に "
                                  f"T = {T} 回の祖先サンプリング）で「毎」ステップ ε̂ = ε_u + w·(ε_c − ε_u) を使ったものの比較")):
            return


def test_one_doubled_call_per_step_and_callback(kata):
    model, seen = StandIn(), []
    out = kata.cfg_sample(model, SHAPE, LABELS, 2.0, BETAS, ALPHA_BARS, generator=torch.Generator().manual_seed(1),
                          callback=lambda t, x: seen.append((int(t), tuple(x.shape))))
    if not expect_shape(out, SHAPE, ("cfg_sample output", "cfg_sample の出力")):
        return
    expect(model.batches == [2 * SHAPE[0]] * T,
           (f"the model should be called once per step on the doubled batch: {T} calls of batch {2 * SHAPE[0]}, "
            f"got batches {model.batches}",
            f"モデルは各ステップで 2 倍のバッチで 1 回呼ばれるはずです: バッチ {2 * SHAPE[0]} で {T} 回。実際のバッチは "
            f"{model.batches} でした"))
    expect([s[0] for s in seen] == list(range(T - 1, -1, -1)) and all(s[1] == SHAPE for s in seen),
           (f"callback(t, x) should be called after every step with t = {T - 1} … 0 and x of shape {SHAPE}, got "
            f"{seen}",
            f"callback(t, x) は各ステップの後に t = {T - 1} … 0、形状 {SHAPE} の x で呼ばれるはずですが、{seen} でした"))


def test_reproducible_and_without_graph(kata):
    a = kata.cfg_sample(StandIn(), SHAPE, LABELS, 2.0, BETAS, ALPHA_BARS, generator=torch.Generator().manual_seed(9))
    b = kata.cfg_sample(StandIn(), SHAPE, LABELS, 2.0, BETAS, ALPHA_BARS, generator=torch.Generator().manual_seed(9))
    if not expect_shape(a, SHAPE, ("cfg_sample output", "cfg_sample の出力")):
        return
    expect_close(a, b, atol=0, what=("two runs with generators seeded alike (9) must give the same images",
                                     "同じシード（9）の生成器での 2 回の実行は同じ画像になるはずです"))
    expect(not a.requires_grad, ("the samples carry a graph through every step: sample under torch.no_grad() "
                                 "(ddpm_sample does)",
                                 "サンプルが全ステップを通る計算グラフを持っています。torch.no_grad() の中でサンプリング"
                                 "しましょう（ddpm_sample はそうしています）"))
    expect(bool(torch.isfinite(a).all()) and not torch.equal(a[0], a[1]),
           ("the samples should be finite and differ between images", "サンプルは有限で、画像ごとに違うはずです"))


def test_rejects_bad_labels(kata):
    expect_raises(ValueError, kata.cfg_sample, StandIn(), SHAPE, LABELS[:2], 2.0, BETAS, ALPHA_BARS,
                  what=("2 labels for 3 images", "3 枚の画像に対して 2 個のラベル"))
