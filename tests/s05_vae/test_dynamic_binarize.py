"""Specs for katas/s05_vae/dynamic_binarize.py."""
import math

import torch

from harness.checks import expect, expect_raises, expect_shape, fmt


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def test_binary_values_same_shape_and_dtype(kata):
    x = torch.rand(3, 1, 28, 28, dtype=torch.float64)
    x[0, 0, 0, :4] = torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=torch.float64)
    out = kata.dynamic_binarize(x, _gen(0))
    if not expect_shape(out, (3, 1, 28, 28), ("dynamic_binarize(x [3, 1, 28, 28])",
                                              "dynamic_binarize(x [3, 1, 28, 28]) の出力")):
        return
    expect(out.dtype == torch.float64, (f"the dtype should follow x (float64), got {out.dtype}",
                                        f"dtype は x（float64）に従うはずですが、{out.dtype} でした"))
    values = sorted({float(v) for v in out.unique()})
    expect(set(values) <= {0.0, 1.0}, (f"every output pixel should be 0 or 1, got the values {values[:6]}",
                                       f"出力のピクセルはどれも 0 か 1 のはずですが、{values[:6]} などの値がありました"))
    corner = [float(v) for v in out[0, 0, 0, :4]]
    expect(corner == [0.0, 1.0, 0.0, 1.0],
           (f"pixels with grey level 0 and 1 must stay 0 and 1 (probability 0 and 1), got {corner}",
            f"濃さ 0 と 1 のピクセルは 0 と 1 のまま（確率 0 と 1）のはずですが、{corner} でした"))


def test_frequency_matches_the_grey_level(kata):
    # 20000 fixed-seed coin flips per level: the fraction of ones is within 4 standard errors
    # 4·sqrt(p(1 − p)/N) of the grey level p.
    n = 20000
    levels = torch.tensor([0.1, 0.3, 0.5, 0.9])
    out = kata.dynamic_binarize(levels.expand(n, 4).contiguous(), _gen(1))
    if not expect_shape(out, (n, 4), (f"dynamic_binarize of [{n}, 4]", f"[{n}, 4] の dynamic_binarize")):
        return
    freq = out.float().mean(0)
    for p, f in zip(levels.tolist(), freq.tolist()):
        tol = 4 * math.sqrt(p * (1 - p) / n)
        hint_en = hint_ja = ""
        if f in (0.0, 1.0):
            hint_en = " — every draw is the same: is it a fixed threshold at 0.5 instead of a coin flip?"
            hint_ja = "。毎回同じ値です。コイン投げではなく 0.5 の固定のしきい値になっていませんか？"
        elif abs(f - (1 - p)) <= tol:
            hint_en = " — that is 1 − p: the pixel should be ON with probability p (rand < p, not rand > p)"
            hint_ja = "。これは 1 − p です。ピクセルは確率 p で「点く」はずです（rand > p ではなく rand < p）"
        expect(abs(f - p) <= tol,
               (f"grey level {fmt(p)}: {fmt(f)} of the draws are 1, expected {fmt(p)} ± {fmt(tol)}{hint_en}",
                f"濃さ {fmt(p)}: 1 になった割合が {fmt(f)} でした。{fmt(p)} ± {fmt(tol)} のはずです{hint_ja}"))


def test_the_generator_decides_the_coins(kata):
    x = torch.full((4, 50), 0.5)
    a = kata.dynamic_binarize(x, _gen(3))
    torch.manual_seed(123)                      # the global generator moves; the given one decides
    b = kata.dynamic_binarize(x, _gen(3))
    c = kata.dynamic_binarize(x, _gen(4))
    if not all(expect_shape(t, (4, 50), ("dynamic_binarize(x [4, 50], g)", "dynamic_binarize(x [4, 50], g) の出力"))
               for t in (a, b, c)):
        return
    expect(torch.equal(a, b), ("the same generator seed gave different images: flip the coins with the given "
                               "generator (torch.bernoulli(x, generator=generator))",
                               "同じシードの generator なのに画像が違いました。コインは与えられた generator で投げましょう"
                               "（torch.bernoulli(x, generator=generator)）"))
    expect(not torch.equal(a, c), ("seeds 3 and 4 gave the same binary images: are the coins random at all?",
                                   "シード 3 と 4 で同じ二値画像になりました。コインはそもそもランダムですか？"))
    d, e = kata.dynamic_binarize(x), kata.dynamic_binarize(x)
    expect(d is not None and e is not None and not torch.equal(d, e),
           ("without a generator, two calls gave the same image: dynamic binarization flips new coins every "
            "time (a fixed rounding is static binarization)",
            "generator なしで 2 回呼んだら同じ画像になりました。動的二値化は毎回新しくコインを投げます"
            "（固定の丸めは静的二値化です）"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.dynamic_binarize, torch.tensor([[0.2, -0.5, 0.9]]),
                  what=("pixels with a negative value (normalised images?)", "負の値のピクセル（正規化した画像？）"))
    expect_raises(ValueError, kata.dynamic_binarize, torch.tensor([[0.0, 255.0, 17.0]]),
                  what=("raw bytes 0..255 instead of [0, 1]", "[0, 1] ではなく 0..255 の生のバイト値"))
