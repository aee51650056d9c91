"""Specs for katas/s05_vae/gaussian_kl.py."""
import math

import torch
from torch.distributions import Normal, kl_divergence

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def _torch_kl(mu, logvar):
    """torch.distributions' KL(N(mu, σ²) ‖ N(0, 1)), σ = exp(½·logvar), summed over the latents."""
    return kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(torch.zeros_like(mu), 1.0)).sum(-1)


def _diagnose(got, want, mu, logvar):
    """got vs want; when off, name the usual slip. True when right."""
    L = mu.shape[1]
    slips = (
        (2 * want, "twice the right value: the ½ in ½·(μ² + σ² − 1 − log σ²) is missing",
         "正しい値の 2 倍です。½·(μ² + σ² − 1 − log σ²) の ½ が抜けています"),
        (-want, "the sign is flipped: KL = ½·(μ² + exp(logvar) − 1 − logvar) ≥ 0",
         "符号が逆です。KL = ½·(μ² + exp(logvar) − 1 − logvar) ≥ 0 です"),
        (want / L, f"the mean over the {L} latents: the KL of independent latents is their SUM",
         f"{L} 個の潜在変数についての平均になっています。独立な潜在変数の KL はそれらの「和」です"),
        (_torch_kl(mu, 2 * logvar), "you treated logvar as log σ; it is log σ², so σ² = exp(logvar)",
         "logvar を log σ として扱っています。logvar は log σ² なので σ² = exp(logvar) です"),
    )
    for value, en, ja in slips:
        if torch.allclose(got, value, atol=1e-4) and not torch.allclose(value, want, atol=1e-4):
            return expect(False, (en, ja))
    return expect_close(got, want, atol=1e-5, rtol=1e-5,
                        what=("KL(N(μ, σ²) ‖ N(0, I)) per example = Σ_j ½·(μ_j² + exp(logvar_j) − 1 − logvar_j)",
                              "例ごとの KL(N(μ, σ²) ‖ N(0, I)) = Σ_j ½·(μ_j² + exp(logvar_j) − 1 − logvar_j)"))


def test_hand_worked(kata):
    # Row 0: the prior itself -> 0.  Row 1: σ = 1, μ = (1, 2) -> ½·(1 + 4) = 2.5.
    # Row 2: μ = 0, σ² = 4 in the first latent -> ½·(4 − 1 − ln 4) ≈ 0.80685.
    mu = torch.tensor([[0.0, 0.0], [1.0, 2.0], [0.0, 0.0]])
    logvar = torch.tensor([[0.0, 0.0], [0.0, 0.0], [math.log(4.0), 0.0]])
    got = kata.gaussian_kl(mu, logvar)
    if not expect_shape(got, (3,), ("gaussian_kl(mu [3, 2], logvar [3, 2]) -> one KL per example [B]",
                                    "gaussian_kl(mu [3, 2], logvar [3, 2]) の出力は例ごとに 1 つの KL [B]")):
        return
    _diagnose(got.detach(), torch.tensor([0.0, 2.5, 0.5 * (3.0 - math.log(4.0))]), mu, logvar)


def test_matches_torch_distributions(kata):
    mu = torch.randn(5, 6)
    logvar = 0.8 * torch.randn(5, 6)
    got = kata.gaussian_kl(mu, logvar)
    if expect_shape(got, (5,), ("gaussian_kl(mu [5, 6], logvar [5, 6])", "gaussian_kl(mu [5, 6], logvar [5, 6]) の出力")):
        _diagnose(got.detach(), _torch_kl(mu, logvar), mu, logvar)


def test_matches_a_monte_carlo_estimate(kata):
    # KL(q ‖ p) = E_q[log q(z) − log p(z)]: average it over 200000 fixed-seed draws z ~ q (float64).
    # The estimate's standard error here is below 0.005 nats; the tolerance is 0.02 nats.
    mu = torch.tensor([[0.3, -1.0, 0.0], [1.5, 0.2, -0.5]], dtype=torch.float64)
    logvar = torch.tensor([[-0.5, 0.4, 0.0], [0.0, -1.0, 0.8]], dtype=torch.float64)
    g = torch.Generator().manual_seed(0)
    std = torch.exp(0.5 * logvar)
    z = mu + std * torch.randn(200000, 2, 3, generator=g, dtype=torch.float64)
    log_q = Normal(mu, std).log_prob(z).sum(-1)
    log_p = Normal(0.0, 1.0).log_prob(z).sum(-1)
    estimate = (log_q - log_p).mean(0)
    got = kata.gaussian_kl(mu, logvar)
    if expect_shape(got, (2,), ("gaussian_kl(mu [2, 3], logvar [2, 3])", "gaussian_kl(mu [2, 3], logvar [2, 3]) の出力")):
        expect_close(got, estimate, atol=0.02,
                     what=("closed-form KL vs the Monte-Carlo mean of log q(z) − log p(z) over 200000 draws "
                           "z ~ q (tolerance 0.02 nats)",
                           "閉じた式の KL と、z ~ q を 200000 回引いた log q(z) − log p(z) のモンテカルロ平均の比較"
                           "（許容誤差 0.02 ナット）"))


def test_gradients(kata):
    # ∂KL/∂μ = μ (pulls the centre to 0); ∂KL/∂logvar = ½·(exp(logvar) − 1) (pulls σ² to 1).
    mu = torch.randn(3, 4, requires_grad=True)
    logvar = torch.randn(3, 4, requires_grad=True)
    got = kata.gaussian_kl(mu, logvar)
    if not expect_shape(got, (3,), ("gaussian_kl(mu [3, 4], logvar [3, 4])", "gaussian_kl(mu [3, 4], logvar [3, 4]) の出力")):
        return
    got.sum().backward()
    if expect_grad(mu, ("mu", "入力 mu")):
        expect_close(mu.grad, mu.detach(), atol=1e-5,
                     what=("∂KL/∂μ = μ", "∂KL/∂μ は μ です"))
    if expect_grad(logvar, ("logvar", "入力 logvar")):
        expect_close(logvar.grad, 0.5 * (logvar.detach().exp() - 1), atol=1e-5,
                     what=("∂KL/∂logvar = ½·(exp(logvar) − 1)", "∂KL/∂logvar は ½·(exp(logvar) − 1) です"))
    kl = got.detach()
    expect(bool((kl >= 0).all()), (f"a KL divergence is never negative, got {[fmt(v) for v in kl]}",
                                   f"KL ダイバージェンスは負になりませんが、{[fmt(v) for v in kl]} でした"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.gaussian_kl, torch.zeros(2, 3), torch.zeros(2, 4),
                  what=("mu [2, 3] with logvar [2, 4]", "mu [2, 3] と logvar [2, 4]"))
    expect_raises(ValueError, kata.gaussian_kl, torch.zeros(3), torch.zeros(3),
                  what=("1-D mu and logvar [3] (no batch axis)", "1 次元の mu と logvar [3]（バッチの軸がない）"))
