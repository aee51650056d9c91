"""Specs for katas/s02_gpt/train_step.py.

Each spec compares the weights after train_step with the same update done by hand on a twin of
the model, so it checks what the step did, not when the gradients were cleared (first, or right
after optimizer.step(): both are correct).
"""
import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_raises, fmt

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


def sgd_by_hand(twin, x, y, lr, clip=0.0):
    """One plain SGD step on the twin, by hand; returns the gradients it used."""
    _, grads = grads_of(twin, x, y)
    if clip > 0:
        grads = clipped(grads, clip)
    with torch.no_grad():
        for q, g in zip(twin.parameters(), grads):
            q.sub_(lr * g)
    return grads


def same_weights(model, twin, what):
    for (name, p), q in zip(model.named_parameters(), twin.parameters()):
        if not expect_close(p.detach(), q.detach(), atol=1e-6,
                            what=(f"{name} {what[0]}", f"パラメータ {name}: {what[1]}")):
            return False
    return True


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
        if not expect(isinstance(got, float),
                      (f"train_step should return loss.item() (a Python float), got {type(got).__name__}",
                       f"train_step は loss.item()（Python の float）を返すはずですが、{type(got).__name__} "
                       f"でした")):
            return
        expect_close(got, want_loss, atol=1e-6, what=(f"loss returned by train_step at step {step}",
                                                      f"ステップ {step} で train_step が返した損失"))
        with torch.no_grad():  # AdamW by hand: decoupled decay, bias-corrected moments
            for p, g, mi, vi in zip(params, clipped(grads, clip), m, v):
                mi.mul_(b1).add_((1 - b1) * g)
                vi.mul_(b2).add_((1 - b2) * g * g)
                mhat, vhat = mi / (1 - b1 ** step), vi / (1 - b2 ** step)
                p.mul_(1 - lr * wd).sub_(lr * mhat / (vhat.sqrt() + eps))
    same_weights(model, twin, ("after two train_steps vs AdamW by hand (zero_grad, clip, step)",
                               "2 回の train_step の後と、手で計算した AdamW の比較（zero_grad、クリップ、step）"))


def test_each_step_uses_only_its_own_gradient(kata):
    # Plain SGD makes the step exactly -lr·grad, so gradients left over from the step before
    # (never cleared) show up directly in the second step.
    lr = 0.1
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for step, seed in ((1, 3), (2, 4)):
        x, y = batch(seed)
        kata.train_step(model, opt, x, y, grad_clip=0.0)
        sgd_by_hand(twin, x, y, lr)
        if not same_weights(model, twin,
                            (f"after SGD step {step} (does each step use only its own gradient? gradients "
                             f"add up in .grad until optimizer.zero_grad() clears them)",
                             f"SGD のステップ {step} の後（各ステップは自分の勾配だけを使っていますか？ 勾配は "
                             f"optimizer.zero_grad() でクリアするまで .grad に加算されます）")):
            return


def test_gradient_norm_is_clipped_before_the_step(kata):
    lr, clip = 0.1, 0.01
    model = TinyLM()
    twin = copy.deepcopy(model)
    before = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = batch(4)
    kata.train_step(model, opt, x, y, grad_clip=clip)
    _, raw_grads = grads_of(twin, x, y)
    raw = math.sqrt(sum(float((g ** 2).sum()) for g in raw_grads))  # ≈ 1, far above the clip
    used = [(b - p.detach()) / lr for b, p in zip(before, model.parameters())]  # what SGD applied
    norm = math.sqrt(sum(float((g ** 2).sum()) for g in used))
    if not expect(norm <= clip * (1 + 1e-4),
                  (f"the gradient the optimizer applied had norm {fmt(norm)} (raw {fmt(raw)}); after "
                   f"clipping it should be <= grad_clip = {clip}: call clip_grad_norm_ between backward() "
                   f"and optimizer.step()",
                   f"オプティマイザが適用した勾配のノルムは {fmt(norm)}（元は {fmt(raw)}）でした。クリップ後は "
                   f"grad_clip = {clip} 以下のはずです。backward() と optimizer.step() の間で "
                   f"clip_grad_norm_ を呼びましょう")):
        return
    sgd_by_hand(twin, x, y, lr, clip=clip)
    same_weights(model, twin, ("after an SGD step with the gradient clipped to norm 0.01 (the whole "
                               "gradient scaled by one factor, its direction kept)",
                               "勾配をノルム 0.01 にクリップした SGD ステップの後（勾配全体を 1 つの係数で"
                               "スケールし、向きは保ちます）"))


def test_no_clipping_when_grad_clip_is_zero(kata):
    lr = 0.1
    model = TinyLM()
    twin = copy.deepcopy(model)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = batch(5)
    kata.train_step(model, opt, x, y, grad_clip=0.0)
    sgd_by_hand(twin, x, y, lr)
    same_weights(model, twin, ("after an SGD step with grad_clip=0 (0 means: do not clip)",
                               "grad_clip=0 の SGD ステップの後（0 はクリップしないという意味です）"))


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_loss_stops_before_the_step(kata, bad):
    lr = 0.1
    model = TinyLM(bad_loss=bad)
    twin = copy.deepcopy(model)
    twin.bad_loss = None
    before = [p.detach().clone() for p in model.parameters()]
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)  # momentum: state once it steps
    x, y = batch(6)
    if not expect_raises(FloatingPointError, kata.train_step, model, opt, x, y,
                         what=(f"train_step with a loss of {bad}", f"損失が {bad} の train_step")):
        return
    for (name, p), b in zip(model.named_parameters(), before):
        expect(torch.equal(p.detach(), b),
               (f"{name} changed although the loss was {bad}: check the loss before step()",
                f"損失が {bad} だったのに {name} が変わりました。step() の前に損失を確認しましょう"))
    expect(len(opt.state) == 0, ("the optimizer stepped although the loss was not finite",
                                 "損失が有限でないのにオプティマイザが step しました"))
    # The next, healthy step must be a clean first step: nothing left over from the refused one.
    model.bad_loss = None
    kata.train_step(model, opt, x, y, grad_clip=0.0)
    sgd_by_hand(twin, x, y, lr)  # momentum's first step is plain SGD
    same_weights(model, twin, (f"after a good step that follows the refused one (raise before backward(), "
                               f"so no {bad} gradient is left in .grad)",
                               f"止めたステップの次の正常なステップの後（backward() の前に送出すれば、"
                               f".grad に {bad} の勾配は残りません）"))


def test_autocast_only_when_asked(kata):
    model = TinyLM()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = batch(7)
    got = kata.train_step(model, opt, x, y, autocast_dtype=torch.bfloat16)
    expect(model.seen_autocast[-1:] == [(True, torch.bfloat16)],
           (f"with autocast_dtype=torch.bfloat16 the forward pass should run under "
            f"torch.autocast('cpu', dtype=torch.bfloat16); the model saw (enabled, dtype) = "
            f"{model.seen_autocast}",
            f"autocast_dtype=torch.bfloat16 のとき、順伝播は torch.autocast('cpu', dtype=torch.bfloat16) "
            f"の中で実行するはずです。モデルが見た (enabled, dtype) = {model.seen_autocast}"))
    expect(isinstance(got, float) and math.isfinite(got),
           (f"expected a finite float loss, got {got!r}", f"有限の float の損失のはずですが、{got!r} でした"))
    model.seen_autocast.clear()
    kata.train_step(model, opt, x, y)
    expect(model.seen_autocast[-1:] and not model.seen_autocast[-1][0],
           ("without autocast_dtype the forward pass must run without autocast",
            "autocast_dtype がなければ、順伝播は autocast なしで実行するはずです"))
