"""Specs for katas/s01_pytorch/accuracy.py."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close


def test_accuracy_hand_worked(kata):
    # Square logits (B = K = 3), so an argmax over the wrong dim has the right shape but the wrong
    # answer. Row-wise argmax: 0, 2, 2 -> rows 0 and 1 match the targets (0, 2, 1): 2/3.
    # Column-wise argmax would give 2, 1, 1 -> only row 2 matches: 1/3.
    logits = torch.tensor([[5.0, 1.0, 0.0],
                           [0.0, 3.0, 4.0],
                           [6.0, 2.0, 7.0]])
    got = kata.accuracy(logits, torch.tensor([0, 2, 1]))
    expect(isinstance(got, float), f"accuracy should return a Python float, got {type(got).__name__}")
    expect_close(got, 2 / 3, atol=1e-6,
                 what="accuracy of predictions (0, 2, 2) against targets (0, 2, 1) "
                      "(argmax over the classes, dim=-1, not over the batch)")


def test_accuracy_matches_a_count(kata):
    logits, targets = torch.randn(50, 7), torch.randint(0, 7, (50,))
    want = sum(int(logits[i].argmax()) == int(targets[i]) for i in range(50)) / 50
    expect_close(kata.accuracy(logits, targets), want, atol=1e-6, what="accuracy on 50 random rows")
    expect_close(kata.accuracy(logits, logits.argmax(-1)), 1.0, atol=0, what="accuracy of perfect predictions")


def test_accuracy_bad_input_raises_value_error(kata):
    with pytest.raises(ValueError):
        kata.accuracy(torch.randn(4, 3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError):
        kata.accuracy(torch.randn(4), torch.tensor([0, 1, 2, 0]))
    with pytest.raises(ValueError):
        kata.accuracy(torch.randn(0, 3), torch.zeros(0, dtype=torch.long))


def _data(n: int = 10, k: int = 4):
    g = torch.Generator().manual_seed(1)
    return torch.randn(n, 5, generator=g), torch.randint(0, k, (n,), generator=g)


def _batches(X, y, size):
    return [(X[i:i + size], y[i:i + size]) for i in range(0, len(X), size)]


def _dropout_model():
    return nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 4))


def test_evaluate_uses_eval_mode_and_weights_batches_by_size(kata):
    # Batches of 4, 4, 2; the oracle is the whole set at once, in eval mode (dropout off).
    X, y = _data(10)
    model = _dropout_model()
    model.eval()
    with torch.no_grad():
        logits = model(X)
    want_loss, want_acc = F.cross_entropy(logits, y).item(), (logits.argmax(-1) == y).float().mean().item()
    model.train()
    got = kata.evaluate(model, _batches(X, y, 4))
    if expect(isinstance(got, tuple) and len(got) == 2, f"evaluate should return (mean_loss, accuracy), got {got!r}"):
        expect_close(got[0], want_loss, atol=1e-5,
                     what="mean loss over batches of 4, 4, 2 vs the loss on all 10 at once in eval mode "
                          "(dropout must be off: model.eval(); weight batches by size)")
        expect_close(got[1], want_acc, atol=1e-6,
                     what="accuracy over batches of 4, 4, 2 vs all 10 at once (count correct / N)")


def test_evaluate_restores_the_mode(kata):
    X, y = _data(8)
    model = _dropout_model()
    model.train()
    kata.evaluate(model, _batches(X, y, 4))
    expect(model.training and all(m.training for m in model.modules()),
           "a model in training mode should be back in training mode after evaluate")
    model.eval()
    kata.evaluate(model, _batches(X, y, 4))
    expect(not model.training, "a model in eval mode should stay in eval mode after evaluate")


class _GradRecorder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(5, 4)
        self.grad_enabled: list[bool] = []

    def forward(self, x):
        self.grad_enabled.append(torch.is_grad_enabled())
        return self.lin(x)


def test_evaluate_builds_no_graph(kata):
    X, y = _data(8)
    model = _GradRecorder()
    kata.evaluate(model, _batches(X, y, 4))
    expect(model.grad_enabled == [False, False],
           f"each forward in evaluate should run under torch.no_grad(); grad enabled per batch: "
           f"{model.grad_enabled}")
    expect(all(p.grad is None for p in model.parameters()), "evaluate should never call backward")


def test_evaluate_uses_the_given_loss_fn_and_rejects_an_empty_loader(kata):
    X, y = _data(6)
    model = nn.Linear(5, 4)
    loss, acc = kata.evaluate(model, _batches(X, y, 4), loss_fn=lambda logits, t: logits.sum() * 0 + 2.0)
    expect_close(loss, 2.0, atol=1e-6, what="evaluate with a loss_fn that always returns 2")
    with pytest.raises(ValueError):
        kata.evaluate(model, [])
