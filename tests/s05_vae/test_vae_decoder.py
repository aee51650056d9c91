"""Specs for katas/s05_vae/vae_decoder.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

L, H, OUT = 4, 32, 784


def _oracle(dec, z):
    """latent -> hidden -> hidden -> logits, written out with the module's own weights."""
    h = F.relu(F.linear(z, dec.fc1.weight, dec.fc1.bias))
    h = F.relu(F.linear(h, dec.fc2.weight, dec.fc2.bias))
    return F.linear(h, dec.fc_out.weight, dec.fc_out.bias)


def test_parts(kata):
    dec = kata.VAEDecoder(L, H, OUT)
    for name, shape in (("fc1", (H, L)), ("fc2", (H, H)), ("fc_out", (OUT, H))):
        layer = getattr(dec, name, None)
        got = tuple(layer.weight.shape) if isinstance(layer, nn.Linear) else None
        expect(got == shape, (f"VAEDecoder({L}, {H}, {OUT}).{name} should be an nn.Linear with weight {shape}, got {got}",
                              f"VAEDecoder({L}, {H}, {OUT}).{name} は重みが {shape} の nn.Linear のはずですが、{got} でした"))
    sizes = tuple(getattr(dec, n, None) for n in ("latent_dim", "hidden_dim", "out_dim"))
    expect(sizes == (L, H, OUT), (f"(.latent_dim, .hidden_dim, .out_dim) should be {(L, H, OUT)}, got {sizes}",
                                  f"(.latent_dim, .hidden_dim, .out_dim) は {(L, H, OUT)} のはずですが、{sizes} でした"))
    default = kata.VAEDecoder()
    got = tuple(getattr(getattr(default, n, None), "weight", torch.empty(0)).shape for n in ("fc1", "fc_out"))
    expect(got == ((400, 20), (784, 400)),
           (f"VAEDecoder() defaults (20, 400, 784): fc1 and fc_out weights should be (400, 20) and (784, 400), got {got}",
            f"VAEDecoder() の既定値は (20, 400, 784) です。fc1 と fc_out の重みは (400, 20) と (784, 400) の"
            f"はずですが、{got} でした"))


def test_matches_the_mlp_written_out(kata):
    dec = kata.VAEDecoder(L, H, OUT)
    z = torch.randn(3, L)
    with torch.no_grad():
        got = dec(z)
        want = _oracle(dec, z)
    if not expect_shape(got, (3, OUT), ("VAEDecoder(z [3, 4]) -> logits [B, out_dim]",
                                        "VAEDecoder(z [3, 4]) の出力 logits [B, out_dim]")):
        return
    if torch.allclose(got, torch.sigmoid(want), atol=1e-5):
        expect(False, ("the decoder applies a sigmoid: return the logits fc_out(h) themselves; the loss "
                       "(BCE with logits) and sample_prior apply the sigmoid where it is needed",
                       "デコーダが sigmoid をかけています。ロジット fc_out(h) そのものを返しましょう。sigmoid は"
                       "必要な場所（BCE with logits の損失と sample_prior）でかけます"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("logits = fc_out(ReLU(fc2(ReLU(fc1(z))))) with no activation at the end",
                       "logits = fc_out(ReLU(fc2(ReLU(fc1(z)))))、最後に活性化なし"))


def test_outputs_are_logits_for_bce(kata):
    # A strong output bias, -6 and +6 in turn: logits far outside [0, 1], probabilities near 0 and 1.
    dec = kata.VAEDecoder(L, H, 6)
    with torch.no_grad():
        dec.fc_out.bias.copy_(torch.tensor([-6.0, 6.0, -6.0, 6.0, -6.0, 6.0]))
        z = torch.randn(5, L)
        out = dec(z)
        want = _oracle(dec, z)
    if not expect_shape(out, (5, 6), ("VAEDecoder(4, 32, out_dim=6)(z [5, 4])", "VAEDecoder(4, 32, out_dim=6)(z [5, 4]) の出力")):
        return
    lo, hi = float(out.min()), float(out.max())
    if not expect(lo < 0.0 and hi > 1.0,
                  (f"with output biases ±6 the decoder's outputs all lie in [{fmt(lo)}, {fmt(hi)}] ⊂ [0, 1]: these "
                   f"look like probabilities; return logits (any real number), no sigmoid",
                   f"出力のバイアスが ±6 なのに、デコーダの出力がすべて [{fmt(lo)}, {fmt(hi)}] ⊂ [0, 1] に入っています。"
                   f"確率のように見えます。sigmoid をかけずにロジット（任意の実数）を返しましょう")):
        return
    x = torch.bernoulli(torch.full((5, 6), 0.5))
    expect_close(F.binary_cross_entropy_with_logits(out, x), F.binary_cross_entropy(torch.sigmoid(want), x),
                 atol=1e-5, what=("BCE-with-logits of the outputs vs BCE of sigmoid(true logits): the outputs must "
                                  "be usable as logits",
                                  "出力の BCE-with-logits と sigmoid(本当のロジット) の BCE の比較。出力はロジットとして"
                                  "使えるはずです"))


def test_gradients_reach_every_layer(kata):
    dec = kata.VAEDecoder(L, H, OUT)
    z = torch.randn(2, L, requires_grad=True)
    out = dec(z)
    if not expect_shape(out, (2, OUT), ("VAEDecoder output", "VAEDecoder の出力")):
        return
    out.pow(2).sum().backward()
    for name in ("fc1.weight", "fc2.weight", "fc_out.weight", "fc_out.bias"):
        expect_grad(dec.get_parameter(name), (f"VAEDecoder.{name}", f"VAEDecoder の {name}"))
    expect_grad(z, ("the code z", "コード z"))


def test_bad_input(kata):
    dec = kata.VAEDecoder(L, H, OUT)
    expect_raises(ValueError, dec, torch.randn(3, L + 1),
                  what=(f"z [3, {L + 1}] for latent_dim {L}", f"latent_dim {L} に対する z [3, {L + 1}]"))
    expect_raises(ValueError, dec, torch.randn(L),
                  what=(f"a 1-D z [{L}] without a batch axis", f"バッチの軸がない 1 次元の z [{L}]"))
    expect_raises(ValueError, kata.VAEDecoder, L, 0, OUT,
                  what=("VAEDecoder(4, hidden_dim=0, 784)", "VAEDecoder(4, hidden_dim=0, 784)（サイズが 0）"))
