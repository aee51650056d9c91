"""Kata: decode the latent into an image (step 4 of the pipeline).

The UNet worked on SCALED latents: during training the autoencoder's latents were multiplied by
the latent scale factor (s10's latent_scale_factor, 1/std, so they have about unit variance, like
the noise). Before the decoder can read them, undo that: divide by the scale factor (Stable
Diffusion: latents / 0.18215). The decoder then gives pixels in [−1, 1]; an image file wants
bytes. Map [−1, 1] to [0, 1], clamp there (the decoder may overshoot a little), scale to
[0, 255], ROUND to the nearest integer (a plain cast to uint8 would truncate 63.9 to 63), and
cast to uint8. The 28×28 MNIST digits were padded to 32×32 for the autoencoder, so crop the
centre back out when asked.

    x      = decode(z / scale_factor)                       [B, C, H, W], about [−1, 1]
    x      = x[..., top:top+s, left:left+s]                  (crop_to = s: the centre s×s,
                                                              top = (H − s)//2, left = (W − s)//2)
    images = round(255 · clamp((x + 1)/2, 0, 1))  as uint8  [B, H, W] for one channel,
                                                             [B, H, W, C] (channels last) otherwise

`decoder` is s10's AutoencoderKL (use its .decode) or a plain decoder module called as
decoder(z): use `getattr(decoder, "decode", decoder)`. Run it under torch.no_grad() and return the
images on the CPU (they are for viewing and saving now, not for computing).
Bad input: a decoder output that is not 4-D, or crop_to larger than the image or < 1 ->
ValueError.

【日本語】
カタ: 潜在変数を画像にデコードする（パイプラインのステップ 4）。

UNet が扱っていたのは「スケール済み」の潜在変数です。学習のとき、オートエンコーダの潜在変数には潜在
スケール係数（s10 の latent_scale_factor、1/std。ノイズと同じく分散がほぼ 1 になるようにします）を
掛けていました。デコーダに読ませる前にそれを元に戻し、スケール係数で割ります（Stable Diffusion では
latents / 0.18215）。デコーダは [−1, 1] のピクセルを返しますが、画像ファイルが欲しいのはバイトです。
[−1, 1] を [0, 1] に写し、そこでクランプし（デコーダは少しはみ出すことがあります）、[0, 255] に拡大して
最も近い整数に「丸め」（uint8 にそのままキャストすると 63.9 が 63 に切り捨てられます）、uint8 に
キャストします。28×28 の MNIST の数字はオートエンコーダのために 32×32 にパディングしてあったので、
指定されたら中央を切り出して戻します。

    x      = decode(z / scale_factor)                       [B, C, H, W]、おおよそ [−1, 1]
    x      = x[..., top:top+s, left:left+s]                  （crop_to = s: 中央の s×s、
                                                              top = (H − s)//2, left = (W − s)//2）
    images = round(255 · clamp((x + 1)/2, 0, 1)) を uint8 に  チャネルが 1 つなら [B, H, W]、
                                                             それ以外は [B, H, W, C]（チャネルが最後）

`decoder` は s10 の AutoencoderKL（その .decode を使います）か、decoder(z) と呼ぶふつうのデコーダ
モジュールです。`getattr(decoder, "decode", decoder)` を使いましょう。torch.no_grad() のもとで動かし、
画像は CPU 上で返します（ここから先は計算ではなく、見たり保存したりするためのものです）。
不正な入力: デコーダの出力が 4 次元でない、または crop_to が画像より大きいか 1 未満なら ValueError です。
"""
from __future__ import annotations

import torch


@torch.no_grad()
def vae_decode(decoder, z: torch.Tensor, scale_factor: float,
               crop_to: int | None = None) -> torch.Tensor:
    """Scaled latents [B, c, h, w] -> uint8 images [B, H, W] (one channel) or [B, H, W, C], on the CPU."""
    # TODO: decode z / scale_factor (with .decode when the decoder has one); ValueError unless
    #       4-D; centre-crop to crop_to when given; (x + 1)/2 clamped to [0, 1]; ×255, round,
    #       uint8, CPU; channels last, dropping a single channel.
    raise NotImplementedError("vae_decode: decode z / scale_factor, then [−1, 1] -> rounded uint8 pixels"
                              " ‖ vae_decode: z / scale_factor をデコードし、[−1, 1] を丸めた uint8 のピクセルに")
