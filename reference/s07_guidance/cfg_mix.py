"""Kata: the classifier-free guidance mix (cfg_mix).

At every sampling step a guided model predicts the noise twice: ε_u = ε(x_t, t, ∅) without the
label and ε_c = ε(x_t, t, y) with it. Their difference ε_c − ε_u points towards "more like class
y". Classifier-free guidance starts at the unconditional prediction and walks w times along that
direction:

    ε̂ = ε_u + w · (ε_c − ε_u)

    w = 0: ε̂ = ε_u              (unconditional: the label is ignored)
    w = 1: ε̂ = ε_c              (plain conditional sampling)
    w > 1: past ε_c, away from ε_u (sharper, more typical digits, less variety; w = 3 … 7.5 is common)

Careful: the guidance paper (Ho & Salimans) writes (1 + w')·ε_c − w'·ε_u; that is the same line
with w' = w − 1. Here w is the Stable-Diffusion "guidance_scale", so w = 1 means no guidance.
Shapes: eps_uncond and eps_cond of the same shape (e.g. [B, C, H, W]) -> the same shape; w a
float, or a tensor that broadcasts to them (e.g. [B, 1, 1, 1], one scale per example).
Bad input: eps_uncond and eps_cond of different shapes -> ValueError.

【日本語】
カタ: Classifier-free guidance の混ぜ合わせ（cfg_mix）。

ガイダンス付きのモデルは、サンプリングの各ステップでノイズを 2 回予測します。ラベルなしの
ε_u = ε(x_t, t, ∅) とラベルありの ε_c = ε(x_t, t, y) です。差 ε_c − ε_u は「もっとクラス y らしく」の
方向を指します。Classifier-free guidance は条件なしの予測から出発し、その方向に w 倍だけ進みます。

    ε̂ = ε_u + w · (ε_c − ε_u)

    w = 0: ε̂ = ε_u              （条件なし: ラベルを無視）
    w = 1: ε̂ = ε_c              （ふつうの条件付きサンプリング）
    w > 1: ε_c を越えて ε_u から遠ざかる（くっきりした典型的な数字になり、多様性は減ります。w = 3 … 7.5 がよく使われます）

注意: ガイダンスの論文（Ho & Salimans）は (1 + w')·ε_c − w'·ε_u と書きます。これは w' = w − 1 とした同じ
直線です。ここでの w は Stable Diffusion の「guidance_scale」なので、w = 1 はガイダンスなしを意味します。
形状: eps_uncond と eps_cond は同じ形状（例: [B, C, H, W]） -> 同じ形状。w は float、またはそれらに
ブロードキャストできるテンソル（例: [B, 1, 1, 1]、例ごとのスケール）です。
不正な入力: eps_uncond と eps_cond の形状が違えば ValueError です。
"""
import torch


def cfg_mix(eps_uncond: torch.Tensor, eps_cond: torch.Tensor, w: float | torch.Tensor) -> torch.Tensor:
    """ε_u + w·(ε_c − ε_u): w = 0 unconditional, w = 1 conditional, w > 1 guided."""
    if eps_uncond.shape != eps_cond.shape:
        raise ValueError(f"eps_uncond {tuple(eps_uncond.shape)} and eps_cond {tuple(eps_cond.shape)} "
                         f"must have the same shape")
    # Start from the unconditional prediction and move w times along the direction the label
    # adds. Written this way, w = 0 and w = 1 give back exactly ε_u and ε_c.
    return eps_uncond + w * (eps_cond - eps_uncond)
