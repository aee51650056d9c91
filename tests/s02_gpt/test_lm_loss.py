"""Specs for katas/s02_gpt/lm_loss.py."""
import math

import pytest
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_shape


def test_matches_flattened_cross_entropy(kata):
    logits = torch.randn(2, 5, 7)
    targets = torch.randint(0, 7, (2, 5))
    got = kata.lm_loss(logits, targets)
    want = F.cross_entropy(logits.reshape(-1, 7), targets.reshape(-1))
    if expect_shape(got, (), "lm_loss result (a 0-D scalar tensor)"):
        expect_close(got, want, atol=1e-6,
                     what="lm_loss vs F.cross_entropy(logits.view(B*T, V), targets.view(B*T))")


def test_uniform_logits_give_ln_vocab_size(kata):
    # Equal logits = a uniform guess over V tokens: -log(1/V) = ln V at every position.
    for V, value in ((5, 0.0), (65, 3.7)):
        logits = torch.full((3, 4, V), value)
        targets = torch.randint(0, V, (3, 4))
        expect_close(kata.lm_loss(logits, targets), math.log(V), atol=1e-6,
                     what=f"lm_loss of all-equal logits over V={V} tokens (should be ln V)")


def test_hand_worked_mean_over_positions(kata):
    # Position 0: logits [0, 0, ln 2] -> p(target 2) = 2/4, loss ln 2.
    # Position 1: logits [ln 3, 0, 0] -> p(target 1) = 1/5, loss ln 5.
    # The mean over the two positions is (ln 2 + ln 5) / 2 = ln(10) / 2 (a sum would give ln 10).
    logits = torch.tensor([[[0.0, 0.0, math.log(2)], [math.log(3), 0.0, 0.0]]])
    targets = torch.tensor([[2, 1]])
    expect_close(kata.lm_loss(logits, targets), math.log(10) / 2, atol=1e-6,
                 what="lm_loss on a hand-worked 1x2x3 example (a mean over B*T positions, not a sum)")


def test_vocabulary_axis_is_the_last_one_even_when_T_equals_V(kata):
    # With T == V, F.cross_entropy(logits, targets) without flattening runs silently but treats
    # dim 1 (time) as the classes. The vocabulary is the LAST axis: flatten first.
    logits = torch.randn(2, 4, 4)
    targets = torch.randint(0, 4, (2, 4))
    want = F.cross_entropy(logits.reshape(-1, 4), targets.reshape(-1))
    expect_close(kata.lm_loss(logits, targets), want, atol=1e-6,
                 what="lm_loss with T == V (are the classes taken from the last axis, V?)")


def test_gradient_is_softmax_minus_one_hot_over_BT(kata):
    # d loss / d logits = (softmax(logits) - onehot(targets)) / (B*T) for the mean cross-entropy.
    logits = torch.randn(2, 3, 6, requires_grad=True)
    targets = torch.randint(0, 6, (2, 3))
    loss = kata.lm_loss(logits, targets)
    if not expect(isinstance(loss, torch.Tensor) and loss.requires_grad,
                  "lm_loss must return a tensor connected to logits (no .item(), no detach)"):
        return
    loss.backward()
    want = (torch.softmax(logits.detach(), -1) - F.one_hot(targets, 6).float()) / 6
    expect_close(logits.grad, want, atol=1e-6,
                 what="gradient of lm_loss w.r.t. logits ((softmax - onehot) / (B*T))")


def test_rejects_mismatched_shapes(kata):
    with pytest.raises(ValueError):
        kata.lm_loss(torch.randn(2, 3, 5), torch.zeros(2, 4, dtype=torch.long))  # T differs
    with pytest.raises(ValueError):
        kata.lm_loss(torch.randn(6, 5), torch.zeros(6, dtype=torch.long))  # logits not [B, T, V]
