"""Specs for katas/s05_vae/sample_prior.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt

L, D = 3, 7


def _gen(seed):
    return torch.Generator().manual_seed(seed)


class Recorder(nn.Module):
    """A stand-in decoder: a Linear layer with large weights (logits far outside [0, 1]) that
    records the shape of every z it is called with."""

    def __init__(self, latent_dim=L, out_dim=D):
        super().__init__()
        self.lin = nn.Linear(latent_dim, out_dim)
        with torch.no_grad():
            self.lin.weight.mul_(8.0)
        self.calls = []

    def forward(self, z):
        self.calls.append(tuple(z.shape))
        return self.lin(z)


def test_matches_sigmoid_of_decoded_prior_codes(kata):
    dec = Recorder()
    got = kata.sample_prior(dec, 5, L, generator=_gen(3))
    if not expect_shape(got, (5, D), ("sample_prior(decoder, n=5, latent_dim=3) -> [n, D]",
                                      "sample_prior(decoder, n=5, latent_dim=3) の出力 [n, D]")):
        return
    with torch.no_grad():
        logits = dec.lin(torch.randn(5, L, generator=_gen(3)))
    got = got.detach()
    if torch.allclose(got, logits, atol=1e-5):
        expect(False, ("these are the decoder's logits: apply torch.sigmoid to get pixel probabilities",
                       "これはデコーダのロジットです。torch.sigmoid をかけてピクセルの確率にしましょう"))
        return
    expect_close(got, torch.sigmoid(logits), atol=1e-6,
                 what=("sigmoid(decoder(z)) with z = torch.randn(n, latent_dim, generator=generator) (seed 3)",
                       "sigmoid(decoder(z))、ただし z = torch.randn(n, latent_dim, generator=generator)（シード 3）"))


def test_probabilities_without_a_graph(kata):
    dec = Recorder()
    got = kata.sample_prior(dec, 4, L, generator=_gen(0))
    if not expect_shape(got, (4, D), ("sample_prior(decoder, 4, 3)", "sample_prior(decoder, 4, 3) の出力")):
        return
    lo, hi = float(got.min()), float(got.max())
    expect(0.0 <= lo and hi <= 1.0, (f"probabilities lie in [0, 1], got values from {fmt(lo)} to {fmt(hi)} "
                                     f"(logits? apply the sigmoid)",
                                     f"確率は [0, 1] に入るはずですが、{fmt(lo)} から {fmt(hi)} の値がありました"
                                     f"（ロジットでは？ sigmoid をかけましょう）"))
    expect(not got.requires_grad, ("the samples carry a graph: decode under torch.no_grad() (sampling trains nothing)",
                                   "サンプルが計算グラフを持っています。torch.no_grad() の下でデコードしましょう"
                                   "（サンプリングでは何も学習しません）"))
    expect(dec.calls == [(4, L)], (f"the decoder should be called once with z [n, latent_dim] = [4, {L}], "
                                   f"got calls with {dec.calls}",
                                   f"デコーダは z [n, latent_dim] = [4, {L}] で 1 回呼ばれるはずですが、{dec.calls} で"
                                   f"呼ばれました"))


def test_the_generator_decides_the_codes(kata):
    dec = Recorder()
    a = kata.sample_prior(dec, 6, L, generator=_gen(9))
    torch.manual_seed(42)                       # the global generator moves; the given one decides
    b = kata.sample_prior(dec, 6, L, generator=_gen(9))
    c = kata.sample_prior(dec, 6, L, generator=_gen(10))
    if not all(expect_shape(t, (6, D), ("sample_prior(decoder, 6, 3, g)", "sample_prior(decoder, 6, 3, g) の出力"))
               for t in (a, b, c)):
        return
    expect(torch.equal(a, b), ("the same generator seed gave different samples: draw z with "
                               "torch.randn(n, latent_dim, generator=generator)",
                               "同じシードの generator なのにサンプルが違いました。z は "
                               "torch.randn(n, latent_dim, generator=generator) で引きましょう"))
    expect(not torch.equal(a, c), ("seeds 9 and 10 gave the same samples: are the codes random?",
                                   "シード 9 と 10 で同じサンプルになりました。コードはランダムですか？"))
    d = kata.sample_prior(dec, 6, L, device="cpu")
    expect_shape(d, (6, D), ("sample_prior(decoder, 6, 3, device='cpu') without a generator",
                             "generator なしの sample_prior(decoder, 6, 3, device='cpu')"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.sample_prior, Recorder(), 0, L,
                  what=("n = 0 samples", "サンプル数 n = 0"))
    expect_raises(ValueError, kata.sample_prior, Recorder(), 2, 0,
                  what=("latent_dim = 0", "潜在変数の次元 latent_dim = 0"))
