"""Kata: fade an image into noise (corrupt).

The simplest way to "add noise" (the warm-up of the Hugging Face diffusion course): blend each
image with uniform noise, by an amount between 0 (the image untouched) and 1 (only noise). A
network trained to undo this blend is a first, naive denoiser; DDPM refines the idea with Gaussian
noise and a schedule.

    out = x · (1 − amount) + noise · amount          noise ~ Uniform[0, 1) (torch.rand) when None

`amount` holds ONE number per image: reshape it to [B, 1, 1, 1] so it broadcasts over C, H, W
(left as [B] it would broadcast against the last axis W — silently wrong when B == W).
Draw missing noise with `torch.rand(x.shape, generator=generator, device=x.device)`.
Shapes: x [B, C, H, W] (any [B, ...]), amount [B], noise like x or None -> like x.
Bad input: amount not [B], or noise of another shape -> ValueError.

【日本語】
カタ: 画像をノイズへ溶かしていく（corrupt）。

「ノイズを加える」いちばん簡単な方法です（Hugging Face の拡散モデル講座の準備運動）。各画像を一様ノイズと
0（画像そのまま）から 1（ノイズだけ）までの割合で混ぜます。この混ぜ合わせを元に戻すよう学習したネットワークが
最初の素朴なノイズ除去器になります。DDPM はこの考えを、ガウスノイズとスケジュールで洗練させたものです。

    out = x · (1 − amount) + noise · amount          noise が None なら noise ~ Uniform[0, 1)（torch.rand）

`amount` は画像ごとに「1 つ」の数です。[B, 1, 1, 1] に reshape して C, H, W にブロードキャストしましょう
（[B] のままだと最後の軸 W に対してブロードキャストされ、B == W のときは黙って間違った結果になります）。
noise がないときは `torch.rand(x.shape, generator=generator, device=x.device)` で引きます。
形状: x [B, C, H, W]（一般に [B, ...]）、amount [B]、x と同じ形の noise か None -> x と同じ形。
不正な入力: [B] でない amount や形の違う noise は ValueError を送出します。
"""
import torch


def corrupt(x: torch.Tensor, amount: torch.Tensor, noise: torch.Tensor | None = None,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """x·(1 − amount) + noise·amount, one amount per image, uniform noise by default."""
    # TODO: check amount is [B] and noise's shape (ValueError); draw uniform noise when None;
    #       reshape amount to [B, 1, 1, 1]; blend x·(1 − amount) + noise·amount.
    raise NotImplementedError("corrupt: blend each image with noise by its own amount"
                              " ‖ corrupt: 各画像をそれぞれの割合でノイズと混ぜましょう")
