"""Specs for katas/s02_gpt/get_batch.py.

Most specs use data = arange(N) * 10 + 3, so every token tells where it came from: the value at
position p is 10p + 3, and the token after it is 10 more.
"""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _data(n):
    return torch.arange(n) * 10 + 3


def _batch(kata, data, block_size, batch_size, generator=None):
    """get_batch(...) -> (x, y), or None with a message (an index error, a wrong shape)."""
    try:
        got = kata.get_batch(data, block_size, batch_size, generator=generator)
    except NotImplementedError:
        raise  # the runner says 'not implemented yet'
    except (RuntimeError, IndexError) as e:
        call = f"get_batch(len(data)={len(data)}, block_size={block_size})"
        if "random" in str(e) or "from" in str(e):  # torch.randint with high <= low
            why = (f"the offset range is empty: torch.randint's high end should be len(data) - block_size "
                   f"= {len(data) - block_size} (excluded), so offsets run 0 .. {len(data) - block_size - 1}",
                   f"開始位置の範囲が空です。torch.randint の上限は len(data) - block_size = "
                   f"{len(data) - block_size}（含みません）なので、開始位置は 0 .. {len(data) - block_size - 1} です")
        else:
            why = ("does an offset let a window or its target run past the end of data? The offsets are "
                   "0 .. len(data) - block_size - 1",
                   "開始位置が大きすぎて、ウィンドウかターゲットが data の末尾をはみ出していませんか？ "
                   "開始位置は 0 .. len(data) - block_size - 1 です")
        expect(False, (f"{call} raised {type(e).__name__}: {e} ({why[0]})",
                       f"{call} で {type(e).__name__}: {e} が送出されました（{why[1]}）"))
        return None
    if not expect(isinstance(got, tuple) and len(got) == 2,
                  (f"get_batch should return a tuple (x, y), got {type(got).__name__}",
                   f"get_batch は (x, y) のタプルを返すはずですが、{type(got).__name__} でした")):
        return None
    x, y = got
    want = (batch_size, block_size)
    ok_x = expect_shape(x, want, ("x [batch_size, block_size]", "入力のウィンドウ x [batch_size, block_size]"))
    ok_y = expect_shape(y, want, ("y [batch_size, block_size]", "ターゲット y [batch_size, block_size]"))
    return (x, y) if ok_x and ok_y else None


def test_shapes_and_dtype(kata):
    data = _data(50).to(torch.int32)  # int32 in: the batch must still come out as long ids
    got = _batch(kata, data, block_size=8, batch_size=4)
    if got is not None:
        x, y = got
        expect(x.dtype == torch.long and y.dtype == torch.long,
               (f"x and y should be torch.long (int64) ids, got {x.dtype} and {y.dtype}",
                f"x と y は torch.long（int64）の ID のはずですが、{x.dtype} と {y.dtype} でした"))


def test_windows_are_contiguous_and_y_is_x_shifted(kata):
    data = _data(40)
    got = _batch(kata, data, block_size=6, batch_size=5)
    if got is None:
        return
    x, y = got
    x, y = x.long(), y.long()
    # Each row of x must be data[i : i + 6]: tokens of data, consecutive (each 10 more than the last).
    from_data = bool(((x - 3) % 10 == 0).all() and (x >= 3).all() and (x <= int(data[-1])).all())
    if not expect(from_data, ("x should hold tokens of data (windows data[i : i + block_size])",
                              "x には data のトークン（ウィンドウ data[i : i + block_size]）が入るはずです")):
        return
    expect(bool((x[:, 1:] - x[:, :-1] == 10).all()),
           ("each row of x should be consecutive tokens data[i : i + block_size], got\n"
            f"{((x - 3) // 10).tolist()} (as positions in data)",
            "x の各行は連続するトークン data[i : i + block_size] のはずですが、（data での位置で）\n"
            f"{((x - 3) // 10).tolist()} でした"))
    if torch.equal(y, x):
        expect(False, ("y equals x: the target at position t is the NEXT token, data[i + t + 1]",
                       "y が x と同じです。位置 t のターゲットは次のトークン data[i + t + 1] です"))
        return
    shift = (y - x).float().mean() / 10
    expect_close(y, x + 10, atol=0,
                 what=(f"y vs the token after each x (y should be x shifted by one, data[i + 1 : i + "
                       f"block_size + 1]; on average y is {fmt(shift)} tokens after x)",
                       f"y と各 x の次のトークンの比較（y は x を 1 つずらした data[i + 1 : i + block_size + 1] "
                       f"のはずです。平均すると y は x の {fmt(shift)} トークン後ろです）"))


def test_seeded_generator_gives_pinned_offsets(kata):
    data = _data(100)
    got = _batch(kata, data, 8, 6, generator=torch.Generator().manual_seed(1337))
    if got is None:
        return
    x = got[0]
    # Oracle: the pinned recipe, drawn from an identically seeded generator.
    ix = torch.randint(100 - 8, (6,), generator=torch.Generator().manual_seed(1337))
    expect_close(x, torch.stack([data[i:i + 8] for i in ix]), atol=0,
                 what=("x with a generator seeded 1337 (offsets must be "
                       "torch.randint(len(data) - block_size, (batch_size,), generator=generator))",
                       "シード 1337 のジェネレータでの x（開始位置は "
                       "torch.randint(len(data) - block_size, (batch_size,), generator=generator) で"
                       "引くはずです）"))


def test_shortest_data_works(kata):
    data = _data(9)  # block_size + 1 tokens: exactly one window and its target
    got = _batch(kata, data, block_size=8, batch_size=3)
    if got is None:
        return
    x, y = got
    expect_close(x, data[:8].expand(3, 8), atol=0,
                 what=("x with len(data) = block_size + 1: the only window is data[0:8]",
                       "len(data) = block_size + 1 のときの x: ウィンドウは data[0:8] だけです"))
    expect_close(y, data[1:].expand(3, 8), atol=0,
                 what=("y with len(data) = block_size + 1: the only target is data[1:9], which ends "
                       "at the last token",
                       "len(data) = block_size + 1 のときの y: ターゲットは最後のトークンで終わる "
                       "data[1:9] だけです"))


def test_every_offset_is_reachable(kata):
    data = _data(20)
    got = _batch(kata, data, block_size=8, batch_size=2000)
    if got is None:
        return
    x, y = got
    start = (x[:, 0] - 3) // 10
    # Offsets 0..11 (= len - block_size - 1); 2000 draws miss one of 12 with probability ~1e-74.
    lo, hi = int(start.min()), int(start.max())
    expect(lo == 0, (f"the smallest offset should be 0, got {lo}",
                     f"最小の開始位置は 0 のはずですが、{lo} でした"))
    expect(hi == 11,
           (f"the largest offset should be len(data) - block_size - 1 = 11 (so the last token is a "
            f"target), got {hi}",
            f"最大の開始位置は len(data) - block_size - 1 = 11（最後のトークンもターゲットになるように）"
            f"のはずですが、{hi} でした"))


def test_rejects_data_too_short(kata):
    for n in (8, 5):
        expect_raises(ValueError, kata.get_batch, _data(n), 8, 2,
                      what=(f"get_batch with len(data) = {n} and block_size = 8",
                            f"len(data) = {n}、block_size = 8 での get_batch"))
