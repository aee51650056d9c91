"""Kata: the training loss of a guidable model (conditional_ddpm_loss).

Training a class-conditional diffusion model is s06's DDPM loss with two changes: the network
also gets the labels, and a fraction p_uncond of them is first replaced by the null label ∅
(drop_labels), so the same network learns ε(x_t, t, y) and ε(x_t, t, ∅), the two predictions
classifier-free guidance mixes at sampling time.

    labels' = drop_labels(labels, p_uncond, model.null_label, generator)   (drawn first)
    t ~ U{0 … T−1},  ε ~ N(0, I)                                          (when not given)
    x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε
    loss = mean( (model(x_t, t, labels') − ε)² )

s06's ddpm_loss already does everything after the first line for a model(x_t, t): give it a small
wrapper that passes the dropped labels along, and the generator, so that one fixed generator
makes the whole loss reproducible (the label drops first, then t and ε, as ddpm_loss draws them).
Shapes: x0 [B, C, H, W], labels [B] long, alpha_bars [T], t [B] long or None, noise like x0 or
None -> a scalar.
Bad input: labels not of shape [B] -> ValueError (p_uncond outside [0, 1] raises in drop_labels).

【日本語】
カタ: ガイダンスできるモデルの学習の損失（conditional_ddpm_loss）。

クラス条件付き拡散モデルの学習は、s06 の DDPM の損失に 2 つの変更を加えたものです。ネットワークには
ラベルも渡し、そのうち割合 p_uncond を先にヌルラベル ∅ に置き換えます（drop_labels）。こうすると同じ
ネットワークが ε(x_t, t, y) と ε(x_t, t, ∅) を学びます。サンプリングのときに classifier-free guidance が
混ぜる 2 つの予測です。

    labels' = drop_labels(labels, p_uncond, model.null_label, generator)   （最初に引く）
    t ~ U{0 … T−1},  ε ~ N(0, I)                                          （与えられていなければ）
    x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε
    loss = mean( (model(x_t, t, labels') − ε)² )

1 行目より後はすべて、s06 の ddpm_loss が model(x_t, t) に対してすでに行っています。落としたラベルを
渡す小さな包みと生成器を ddpm_loss に渡しましょう。そうすれば 1 つの固定した生成器で損失全体が再現
できます（ラベルの落とし方が先、次に ddpm_loss が引く順に t と ε）。
形状: x0 [B, C, H, W]、labels [B] の long、alpha_bars [T]、t は [B] の long か None、noise は x0 と同じ形か
None -> スカラー。
不正な入力: labels の形状が [B] でなければ ValueError です（[0, 1] の外の p_uncond は drop_labels が
ValueError を送出します）。
"""
import torch
import torch.nn as nn

from ..s06_ddpm.ddpm_loss import ddpm_loss
from .condition_dropout import drop_labels


def conditional_ddpm_loss(model: nn.Module, x0: torch.Tensor, labels: torch.Tensor,
                          alpha_bars: torch.Tensor, p_uncond: float = 0.1,
                          t: torch.Tensor | None = None, noise: torch.Tensor | None = None,
                          generator: torch.Generator | None = None) -> torch.Tensor:
    """s06's ε-MSE for model(x_t, t, labels'), with labels' = labels dropped to ∅ w.p. p_uncond."""
    # TODO: ValueError unless labels is [B]; drop labels to model.null_label with probability
    # p_uncond (with the generator), then return ddpm_loss over a wrapper (x_t, t) ->
    # model(x_t, t, dropped labels), passing t, noise and the generator on.
    raise NotImplementedError("conditional_ddpm_loss: drop labels, then s06's ddpm_loss with the labels passed along"
                              " ‖ conditional_ddpm_loss: ラベルを落とし、ラベルを渡しながら s06 の ddpm_loss を"
                              "計算しましょう")
