"""Specs for katas/s02_gpt/position_embedding.py."""
import pytest
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_shape, fmt


def test_weight_is_a_randn_parameter(kata):
    pe = kata.PositionEmbedding(64, 32)
    w = getattr(pe, "weight", None)
    expect(isinstance(w, nn.Parameter),
           f"PositionEmbedding.weight should be an nn.Parameter, got {type(w).__name__}")
    if w is None:
        return
    expect_shape(w, (64, 32), "weight [block_size, n_embd]")
    std = float(w.detach().std())  # 2048 draws of N(0, 1)
    expect(0.9 < std < 1.1, f"weight should be drawn from torch.randn (std ≈ 1), got std {fmt(std)}")
    out = pe(5)
    expect_shape(out, (5, 32), "PositionEmbedding(64, 32)(5) -> [T, n_embd]")


def test_rows_are_positions_zero_to_t_minus_one(kata):
    pe = kata.PositionEmbedding(6, 2)
    with torch.no_grad():
        pe.weight.copy_(torch.arange(12.0).reshape(6, 2))  # row t = [2t, 2t+1]
    out = pe(3)
    want = torch.tensor([[0.0, 1], [2, 3], [4, 5]])  # rows 0, 1, 2
    if expect_shape(out, (3, 2), "PositionEmbedding(6, 2)(3)"):
        ok = expect_close(out, want, atol=0,
                          what="PositionEmbedding(3) should be rows 0, 1, 2 of the weight")
        if not ok and torch.equal(out, pe.weight[3:6].detach()):
            expect(False, "you returned rows T..2T-1; positions always start at 0")
        elif not ok and torch.equal(out, pe.weight[-3:].detach()):
            expect(False, "you returned the last T rows; positions always start at 0")


def test_full_block_and_batch_broadcast(kata):
    pe = kata.PositionEmbedding(8, 4)
    out = pe(8)  # T == block_size is allowed
    if expect_shape(out, (8, 4), "PositionEmbedding(8, 4)(8): a full block"):
        expect_close(out, pe.weight, atol=0, what="a full block uses every row, in order")
        tok = torch.zeros(3, 8, 4)
        expect_shape(tok + out, (3, 8, 4), "token embeddings [B,T,C] + positions [T,C]")


def test_rejects_t_beyond_block_size(kata):
    pe = kata.PositionEmbedding(8, 4)
    with pytest.raises(ValueError):
        pe(9)
    with pytest.raises(ValueError):
        pe(0)


def test_gradient_reaches_only_used_positions(kata):
    pe = kata.PositionEmbedding(6, 3)
    pe(4).sum().backward()
    g = pe.weight.grad
    if not expect(g is not None, "no gradient reached weight: is the output detached from it?"):
        return
    want = torch.zeros(6, 3)
    want[:4] = 1.0  # positions 0..3 were used once each
    expect_close(g, want, atol=0, what="weight.grad after pe(4).sum().backward() "
                                       "(rows 0..3 get 1, rows 4..5 are unused)")
