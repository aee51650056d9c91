"""Kata: the KL divergence of a diagonal Gaussian from the standard normal, in closed form.

The VAE's regulariser asks every encoder output q(z|x) = N(μ, diag σ²) to stay close to the prior
p(z) = N(0, I), so that codes drawn from the prior decode to sensible images. "Close" is measured
by KL(q ‖ p) = E_q[log q(z) − log p(z)]. For Gaussians this expectation has a closed form, and
because the latents are independent it is a sum over them (one term per latent, in nats):

    KL(N(μ, σ²) ‖ N(0, 1)) = ½ · (μ² + σ² − 1 − log σ²)          with σ² = exp(logvar)
    KL(q ‖ p) = Σ_j ½ · (μ_j² + exp(logvar_j) − 1 − logvar_j)      summed over the latent axis

Each term is ≥ 0 and is 0 only for μ = 0, σ = 1. It is a SUM over latents (the total cost of the
code), never a mean; `logvar` is log σ², not log σ. torch.distributions.kl_divergence gives the
same numbers (the specs use it, and a Monte-Carlo estimate of E_q[log q − log p], as oracles).
Shapes: mu, logvar [B, L] -> [B] (one KL per example; the batch is averaged later, in elbo_loss).
Bad input: mu or logvar not 2-D, or of different shapes -> ValueError.

【日本語】
カタ: 対角ガウス分布の標準正規分布からの KL ダイバージェンスを閉じた式で求める。

VAE の正則化項は、エンコーダの出力 q(z|x) = N(μ, diag σ²) がどれも事前分布 p(z) = N(0, I) の近くに
とどまるよう求めます。そうすれば、事前分布から引いたコードをデコードしても意味のある画像になるからです。
「近さ」は KL(q ‖ p) = E_q[log q(z) − log p(z)] で測ります。ガウス分布どうしならこの期待値は閉じた式に
なり、潜在変数は互いに独立なので、潜在変数ごとの項の和になります（単位はナット）。

    KL(N(μ, σ²) ‖ N(0, 1)) = ½ · (μ² + σ² − 1 − log σ²)          ただし σ² = exp(logvar)
    KL(q ‖ p) = Σ_j ½ · (μ_j² + exp(logvar_j) − 1 − logvar_j)      潜在変数の軸について和をとる

各項は 0 以上で、0 になるのは μ = 0、σ = 1 のときだけです。潜在変数については和（コード全体のコスト）で
あって、平均ではありません。また `logvar` は log σ² で、log σ ではありません。
torch.distributions.kl_divergence でも同じ値が得られます（テストはそれと、E_q[log q − log p] の
モンテカルロ推定を正解として使います）。
形状: mu, logvar [B, L] -> [B]（例ごとに 1 つの KL。バッチの平均は後で elbo_loss がとります）。
不正な入力: mu か logvar が 2 次元でない、または形状が違う場合は ValueError を送出します。
"""
import torch


def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, exp(logvar)) ‖ N(0, I)) per example: [B, L] -> [B], summed over the latents."""
    # TODO: ValueError unless mu and logvar are both [B, L]; the closed form per latent,
    #       ½·(μ² + exp(logvar) − 1 − logvar), summed over the latent axis.
    raise NotImplementedError("gaussian_kl: ½·(μ² + exp(logvar) − 1 − logvar), summed over the latents"
                              " ‖ gaussian_kl: ½·(μ² + exp(logvar) − 1 − logvar) を潜在変数について足しましょう")
