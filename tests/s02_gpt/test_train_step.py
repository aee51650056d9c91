"""Specs for katas/s02_gpt/train_step.py."""
import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close

V, C = 7, 5


def autocast_state():
    try:
        on = torch.is_autocast_enabled("cpu")
    except TypeError:  # torch < 2.4
        on = torch.is_autocast_cpu_enabled()
    return on, (torch.get_autocast_dtype("cpu") if hasattr(torch, "get_autocast_dtype")
                else torch.get_autocast_cpu_dtype())


class TinyLM(nn.Module):
    """model(x, y) -> (logits, loss), like the GPT; notes the autocast state it ran under."""

    def __init__(self, bad_loss: float | None = None):
        super().__init__()
        self.emb = nn.Embedding(V, C)
        self.lin = nn.Linear(C, V)
        self.bad_loss = bad_loss
        self.seen_autocast = []

    def forward(self, x, y):
        self.seen_autocast.append(autocast_state())
        logits = self.lin(self.emb(x))
        loss = F.cross_entropy(logits.float().reshape(-1, V), y.reshape(-1))
        if self.bad_loss is not None:
            loss = loss * self.bad_loss
        return logits, loss


def batch(seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, V, (3, 4), generator=g), torch.randint(0, V, (3, 4), generator=g)


def grads_of(model, x, y):
    _, loss = model(x, y)
    return loss.item(), torch.autograd.grad(loss, list(model.parameters()))


def clipped(grads, clip):
    norm = torch.sqrt(sum((g ** 2).sum() for g in grads))
    coef = min(1.0, clip / (float(norm) + 1e-6))  # clip_grad_norm_'s rule
    return [g * coef for g in grads]


def test_two_steps_equal_manual_adamw_with_clipping(kata):
    lr, (b1, b2), wd, eps, clip = 1e-2, (0.9, 0.99), 0.1, 1e-8, 0.05
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(b1, b2), weight_decay=wd, eps=eps)
    params = list(twin.parameters())
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    for step, seed in ((1, 1), (2, 2)):
        x, y = batch(seed)
        got = kata.train_step(model, opt, x, y, grad_clip=clip)
        want_loss, grads = grads_of(twin, x, y)
        expect(isinstance(got, float),
               f"train_step should return loss.item() (a float), got {type(got).__name__}")
        expect_close(got, want_loss, atol=1e-6, what=f"loss returned by train_step at step {step}")
        with torch.no_grad():  # AdamW by hand: decoupled decay, bias-corrected moments
            for p, g, mi, vi in zip(params, clipped(grads, clip), m, v):
                mi.mul_(b1).add_((1 - b1) * g)
                vi.mul_(b2).add_((1 - b2) * g * g)
                mhat, vhat = mi / (1 - b1 ** step), vi / (1 - b2 ** step)
                p.mul_(1 - lr * wd).sub_(lr * mhat / (vhat.sqrt() + eps))
    for (name, p), q in zip(model.named_parameters(), params):
        expect_close(p.detach(), q, atol=1e-6,
                     what=f"{name} after two train_steps vs AdamW by hand (zero_grad, clip, step)")


def test_old_gradients_are_cleared(kata):
    # Plain SGD makes the step exactly -lr·grad, so left-over gradients show up directly.
    lr = 0.1
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for p in model.parameters():
        p.grad = torch.ones_like(p)  # stale gradients from "an earlier step"
    x, y = batch(3)
    for step in (1, 2):  # the same batch twice
        kata.train_step(model, opt, x, y, grad_clip=0.0)
        _, grads = grads_of(twin, x, y)
        with torch.no_grad():
            for q, g in zip(twin.parameters(), grads):
                q.sub_(lr * g)
        for (name, p), q in zip(model.named_parameters(), twin.parameters()):
            expect_close(p.detach(), q, atol=1e-6,
                         what=f"{name} after step {step} with SGD (were old gradients zeroed first?)")


def test_gradient_norm_is_clipped(kata):
    lr, clip = 0.1, 0.01
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = batch(4)
    kata.train_step(model, opt, x, y, grad_clip=clip)
    _, grads = grads_of(twin, x, y)
    raw = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
    assert raw > 10 * clip, "test setup: the raw gradient should be far above the clip"
    if not expect(all(p.grad is not None for p in model.parameters()),
                  "after train_step every parameter should hold its (clipped) gradient"):
        return
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in model.parameters()))
    expect(norm <= clip * (1 + 1e-4), f"total gradient norm after clipping should be <= {clip}, got "
                                      f"{norm:.4g} (raw {raw:.4g}); use clip_grad_norm_ before step")
    with torch.no_grad():
        for (name, p), q, g in zip(model.named_parameters(), twin.parameters(), clipped(grads, clip)):
            expect_close(p, q - lr * g, atol=1e-6, what=f"{name} after an SGD step with clipped gradient")


def test_no_clipping_when_grad_clip_is_zero(kata):
    lr = 0.1
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = batch(5)
    kata.train_step(model, opt, x, y, grad_clip=0.0)
    _, grads = grads_of(twin, x, y)
    with torch.no_grad():
        for (name, p), q, g in zip(model.named_parameters(), twin.parameters(), grads):
            expect_close(p, q - lr * g, atol=1e-6,
                         what=f"{name} after an SGD step with grad_clip=0 (0 means: do not clip)")


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_loss_stops_before_the_step(kata, bad):
    model = TinyLM(bad_loss=bad)
    before = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    x, y = batch(6)
    with pytest.raises(FloatingPointError):
        kata.train_step(model, opt, x, y)
    for (name, p), b in zip(model.named_parameters(), before):
        expect(torch.equal(p.detach(), b),
               f"{name} changed although the loss was {bad}: check the loss before step()")
    expect(len(opt.state) == 0, "the optimizer stepped although the loss was not finite")


def test_autocast_only_when_asked(kata):
    model = TinyLM()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = batch(7)
    got = kata.train_step(model, opt, x, y, autocast_dtype=torch.bfloat16)
    expect(model.seen_autocast[-1:] == [(True, torch.bfloat16)],
           f"with autocast_dtype=torch.bfloat16 the forward pass should run under "
           f"torch.autocast('cpu', dtype=torch.bfloat16); the model saw (enabled, dtype) = "
           f"{model.seen_autocast}")
    expect(isinstance(got, float) and math.isfinite(got), f"expected a finite float loss, got {got!r}")
    model.seen_autocast.clear()
    kata.train_step(model, opt, x, y)
    expect(model.seen_autocast[-1:] and not model.seen_autocast[-1][0],
           "without autocast_dtype the forward pass must run without autocast")
