"""Specs for katas/s02_gpt/train_val_split.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


def _split(kata, data, *frac):
    """train_val_split(data, *frac), or None (with a message) when it is not two tensors."""
    got = kata.train_val_split(data, *frac)
    if expect(isinstance(got, tuple) and len(got) == 2 and all(isinstance(p, torch.Tensor) for p in got),
              (f"train_val_split should return a tuple (train, val) of two tensors, got {got!r:.80}",
               f"train_val_split は 2 つのテンソルのタプル (train, val) を返すはずですが、{got!r:.80} でした")):
        return got
    return None


def test_default_is_ninety_percent(kata):
    data = torch.arange(10)
    got = _split(kata, data)
    if got is None:
        return
    train, val = got
    # n = int(0.9 · 10) = 9: tokens 0..8 train, token 9 validates.
    if expect_shape(train, (9,), ("train part of arange(10) with the default train_frac=0.9",
                                  "既定の train_frac=0.9 での arange(10) の train 部分")):
        expect_close(train, torch.arange(9), atol=0,
                     what=("train = data[:9] (the head, in order, not shuffled)",
                           "train = data[:9]（先頭部分。順序どおりで、シャッフルしません）"))
    if expect_shape(val, (1,), ("val part of arange(10)", "arange(10) の val 部分")):
        expect_close(val, torch.tensor([9]), atol=0,
                     what=("val = data[9:] (the tail)", "val = data[9:]（末尾）"))


def test_n_truncates(kata):
    data = torch.arange(7) * 10
    got = _split(kata, data, 0.5)
    if got is None:
        return
    lengths = (len(got[0]), len(got[1]))
    # 0.5 · 7 = 3.5 -> int() truncates to 3 (round() and ceil() would give 4).
    expect(lengths == (3, 4),
           (f"train_frac=0.5 on 7 tokens: n = int(3.5) = 3, so lengths (3, 4); got {lengths}",
            f"7 トークンで train_frac=0.5 なら n = int(3.5) = 3 なので長さは (3, 4) のはずですが、"
            f"{lengths} でした"))


def test_parts_rebuild_the_data(kata):
    data = torch.randint(0, 65, (1000,))
    got = _split(kata, data, 0.8)
    if got is None:
        return
    train, val = got
    lengths = (len(train), len(val))
    expect(lengths == (800, 200),
           (f"train_frac=0.8 on 1000 tokens: lengths (800, 200), got {lengths}",
            f"1000 トークンで train_frac=0.8 なら長さは (800, 200) のはずですが、{lengths} でした"))
    expect(train.dtype == data.dtype and val.dtype == data.dtype,
           (f"both parts should keep data's dtype {data.dtype}, got {train.dtype} and {val.dtype}",
            f"どちらの部分も data の dtype {data.dtype} のままのはずですが、{train.dtype} と {val.dtype} でした"))
    if expect(sum(lengths) == len(data),
              (f"train and val together should hold all {len(data)} tokens, got {sum(lengths)} "
               "(a token skipped or counted twice at the cut?)",
               f"train と val を合わせると {len(data)} トークンすべてになるはずですが、{sum(lengths)} でした"
               "（切れ目でトークンを飛ばしたり二重に数えたりしていませんか？）")):
        expect_close(torch.cat([train, val]), data, atol=0,
                     what=("cat([train, val]) (should be data itself: head then tail, nothing shuffled)",
                           "cat([train, val])（data そのもののはずです。先頭部分、次に末尾で、シャッフルなし）"))


def test_rejects_fraction_outside_zero_one(kata):
    data = torch.arange(10)
    for frac in (0.0, 1.0, -0.1, 1.5):
        expect_raises(ValueError, kata.train_val_split, data, frac,
                      what=(f"train_val_split with train_frac = {frac}",
                            f"train_frac = {frac} での train_val_split"))
