"""Kata: img2img, the starting point for editing an image instead of drawing from scratch.

Text-to-image starts the reverse process from pure noise at the first (noisiest) timestep of the
sampler's schedule. img2img starts from an existing picture instead: encode it to latents z0,
noise them forward with q_sample to some intermediate step, and run only the remaining denoising
steps. The strength (0 … 1) says how far to go: 0 keeps the image as it is (no noise, no steps),
1 uses every step from the noisiest one, which is (nearly) pure noise and forgets the image, and
0.5 keeps its rough shapes while the prompt redraws the details.

    timesteps: the sampler's schedule, descending (e.g. [999, 888, …, 111, 0]), n = len(timesteps)
    k = ⌊strength·n⌋  = int(strength * n)            the number of steps to run
    remaining = the LAST k timesteps = timesteps[n − k:]      (still descending, they end at the
                                                               schedule's last step)
    k = 0: return (z0, the empty remaining)          no noise is drawn
    else:  t = remaining[0];  z_t = q_sample(z0, t, alpha_bars, ε),  ε ~ N(0, I) from the generator

Draw ε with `torch.randn(z0.shape, generator=generator, device=z0.device)`; every example gets the
same start step t (a LongTensor [B] full of remaining[0] for q_sample).
Shapes: z0 [B, C, h, w] (scaled latents), strength a float, alpha_bars [T], timesteps LongTensor
[n] -> (z_t like z0, remaining LongTensor [k]).
Bad input: strength outside [0, 1], timesteps that are not a non-empty 1-D tensor or not strictly
descending -> ValueError.

【日本語】
カタ: img2img、ゼロから描くのではなく画像を編集するための出発点。

テキストからの画像生成は、サンプラーのスケジュールの最初の（最もノイズの多い）時刻で、純粋なノイズから逆過程を
始めます。img2img は代わりに既存の画像から始めます。画像を潜在変数 z0 に符号化し、q_sample で途中のステップまで
ノイズを加え、残りのノイズ除去ステップだけを走らせます。strength（0 … 1）はどこまで戻るかを表します。0 なら
画像をそのまま残し（ノイズも、ステップもなし）、1 ならいちばんノイズの多いステップから全部のステップを使うので
（ほぼ）純粋なノイズになり、画像は忘れられます。0.5 なら大まかな形を残し、細部をプロンプトが描き直します。

    timesteps: サンプラーのスケジュール、降順（例えば [999, 888, …, 111, 0]）、n = len(timesteps)
    k = ⌊strength·n⌋  = int(strength * n)            走らせるステップ数
    remaining = 「最後の」k 個の時刻 = timesteps[n − k:]      （降順のまま、スケジュールの最後の
                                                               ステップで終わります）
    k = 0: (z0, 空の remaining) を返す              ノイズは引きません
    それ以外: t = remaining[0]、z_t = q_sample(z0, t, alpha_bars, ε)、ε ~ N(0, I) は generator から

ε は `torch.randn(z0.shape, generator=generator, device=z0.device)` で引きます。どの例も同じ開始ステップ t
を使います（q_sample には remaining[0] で埋めた LongTensor [B] を渡します）。
形状: z0 [B, C, h, w]（スケール済みの潜在変数）、strength は float、alpha_bars [T]、timesteps は
LongTensor [n] -> (z0 と同じ形状の z_t, remaining の LongTensor [k])。
不正な入力: [0, 1] の外の strength、空でない 1 次元テンソルでない timesteps、厳密に降順でない timesteps は
ValueError を送出します。
"""
import torch

from ..s06_ddpm.q_sample import q_sample


def img2img_start(z0: torch.Tensor, strength: float, alpha_bars: torch.Tensor, timesteps: torch.Tensor,
                  generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(z_t noised to the first remaining step, the remaining descending timesteps)."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must lie in [0, 1], got {strength}")
    if not isinstance(timesteps, torch.Tensor) or timesteps.dim() != 1 or timesteps.numel() == 0:
        raise ValueError(f"timesteps must be a non-empty 1-D tensor, got {getattr(timesteps, 'shape', timesteps)!r}")
    if timesteps.numel() > 1 and not bool((timesteps[1:] < timesteps[:-1]).all()):
        raise ValueError(f"timesteps must be strictly descending (the sampler's order), got {timesteps.tolist()}")
    n = timesteps.numel()
    # Floor, as diffusers does: strength 0.35 with 10 steps runs 3 steps.
    k = min(int(strength * n), n)
    # The LAST k steps: skipping the noisiest n − k steps is what keeps the image.
    remaining = timesteps[n - k:]
    if k == 0:
        # Nothing to denoise: the image comes back untouched, and no noise is drawn.
        return z0, remaining
    noise = torch.randn(z0.shape, generator=generator, device=z0.device, dtype=z0.dtype)
    # Jump straight to the first step that will be denoised (q_sample uses the cumulative ᾱ).
    t = torch.full((z0.shape[0],), int(remaining[0]), dtype=torch.long, device=z0.device)
    return q_sample(z0, t, alpha_bars, noise), remaining
