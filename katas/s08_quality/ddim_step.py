"""Kata: one DDIM step, from timestep t to an earlier timestep.

DDIM does not need to go back one timestep at a time. From x_t and the predicted noise ε̂ it
first predicts the clean image x̂0, then rebuilds the image at the earlier noise level ᾱ_prev
(which may be many timesteps earlier) from three parts: the clean image, the SAME noise
direction ε̂ ("the direction pointing to x_t"), and optionally fresh noise z of size σ.

    σ      = η · sqrt((1 − ᾱ_prev)/(1 − ᾱ_t)) · sqrt(1 − ᾱ_t/ᾱ_prev)
    x̂0     = predict_x0(x_t, ε̂, ᾱ_t)            (clamped to [−1, 1] when clip, and then
    ε̂      = (x_t − sqrt(ᾱ_t)·x̂0)/sqrt(1 − ᾱ_t)   the noise recomputed from the clamped x̂0)
    x_prev = sqrt(ᾱ_prev)·x̂0 + sqrt(1 − ᾱ_prev − σ²)·ε̂ + σ·z

(Why recompute ε̂: x_t = sqrt(ᾱ_t)·x̂0 + sqrt(1 − ᾱ_t)·ε̂ must still hold. A clamped x̂0 with the
old ε̂ no longer adds up to x_t, and with classifier-free guidance, whose ε̂ often overshoots,
that mismatch grows step after step into broken digits.)

η = 0 is the deterministic DDIM sampler: σ = 0 and the noise z has no effect at all. η = 1
with consecutive timesteps (ᾱ_prev = ᾱ_{t−1}) gives σ² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t), the
DDPM posterior variance: DDIM then IS the DDPM sampler. The σ² under the second square root keeps
the total variance right: the noise share of x_prev is (1 − ᾱ_prev), split between the old
direction ε̂ and the fresh z. Sanity check: if ε̂ is the true noise of x_t = q_sample(x0, t, ε)
and η = 0, the step returns exactly sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev)·ε = q_sample(x0, prev, ε).
Shapes: x_t, eps, noise [B, C, H, W]; alpha_bar_t, alpha_bar_prev floats or tensors that
broadcast to x_t (0-d or [B, 1, 1, 1]); noise None draws torch.randn_like(x_t) when σ > 0.
The last step of a sampler uses ᾱ_prev = 1 (a clean image): then σ = 0 and x_prev = x̂0.
Bad input: ᾱ_t outside (0, 1), ᾱ_prev outside (0, 1], ᾱ_prev < ᾱ_t (a step must go towards
LESS noise), or η outside [0, 1] -> ValueError.

【日本語】
カタ: DDIM の 1 ステップ（タイムステップ t から、それより前のタイムステップへ）。

DDIM は 1 タイムステップずつ戻る必要がありません。x_t と予測したノイズ ε̂ から、まずきれいな画像 x̂0 を予測し、
それから前のノイズの強さ ᾱ_prev（何タイムステップも前でもかまいません）での画像を 3 つの部品で組み立て直します。
きれいな画像、「同じ」ノイズの方向 ε̂（「x_t を指す方向」）、そして必要なら大きさ σ の新しいノイズ z です。

    σ      = η · sqrt((1 − ᾱ_prev)/(1 − ᾱ_t)) · sqrt(1 − ᾱ_t/ᾱ_prev)
    x̂0     = predict_x0(x_t, ε̂, ᾱ_t)            （clip のときは [−1, 1] に clamp し、
    ε̂      = (x_t − sqrt(ᾱ_t)·x̂0)/sqrt(1 − ᾱ_t)   clamp した x̂0 からノイズを計算し直します）
    x_prev = sqrt(ᾱ_prev)·x̂0 + sqrt(1 − ᾱ_prev − σ²)·ε̂ + σ·z

（ε̂ を計算し直す理由: x_t = sqrt(ᾱ_t)·x̂0 + sqrt(1 − ᾱ_t)·ε̂ は成り立っていなければなりません。clamp した x̂0 と
古い ε̂ では足しても x_t に戻らず、ε̂ が行き過ぎがちな分類器なしガイダンスでは、そのずれがステップごとに
大きくなって数字が崩れます。）

η = 0 は決定的な DDIM サンプラーです。σ = 0 なので、ノイズ z はまったく効きません。η = 1 で連続する
タイムステップ（ᾱ_prev = ᾱ_{t−1}）なら σ² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)、つまり DDPM の事後分布の分散に
なり、DDIM は DDPM のサンプラー「そのもの」になります。2 つ目の平方根の中の σ² は全体の分散を正しく保つため
のものです。x_prev のノイズの割合 (1 − ᾱ_prev) を、古い方向 ε̂ と新しい z とで分け合うのです。確かめ方: ε̂ が
x_t = q_sample(x0, t, ε) の本当のノイズで η = 0 なら、このステップはちょうど
sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev)·ε = q_sample(x0, prev, ε) を返します。
形状: x_t, eps, noise は [B, C, H, W]。alpha_bar_t, alpha_bar_prev は float か、x_t にブロードキャストできる
テンソル（0 次元か [B, 1, 1, 1]）。noise が None で σ > 0 なら torch.randn_like(x_t) で引きます。
サンプラーの最後のステップでは ᾱ_prev = 1（きれいな画像）を使います。このとき σ = 0 で x_prev = x̂0 です。
不正な入力: ᾱ_t が (0, 1) の外、ᾱ_prev が (0, 1] の外、ᾱ_prev < ᾱ_t（ステップはノイズが「減る」向きに
進みます）、η が [0, 1] の外のときは ValueError です。
"""
import torch

from .predict_x0 import predict_x0


def ddim_step(x_t: torch.Tensor, eps: torch.Tensor, alpha_bar_t, alpha_bar_prev,
              eta: float = 0.0, noise: torch.Tensor | None = None, clip: bool = False) -> torch.Tensor:
    """x_prev = sqrt(ᾱ_prev)·x̂0 + sqrt(1 − ᾱ_prev − σ²)·eps + σ·noise, σ set by η."""
    # TODO: tensors for ᾱ_t and ᾱ_prev; the ValueError checks of the docstring; σ² from η;
    #       x̂0 = predict_x0 (clamped when clip); the two deterministic terms; σ·noise only when η > 0
    #       (draw torch.randn_like(x_t) if noise is None).
    raise NotImplementedError("ddim_step: predict x̂0, then rebuild x at ᾱ_prev from x̂0, eps and σ·noise"
                              " ‖ ddim_step: x̂0 を予測し、x̂0、eps、σ·noise から ᾱ_prev での x を組み立て直しましょう")
