"""Specs for katas/s06_ddpm/p_sample.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


class FixedEps(torch.nn.Module):
    """Predicts a fixed noise; records the timesteps it was called with."""

    def __init__(self, eps):
        super().__init__()
        self.eps = eps
        self.ts = []

    def forward(self, x, t):
        self.ts.append(t.clone())
        return self.eps.clone()


def _schedule():
    betas = torch.linspace(0.05, 0.3, 10)
    return betas, torch.cumprod(1 - betas.double(), 0).float()


def _oracle(x_t, eps, t, betas, clip, z=None):
    """x̂0 from ε, then the posterior mean and variance written out in float64."""
    b = betas.double()
    ab = torch.cumprod(1 - b, 0)
    ab_prev = 1.0 if t == 0 else ab[t - 1]
    x0 = (x_t.double() - (1 - ab[t]).sqrt() * eps.double()) / ab[t].sqrt()
    if clip:
        x0 = x0.clamp(-1, 1)
    mean = (ab_prev ** 0.5 * b[t] / (1 - ab[t])) * x0 + ((1 - b[t]).sqrt() * (1 - ab_prev) / (1 - ab[t])) * x_t.double()
    var = b[t] * (1 - ab_prev) / (1 - ab[t])
    return mean if z is None else mean + var.sqrt() * z.double()


def test_calls_model_with_full_batch_t(kata):
    betas, ab = _schedule()
    model = FixedEps(torch.zeros(3, 1, 2, 2))
    kata.p_sample(model, torch.zeros(3, 1, 2, 2), 4, betas, ab, generator=torch.Generator().manual_seed(0))
    if not expect(len(model.ts) == 1, (f"the model should be called once, got {len(model.ts)} calls",
                                       f"モデルは 1 回呼ばれるはずですが、{len(model.ts)} 回でした")):
        return
    t = model.ts[0]
    expect(isinstance(t, torch.Tensor) and t.dtype == torch.long and tuple(t.shape) == (3,)
           and bool((t == 4).all()),
           (f"the model should get t as a long tensor [B] full of 4, got {t!r}",
            f"モデルには 4 で埋めた long のテンソル [B] を t として渡すはずですが、{t!r} でした"))


def test_last_step_is_the_clean_guess(kata):
    # At t = 0: μ̃ = x̂0 and β̃_0 = 0, so x_{−1} = x̂0 and no noise is drawn.
    betas, ab = _schedule()
    x_t, eps = torch.randn(2, 1, 3, 3) * 0.3, torch.randn(2, 1, 3, 3) * 0.3
    g = torch.Generator().manual_seed(1)
    before = g.get_state()
    got = kata.p_sample(FixedEps(eps), x_t, 0, betas, ab, generator=g)
    if not expect_shape(got, (2, 1, 3, 3), ("p_sample(..., t=0)", "p_sample(..., t=0) の出力")):
        return
    x0_hat = (x_t - (1 - ab[0]).sqrt() * eps) / ab[0].sqrt()
    expect_close(got, x0_hat.clamp(-1, 1), atol=1e-5,
                 what=("x_{−1} at t = 0: exactly x̂0 = (x_t − sqrt(1 − ᾱ_0)·ε̂)/sqrt(ᾱ_0), no noise added",
                       "t = 0 の x_{−1}: ちょうど x̂0 = (x_t − sqrt(1 − ᾱ_0)·ε̂)/sqrt(ᾱ_0)、ノイズは加えません"))
    expect(torch.equal(g.get_state(), before),
           ("at t = 0 no noise should be drawn (the generator was used): add sqrt(var)·z only when t > 0",
            "t = 0 ではノイズを引かないはずです（generator が使われました）。sqrt(var)·z を足すのは t > 0 のときだけです"))


def test_noisy_step_matches_formula(kata):
    betas, ab = _schedule()
    x_t, eps = torch.randn(2, 1, 4, 4) * 0.5, torch.randn(2, 1, 4, 4) * 0.5
    t = 6
    got = kata.p_sample(FixedEps(eps), x_t, t, betas, ab, generator=torch.Generator().manual_seed(7))
    if not expect_shape(got, (2, 1, 4, 4), ("p_sample(..., t=6)", "p_sample(..., t=6) の出力")):
        return
    z = torch.randn(2, 1, 4, 4, generator=torch.Generator().manual_seed(7))
    want = _oracle(x_t, eps, t, betas, clip=True, z=z)
    mean = _oracle(x_t, eps, t, betas, clip=True)
    wrong_var = mean + betas[t].double().sqrt() * z.double()
    if torch.allclose(got.double(), wrong_var, atol=1e-5):
        expect(False, ("the noise is scaled by sqrt(β_t); the posterior's standard deviation is sqrt(β̃_t), "
                       "β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t): use the variance from posterior_mean_variance",
                       "ノイズに sqrt(β_t) を掛けています。事後分布の標準偏差は sqrt(β̃_t)、"
                       "β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) です。posterior_mean_variance の分散を使いましょう"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("x_{t−1} at t = 6 vs μ̃(x̂0, x_t) + sqrt(β̃_6)·z with z = torch.randn(shape, generator) "
                       "(seed 7, float64 oracle)",
                       "t = 6 の x_{t−1} と μ̃(x̂0, x_t) + sqrt(β̃_6)·z（z = torch.randn(shape, generator)、シード 7、"
                       "float64 の正解）の比較"))


def test_clip_the_clean_guess(kata):
    # x_t = 3 and ε̂ = 0 give x̂0 = 3/sqrt(ᾱ) > 1: clip=True must clamp it to 1 before the posterior.
    betas, ab = _schedule()
    x_t, eps = torch.full((1, 1, 2, 2), 3.0), torch.zeros(1, 1, 2, 2)
    for t in (0, 3):
        g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
        clipped = kata.p_sample(FixedEps(eps), x_t, t, betas, ab, generator=g1, clip=True)
        free = kata.p_sample(FixedEps(eps), x_t, t, betas, ab, generator=g2, clip=False)
        z = None if t == 0 else torch.randn(1, 1, 2, 2, generator=torch.Generator().manual_seed(3))
        if not (expect_shape(clipped, (1, 1, 2, 2), (f"p_sample(clip=True, t={t})", f"p_sample(clip=True, t={t}) の出力"))
                and expect_shape(free, (1, 1, 2, 2), (f"p_sample(clip=False, t={t})", f"p_sample(clip=False, t={t}) の出力"))):
            return
        expect_close(clipped, _oracle(x_t, eps, t, betas, clip=True, z=z), atol=1e-5,
                     what=(f"clip=True at t = {t}: x̂0 = 3/sqrt(ᾱ_{t}) must be clamped to 1 before the posterior",
                           f"t = {t} で clip=True: x̂0 = 3/sqrt(ᾱ_{t}) を事後分布の前に 1 へ切り詰めるはずです"))
        expect_close(free, _oracle(x_t, eps, t, betas, clip=False, z=z), atol=1e-5,
                     what=(f"clip=False at t = {t}: x̂0 = 3/sqrt(ᾱ_{t}) is used as it is",
                           f"t = {t} で clip=False: x̂0 = 3/sqrt(ᾱ_{t}) をそのまま使います"))


def test_rejects_bad_t(kata):
    betas, ab = _schedule()
    model = FixedEps(torch.zeros(1, 1, 2, 2))
    expect_raises(ValueError, kata.p_sample, model, torch.zeros(1, 1, 2, 2), 10, betas, ab,
                  what=("t = 10 with T = 10", "T = 10 で t = 10"))
    expect_raises(ValueError, kata.p_sample, model, torch.zeros(1, 1, 2, 2), -1, betas, ab,
                  what=("t = −1", "t = −1 の場合"))
