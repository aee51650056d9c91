"""Specs for katas/s05_vae/vae_model.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

IN, H, L = 784, 32, 4


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _triple(out, B, what):
    """out is (logits [B, IN], mu [B, L], logvar [B, L])."""
    if not expect(isinstance(out, tuple) and len(out) == 3,
                  (f"{what[0]} should return (logits, mu, logvar), got {type(out).__name__}",
                   f"{what[1]} は (logits, mu, logvar) を返すはずですが、{type(out).__name__} でした")):
        return False
    return all([expect_shape(out[0], (B, IN), (f"{what[0]}: logits", f"{what[1]} の logits")),
                expect_shape(out[1], (B, L), (f"{what[0]}: mu", f"{what[1]} の mu")),
                expect_shape(out[2], (B, L), (f"{what[0]}: logvar", f"{what[1]} の logvar"))])


def test_parts(kata):
    vae = kata.VAE(IN, H, L)
    expect(isinstance(getattr(vae, "encoder", None), kata.VAEEncoder),
           (f".encoder should be a VAEEncoder, got {type(getattr(vae, 'encoder', None)).__name__}",
            f".encoder は VAEEncoder のはずですが、{type(getattr(vae, 'encoder', None)).__name__} でした"))
    expect(isinstance(getattr(vae, "decoder", None), kata.VAEDecoder),
           (f".decoder should be a VAEDecoder, got {type(getattr(vae, 'decoder', None)).__name__}",
            f".decoder は VAEDecoder のはずですが、{type(getattr(vae, 'decoder', None)).__name__} でした"))
    expect(getattr(vae, "latent_dim", None) == L, (f".latent_dim should be {L}, got {getattr(vae, 'latent_dim', None)}",
                                                   f".latent_dim は {L} のはずですが、{getattr(vae, 'latent_dim', None)} でした"))
    sizes = (tuple(vae.encoder.fc1.weight.shape), tuple(vae.encoder.fc_mu.weight.shape),
             tuple(vae.decoder.fc1.weight.shape), tuple(vae.decoder.fc_out.weight.shape)) \
        if hasattr(vae, "encoder") and hasattr(vae, "decoder") else None
    expect(sizes == ((H, IN), (L, H), (H, L), (IN, H)),
           (f"VAE({IN}, {H}, {L}): encoder = VAEEncoder({IN}, {H}, {L}) and decoder = VAEDecoder({L}, {H}, {IN}) "
            f"(one logit per input pixel); weights (fc1, fc_mu, decoder fc1, fc_out) should be "
            f"{((H, IN), (L, H), (H, L), (IN, H))}, got {sizes}",
            f"VAE({IN}, {H}, {L}): encoder = VAEEncoder({IN}, {H}, {L})、decoder = VAEDecoder({L}, {H}, {IN})"
            f"（入力ピクセルごとに 1 つのロジット）。重み (fc1, fc_mu, デコーダの fc1, fc_out) は "
            f"{((H, IN), (L, H), (H, L), (IN, H))} のはずですが、{sizes} でした"))


def test_forward_is_encode_sample_decode(kata):
    vae = kata.VAE(IN, H, L)
    x = torch.bernoulli(torch.full((3, IN), 0.3))
    out = vae(x, generator=_gen(11))
    if not _triple(out, 3, ("VAE(x [3, 784], generator)", "VAE(x [3, 784], generator)")):
        return
    logits, mu, logvar = (t.detach() for t in out)
    with torch.no_grad():
        want_mu, want_logvar = vae.encoder(x)
        eps = torch.randn(3, L, generator=_gen(11))
        want = vae.decoder(want_mu + torch.exp(0.5 * want_logvar) * eps)
        at_mean = vae.decoder(want_mu)
    if not (expect_close(mu, want_mu, atol=1e-5, what=("mu vs encoder(x)", "mu と encoder(x) の比較"))
            and expect_close(logvar, want_logvar, atol=1e-5,
                             what=("logvar vs encoder(x)", "logvar と encoder(x) の比較"))):
        return
    if torch.allclose(logits, at_mean, atol=1e-5):
        expect(False, ("the logits are decoder(mu): z = mu skips the sampling; draw "
                       "z = reparameterize(mu, logvar, generator) and decode that",
                       "logits が decoder(mu) になっています。z = mu ではサンプリングが抜けています。"
                       "z = reparameterize(mu, logvar, generator) を引いて、それをデコードしましょう"))
    else:
        expect_close(logits, want, atol=1e-5,
                     what=("logits = decoder(mu + exp(½·logvar)·ε), ε = torch.randn(generator) (seed 11): "
                           "pass the generator on to reparameterize",
                           "logits = decoder(mu + exp(½·logvar)·ε)、ε = torch.randn(generator)（シード 11）。"
                           "generator を reparameterize に渡しましょう"))


def test_the_generator_controls_the_sample(kata):
    vae = kata.VAE(IN, H, L).eval()      # in eval mode too: a test ELBO needs a sampled z as well
    x = torch.bernoulli(torch.full((2, IN), 0.3))
    with torch.no_grad():
        a = vae(x, generator=_gen(1))
        torch.manual_seed(77)                 # the global generator moves; the given one decides
        b = vae(x, generator=_gen(1))
        c = vae(x, generator=_gen(2))
    if not all(_triple(o, 2, ("VAE(x [2, 784], generator)", "VAE(x [2, 784], generator)")) for o in (a, b, c)):
        return
    expect(torch.equal(a[0], b[0]), ("the same generator seed gave different logits: pass `generator` on to "
                                     "reparameterize",
                                     "同じシードの generator なのに logits が違いました。`generator` を reparameterize に"
                                     "渡しましょう"))
    expect(not torch.equal(a[0], c[0]), ("in eval mode, seeds 1 and 2 gave the same logits: the code z is not "
                                         "sampled (z = mu?); sample it in training and in evaluation alike",
                                         "eval モードでシード 1 と 2 が同じ logits になりました。コード z がサンプリング"
                                         "されていません（z = mu になっていませんか？）。学習中も評価中も同じように"
                                         "サンプリングしましょう"))
    expect(torch.equal(a[1], c[1]) and torch.equal(a[2], c[2]),
           ("mu and logvar changed with the seed: they come from the encoder alone, only z is random",
            "シードによって mu と logvar が変わりました。これらはエンコーダだけで決まり、ランダムなのは z だけです"))


def test_image_batch_input(kata):
    vae = kata.VAE(IN, H, L)
    images = torch.bernoulli(torch.full((2, 1, 28, 28), 0.3))
    with torch.no_grad():
        got = vae(images, generator=_gen(4))
        flat = vae(images.reshape(2, IN), generator=_gen(4))
    if _triple(got, 2, ("VAE(images [2, 1, 28, 28])", "VAE(images [2, 1, 28, 28])")) \
            and _triple(flat, 2, ("VAE(x [2, 784])", "VAE(x [2, 784])")):
        expect_close(got[0], flat[0], atol=1e-5,
                     what=("logits of [2, 1, 28, 28] vs the same images flattened to [2, 784] (same seed)",
                           "[2, 1, 28, 28] の logits と、同じ画像を [2, 784] に平らにしたもの（同じシード）の比較"))
    expect_raises(ValueError, vae, torch.rand(2, IN - 1),
                  what=("VAE(x [2, 783])", "VAE(x [2, 783])（1 ピクセル足りない）"))


def test_gradients_reach_both_heads_and_the_decoder(kata):
    vae = kata.VAE(IN, H, L)
    x = torch.bernoulli(torch.full((4, IN), 0.3))
    out = vae(x, generator=_gen(0))
    if not _triple(out, 4, ("VAE(x [4, 784])", "VAE(x [4, 784])")):
        return
    # The reconstruction alone: its gradient reaches logvar only through z = mu + exp(½·logvar)·ε.
    F.binary_cross_entropy_with_logits(out[0], x, reduction="sum").backward()
    for name in ("encoder.fc1.weight", "encoder.fc_mu.weight", "encoder.fc_logvar.weight", "decoder.fc_out.weight"):
        expect_grad(vae.get_parameter(name),
                    (f"{name} from the reconstruction loss (fc_logvar gets none when z = mu)",
                     f"再構成の損失からの {name} の勾配（z = mu だと fc_logvar には届きません）"))
