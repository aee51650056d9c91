"""Specs for katas/s02_gpt/train_val_split.py."""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape


def test_default_is_ninety_percent(kata):
    data = torch.arange(10)
    train, val = kata.train_val_split(data)
    # n = int(0.9 · 10) = 9: tokens 0..8 train, token 9 validates.
    if expect_shape(train, (9,), "train part of arange(10) with the default train_frac=0.9"):
        expect_close(train, torch.arange(9), atol=0, what="train = data[:9] (in order, not shuffled)")
    if expect_shape(val, (1,), "val part of arange(10)"):
        expect_close(val, torch.tensor([9]), atol=0, what="val = data[9:] (the tail)")


def test_n_truncates(kata):
    data = torch.arange(7) * 10
    train, val = kata.train_val_split(data, 0.5)
    # 0.5 · 7 = 3.5 -> int() truncates to 3 (round() would give 4).
    expect(len(train) == 3 and len(val) == 4,
           f"train_frac=0.5 on 7 tokens: n = int(3.5) = 3, so lengths (3, 4); got ({len(train)}, {len(val)})")


def test_parts_rebuild_the_data(kata):
    data = torch.randint(0, 65, (1000,))
    train, val = kata.train_val_split(data, 0.8)
    expect(len(train) == 800 and len(val) == 200,
           f"train_frac=0.8 on 1000 tokens: lengths (800, 200), got ({len(train)}, {len(val)})")
    expect(train.dtype == data.dtype and val.dtype == data.dtype,
           f"both parts should keep data's dtype {data.dtype}, got {train.dtype} and {val.dtype}")
    if len(train) + len(val) == len(data):
        expect_close(torch.cat([train, val]), data, atol=0,
                     what="cat([train, val]) (should be data itself: head then tail, nothing shuffled)")


def test_rejects_fraction_outside_zero_one(kata):
    data = torch.arange(10)
    for frac in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            kata.train_val_split(data, frac)
