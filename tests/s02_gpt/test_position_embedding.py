"""Specs for katas/s02_gpt/position_embedding.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_weight_is_a_randn_parameter(kata):
    pe = kata.PositionEmbedding(64, 32)
    w = getattr(pe, "weight", None)
    if not expect(isinstance(w, nn.Parameter),
                  (f"PositionEmbedding.weight should be an nn.Parameter (so the optimizer trains it), "
                   f"got {type(w).__name__}",
                   f"PositionEmbedding.weight は nn.Parameter のはずです（オプティマイザが学習できるように）が、"
                   f"{type(w).__name__} でした")):
        return
    if expect_shape(w, (64, 32), ("weight [block_size, n_embd]", "位置埋め込みの表 weight [block_size, n_embd]")):
        # 2048 draws of N(0, 1): the sample mean is 0 ± 0.07 and the std 1 ± 0.05 (3 std devs).
        mean, std = float(w.detach().mean()), float(w.detach().std())
        expect(abs(mean) < 0.1 and 0.9 < std < 1.1,
               (f"weight should be drawn from torch.randn (mean ≈ 0, std ≈ 1), got mean {fmt(mean)}, "
                f"std {fmt(std)}",
                f"weight は torch.randn から引くはずです（平均 ≈ 0、標準偏差 ≈ 1）が、平均 {fmt(mean)}、"
                f"標準偏差 {fmt(std)} でした"))
    expect_shape(pe(5), (5, 32), ("PositionEmbedding(64, 32)(5) -> [T, n_embd]",
                                  "T = 5 での PositionEmbedding(64, 32)(5) -> [T, n_embd]"))


def test_rows_are_positions_zero_to_t_minus_one(kata):
    pe = kata.PositionEmbedding(6, 2)
    with torch.no_grad():
        pe.weight.copy_(torch.arange(12.0).reshape(6, 2))  # row t = [2t, 2t+1]
    out = pe(3)
    want = torch.tensor([[0.0, 1], [2, 3], [4, 5]])  # rows 0, 1, 2
    if not expect_shape(out, (3, 2), ("PositionEmbedding(6, 2)(3): the first T = 3 rows",
                                      "PositionEmbedding(6, 2)(3): 最初の T = 3 行")):
        return
    out = out.detach()
    if torch.equal(out, pe.weight[3:6].detach()):
        expect(False, ("you returned rows T..2T-1 (here 3, 4, 5); positions always start at 0",
                       "T..2T-1 行目（ここでは 3, 4, 5 行目）を返しています。位置は常に 0 から始まります"))
    elif torch.equal(out, pe.weight[1:4].detach()):
        expect(False, ("you returned rows 1..T; positions start at 0, not 1",
                       "1..T 行目を返しています。位置は 1 ではなく 0 から始まります"))
    else:
        expect_close(out, want, atol=0,
                     what=("PositionEmbedding(3) should be rows 0, 1, 2 of the weight",
                           "PositionEmbedding(3) は weight の 0, 1, 2 行目のはずです"))


def test_full_block_and_batch_broadcast(kata):
    pe = kata.PositionEmbedding(8, 4)
    out = pe(8)  # T == block_size is allowed
    if expect_shape(out, (8, 4), ("PositionEmbedding(8, 4)(8): a full block",
                                  "PositionEmbedding(8, 4)(8): ブロック全体")):
        expect_close(out, pe.weight, atol=0,
                     what=("a full block uses every row, in order", "ブロック全体ではすべての行を順に使います"))
        tok = torch.zeros(3, 8, 4)
        expect_shape(tok + out, (3, 8, 4), ("token embeddings [B,T,C] + positions [T,C]",
                                            "トークン埋め込み [B,T,C] + 位置埋め込み [T,C]"))


def test_rejects_t_out_of_range(kata):
    pe = kata.PositionEmbedding(8, 4)
    for T in (9, 0):
        expect_raises(ValueError, pe, T,
                      what=(f"PositionEmbedding(block_size=8)({T})",
                            f"PositionEmbedding(block_size=8)({T})（範囲外の T）"))


def test_gradient_reaches_only_used_positions(kata):
    pe = kata.PositionEmbedding(6, 3)
    out = pe(4)
    if out.requires_grad:
        out.sum().backward()
    g = getattr(pe.weight, "grad", None)
    if not expect(g is not None,
                  ("no gradient reached weight: is the output detached from it (.data, .detach())?",
                   "weight に勾配が届いていません。出力が weight から切り離されていませんか（.data や .detach()）？")):
        return
    want = torch.zeros(6, 3)
    want[:4] = 1.0  # positions 0..3 were used once each
    expect_close(g, want, atol=0,
                 what=("weight.grad after pe(4).sum().backward() (rows 0..3 get 1, rows 4..5 are unused)",
                       "pe(4).sum().backward() の後の weight.grad（0..3 行目は 1、使われない 4..5 行目は 0）"))
