"""Kata: one step back, when x_0 is known (posterior_mean_variance).

The reverse step cannot know x_{t−1} from x_t alone, but GIVEN the clean image x_0 it is a simple
Gaussian (Bayes with the prior q(x_{t−1} | x_0) = N(sqrt(ᾱ_{t−1})x_0, (1−ᾱ_{t−1})I) and the
likelihood q(x_t | x_{t−1}) = N(sqrt(α_t)x_{t−1}, β_t I)):

    q(x_{t−1} | x_t, x_0) = N( μ̃_t, β̃_t·I )
    μ̃_t = sqrt(ᾱ_{t−1})·β_t / (1 − ᾱ_t) · x_0  +  sqrt(α_t)·(1 − ᾱ_{t−1}) / (1 − ᾱ_t) · x_t
    β̃_t = β_t · (1 − ᾱ_{t−1}) / (1 − ᾱ_t)            α_t = 1 − β_t,   ᾱ_{−1} = 1

The sampler plugs in the network's guess of x_0. Two things to get right: the x_0 coefficient has
β_t and ᾱ_{t−1} (the previous step's ᾱ), the x_t coefficient sqrt(α_t) and 1 − ᾱ_{t−1}; and at
t = 0 the "previous" ᾱ is 1, so β̃_0 = 0 and μ̃_0 = x_0 (the last step is deterministic).
Shapes: x0, x_t [B, C, H, W] (any [B, ...]), t [B] long (or an int for the whole batch), betas and
alpha_bars [T] -> (mean like x_t, variance [B, 1, 1, 1], i.e. [B] followed by ones).
Bad input: x0 and x_t of different shapes, t not [B], or t outside 0 … T−1 -> ValueError.

【日本語】
カタ: x_0 がわかっているときの 1 ステップ前（posterior_mean_variance）。

逆向きのステップでは x_t だけから x_{t−1} はわかりませんが、きれいな画像 x_0 が「与えられれば」単純なガウス分布に
なります（事前分布 q(x_{t−1} | x_0) = N(sqrt(ᾱ_{t−1})x_0, (1−ᾱ_{t−1})I) と尤度 q(x_t | x_{t−1}) = N(sqrt(α_t)x_{t−1}, β_t I)
にベイズの定理を使います）:

    q(x_{t−1} | x_t, x_0) = N( μ̃_t, β̃_t·I )
    μ̃_t = sqrt(ᾱ_{t−1})·β_t / (1 − ᾱ_t) · x_0  +  sqrt(α_t)·(1 − ᾱ_{t−1}) / (1 − ᾱ_t) · x_t
    β̃_t = β_t · (1 − ᾱ_{t−1}) / (1 − ᾱ_t)            α_t = 1 − β_t,   ᾱ_{−1} = 1

サンプラーはここにネットワークが推定した x_0 を入れます。正しくすべき点は 2 つです。x_0 の係数には β_t と
ᾱ_{t−1}（1 つ前のステップの ᾱ）が、x_t の係数には sqrt(α_t) と 1 − ᾱ_{t−1} が入ります。また t = 0 では
「1 つ前」の ᾱ は 1 なので、β̃_0 = 0、μ̃_0 = x_0 になります（最後のステップは決定的です）。
形状: x0, x_t [B, C, H, W]（一般に [B, ...]）、t [B] の long（またはバッチ全体に使う int）、betas と alpha_bars [T]
-> (x_t と同じ形の平均, 分散 [B, 1, 1, 1]、つまり [B] の後に 1 が並ぶ形)。
不正な入力: 形の違う x0 と x_t、[B] でない t、0 … T−1 の外の t は ValueError を送出します。
"""
import torch


def posterior_mean_variance(x0: torch.Tensor, x_t: torch.Tensor, t: torch.Tensor | int,
                            betas: torch.Tensor, alpha_bars: torch.Tensor
                            ) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and variance of q(x_{t−1} | x_t, x_0): (μ̃_t like x_t, β̃_t [B, 1, 1, 1])."""
    # TODO: check shapes and t (ValueError; an int t means the whole batch); build
    #       ᾱ_{t−1} with ᾱ_{−1} = 1; gather β_t, ᾱ_t, ᾱ_{t−1} as [B, 1, 1, 1]; return
    #       (coef_x0·x0 + coef_xt·x_t, β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)).
    raise NotImplementedError("posterior_mean_variance: mean and variance of q(x_{t-1} | x_t, x_0)"
                              " ‖ posterior_mean_variance: q(x_{t-1} | x_t, x_0) の平均と分散を求めましょう")
