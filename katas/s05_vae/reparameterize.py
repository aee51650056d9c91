"""Kata: the reparameterization trick (sampling that gradients can pass through).

To train the encoder we need a code z drawn from q(z|x) = N(μ, σ²) and gradients of the loss with
respect to μ and log σ². "Draw a random number" has no gradient, so we move the randomness out of
the way: draw a fixed standard-normal noise ε ~ N(0, I) that does not depend on the parameters,
then shift and scale it. z has exactly the distribution N(μ, σ²), and it is now a smooth
function of μ and logvar, so autograd can differentiate through it.

    σ = exp(½ · logvar)                (logvar = log σ², so σ = exp(logvar / 2), never exp(logvar))
    ε = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
    z = μ + σ · ε                      ∂z/∂μ = 1,   ∂z/∂logvar = ½ · σ · ε

Draw ε exactly like that, once, from the given `generator` (None: PyTorch's global generator):
the same seed must give the same z, which makes sampling reproducible.
Shapes: mu and logvar of the same shape (usually [B, latent_dim]) -> z of that shape.
Bad input: mu and logvar of different shapes -> ValueError.

【日本語】
カタ: 再パラメータ化トリック（勾配が通り抜けられるサンプリング）。

エンコーダを学習するには、q(z|x) = N(μ, σ²) から引いたコード z と、μ と log σ² についての損失の
勾配が必要です。「乱数を引く」操作には勾配がないので、乱数を脇へ移します。パラメータに依存しない
標準正規分布のノイズ ε ~ N(0, I) を引いてから、それをずらして伸び縮みさせるのです。z の分布は
ちょうど N(μ, σ²) のままで、しかも μ と logvar のなめらかな関数になるので、autograd で微分できます。

    σ = exp(½ · logvar)                （logvar = log σ² なので σ = exp(logvar / 2)。exp(logvar) ではありません）
    ε = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
    z = μ + σ · ε                      ∂z/∂μ = 1,   ∂z/∂logvar = ½ · σ · ε

ε は必ずこのとおり、与えられた `generator` から 1 回だけ引きます（None なら PyTorch 全体の乱数生成器）。
同じシードなら同じ z になるので、サンプリングを再現できます。
形状: 同じ形状の mu と logvar（ふつうは [B, latent_dim]）-> 同じ形状の z。
不正な入力: mu と logvar の形状が違えば ValueError を送出します。
"""
import torch


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor,
                   generator: torch.Generator | None = None) -> torch.Tensor:
    """z = mu + exp(½·logvar) · ε with ε ~ N(0, I) drawn from `generator`."""
    # TODO: ValueError when the shapes differ; ε = torch.randn(mu.shape, generator=generator,
    #       device=mu.device, dtype=mu.dtype); σ from logvar (mind the ½); z = mu + σ·ε.
    raise NotImplementedError("reparameterize: z = mu + exp(½·logvar)·ε, ε from the generator"
                              " ‖ reparameterize: z = mu + exp(½·logvar)·ε、ε は generator から引きましょう")
