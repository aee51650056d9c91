"""Specs for katas/s02_gpt/optimizer_groups.py."""
import pytest
import torch
from torch import nn

from harness.checks import expect, expect_close

WD, LR = 0.1, 1e-2


class Toy(nn.Module):
    """Every kind of parameter a GPT has: a table, Linear weight + bias, LayerNorm, a tied head."""

    def __init__(self):
        super().__init__()
        self.table = nn.Parameter(torch.randn(10, 6))   # 2-D: decays
        self.lin = nn.Linear(6, 6)                      # weight 2-D decays, bias 1-D does not
        self.ln = nn.LayerNorm(6)                       # weight and bias 1-D: no decay
        self.conv = nn.Conv1d(2, 3, 3)                  # weight 3-D: decays
        self.scale = nn.Parameter(torch.tensor(1.5))    # 0-D: no decay
        self.head = nn.Linear(6, 10, bias=False)
        self.head.weight = self.table                   # tied: one Parameter, two names


def groups_of(opt):
    """id(param) -> list of the weight_decay values of every group that holds it."""
    where = {}
    for g in opt.param_groups:
        for p in g["params"]:
            where.setdefault(id(p), []).append(g["weight_decay"])
    return where


def test_returns_adamw_with_two_groups_and_the_settings(kata):
    opt = kata.configure_optimizer(Toy(), WD, LR, betas=(0.8, 0.95))
    expect(isinstance(opt, torch.optim.AdamW), f"expected torch.optim.AdamW, got {type(opt).__name__}")
    if expect(len(opt.param_groups) == 2,
              f"expected 2 param groups (decay, no decay), got {len(opt.param_groups)}"):
        expect(sorted(g["weight_decay"] for g in opt.param_groups) == [0.0, WD],
               f"the groups' weight_decay should be {WD} and 0.0, got "
               f"{[g['weight_decay'] for g in opt.param_groups]}")
    for g in opt.param_groups:
        expect(g["lr"] == LR, f"every group should have lr={LR}, got {g['lr']}")
        expect(tuple(g["betas"]) == (0.8, 0.95),
               f"every group should have betas=(0.8, 0.95), got {g['betas']}")


def test_exactly_the_matrices_decay(kata):
    model = Toy()
    opt = kata.configure_optimizer(model, WD, LR)
    where = groups_of(opt)
    for name, p in model.named_parameters():
        wds = where.get(id(p), [])
        if not wds:
            continue  # reported by the membership spec
        want = WD if p.dim() >= 2 else 0.0
        kind = "a matrix (dim >= 2) must decay" if p.dim() >= 2 else \
            "biases, LayerNorm weights and scalars (dim < 2) must not decay"
        expect(wds[0] == want, f"{name} ({p.dim()}-D) is in a group with weight_decay {wds[0]}, "
                               f"expected {want}: {kind}")


def test_every_parameter_exactly_once(kata):
    model = Toy()
    opt = kata.configure_optimizer(model, WD, LR)
    where = groups_of(opt)
    names = {id(p): n for n, p in model.named_parameters()}  # the tied weight appears once here
    for pid, name in names.items():
        n = len(where.get(pid, []))
        expect(n == 1, f"parameter {name} appears {n} times in the optimizer, expected exactly once"
                       + (" (tied weights: collect params with model.parameters(), "
                          "which skips duplicates)"
                          if n > 1 else ""))
    strangers = [pid for pid in where if pid not in names]
    expect(not strangers, f"{len(strangers)} tensors in the optimizer are not parameters of the model")


def test_one_step_with_zero_gradients_only_decays_the_matrices(kata):
    # With zero gradients Adam's update is 0, so AdamW's step is pure decoupled decay:
    # p <- p·(1 - lr·wd) for the decayed group, p unchanged for the other.
    model = Toy()
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = kata.configure_optimizer(model, WD, LR)
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    opt.step()
    for n, p in model.named_parameters():
        factor = 1 - LR * WD if p.dim() >= 2 else 1.0
        expect_close(p.detach(), before[n] * factor, atol=1e-7,
                     what=f"{n} after one AdamW step with zero grads (expected x{factor:g})")


def test_fused_only_for_cuda(kata):
    opt = kata.configure_optimizer(Toy(), WD, LR, device_type="cpu")
    expect(not any(g.get("fused") for g in opt.param_groups),
           "device_type='cpu' must not ask for fused=True (the fused kernel is for CUDA)")
    try:
        opt = kata.configure_optimizer(Toy(), WD, LR, device_type="cuda")
    except RuntimeError as e:  # an older torch refuses fused AdamW on CPU tensors
        if "fused" not in str(e).lower():
            raise
        return
    expect(all(g.get("fused") for g in opt.param_groups),
           "device_type='cuda' should build AdamW(..., fused=True)")


def test_rejects_negative_settings(kata):
    with pytest.raises(ValueError):
        kata.configure_optimizer(Toy(), -0.1, LR)
    with pytest.raises(ValueError):
        kata.configure_optimizer(Toy(), WD, -1e-3)
