"""Specs for katas/s05_vae/vae_encoder.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

IN, H, L = 784, 32, 4


def _oracle(enc, x):
    """The two-hidden-layer MLP and its two linear heads, written out with the module's own weights."""
    h = F.relu(F.linear(x, enc.fc1.weight, enc.fc1.bias))
    h = F.relu(F.linear(h, enc.fc2.weight, enc.fc2.bias))
    return F.linear(h, enc.fc_mu.weight, enc.fc_mu.bias), F.linear(h, enc.fc_logvar.weight, enc.fc_logvar.bias)


def test_parts(kata):
    enc = kata.VAEEncoder(IN, H, L)
    for name, shape in (("fc1", (H, IN)), ("fc2", (H, H)), ("fc_mu", (L, H)), ("fc_logvar", (L, H))):
        layer = getattr(enc, name, None)
        got = tuple(layer.weight.shape) if isinstance(layer, nn.Linear) else None
        expect(got == shape, (f"VAEEncoder({IN}, {H}, {L}).{name} should be an nn.Linear with weight {shape}, got {got}",
                              f"VAEEncoder({IN}, {H}, {L}).{name} は重みが {shape} の nn.Linear のはずですが、{got} でした"))
    sizes = tuple(getattr(enc, n, None) for n in ("in_dim", "hidden_dim", "latent_dim"))
    expect(sizes == (IN, H, L), (f"(.in_dim, .hidden_dim, .latent_dim) should be {(IN, H, L)}, got {sizes}",
                                 f"(.in_dim, .hidden_dim, .latent_dim) は {(IN, H, L)} のはずですが、{sizes} でした"))
    default = kata.VAEEncoder()
    got = tuple(getattr(getattr(default, n, None), "weight", torch.empty(0)).shape for n in ("fc1", "fc_mu"))
    expect(got == ((400, 784), (20, 400)),
           (f"VAEEncoder() defaults (784, 400, 20): fc1 and fc_mu weights should be (400, 784) and (20, 400), got {got}",
            f"VAEEncoder() の既定値は (784, 400, 20) です。fc1 と fc_mu の重みは (400, 784) と (20, 400) の"
            f"はずですが、{got} でした"))


def test_matches_the_mlp_written_out(kata):
    enc = kata.VAEEncoder(IN, H, L)
    x = torch.rand(3, IN)
    with torch.no_grad():
        got = enc(x)
        want_mu, want_logvar = _oracle(enc, x)
    if not expect(isinstance(got, tuple) and len(got) == 2,
                  (f"the encoder should return a pair (mu, logvar), got {type(got).__name__}",
                   f"エンコーダはペア (mu, logvar) を返すはずですが、{type(got).__name__} でした")):
        return
    mu, logvar = got
    if not (expect_shape(mu, (3, L), ("mu [B, latent_dim]", "mu の形状 [B, latent_dim]"))
            and expect_shape(logvar, (3, L), ("logvar [B, latent_dim]", "logvar の形状 [B, latent_dim]"))):
        return
    if torch.allclose(mu, want_logvar, atol=1e-5) and torch.allclose(logvar, want_mu, atol=1e-5):
        expect(False, ("mu and logvar are swapped: return (fc_mu(h), fc_logvar(h)), in that order",
                       "mu と logvar が入れ替わっています。(fc_mu(h), fc_logvar(h)) の順に返しましょう"))
        return
    what = ("fc1 -> ReLU -> fc2 -> ReLU, then the heads with no activation (is a ReLU, a sigmoid or exp "
            "on a head, or a skipped layer?)",
            "fc1 -> ReLU -> fc2 -> ReLU の後、活性化なしのヘッド（ヘッドに ReLU、sigmoid、exp を付けたり、"
            "層を飛ばしたりしていませんか？）")
    expect_close(mu, want_mu, atol=1e-5, what=(f"mu = fc_mu(h): {what[0]}", f"mu = fc_mu(h) の値: {what[1]}"))
    expect_close(logvar, want_logvar, atol=1e-5,
                 what=(f"logvar = fc_logvar(h): {what[0]}", f"logvar = fc_logvar(h) の値: {what[1]}"))


def test_image_batch_is_flattened(kata):
    enc = kata.VAEEncoder(IN, H, L)
    images = torch.rand(2, 1, 28, 28)
    with torch.no_grad():
        got = enc(images)
        want_mu, want_logvar = _oracle(enc, images.reshape(2, IN))
    if not expect(isinstance(got, tuple) and len(got) == 2,
                  ("the encoder should return a pair (mu, logvar) for an image batch [2, 1, 28, 28]",
                   "画像バッチ [2, 1, 28, 28] に対してもエンコーダはペア (mu, logvar) を返すはずです")):
        return
    if expect_shape(got[0], (2, L), ("mu of an image batch [2, 1, 28, 28]", "画像バッチ [2, 1, 28, 28] の mu")):
        expect_close(got[0], want_mu, atol=1e-5,
                     what=("mu of [2, 1, 28, 28] vs mu of the same images flattened to [2, 784] "
                           "(x.flatten(1), row by row)",
                           "[2, 1, 28, 28] の mu と、同じ画像を [2, 784] に平らにしたもの（x.flatten(1)、行ごと）の"
                           " mu の比較"))
    if expect_shape(got[1], (2, L), ("logvar of an image batch", "画像バッチの logvar")):
        expect_close(got[1], want_logvar, atol=1e-5,
                     what=("logvar of [2, 1, 28, 28] vs the flattened images",
                           "[2, 1, 28, 28] の logvar と平らにした画像の logvar の比較"))


def test_gradients_reach_every_layer(kata):
    enc = kata.VAEEncoder(IN, H, L)
    x = torch.rand(4, IN, requires_grad=True)
    out = enc(x)
    if not (isinstance(out, tuple) and len(out) == 2 and expect_shape(out[0], (4, L), ("mu", "エンコーダの mu"))
            and expect_shape(out[1], (4, L), ("logvar", "エンコーダの logvar"))):
        return
    (out[0].pow(2).sum() + out[1].pow(2).sum()).backward()
    for name in ("fc1.weight", "fc2.weight", "fc_mu.weight", "fc_logvar.weight", "fc_logvar.bias"):
        expect_grad(enc.get_parameter(name), (f"VAEEncoder.{name}", f"VAEEncoder の {name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_bad_input(kata):
    enc = kata.VAEEncoder(IN, H, L)
    for shape, en, ja in (((2, 783), "a [2, 783] batch (one pixel short)", "[2, 783] のバッチ（1 ピクセル足りない）"),
                          ((2, 28, 28), "a 3-D [2, 28, 28] tensor (batch or channel missing?)",
                           "3 次元の [2, 28, 28] テンソル（バッチかチャネルが欠けている？）"),
                          ((2, 1, 28, 27), "images [2, 1, 28, 27] (1·28·27 ≠ 784)",
                           "画像 [2, 1, 28, 27]（1·28·27 ≠ 784）"),
                          ((IN,), "a single 1-D image [784] without a batch axis",
                           "バッチの軸がない 1 次元の画像 [784]")):
        expect_raises(ValueError, enc, torch.rand(*shape), what=(en, ja))
    expect_raises(ValueError, kata.VAEEncoder, IN, H, 0,
                  what=("VAEEncoder(784, 32, latent_dim=0)", "VAEEncoder(784, 32, latent_dim=0)（サイズが 0）"))
