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
    if x0.shape != x_t.shape:
        raise ValueError(f"x0 {tuple(x0.shape)} and x_t {tuple(x_t.shape)} must have the same shape")
    B, T = x_t.shape[0], betas.shape[0]
    if not isinstance(t, torch.Tensor):
        t = torch.full((B,), int(t), dtype=torch.long, device=x_t.device)
    if t.shape != (B,):
        raise ValueError(f"t must be [B] = [{B}], got {tuple(t.shape)}")
    if bool((t < 0).any()) or bool((t >= T).any()):
        raise ValueError(f"timesteps must lie in 0 … {T - 1}, got {t.tolist()}")
    betas = betas.to(device=x_t.device, dtype=x_t.dtype)
    ab = alpha_bars.to(device=x_t.device, dtype=x_t.dtype)
    # ᾱ_{t−1} with ᾱ_{−1} = 1 (nothing has been added before step 0): shift right, put 1 in front.
    ab_prev = torch.cat([ab.new_ones(1), ab[:-1]])
    t = t.to(x_t.device)
    shape = (B,) + (1,) * (x_t.dim() - 1)
    beta_t, ab_t, ab_prev_t = (v[t].reshape(shape) for v in (betas, ab, ab_prev))
    alpha_t = 1 - beta_t
    # Product of two Gaussians in x_{t−1}: precision-weighted blend of what x_0 and x_t say.
    coef_x0 = ab_prev_t.sqrt() * beta_t / (1 - ab_t)
    coef_xt = alpha_t.sqrt() * (1 - ab_prev_t) / (1 - ab_t)
    mean = coef_x0 * x0 + coef_xt * x_t
    # β̃_t ≤ β_t; it is exactly 0 at t = 0 because 1 − ᾱ_{−1} = 0.
    variance = beta_t * (1 - ab_prev_t) / (1 - ab_t)
    return mean, variance
