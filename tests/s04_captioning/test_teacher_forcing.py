"""Specs for katas/s04_captioning/teacher_forcing.py."""
import torch

from harness.checks import expect, expect_raises, expect_shape

BOS, EOS, PAD = 1, 2, 0


def _pair(kata, ids, what):
    res = kata.shift_for_teacher_forcing(ids)
    if not expect(isinstance(res, tuple) and len(res) == 2,
                  (f"{what[0]} should return a pair (inputs, targets), got {type(res).__name__}",
                   f"{what[1]} はペア (inputs, targets) を返すはずですが、{type(res).__name__} でした")):
        return None
    return res


def test_a_hand_worked_caption(kata):
    # BOS a thick seven EOS PAD  ->  input BOS a thick seven EOS, target a thick seven EOS PAD
    ids = torch.tensor([[BOS, 10, 11, 12, EOS, PAD]])
    res = _pair(kata, ids, ("shift_for_teacher_forcing", "shift_for_teacher_forcing"))
    if res is None:
        return
    inputs, targets = res
    want_in, want_tg = [[BOS, 10, 11, 12, EOS]], [[10, 11, 12, EOS, PAD]]
    expect(torch.is_tensor(inputs) and inputs.tolist() == want_in,
           (f"inputs of {ids.tolist()} should be ids[:, :-1] = {want_in} (starts with BOS), got "
            f"{inputs.tolist() if torch.is_tensor(inputs) else inputs}",
            f"{ids.tolist()} の inputs は ids[:, :-1] = {want_in}（BOS で始まる）のはずですが、"
            f"{inputs.tolist() if torch.is_tensor(inputs) else inputs} でした"))
    expect(torch.is_tensor(targets) and targets.tolist() == want_tg,
           (f"targets of {ids.tolist()} should be ids[:, 1:] = {want_tg} (the NEXT token at each "
            f"position), got {targets.tolist() if torch.is_tensor(targets) else targets}",
            f"{ids.tolist()} の targets は ids[:, 1:] = {want_tg}（各位置の「次の」トークン）のはずですが、"
            f"{targets.tolist() if torch.is_tensor(targets) else targets} でした"))


def test_a_random_batch_is_shifted_by_one(kata):
    ids = torch.randint(0, 50, (4, 9))
    res = _pair(kata, ids, ("shift_for_teacher_forcing", "shift_for_teacher_forcing"))
    if res is None:
        return
    inputs, targets = res
    ok_in = expect_shape(inputs, (4, 8), ("inputs for ids [4, 9]", "ids [4, 9] に対する inputs"))
    ok_tg = expect_shape(targets, (4, 8), ("targets for ids [4, 9]", "ids [4, 9] に対する targets"))
    if not (ok_in and ok_tg):
        return
    expect(inputs.dtype == ids.dtype and targets.dtype == ids.dtype,
           (f"inputs and targets should keep the dtype of ids ({ids.dtype}), got {inputs.dtype}, {targets.dtype}",
            f"inputs と targets は ids の dtype（{ids.dtype}）のままのはずですが、{inputs.dtype}, {targets.dtype} "
            f"でした"))
    expect(torch.equal(targets[:, :-1], inputs[:, 1:]),
           ("targets[:, t] should be the token that follows inputs[:, t], i.e. targets[:, t] == "
            "inputs[:, t + 1]: the two are the same caption shifted by one",
            "targets[:, t] は inputs[:, t] の次のトークン、つまり targets[:, t] == inputs[:, t + 1] のはずです。"
            "2 つは同じキャプションを 1 つずらしたものです"))
    expect(torch.equal(inputs, ids[:, :-1]) and torch.equal(targets, ids[:, 1:]),
           ("inputs should be ids[:, :-1] (drop the last token) and targets ids[:, 1:] (drop the first)",
            "inputs は ids[:, :-1]（最後のトークンを除く）、targets は ids[:, 1:]（最初を除く）のはずです"))


def test_the_shortest_caption_and_bad_input(kata):
    res = _pair(kata, torch.tensor([[BOS, EOS], [BOS, PAD]]), ("shift_for_teacher_forcing on T = 2",
                                                               "T = 2 の shift_for_teacher_forcing"))
    if res is not None:
        expect(res[0].tolist() == [[BOS], [BOS]] and res[1].tolist() == [[EOS], [PAD]],
               (f"T = 2 gives one prediction: inputs [[1], [1]], targets [[2], [0]]; got "
                f"{res[0].tolist()}, {res[1].tolist()}",
                f"T = 2 では予測は 1 つです: inputs [[1], [1]]、targets [[2], [0]] のはずですが、"
                f"{res[0].tolist()}, {res[1].tolist()} でした"))
    expect_raises(ValueError, kata.shift_for_teacher_forcing, torch.tensor([[BOS]]),
                  what=("ids with T = 1 (nothing to predict)", "T = 1 の ids（予測するものがない）"))
    expect_raises(ValueError, kata.shift_for_teacher_forcing, torch.tensor([BOS, 5, EOS]),
                  what=("1-D ids (a batch [B, T] is expected)", "1 次元の ids（[B, T] のバッチが必要）"))
