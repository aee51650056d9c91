"""Specs for katas/s01_pytorch/cross_entropy.py."""
import math

import pytest
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_shape


def test_log_softmax_matches_torch(kata):
    z = torch.randn(4, 6) * 3
    got = kata.log_softmax(z)
    if expect_shape(got, (4, 6), "log_softmax(z [4,6])"):
        expect_close(got, F.log_softmax(z, dim=-1), atol=1e-5, what="log_softmax vs F.log_softmax(dim=-1)")
        expect_close(got.exp().sum(-1), torch.ones(4), atol=1e-5,
                     what="exp(log_softmax) summed over each row (probabilities must sum to 1)")
    got0 = kata.log_softmax(z, dim=0)
    if expect_shape(got0, (4, 6), "log_softmax(z [4,6], dim=0)"):
        expect_close(got0, F.log_softmax(z, dim=0), atol=1e-5,
                     what="log_softmax(z, dim=0) vs F.log_softmax(dim=0) (use the `dim` argument)")


def test_cross_entropy_hand_worked(kata):
    # logits (1, 2, 3), target 2: −(3 − log(e + e² + e³)) = log(1 + e⁻¹ + e⁻²) ≈ 0.40761
    got = kata.cross_entropy(torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([2]))
    if expect_shape(got, (), "cross_entropy on one example (a 0-dim tensor)"):
        expect_close(got, math.log(1 + math.exp(-1) + math.exp(-2)), atol=1e-6,
                     what="cross_entropy([[1, 2, 3]], [2]) = −log softmax(z)_2")


def test_cross_entropy_matches_torch(kata):
    logits, targets = torch.randn(5, 3) * 2, torch.tensor([2, 0, 1, 1, 0])
    got = kata.cross_entropy(logits, targets)
    if expect_shape(got, (), "cross_entropy(logits [5,3], targets [5])"):
        expect_close(got, F.cross_entropy(logits, targets), atol=1e-5,
                     what="cross_entropy vs F.cross_entropy (the MEAN over the batch of −log p[target])")


def test_stable_for_huge_logits(kata):
    z = torch.tensor([[1000.0, 0.0, -1000.0]])
    got = kata.log_softmax(z)
    if expect_finite(got, "log_softmax([1000, 0, −1000]) (subtract the max before exp)"):
        expect_close(got, [[0.0, -1000.0, -2000.0]], atol=1e-3, what="log_softmax([1000, 0, −1000])")
    # Row 0 is sure of class 0 (loss 0), row 1 is sure of class 1 but the target is 0 (loss 2000).
    loss = kata.cross_entropy(torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]]), torch.tensor([0, 0]))
    if expect_finite(loss, "cross_entropy with logits ±1000"):
        expect_close(loss, 1000.0, atol=1e-3, what="cross_entropy([[1000, −1000], [−1000, 1000]], [0, 0]) = (0 + 2000)/2")


def test_gradient_is_softmax_minus_one_hot(kata):
    # Closed form: ∂L/∂z = (softmax(z) − onehot(t)) / B.
    logits = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    targets = torch.tensor([0, 2, 1, 2])
    kata.cross_entropy(logits, targets).backward()
    want = (torch.softmax(logits.detach(), -1) - F.one_hot(targets, 3).double()) / 4
    if expect(logits.grad is not None, "no gradient reached the logits"):
        expect_close(logits.grad, want, atol=1e-10, what="∂cross_entropy/∂logits vs (softmax − onehot)/B")


def test_built_from_scratch(kata, monkeypatch):
    logits, targets = torch.randn(3, 4), torch.tensor([3, 0, 1])
    want = F.cross_entropy(logits, targets)

    def refuse(*args, **kwargs):
        raise AssertionError("build it from exp, log and max: the built-in is the oracle here")
    for owner, name in ((torch, "logsumexp"), (torch, "log_softmax"), (torch.Tensor, "logsumexp"),
                        (torch.Tensor, "log_softmax"), (F, "log_softmax"), (F, "cross_entropy"),
                        (F, "nll_loss")):
        monkeypatch.setattr(owner, name, refuse)
    expect_close(kata.cross_entropy(logits, targets), want, atol=1e-5,
                 what="cross_entropy without the built-ins")


def test_bad_input_raises_value_error(kata):
    logits = torch.randn(3, 4)
    for bad in (torch.tensor([0, 4, 1]), torch.tensor([0, -1, 1])):
        with pytest.raises(ValueError):
            kata.cross_entropy(logits, bad)
    with pytest.raises(ValueError):
        kata.cross_entropy(logits, torch.tensor([0, 1]))
    with pytest.raises(ValueError):
        kata.cross_entropy(torch.randn(4), torch.tensor([0]))
