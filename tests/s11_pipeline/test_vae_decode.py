"""Specs for katas/s11_pipeline/vae_decode.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape


class Identity(nn.Module):
    """A decoder that returns its input: the pixels are the (unscaled) latents."""

    def forward(self, z):
        return z


class ToyAutoencoder(nn.Module):
    """Like s10's AutoencoderKL: .decode(z) is the decoder; forward is the whole autoencoder
    (here it returns a (recon, posterior) pair, not an image)."""

    def decode(self, z):
        return torch.tanh(z)

    def forward(self, x):
        return torch.tanh(x), None


def pixels(x):
    """The oracle: [−1, 1] -> [0, 1], clamp, ×255, round half to even, uint8."""
    return (((x.double() + 1) / 2).clamp(0, 1) * 255).round().to(torch.uint8)


def test_hand_worked_pixels(kata):
    z = torch.tensor([[[[-1.0, -0.5, 0.0, 0.5], [1.0, 1.5, -1.5, 0.2]]]])
    got = kata.vae_decode(Identity(), z, 1.0)
    want = torch.tensor([[[0, 64, 128, 191], [255, 255, 0, 153]]], dtype=torch.uint8)
    if not expect_shape(got, (1, 2, 4), ("vae_decode of a one-channel [1, 1, 2, 4] image -> [B, H, W]",
                                         "チャネル 1 つの [1, 1, 2, 4] 画像の vae_decode -> [B, H, W]")):
        return
    if not expect(got.dtype == torch.uint8, (f"the images should be uint8 (bytes 0..255), got {got.dtype}",
                                             f"画像は uint8（0..255 のバイト）のはずですが、{got.dtype} でした")):
        return
    g = got.long().flatten().tolist()
    if g[1] == 63 and g[2] == 127:
        expect(False, ("63.75 became 63 and 127.5 became 127: the cast truncates; .round() before .to(torch.uint8)",
                       "63.75 が 63 に、127.5 が 127 になりました。キャストは切り捨てます。.to(torch.uint8) の前に .round() を"))
    elif g[0] == 128 and g[6] == 128:
        expect(False, ("−1 and −1.5 became 128 (grey): you clamped x to [0, 1] BEFORE mapping (x + 1)/2; map first, "
                       "then clamp",
                       "−1 と −1.5 が 128（灰色）になりました。(x + 1)/2 で写す「前に」x を [0, 1] にクランプしています。"
                       "先に写してからクランプしましょう"))
    elif g[5] != 255 or g[6] != 0:
        expect(False, (f"1.5 became {g[5]} and −1.5 became {g[6]}: clamp (x + 1)/2 to [0, 1] before the cast, or "
                       f"uint8 wraps around",
                       f"1.5 が {g[5]}、−1.5 が {g[6]} になりました。キャストの前に (x + 1)/2 を [0, 1] にクランプしないと、"
                       f"uint8 は一周して戻ってしまいます"))
    else:
        expect_close(got, want, atol=0,
                     what=("pixels of x = [[−1, −0.5, 0, 0.5], [1, 1.5, −1.5, 0.2]]: round(255·clamp((x+1)/2, 0, 1))",
                           "x = [[−1, −0.5, 0, 0.5], [1, 1.5, −1.5, 0.2]] のピクセル: round(255·clamp((x+1)/2, 0, 1))"))


def test_divides_by_the_scale_factor(kata):
    x = torch.rand(2, 1, 4, 4) * 1.8 - 0.9
    got = kata.vae_decode(Identity(), 2.0 * x, 2.0)
    if not expect_shape(got, (2, 4, 4), ("vae_decode of [2, 1, 4, 4] latents", "[2, 1, 4, 4] の潜在変数の vae_decode")):
        return
    if torch.equal(got, pixels(4.0 * x)[:, 0]):
        expect(False, ("the latents were multiplied by the scale factor; divide: decoder(z / scale_factor)",
                       "潜在変数にスケール係数を掛けています。割りましょう: decoder(z / scale_factor)"))
        return
    expect_close(got, pixels(x)[:, 0], atol=0,
                 what=("vae_decode(identity decoder, z = 2·x, scale_factor 2) vs the pixels of x (divide by the scale "
                       "factor before decoding)",
                       "vae_decode(恒等デコーダ, z = 2·x, scale_factor 2) と x のピクセルの比較（デコードの前にスケール係数で"
                       "割ります）"))


def test_uses_the_autoencoders_decode(kata):
    z = torch.randn(2, 1, 4, 4)
    want = pixels(torch.tanh(z / 0.5))[:, 0]
    try:
        got = kata.vae_decode(ToyAutoencoder(), z, 0.5)
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001 — calling the autoencoder itself fails on its pair
        expect(False, (f"vae_decode(autoencoder, …) raised {type(e).__name__}: {e}; an autoencoder decodes with "
                       f".decode(z) (calling it runs the whole autoencoder)",
                       f"vae_decode(autoencoder, …) が {type(e).__name__}: {e} を送出しました。オートエンコーダは "
                       f".decode(z) でデコードします（呼び出すとオートエンコーダ全体が動きます）"))
        return
    if expect_shape(got, (2, 4, 4), ("vae_decode with an autoencoder", "オートエンコーダでの vae_decode")):
        expect_close(got, want, atol=0,
                     what=("vae_decode(autoencoder, z, 0.5) vs the pixels of autoencoder.decode(z / 0.5)",
                           "vae_decode(autoencoder, z, 0.5) と autoencoder.decode(z / 0.5) のピクセルの比較"))
    plain = kata.vae_decode(torch.tanh, z, 0.5)
    if expect_shape(plain, (2, 4, 4), ("vae_decode with a plain decoder function", "ふつうのデコーダ関数での vae_decode")):
        expect_close(plain, want, atol=0,
                     what=("vae_decode(decoder, z, 0.5) vs the pixels of decoder(z / 0.5)",
                           "vae_decode(decoder, z, 0.5) と decoder(z / 0.5) のピクセルの比較"))


def test_crop_and_channels_last(kata):
    x = torch.rand(2, 1, 8, 8) * 2 - 1
    got = kata.vae_decode(Identity(), x, 1.0, crop_to=6)
    if expect_shape(got, (2, 6, 6), ("vae_decode of [2, 1, 8, 8] with crop_to=6", "crop_to=6 での [2, 1, 8, 8] の vae_decode")):
        expect_close(got, pixels(x[:, 0, 1:7, 1:7]), atol=0,
                     what=("crop_to=6 of an 8×8 image: the centre rows and columns 1..6",
                           "8×8 の画像の crop_to=6: 中央の行と列 1..6"))
    x = torch.rand(1, 1, 7, 9) * 2 - 1
    got = kata.vae_decode(Identity(), x, 1.0, crop_to=5)
    if expect_shape(got, (1, 5, 5), ("vae_decode of a 7×9 image with crop_to=5", "crop_to=5 での 7×9 の画像の vae_decode")):
        expect_close(got, pixels(x[:, 0, 1:6, 2:7]), atol=0,
                     what=("crop_to=5 of a 7×9 image: rows 1..5 ((7−5)//2 = 1), columns 2..6 ((9−5)//2 = 2)",
                           "7×9 の画像の crop_to=5: 行 1..5（(7−5)//2 = 1）、列 2..6（(9−5)//2 = 2）"))
    rgb = torch.rand(2, 3, 4, 5) * 2 - 1
    got = kata.vae_decode(Identity(), rgb, 1.0)
    if expect_shape(got, (2, 4, 5, 3), ("vae_decode of 3 channels [2, 3, 4, 5] -> channels last [B, H, W, C]",
                                        "3 チャネル [2, 3, 4, 5] の vae_decode -> チャネルが最後の [B, H, W, C]")):
        expect_close(got, pixels(rgb).permute(0, 2, 3, 1), atol=0,
                     what=("a 3-channel image, channels last: images[b, i, j, c] = pixel of x[b, c, i, j]",
                           "3 チャネルの画像、チャネルが最後: images[b, i, j, c] = x[b, c, i, j] のピクセル"))


def test_bad_input(kata):
    x = torch.zeros(1, 1, 8, 8)
    expect_raises(ValueError, kata.vae_decode, Identity(), x, 1.0, crop_to=9,
                  what=("crop_to=9 for an 8×8 image", "8×8 の画像に crop_to=9"))
    expect_raises(ValueError, kata.vae_decode, lambda z: z[:, 0], x, 1.0,
                  what=("a decoder that returns [B, H, W] (3-D)", "[B, H, W]（3 次元）を返すデコーダ"))
