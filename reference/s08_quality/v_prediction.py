"""Kata: v-prediction, the third thing a diffusion model can predict.

Besides the noise ε and the clean image x0, a model can predict the "velocity"
v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0 (Salimans & Ho, 2022). Write sqrt(ᾱ) = cos φ and sqrt(1−ᾱ) = sin φ:
then x_t = cos φ·x0 + sin φ·ε and v = cos φ·ε − sin φ·x0 are the same pair (x0, ε) ROTATED by φ,
and v = d x_t / dφ. A rotation is easy to undo, so v gives back both x0 and ε:

    v   = sqrt(ᾱ)·ε  − sqrt(1−ᾱ)·x0
    x0  = sqrt(ᾱ)·x_t − sqrt(1−ᾱ)·v
    ε   = sqrt(1−ᾱ)·x_t + sqrt(ᾱ)·v

Unlike ε-prediction, v stays informative at both ends: near ᾱ = 1 (almost clean) v ≈ ε, near
ᾱ = 0 (pure noise) v ≈ −x0. Because it is a rotation, |x_t|² + |v|² = |x0|² + |ε|² (per element).
Shapes: every tensor argument has the same shape [B, C, H, W] (any shape); alpha_bar a float or a
tensor that broadcasts (0-d or [B, 1, 1, 1]) -> a tensor of the same shape.
Bad input: any alpha_bar outside [0, 1] -> ValueError.

【日本語】
カタ: v 予測（拡散モデルが予測できる 3 つ目のもの）。

拡散モデルはノイズ ε やきれいな画像 x0 のほかに、「速度」v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0 も予測できます
（Salimans & Ho, 2022）。sqrt(ᾱ) = cos φ、sqrt(1−ᾱ) = sin φ と書くと、x_t = cos φ·x0 + sin φ·ε と
v = cos φ·ε − sin φ·x0 は同じ組 (x0, ε) を φ だけ「回転」したものになり、v = d x_t / dφ です。
回転は簡単に元に戻せるので、v から x0 も ε も取り戻せます。

    v   = sqrt(ᾱ)·ε  − sqrt(1−ᾱ)·x0
    x0  = sqrt(ᾱ)·x_t − sqrt(1−ᾱ)·v
    ε   = sqrt(1−ᾱ)·x_t + sqrt(ᾱ)·v

ε 予測と違って、v は両端でも情報を持ちます。ᾱ = 1 の近く（ほぼきれい）では v ≈ ε、ᾱ = 0 の近く
（純粋なノイズ）では v ≈ −x0 です。回転なので、要素ごとに |x_t|² + |v|² = |x0|² + |ε|² が成り立ちます。
形状: テンソルの引数はすべて同じ形状 [B, C, H, W]（形状は自由）。alpha_bar は float か、ブロードキャスト
できるテンソル（0 次元か [B, 1, 1, 1]） -> 同じ形状のテンソルを返します。
不正な入力: alpha_bar のどれかが [0, 1] の外にあると ValueError です。
"""
import torch


def _coefficients(alpha_bar, like: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(sqrt(ᾱ), sqrt(1 − ᾱ)) = (cos φ, sin φ) as tensors on like's device and dtype."""
    a = torch.as_tensor(alpha_bar, dtype=like.dtype, device=like.device)
    if bool(((a < 0) | (a > 1)).any()):
        raise ValueError(f"alpha_bar must be in [0, 1], got {alpha_bar}")
    return a.sqrt(), (1 - a).sqrt()


def v_from_x0_eps(x0: torch.Tensor, eps: torch.Tensor, alpha_bar) -> torch.Tensor:
    """The v-prediction target: v = sqrt(ᾱ)·eps − sqrt(1 − ᾱ)·x0."""
    cos, sin = _coefficients(alpha_bar, x0)
    # (x_t, v) is (x0, eps) rotated by φ: x_t = cos·x0 + sin·eps, v = cos·eps − sin·x0.
    return cos * eps - sin * x0


def x0_from_v(x_t: torch.Tensor, v: torch.Tensor, alpha_bar) -> torch.Tensor:
    """The clean image from x_t and v: x0 = sqrt(ᾱ)·x_t − sqrt(1 − ᾱ)·v."""
    cos, sin = _coefficients(alpha_bar, x_t)
    # Rotate back by −φ: cos·x_t − sin·v = (cos² + sin²)·x0 + (cos·sin − sin·cos)·eps = x0.
    return cos * x_t - sin * v


def eps_from_v(x_t: torch.Tensor, v: torch.Tensor, alpha_bar) -> torch.Tensor:
    """The noise from x_t and v: eps = sqrt(1 − ᾱ)·x_t + sqrt(ᾱ)·v."""
    cos, sin = _coefficients(alpha_bar, x_t)
    # sin·x_t + cos·v = (sin·cos − cos·sin)·x0 + (sin² + cos²)·eps = eps.
    return sin * x_t + cos * v
