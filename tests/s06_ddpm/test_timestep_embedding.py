"""Specs for katas/s06_ddpm/timestep_embedding.py."""
import math

import numpy as np
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


def _oracle(t, dim, max_period=10000.0):
    half = dim // 2
    freqs = np.exp(-math.log(max_period) * np.arange(half) / half)
    args = np.asarray(t, dtype=np.float64)[:, None] * freqs[None]
    return np.concatenate([np.sin(args), np.cos(args)], axis=1)


def test_hand_worked_dim4(kata):
    # dim 4: half = 2, frequencies 1 and exp(−ln(10000)·1/2) = 0.01.
    got = kata.timestep_embedding(torch.tensor([0, 1]), 4)
    if not expect_shape(got, (2, 4), ("timestep_embedding(t [2], 4)", "timestep_embedding(t [2], 4) の出力")):
        return
    want = torch.tensor([[0.0, 0.0, 1.0, 1.0],
                         [math.sin(1), math.sin(0.01), math.cos(1), math.cos(0.01)]])
    if torch.allclose(got[0], torch.tensor([1.0, 1.0, 0.0, 0.0])):
        expect(False, ("at t = 0 the row is [1, 1, 0, 0]: sin and cos are swapped; sines come first "
                       "(sin 0 = 0), then cosines (cos 0 = 1)",
                       "t = 0 の行が [1, 1, 0, 0] です。sin と cos が逆です。先に sin（sin 0 = 0）、"
                       "次に cos（cos 0 = 1）を並べます"))
        return
    f1 = float(got[1, 1].clamp(-1, 1).asin())
    if abs(f1 - 0.1) < 1e-4:
        expect(False, ("the second frequency is 0.1 = 10000^(−1/4): the exponent divides by dim; "
                       "divide by half = dim // 2: f_i = exp(−ln(max_period)·i/half) (here 0.01)",
                       "2 番目の周波数が 0.1 = 10000^(−1/4) です。指数を dim で割っています。half = dim // 2 で"
                       "割りましょう: f_i = exp(−ln(max_period)·i/half)（ここでは 0.01）"))
        return
    if abs(float(got[1, 1]) - math.sin(100.0)) < 1e-4:
        expect(False, ("the second frequency is 100 instead of 0.01: the minus sign is missing in "
                       "exp(−ln(max_period)·i/half)",
                       "2 番目の周波数が 0.01 ではなく 100 です。exp(−ln(max_period)·i/half) のマイナス記号が"
                       "抜けています"))
        return
    expect_close(got, want, atol=1e-6,
                 what=("timestep_embedding([0, 1], 4) = [[0, 0, 1, 1], [sin 1, sin 0.01, cos 1, cos 0.01]]",
                       "timestep_embedding([0, 1], 4) = [[0, 0, 1, 1], [sin 1, sin 0.01, cos 1, cos 0.01]] の値"))


def test_matches_closed_form(kata):
    t = [0, 3, 17, 250, 999]
    got = kata.timestep_embedding(torch.tensor(t), 32)
    if expect_shape(got, (5, 32), ("timestep_embedding(t [5], 32)", "timestep_embedding(t [5], 32) の出力")):
        expect(got.dtype == torch.float32, (f"the embedding should be float32, got {got.dtype}",
                                            f"埋め込みは float32 のはずですが、{got.dtype} でした"))
        # float32 angles up to 999 rad: rounding of about 1e-4 is allowed.
        expect_close(got, _oracle(t, 32), atol=2e-4,
                     what=("timestep_embedding(t, 32) vs [sin(t·f_i), cos(t·f_i)], f_i = 10000^(−i/16) "
                           "(float64 oracle, atol 2e-4)",
                           "timestep_embedding(t, 32) と [sin(t·f_i), cos(t·f_i)]、f_i = 10000^(−i/16) の比較"
                           "（float64 の正解、atol 2e-4）"))


def test_max_period_and_float_t(kata):
    t = torch.tensor([0.5, 2.0, 7.25])
    got = kata.timestep_embedding(t, 6, max_period=100.0)
    if expect_shape(got, (3, 6), ("timestep_embedding(float t [3], 6, max_period=100)",
                                  "timestep_embedding(float の t [3], 6, max_period=100)")):
        expect_close(got, _oracle(t.tolist(), 6, 100.0), atol=1e-6,
                     what=("timestep_embedding with max_period = 100: f_i = 100^(−i/3)",
                           "max_period = 100 の timestep_embedding: f_i = 100^(−i/3)"))


def test_distinct_rows_and_unit_pairs(kata):
    # Each (sin, cos) pair lies on the unit circle; different timesteps get different codes.
    got = kata.timestep_embedding(torch.arange(100), 16)
    if not expect_shape(got, (100, 16), ("timestep_embedding(arange(100), 16)",
                                         "timestep_embedding(arange(100), 16) の出力")):
        return
    expect_close(got[:, :8] ** 2 + got[:, 8:] ** 2, torch.ones(100, 8), atol=1e-5,
                 what=("sin² + cos² = 1 for each frequency (column i pairs with column i + half)",
                       "各周波数で sin² + cos² = 1（列 i は列 i + half と組になります）"))
    d = torch.cdist(got, got) + torch.eye(100) * 10
    expect(float(d.min()) > 1e-2, ("two different timesteps got the same embedding",
                                   "異なる 2 つのタイムステップに同じ埋め込みが付いています"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.timestep_embedding, torch.tensor([1, 2]), 7,
                  what=("an odd dim = 7", "奇数の dim = 7"))
    expect_raises(ValueError, kata.timestep_embedding, torch.tensor([1, 2]), 0,
                  what=("dim = 0", "dim = 0 の場合"))
    expect_raises(ValueError, kata.timestep_embedding, torch.tensor([[1, 2]]), 8,
                  what=("t of shape [1, 2] (not 1-D)", "形状 [1, 2] の t（1 次元でない）"))
