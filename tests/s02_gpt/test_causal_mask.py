"""Specs for katas/s02_gpt/causal_mask.py."""
import pytest
import torch

from harness.checks import expect, expect_close, expect_shape, fmt


def _first_future_weight(w, tol=1e-6):
    """(row i, column j > i, weight) for the first row that puts weight on the future, or None."""
    T = w.shape[-1]
    future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    fw = w.detach().abs() * future
    for i in range(T):
        if float(fw[i].max()) > tol:
            j = int(fw[i].argmax())
            return i, j, float(fw[i, j])
    return None


def test_mask_hand_worked(kata):
    m = kata.causal_mask(4)
    want = torch.tensor([[1, 0, 0, 0],
                         [1, 1, 0, 0],
                         [1, 1, 1, 0],
                         [1, 1, 1, 1]], dtype=torch.bool)
    if not expect_shape(m, (4, 4), "causal_mask(4)"):
        return
    expect(m.dtype == torch.bool, f"causal_mask should be a bool tensor (True = may attend), got {m.dtype}")
    m = m.bool()
    if torch.equal(m, want):
        return
    if torch.equal(m, want.T):
        expect(False, "got the upper triangle (triu): row i would attend to j >= i, the future")
    elif torch.equal(m, torch.tril(want, diagonal=-1)):
        expect(False, "the diagonal is excluded: position i must be allowed to attend to itself (j = i)")
    elif torch.equal(m, torch.tril(torch.ones(4, 4, dtype=torch.bool), diagonal=1)):
        expect(False, "off by one: row i allows j = i + 1, one token of the future")
    elif torch.equal(m, ~want):
        expect(False, "the mask is inverted: True should mean 'may attend' (j <= i)")
    else:
        expect(False, f"causal_mask(4) should be\n{want.int()}\ngot\n{m.int()}")


def test_row_i_allows_exactly_j_le_i(kata):
    for T in (1, 2, 5, 9):
        i = torch.arange(T)
        want = i[None, :] <= i[:, None]  # oracle: column index <= row index
        m = kata.causal_mask(T)
        if expect_shape(m, (T, T), f"causal_mask({T})"):
            bad = (m.bool() != want).nonzero()
            expect(len(bad) == 0, f"causal_mask({T}): row i must allow exactly j <= i; first wrong "
                                  f"entry at (i, j) = {tuple(bad[0].tolist()) if len(bad) else None}")
    m = kata.causal_mask(3, device="cpu")
    expect(m.device.type == "cpu", f"causal_mask(3, device='cpu') should live on cpu, got {m.device}")
    with pytest.raises(ValueError):
        kata.causal_mask(0)


def test_softmax_of_zero_scores_is_uniform_over_the_past(kata):
    # Hand-worked: equal scores -> equal weights over the allowed positions 0..i, i.e. 1/(i+1).
    T = 4
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    want = torch.tensor([[1.0, 0, 0, 0],
                         [1 / 2, 1 / 2, 0, 0],
                         [1 / 3, 1 / 3, 1 / 3, 0],
                         [1 / 4, 1 / 4, 1 / 4, 1 / 4]])
    w = kata.masked_softmax(torch.zeros(T, T), mask)
    if not expect_shape(w, (T, T), "masked_softmax on [4, 4]"):
        return
    sums = w.sum(-1)
    if not expect_close(sums, torch.ones(T), atol=1e-6, what="row sums of the weights (each row is a "
                        "distribution; rows summing to less than 1 mean the mask came after the softmax)"):
        return
    expect_close(w, want, atol=1e-6, what="masked_softmax(zeros) (uniform over j <= i)")


def test_rows_sum_to_one_and_future_is_zero(kata):
    T = 6
    scores = 3 * torch.randn(2, 3, T, T)
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    w = kata.masked_softmax(scores, mask)  # [B, nh, T, T] scores, [T, T] mask broadcasts
    if not expect_shape(w, (2, 3, T, T), "masked_softmax on scores [2, 3, 6, 6] with mask [6, 6]"):
        return
    expect_close(w.sum(-1), torch.ones(2, 3, T), atol=1e-6,
                 what="row sums of the weights (softmax over the last dim, mask BEFORE the softmax)")
    leak = _first_future_weight(w.detach().reshape(-1, T, T).abs().max(0).values)
    expect(leak is None, "row {0} attends to future tokens: weight {2:.2f} on t={1}".format(*leak)
           if leak else "")
    expect(bool((w >= 0).all()), "weights must be non-negative")


def test_matches_softmax_over_allowed_entries(kata):
    # Any mask, not only causal (later katas reuse this for padding): a hand-rolled oracle,
    # exp of the allowed scores normalised over the allowed entries of each row.
    scores = torch.randn(2, 4, 5)
    mask = torch.tensor([[1, 0, 1, 0, 0],
                         [1, 1, 0, 0, 1],
                         [0, 0, 1, 1, 1],
                         [1, 1, 1, 1, 1]], dtype=torch.bool)[None, :, :].expand(2, 4, 5)
    e = torch.exp(scores - scores.max(-1, keepdim=True).values) * mask
    want = e / e.sum(-1, keepdim=True)
    w = kata.masked_softmax(scores, mask)
    if expect_shape(w, (2, 4, 5), "masked_softmax on [2, 4, 5]"):
        expect_close(w, want, atol=1e-6,
                     what="masked_softmax vs exp(allowed scores) / sum over allowed (use the mask "
                          "you are given, not a causal one)")
