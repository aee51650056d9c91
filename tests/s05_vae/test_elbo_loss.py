"""Specs for katas/s05_vae/elbo_loss.py."""
import math

import torch
import torch.nn.functional as F
from torch.distributions import Bernoulli, Normal, kl_divergence

from harness.checks import expect, expect_close, expect_grad, expect_raises, fmt


def _oracle(logits, x, mu, logvar):
    """recon = −log p(x|z) from torch.distributions.Bernoulli, kl from kl_divergence; means over the batch."""
    recon = -Bernoulli(logits=logits).log_prob(x).sum(1).mean()
    kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(torch.zeros_like(mu), 1.0)).sum(1).mean()
    return recon, kl


def _three_scalars(out, what):
    """out is (loss, recon, kl), each a 0-dim tensor."""
    if not expect(isinstance(out, tuple) and len(out) == 3,
                  (f"{what[0]} should return (loss, recon, kl), got {type(out).__name__}",
                   f"{what[1]} は (loss, recon, kl) を返すはずですが、{type(out).__name__} でした")):
        return False
    shapes = [tuple(getattr(t, "shape", (None,))) for t in out]
    return expect(all(s == () for s in shapes),
                  (f"{what[0]}: loss, recon and kl should be scalars (0-dim), got shapes {shapes}; "
                   f"sum over pixels and latents, then average over the batch",
                   f"{what[1]}: loss、recon、kl はスカラー（0 次元）のはずですが、形状は {shapes} でした。"
                   f"ピクセルと潜在変数について和をとり、バッチについて平均しましょう"))


def _data(B=3, D=10, L=4):
    logits = 3 * torch.randn(B, D)
    x = torch.bernoulli(torch.full((B, D), 0.4))
    mu, logvar = torch.randn(B, L), 0.7 * torch.randn(B, L)
    return logits, x, mu, logvar


def test_hand_worked(kata):
    # logits 0 -> p = ½ for every pixel: −log ½ = ln 2 per pixel, 4 pixels -> recon = 4·ln 2 ≈ 2.7726.
    # KL: example 0 has μ = (1, 2), σ = 1 -> 2.5; example 1 is the prior -> 0; mean = 1.25.
    logits = torch.zeros(2, 4)
    x = torch.tensor([[1.0, 0.0, 1.0, 1.0], [0.0, 0.0, 0.0, 1.0]])
    mu = torch.tensor([[1.0, 2.0], [0.0, 0.0]])
    logvar = torch.zeros(2, 2)
    out = kata.elbo_loss(logits, x, mu, logvar)
    if not _three_scalars(out, ("elbo_loss", "elbo_loss")):
        return
    loss, recon, kl = (float(t) for t in out)
    r = 4 * math.log(2)
    ok = expect(abs(recon - r) < 1e-5, (f"recon should be 4·ln 2 = {fmt(r)} (4 pixels at p = ½, summed), got {fmt(recon)}",
                                        f"recon は 4·ln 2 = {fmt(r)}（p = ½ の 4 ピクセルの和）のはずですが、{fmt(recon)} でした"))
    ok &= expect(abs(kl - 1.25) < 1e-5, (f"kl should be (2.5 + 0)/2 = 1.25, got {fmt(kl)}",
                                         f"kl は (2.5 + 0)/2 = 1.25 のはずですが、{fmt(kl)} でした"))
    if ok:   # the terms are right: now their sum
        expect(abs(loss - (r + 1.25)) < 1e-5, (f"loss should be recon + kl = {fmt(r + 1.25)}, got {fmt(loss)}",
                                               f"loss は recon + kl = {fmt(r + 1.25)} のはずですが、{fmt(loss)} でした"))


def test_matches_torch_distributions(kata):
    logits, x, mu, logvar = _data()
    B, D = x.shape
    out = kata.elbo_loss(logits, x, mu, logvar)
    if not _three_scalars(out, ("elbo_loss", "elbo_loss")):
        return
    loss, recon, kl = (t.detach() for t in out)
    want_recon, want_kl = _oracle(logits, x, mu, logvar)
    twice_sig = F.binary_cross_entropy_with_logits(torch.sigmoid(logits), x, reduction="sum") / B
    recon_slips = ((want_recon / D, f"recon is {D}× too small: a mean over the pixels; −log p(x|z) of an image is "
                                    f"the SUM over its pixels",
                    f"recon が {D} 分の 1 です。ピクセルについて平均しています。画像の −log p(x|z) は全ピクセルの「和」です"),
                   (want_recon * B, f"recon is {B}× too large: a sum over the batch; average over the examples",
                    f"recon が {B} 倍です。バッチについて和をとっています。例について平均しましょう"),
                   (twice_sig, "recon was computed from sigmoid(logits) fed to BCE-with-logits (a sigmoid applied "
                               "twice); pass the logits themselves",
                    "sigmoid(logits) を BCE-with-logits に渡して recon を計算しています（sigmoid を 2 回かけています）。"
                    "ロジットそのものを渡しましょう"))
    for value, en, ja in recon_slips:
        if torch.allclose(recon, value, atol=1e-4):
            expect(False, (en, ja))
            break
    else:
        expect_close(recon, want_recon, atol=1e-4, rtol=1e-5,
                     what=("recon vs −Bernoulli(logits=logits).log_prob(x), summed over pixels, averaged over the batch",
                           "recon と −Bernoulli(logits=logits).log_prob(x) をピクセルについて和、バッチについて平均した"
                           "ものの比較"))
    kl_slips = ((2 * want_kl, "kl is twice the right value: the ½ of the Gaussian KL is missing",
                 "kl が正しい値の 2 倍です。ガウス分布の KL の ½ が抜けています"),
                (want_kl * B, f"kl is {B}× too large: a sum over the batch; average over the examples",
                 f"kl が {B} 倍です。バッチについて和をとっています。例について平均しましょう"),
                (-want_kl, "kl has the wrong sign: KL ≥ 0", "kl の符号が逆です。KL ≥ 0 です"))
    for value, en, ja in kl_slips:
        if torch.allclose(kl, value, atol=1e-4):
            expect(False, (en, ja))
            break
    else:
        expect_close(kl, want_kl, atol=1e-4, rtol=1e-5,
                     what=("kl vs torch.distributions.kl_divergence summed over latents, averaged over the batch",
                           "kl と、torch.distributions.kl_divergence を潜在変数について和、バッチについて平均したものの比較"))
    if torch.allclose(loss, recon - kl, atol=1e-4) and float(kl.abs()) > 1e-3:
        expect(False, ("loss = recon − kl: the KL is ADDED to the loss (−ELBO = −E log p(x|z) + KL)",
                       "loss = recon − kl になっています。KL は損失に「足し」ます（−ELBO = −E log p(x|z) + KL）"))
    else:
        expect_close(loss, recon + kl, atol=1e-4, what=("loss = recon + kl (β = 1)", "loss は recon + kl です（β = 1）"))


def test_beta_weighs_only_the_kl(kata):
    logits, x, mu, logvar = _data()
    want_recon, want_kl = _oracle(logits, x, mu, logvar)
    for beta in (0.25, 4.0, 0.0):
        out = kata.elbo_loss(logits, x, mu, logvar, beta=beta)
        if not _three_scalars(out, (f"elbo_loss(beta={beta})", f"elbo_loss(beta={beta})")):
            return
        loss, recon, kl = (t.detach() for t in out)
        if not expect_close(torch.stack([recon, kl]), torch.stack([want_recon, want_kl]), atol=1e-4, rtol=1e-5,
                            what=(f"(recon, kl) with beta = {beta}: returned unweighted, the same for every β "
                                  f"(if they are off at β = 1 too, fix test_matches_torch_distributions first)",
                                  f"beta = {beta} の (recon, kl): 重みをかけずに返すので、どの β でも同じです"
                                  f"（β = 1 でもずれているなら、先に test_matches_torch_distributions を直しましょう）")):
            return
        expect_close(loss, want_recon + beta * want_kl, atol=1e-4, rtol=1e-5,
                     what=(f"loss with beta = {beta}: recon + β·kl (β multiplies the KL only, never the reconstruction)",
                           f"beta = {beta} の loss: recon + β·kl（β は KL だけにかけ、再構成にはかけません）"))


def test_confident_logits_stay_exact(kata):
    # Logit ±50 on pixels it gets wrong costs 50 nats each (plus ~e⁻⁵⁰ for the one it gets right).
    # BCE on sigmoid probabilities: sigmoid(50) rounds to exactly 1.0 in float32, so the first pixel's
    # log(1 − p) = log 0 is clipped at −100 by F.binary_cross_entropy -> 100 + 50 + 0 = 150.
    logits = torch.tensor([[50.0, -50.0, 50.0]])
    x = torch.tensor([[0.0, 1.0, 1.0]])
    zeros = torch.zeros(1, 2)
    out = kata.elbo_loss(logits, x, zeros, zeros)
    if not _three_scalars(out, ("elbo_loss with logits ±50", "ロジット ±50 の elbo_loss")):
        return
    recon = float(out[1])
    if math.isfinite(recon) and abs(recon - 150.0) < 1.0:
        expect(False, (f"recon = {fmt(recon)} instead of 100: BCE on sigmoid(logits) rounds p to 1 and clips log 0 at "
                       f"−100; use F.binary_cross_entropy_with_logits on the logits",
                       f"recon が 100 ではなく {fmt(recon)} です。sigmoid(logits) の BCE では p が 1 に丸められ、log 0 が "
                       f"−100 で打ち切られます。ロジットのまま F.binary_cross_entropy_with_logits を使いましょう"))
    else:
        expect_close(recon, 100.0, atol=1e-3,
                     what=("recon for logits (50, −50, 50) and pixels (0, 1, 1): 50 + 50 + ~0 nats",
                           "ロジット (50, −50, 50)、ピクセル (0, 1, 1) の recon: 50 + 50 + ほぼ 0 ナット"))


def test_image_shaped_x_and_gradients(kata):
    logits = torch.randn(2, 4, requires_grad=True)
    x_img = torch.tensor([[[[1.0, 0.0], [0.0, 1.0]]], [[[1.0, 1.0], [0.0, 0.0]]]])   # [2, 1, 2, 2]
    mu = torch.randn(2, 3, requires_grad=True)
    logvar = torch.randn(2, 3, requires_grad=True)
    out = kata.elbo_loss(logits, x_img, mu, logvar)
    if not _three_scalars(out, ("elbo_loss with x [2, 1, 2, 2]", "x [2, 1, 2, 2] の elbo_loss")):
        return
    want_recon, want_kl = _oracle(logits.detach(), x_img.reshape(2, 4), mu.detach(), logvar.detach())
    expect_close(out[0].detach(), want_recon + want_kl, atol=1e-4,
                 what=("loss for image-shaped x [2, 1, 2, 2] vs x flattened row by row to [2, 4]",
                       "画像の形の x [2, 1, 2, 2] の loss と、x を行ごとに [2, 4] に平らにしたものの比較"))
    out[0].backward()
    for t, en, ja in ((logits, "logits", "logits"), (mu, "mu", "mu"), (logvar, "logvar", "logvar")):
        expect_grad(t, (f"d loss / d {en}", f"{ja} についての loss の勾配"))


def test_bad_input(kata):
    logits, x, mu, logvar = _data(B=3, D=10, L=4)
    expect_raises(ValueError, kata.elbo_loss, logits, torch.zeros(3, 9), mu, logvar,
                  what=("logits [3, 10] with x [3, 9]", "logits [3, 10] と x [3, 9]"))
    expect_raises(ValueError, kata.elbo_loss, logits, torch.zeros(2, 15), mu, logvar,
                  what=("logits [3, 10] with x [2, 15] (the same 30 numbers, but 2 images, not 3)",
                        "logits [3, 10] と x [2, 15]（数は同じ 30 個でも、画像は 3 枚ではなく 2 枚）"))
    expect_raises(ValueError, kata.elbo_loss, logits, x, torch.zeros(2, 4), torch.zeros(2, 4),
                  what=("logits for 3 examples with mu, logvar for 2", "3 例分の logits と 2 例分の mu, logvar"))
    expect_raises(ValueError, kata.elbo_loss, logits, x, mu, logvar, beta=-1.0,
                  what=("beta = −1", "負の beta = −1"))
