"""Specs for katas/s02_gpt/get_batch.py.

Most specs use data = arange(N) * 10 + 3, so every token tells where it came from: the value at
position p is 10p + 3.
"""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape


def _data(n):
    return torch.arange(n) * 10 + 3


def test_shapes_and_dtype(kata):
    data = _data(50).to(torch.int32)  # int32 in: the batch must still come out as long ids
    x, y = kata.get_batch(data, block_size=8, batch_size=4)
    expect_shape(x, (4, 8), "x [batch_size, block_size]")
    expect_shape(y, (4, 8), "y [batch_size, block_size]")
    expect(x.dtype == torch.long and y.dtype == torch.long,
           f"x and y should be torch.long (int64), got {x.dtype} and {y.dtype}")


def test_windows_are_contiguous_and_y_is_x_shifted(kata):
    data = _data(40)
    x, y = kata.get_batch(data, block_size=6, batch_size=5)
    if not (expect_shape(x, (5, 6), "x") and expect_shape(y, (5, 6), "y")):
        return
    start = (x[:, 0] - 3) // 10  # the offset i of each row, read off its first token
    want_x = torch.stack([data[i:i + 6] for i in start])
    want_y = torch.stack([data[i + 1:i + 7] for i in start])
    expect_close(x, want_x, atol=0, what="each row of x should be data[i : i + block_size]")
    ok = expect_close(y, want_y, atol=0,
                      what="each row of y should be data[i + 1 : i + block_size + 1] (x shifted by one)")
    if not ok and torch.equal(y, x):
        expect(False, "y equals x: the target must be the NEXT token, data[i + 1 + t]")
    expect_close(y[:, :-1], x[:, 1:], atol=0, what="y[:, :-1] vs x[:, 1:] (the overlap of x and y)")


def test_seeded_generator_gives_pinned_offsets(kata):
    data = _data(100)
    g = torch.Generator().manual_seed(1337)
    x, y = kata.get_batch(data, block_size=8, batch_size=6, generator=g)
    # Oracle: the pinned recipe, drawn from an identically seeded generator.
    ix = torch.randint(100 - 8, (6,), generator=torch.Generator().manual_seed(1337))
    if expect_shape(x, (6, 8), "x"):
        expect_close(x, torch.stack([data[i:i + 8] for i in ix]), atol=0,
                     what="x with generator seeded 1337 (offsets must be "
                          "torch.randint(len(data) - block_size, (batch_size,), generator=generator))")
    x2, _ = kata.get_batch(data, block_size=8, batch_size=6, generator=torch.Generator().manual_seed(1337))
    expect(torch.equal(x, x2), "two calls with generators seeded alike should give the same batch")


def test_shortest_data_works(kata):
    data = _data(9)  # block_size + 1 tokens: exactly one window and its target
    x, y = kata.get_batch(data, block_size=8, batch_size=3)
    if expect_shape(x, (3, 8), "x with len(data) = block_size + 1") and expect_shape(y, (3, 8), "y"):
        expect_close(x, data[:8].expand(3, 8), atol=0, what="x: the only window is data[0:8]")
        expect_close(y, data[1:].expand(3, 8), atol=0,
                     what="y: the only target is data[1:9], which ends at the last token")


def test_every_offset_is_reachable(kata):
    data = _data(20)
    x, y = kata.get_batch(data, block_size=8, batch_size=2000)
    if not expect_shape(x, (2000, 8), "x"):
        return
    start = (x[:, 0] - 3) // 10
    # Offsets 0..11 (= len - block_size - 1); 2000 draws miss one of 12 with probability ~1e-74.
    expect(int(start.min()) == 0, f"the smallest offset should be 0, got {int(start.min())}")
    expect(int(start.max()) == 11,
           f"the largest offset should be len(data) - block_size - 1 = 11 (so the last token is a "
           f"target), got {int(start.max())}")
    expect(bool((y == data[-1]).any()), "the last token of data never appears in y: an off-by-one "
                                        "in the offset range")


def test_rejects_data_too_short(kata):
    for n in (8, 5):
        with pytest.raises(ValueError):
            kata.get_batch(_data(n), block_size=8, batch_size=2)
