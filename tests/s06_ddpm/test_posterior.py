"""Specs for katas/s06_ddpm/posterior.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _schedule():
    betas = torch.linspace(0.05, 0.4, 8)
    return betas, torch.cumprod(1 - betas.double(), 0).float()


def _bayes(x0, x_t, t, betas):
    """Independent oracle in float64: prior q(x_{t−1} | x0) = N(sqrt(ᾱ_{t−1})x0, 1 − ᾱ_{t−1}) times the
    likelihood q(x_t | x_{t−1}) = N(sqrt(α_t)x_{t−1}, β_t), a Gaussian in x_{t−1} with precision α_t/β_t
    and mean x_t/sqrt(α_t). Precisions add; the mean is the precision-weighted average."""
    b = betas.double()
    ab = torch.cumprod(1 - b, 0)
    means, variances = [], []
    for i, ti in enumerate(t.tolist()):
        if ti == 0:  # the prior is a point mass at x0
            means.append(x0[i].double())
            variances.append(torch.tensor(0.0, dtype=torch.float64))
            continue
        m_p, v_p = ab[ti - 1].sqrt() * x0[i].double(), 1 - ab[ti - 1]
        alpha = 1 - b[ti]
        prec_l, m_l = alpha / b[ti], x_t[i].double() / alpha.sqrt()
        prec = 1 / v_p + prec_l
        means.append((m_p / v_p + m_l * prec_l) / prec)
        variances.append(1 / prec)
    return torch.stack(means), torch.stack(variances)


def test_hand_worked(kata):
    # betas [0.2, 0.5] -> ᾱ [0.8, 0.4]. At t = 1: coefficient of x0 = sqrt(0.8)·0.5/0.6 ≈ 0.7454,
    # of x_t = sqrt(0.5)·0.2/0.6 ≈ 0.2357, variance 0.5·0.2/0.6 = 1/6.
    betas, ab = torch.tensor([0.2, 0.5]), torch.tensor([0.8, 0.4])
    x0 = torch.tensor([1.0, 0.0]).reshape(2, 1, 1, 1)
    x_t = torch.tensor([0.0, 1.0]).reshape(2, 1, 1, 1)
    out = kata.posterior_mean_variance(x0, x_t, torch.tensor([1, 1]), betas, ab)
    if not expect(isinstance(out, tuple) and len(out) == 2, ("return a pair (mean, variance)",
                                                             "(平均, 分散) の組を返しましょう")):
        return
    mean, var = out
    c0, ct = 0.8 ** 0.5 * 0.5 / 0.6, 0.5 ** 0.5 * 0.2 / 0.6
    if not expect_shape(mean, (2, 1, 1, 1), ("mean", "平均")):
        return
    if abs(float(mean[0]) - ct) < 1e-4 and abs(float(mean[1]) - c0) < 1e-4:
        expect(False, ("the two coefficients are swapped: x0 gets sqrt(ᾱ_{t−1})·β_t/(1 − ᾱ_t), x_t gets "
                       "sqrt(α_t)·(1 − ᾱ_{t−1})/(1 − ᾱ_t)",
                       "2 つの係数が入れ替わっています。x0 には sqrt(ᾱ_{t−1})·β_t/(1 − ᾱ_t)、x_t には "
                       "sqrt(α_t)·(1 − ᾱ_{t−1})/(1 − ᾱ_t) が掛かります"))
    else:
        expect_close(mean[:, 0, 0, 0], [c0, ct], atol=1e-5,
                     what=(f"betas [0.2, 0.5], t = 1: coefficient of x0 = sqrt(0.8)·0.5/0.6 = {fmt(c0)}, "
                           f"of x_t = sqrt(0.5)·0.2/0.6 = {fmt(ct)}",
                           f"betas [0.2, 0.5]、t = 1: x0 の係数 = sqrt(0.8)·0.5/0.6 = {fmt(c0)}、"
                           f"x_t の係数 = sqrt(0.5)·0.2/0.6 = {fmt(ct)}"))
    if expect_shape(var, (2, 1, 1, 1), ("variance: one number per example, [B, 1, 1, 1]",
                                        "分散: 例ごとに 1 つの数、[B, 1, 1, 1]")):
        if abs(float(var[0]) - 0.5) < 1e-6:
            expect(False, ("the variance is β_t = 0.5; the posterior variance is β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) "
                           "= 1/6",
                           "分散が β_t = 0.5 になっています。事後分布の分散は β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) = 1/6 です"))
        else:
            expect_close(var[:, 0, 0, 0], [1 / 6, 1 / 6], atol=1e-6,
                         what=("β̃_1 = 0.5·(1 − 0.8)/(1 − 0.4) = 1/6", "β̃_1 = 0.5·(1 − 0.8)/(1 − 0.4) = 1/6 の値"))


def test_matches_bayes(kata):
    betas, ab = _schedule()
    x0, x_t = torch.randn(4, 2, 3, 3), torch.randn(4, 2, 3, 3)
    t = torch.tensor([1, 3, 5, 7])
    out = kata.posterior_mean_variance(x0, x_t, t, betas, ab)
    if not expect(isinstance(out, tuple) and len(out) == 2, ("return a pair (mean, variance)",
                                                             "(平均, 分散) の組を返しましょう")):
        return
    mean, var = out
    want_mean, want_var = _bayes(x0, x_t, t, betas)
    if not (expect_shape(mean, (4, 2, 3, 3), ("mean", "平均"))
            and expect_shape(var, (4, 1, 1, 1), ("variance [B, 1, 1, 1]", "分散 [B, 1, 1, 1]"))):
        return
    # Two frequent slips give exactly β_t: β_t itself where β̃_t belongs, or ᾱ_t where ᾱ_{t−1}
    # belongs (then (1 − ᾱ_t)/(1 − ᾱ_t) = 1).
    if torch.allclose(var.double().reshape(-1), betas[t].double(), atol=1e-6):
        expect(False, ("the variance equals β_t: either β_t was used where β̃_t belongs, or ᾱ_t where "
                       "ᾱ_{t−1} belongs (1 − ᾱ_{t−1} must be the previous step's, ᾱ_{−1} = 1)",
                       "分散が β_t に等しくなっています。β̃_t の代わりに β_t を使ったか、ᾱ_{t−1} の代わりに ᾱ_t を"
                       "使っています（1 − ᾱ_{t−1} は 1 つ前のステップのもので、ᾱ_{−1} = 1 です）"))
        return
    expect_close(var.reshape(-1), want_var, atol=1e-6,
                 what=("variance for t = [1, 3, 5, 7] vs Bayes (1/(1/(1 − ᾱ_{t−1}) + α_t/β_t), float64)",
                       "t = [1, 3, 5, 7] の分散とベイズの定理による値（1/(1/(1 − ᾱ_{t−1}) + α_t/β_t)、float64）の比較"))
    expect_close(mean, want_mean, atol=1e-5,
                 what=("mean for t = [1, 3, 5, 7] vs the precision-weighted Bayes mean (float64)",
                       "t = [1, 3, 5, 7] の平均と、精度で重み付けしたベイズの平均（float64）の比較"))


def test_t_zero_returns_x0(kata):
    betas, ab = _schedule()
    x0, x_t = torch.randn(2, 1, 3, 3), torch.randn(2, 1, 3, 3)
    out = kata.posterior_mean_variance(x0, x_t, torch.tensor([0, 2]), betas, ab)
    if not expect(isinstance(out, tuple) and len(out) == 2, ("return a pair (mean, variance)",
                                                             "(平均, 分散) の組を返しましょう")):
        return
    mean, var = out
    if not (expect_shape(mean, (2, 1, 3, 3), ("mean", "平均"))
            and expect_shape(var, (2, 1, 1, 1), ("variance", "分散"))):
        return
    expect_close(var[0], torch.zeros(1, 1, 1), atol=1e-7,
                 what=("β̃_0 at t = 0: ᾱ_{−1} = 1, so 1 − ᾱ_{−1} = 0 and the last step is deterministic",
                       "t = 0 の β̃_0: ᾱ_{−1} = 1 なので 1 − ᾱ_{−1} = 0、最後のステップは決定的です"))
    expect_close(mean[0], x0[0], atol=1e-6,
                 what=("the mean at t = 0 is x0 itself (coefficient of x0 is 1, of x_t is 0); "
                       "ᾱ_{t−1} at t = 0 must be 1, not ᾱ[−1] (the LAST entry)",
                       "t = 0 の平均は x0 そのもの（x0 の係数は 1、x_t の係数は 0）です。t = 0 での ᾱ_{t−1} は "
                       "ᾱ[−1]（「最後」の要素）ではなく 1 です"))
    want_mean, want_var = _bayes(x0, x_t, torch.tensor([0, 2]), betas)
    expect_close(mean[1], want_mean[1], atol=1e-5,
                 what=("the other example (t = 2) in the same batch", "同じバッチのもう 1 つの例（t = 2）"))


def test_rejects_bad_input(kata):
    betas, ab = _schedule()
    expect_raises(ValueError, kata.posterior_mean_variance, torch.zeros(2, 1, 2, 2), torch.zeros(2, 1, 2, 3),
                  torch.tensor([1, 1]), betas, ab,
                  what=("x0 [2, 1, 2, 2] with x_t [2, 1, 2, 3]", "x0 [2, 1, 2, 2] と x_t [2, 1, 2, 3]"))
    expect_raises(ValueError, kata.posterior_mean_variance, torch.zeros(2, 1, 2, 2), torch.zeros(2, 1, 2, 2),
                  torch.tensor([1, 8]), betas, ab,
                  what=("t = 8 with T = 8", "T = 8 で t = 8"))
