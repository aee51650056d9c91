"""Specs for katas/s10_latent_diffusion/kl_autoencoder.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def _model(kata):
    return kata.AutoencoderKL(in_channels=1, channels=8, z_channels=4, levels=2, groups=4)


class _FakePosterior:
    """Stands in for the DiagonalGaussian in the loss spec: only kl() is needed."""

    def __init__(self, kl):
        self._kl = kl

    def kl(self):
        return self._kl


def test_parts_and_shapes(kata):
    ae = _model(kata)
    expect(isinstance(getattr(ae, "encoder", None), nn.Module) and isinstance(getattr(ae, "decoder", None), nn.Module),
           ("AutoencoderKL needs .encoder (ConvEncoder) and .decoder (ConvDecoder)",
            "AutoencoderKL には .encoder（ConvEncoder）と .decoder（ConvDecoder）が必要です"))
    expect(getattr(ae, "downsample_factor", None) == 4 and getattr(ae, "z_channels", None) == 4,
           (f".downsample_factor should be 2**levels = 4 and .z_channels 4, got "
            f"{getattr(ae, 'downsample_factor', None)} and {getattr(ae, 'z_channels', None)}",
            f".downsample_factor は 2**levels = 4、.z_channels は 4 のはずですが、"
            f"{getattr(ae, 'downsample_factor', None)} と {getattr(ae, 'z_channels', None)} でした"))
    x = torch.randn(2, 1, 16, 8)
    with torch.no_grad():
        post = ae.encode(x)
        if not expect(isinstance(post, kata.DiagonalGaussian),
                      (f"encode(x) should return a DiagonalGaussian, got {type(post).__name__}",
                       f"encode(x) は DiagonalGaussian を返すはずですが、{type(post).__name__} でした")):
            return
        expect_shape(post.mean, (2, 4, 4, 2), ("encode(x [2, 1, 16, 8]).mean -> [B, z_channels, H/4, W/4]",
                                               "encode(x [2, 1, 16, 8]).mean の形状 [B, z_channels, H/4, W/4]"))
        expect_shape(ae.decode(torch.randn(2, 4, 4, 2)), (2, 1, 16, 8),
                     ("decode(z [2, 4, 4, 2]) -> [B, 1, 16, 8]", "decode(z [2, 4, 4, 2]) の形状 [B, 1, 16, 8]"))
        out = ae(x)
    ok = isinstance(out, tuple) and len(out) == 2
    if expect(ok, (f"forward should return (recon, posterior), got {type(out).__name__}",
                   f"forward は (recon, posterior) を返すはずですが、{type(out).__name__} でした")):
        expect_shape(out[0], (2, 1, 16, 8), ("forward(x)[0], the reconstruction", "forward(x)[0]（再構成）"))


def test_encode_and_decode_use_the_parts(kata):
    ae = _model(kata)
    x, z = torch.randn(2, 1, 8, 8), torch.randn(2, 4, 2, 2)
    with torch.no_grad():
        params = ae.encoder(x)
        post = ae.encode(x)
        if expect_shape(getattr(post, "mean", None), (2, 4, 2, 2), ("encode(x).mean", "encode(x).mean（平均）")):
            expect_close(post.mean, params[:, :4], atol=1e-6,
                         what=("encode(x).mean = the first z_channels channels of encoder(x)",
                               "encode(x).mean = encoder(x) の最初の z_channels チャネル"))
            expect_close(post.logvar, params[:, 4:], atol=1e-6,
                         what=("encode(x).logvar = the last z_channels channels of encoder(x)",
                               "encode(x).logvar = encoder(x) の後ろの z_channels チャネル"))
        expect_close(ae.decode(z), ae.decoder(z), atol=1e-6,
                     what=("decode(z) = decoder(z)", "decode(z) はデコーダ decoder(z) そのもの"))


def test_training_samples_eval_takes_the_mode(kata):
    ae = _model(kata)
    x = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        params = ae.encoder(x)
        mean, logvar = params[:, :4], params[:, 4:].clamp(-30, 20)
        eps = torch.randn(2, 4, 2, 2, generator=torch.Generator().manual_seed(5))
        want_sample = ae.decoder(mean + torch.exp(0.5 * logvar) * eps)
        want_mode = ae.decoder(mean)

        ae.train()
        got = ae(x, generator=torch.Generator().manual_seed(5))[0]
        if not expect_shape(got, (2, 1, 8, 8), ("forward(x)[0] in training mode", "学習モードでの forward(x)[0]")):
            return
        if torch.allclose(got, want_mode, atol=1e-5):
            expect(False, ("in training mode (model.train()) forward must decode a SAMPLE of the posterior, not its "
                           "mode: the decoder has to learn to cope with the noise",
                           "学習モード（model.train()）の forward は事後分布の mode ではなく「サンプル」を復号します。"
                           "デコーダはそのノイズに耐えられるよう学ぶ必要があります"))
        else:
            expect_close(got, want_sample, atol=1e-5,
                         what=("training-mode forward(x, generator) = decoder(mean + std·ε), ε from that generator",
                               "学習モードの forward(x, generator) = decoder(mean + std·ε)（ε はその generator から）"))
        expect_close(ae(x, sample_posterior=False)[0], want_mode, atol=1e-5,
                     what=("forward(x, sample_posterior=False) = decoder(mode) even in training mode",
                           "学習モードでも forward(x, sample_posterior=False) = decoder(mode)"))
        ae.eval()
        expect_close(ae(x)[0], want_mode, atol=1e-5,
                     what=("eval-mode forward(x) = decoder(posterior.mode()) (deterministic)",
                           "評価モードの forward(x) = decoder(posterior.mode())（決定的）"))
        expect_close(ae(x, sample_posterior=True, generator=torch.Generator().manual_seed(5))[0], want_sample,
                     atol=1e-5, what=("forward(x, sample_posterior=True, generator) in eval mode = decoder(sample)",
                                      "評価モードでの forward(x, sample_posterior=True, generator) = decoder(サンプル)"))


def test_loss_values(kata):
    recon = torch.tensor([[[[0.5, -1.0], [2.0, 0.0]]], [[[1.0, 1.0], [1.0, 1.0]]]])   # [2, 1, 2, 2]
    x = torch.zeros(2, 1, 2, 2)
    post = _FakePosterior(torch.tensor([3.0, 5.0]))
    # rec: image 0 has Σ|.| = 3.5, image 1 has 4.0 -> mean 3.75; kl: mean of [3, 5] = 4.
    out = kata.autoencoder_loss(recon, x, post, kl_weight=0.5)
    if not expect(isinstance(out, tuple) and len(out) == 3,
                  ("autoencoder_loss should return (loss, rec, kl)", "autoencoder_loss は (loss, rec, kl) を返すはずです")):
        return
    loss, rec, kl = out
    if abs(float(rec) - 3.75 / 4) < 1e-6:
        expect(False, ("rec = 0.9375 is the mean over every pixel; sum |recon − x| over each image's pixels, then "
                       "average over the batch (expected 3.75)",
                       "rec = 0.9375 は全ピクセルの平均です。各画像のピクセルについて |recon − x| を足し、それから"
                       "バッチで平均します（3.75 のはず）"))
    else:
        expect_close(rec, 3.75, atol=1e-6,
                     what=("rec = mean over the batch of Σ_pixels |recon − x| (images: 3.5 and 4.0)",
                           "rec = Σ_ピクセル |recon − x| のバッチ平均（各画像は 3.5 と 4.0）"))
    expect_close(kl, 4.0, atol=1e-6, what=("kl = posterior.kl().mean() of [3, 5]", "[3, 5] の posterior.kl().mean()"))
    if abs(float(loss) - 7.75) < 1e-6:
        expect(False, ("loss = rec + kl = 7.75: kl_weight = 0.5 was ignored (expected 3.75 + 0.5·4 = 5.75)",
                       "loss = rec + kl = 7.75 です。kl_weight = 0.5 が無視されています（3.75 + 0.5·4 = 5.75 のはず）"))
    else:
        expect_close(loss, 5.75, atol=1e-6, what=("loss = rec + kl_weight·kl = 3.75 + 0.5·4",
                                                  "損失 loss = rec + kl_weight·kl = 3.75 + 0.5·4"))
    default = kata.autoencoder_loss(recon, x, post)[0]
    expect_close(default, 3.75 + 1e-6 * 4.0, atol=1e-6,
                 what=("loss with the default kl_weight = 1e-6", "既定の kl_weight = 1e-6 での loss"))


def test_gradients_reach_encoder_and_decoder(kata):
    ae = _model(kata).train()
    x = torch.randn(2, 1, 8, 8)
    recon, post = ae(x, generator=torch.Generator().manual_seed(0))
    loss = kata.autoencoder_loss(recon, x, post, kl_weight=1e-3)[0]
    if not expect(loss.dim() == 0, (f"the loss should be a scalar, got shape {tuple(loss.shape)}",
                                    f"損失はスカラーのはずですが、形状 {tuple(loss.shape)} でした")):
        return
    loss.backward()
    for name, p in ae.named_parameters():
        expect_grad(p, (f"AutoencoderKL.{name}", f"AutoencoderKL の {name}"))
    value = float(loss.detach())
    expect(value > 0, (f"loss = {fmt(value)}; L1 + a KL is > 0 here", f"loss = {fmt(value)} です。ここでは L1 + KL は正のはずです"))


def test_bad_input(kata):
    ae = _model(kata)
    expect_raises(ValueError, ae, torch.randn(1, 1, 30, 32),
                  what=("an image of size 30×32 for an autoencoder with downsample_factor 4",
                        "downsample_factor 4 のオートエンコーダに 30×32 の画像"))
    expect_raises(ValueError, kata.autoencoder_loss, torch.zeros(2, 1, 8, 8), torch.zeros(2, 1, 8, 4),
                  _FakePosterior(torch.zeros(2)),
                  what=("recon [2, 1, 8, 8] and x [2, 1, 8, 4] of different shapes",
                        "形状の違う recon [2, 1, 8, 8] と x [2, 1, 8, 4]"))
