"""Specs for katas/s02_gpt/embedding.py."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt


def test_parts_and_output_shape(kata):
    emb = kata.GPTEmbedding(vocab_size=65, block_size=8, n_embd=16, dropout=0.1)
    expect(isinstance(getattr(emb, "tok", None), kata.TokenEmbedding),
           "GPTEmbedding.tok should be your TokenEmbedding(vocab_size, n_embd)")
    expect(isinstance(getattr(emb, "pos", None), kata.PositionEmbedding),
           "GPTEmbedding.pos should be your PositionEmbedding(block_size, n_embd)")
    drop = getattr(emb, "drop", None)
    if expect(isinstance(drop, nn.Dropout), "GPTEmbedding.drop should be nn.Dropout(dropout)"):
        expect(drop.p == 0.1, f"GPTEmbedding.drop.p should be the dropout argument 0.1, got {drop.p}")
    for T in (8, 3):
        out = emb(torch.randint(0, 65, (2, T)))
        expect_shape(out, (2, T, 16), f"GPTEmbedding on idx [2,{T}] -> [B, T, n_embd]")


def test_token_plus_position(kata):
    emb = kata.GPTEmbedding(vocab_size=11, block_size=8, n_embd=6)
    idx = torch.randint(0, 11, (3, 5))
    # Oracle: F.embedding for the token rows, plus position rows 0..4, broadcast over the batch.
    want = F.embedding(idx, emb.tok.weight) + emb.pos.weight[:5]
    out = emb(idx)
    if expect_shape(out, (3, 5, 6), "GPTEmbedding on idx [3,5]"):
        ok = expect_close(out, want, atol=1e-6,
                          what="GPTEmbedding = tok.weight[idx] + pos.weight[0..T-1]")
        if not ok and torch.allclose(out, F.embedding(idx, emb.tok.weight) + emb.pos.weight[3:8]):
            expect(False, "the positions used were T..2T-1 (or the last T); they must be 0..T-1")


def test_same_token_differs_by_position(kata):
    emb = kata.GPTEmbedding(vocab_size=4, block_size=4, n_embd=8)
    idx = torch.tensor([[2, 2, 2, 2]])  # one token repeated
    out = emb(idx).detach()
    if expect_shape(out, (1, 4, 8), "GPTEmbedding on idx [1,4]"):
        diff = float((out[0, 0] - out[0, 3]).abs().max())
        expect(diff > 1e-3, "the same token at positions 0 and 3 got the same vector: the "
                            "position embedding was not added")
        expect_close(out[0, 1] - out[0, 0], emb.pos.weight[1] - emb.pos.weight[0], atol=1e-6,
                     what="out[t=1] - out[t=0] for a repeated token (should be pos[1] - pos[0])")


def test_dropout_applies_to_the_sum(kata):
    emb = kata.GPTEmbedding(vocab_size=20, block_size=16, n_embd=32, dropout=0.5)
    idx = torch.randint(0, 20, (4, 16))
    clean = F.embedding(idx, emb.tok.weight) + emb.pos.weight
    emb.eval()
    expect_close(emb(idx), clean, atol=1e-6, what="GPTEmbedding in eval mode (dropout must be off)")
    emb.train()
    out = emb(idx).detach()
    zero = out == 0
    frac = float(zero.float().mean())
    # 2048 entries, p = 0.5: the fraction of zeros is 0.5 ± 0.03 (3 std devs).
    expect(0.44 < frac < 0.56, f"in train mode with dropout=0.5 about half the entries should be 0, "
                               f"got {fmt(frac)} (is self.drop applied?)")
    expect_close(out[~zero], 2 * clean.detach()[~zero], atol=1e-5,
                 what="kept entries in train mode (should be 2·(tok + pos): dropout on the sum, "
                      "scaled by 1/(1-p))")


def test_rejects_t_beyond_block_size(kata):
    emb = kata.GPTEmbedding(vocab_size=10, block_size=4, n_embd=8)
    with pytest.raises(ValueError):
        emb(torch.zeros(1, 5, dtype=torch.long))


def test_gradients_reach_both_tables(kata):
    emb = kata.GPTEmbedding(vocab_size=10, block_size=6, n_embd=8)
    out = emb(torch.randint(0, 10, (2, 6)))
    (out * torch.randn_like(out)).sum().backward()
    expect_grad(emb.tok.weight, "tok.weight")
    expect_grad(emb.pos.weight, "pos.weight")
