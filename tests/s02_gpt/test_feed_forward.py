"""Specs for katas/s02_gpt/feed_forward.py."""
import math

import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape

C = 8


def test_parts_are_4x_wide(kata):
    ff = kata.FeedForward(C, dropout=0.1)
    for name, shape in (("c_fc", (4 * C, C)), ("c_proj", (C, 4 * C))):
        layer = getattr(ff, name, None)
        if expect(isinstance(layer, nn.Linear), f"ff.{name} should be an nn.Linear"):
            expect(tuple(layer.weight.shape) == shape,
                   f"ff.{name}.weight should be {shape} (C -> 4C -> C), got {tuple(layer.weight.shape)}")
            expect(layer.bias is not None, f"ff.{name} should have a bias when bias=True")
    expect(isinstance(getattr(ff, "gelu", None), nn.GELU),
           "ff.gelu should be nn.GELU() (GPT uses GELU, not ReLU)")
    d = getattr(ff, "dropout", None)
    expect(isinstance(d, nn.Dropout) and d.p == 0.1, "ff.dropout should be nn.Dropout(0.1)")
    nobias = kata.FeedForward(C, bias=False)
    expect(nobias.c_fc.bias is None and nobias.c_proj.bias is None,
           "with bias=False neither c_fc nor c_proj should have a bias")


def test_equals_a_hand_built_mlp_with_the_same_weights(kata):
    ff = kata.FeedForward(C)
    ref = nn.Sequential(nn.Linear(C, 4 * C), nn.GELU(), nn.Linear(4 * C, C))
    ref[0].load_state_dict(ff.c_fc.state_dict())
    ref[2].load_state_dict(ff.c_proj.state_dict())
    x = torch.randn(2, 5, C) * 2
    out = ff(x)
    if expect_shape(out, (2, 5, C), "FeedForward output [B,T,C]"):
        expect_close(out, ref(x), atol=1e-6,
                     what="FeedForward vs Linear(C,4C) -> GELU -> Linear(4C,C) with the same weights "
                          "(GELU, not ReLU; exact erf GELU, not the tanh approximation)")


def test_gelu_hand_worked_value(kata):
    # With identity-like weights the MLP shows GELU itself: x -> GELU(x) in channel 0.
    # GELU(-1) = -1·Φ(-1) = -0.158655 (ReLU would give 0), GELU(2) = 2·Φ(2) = 1.954500.
    ff = kata.FeedForward(1, bias=False)
    with torch.no_grad():
        ff.c_fc.weight.zero_()
        ff.c_fc.weight[0, 0] = 1.0
        ff.c_proj.weight.zero_()
        ff.c_proj.weight[0, 0] = 1.0
    x = torch.tensor([[[-1.0], [2.0]]])
    phi = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))
    expect_close(ff(x), torch.tensor([[[-1 * phi(-1)], [2 * phi(2)]]]), atol=1e-6,
                 what="FeedForward with unit weights on x = -1 and 2 (GELU(x) = x·Φ(x))")


def test_acts_on_each_position_on_its_own(kata):
    ff = kata.FeedForward(C)
    x = torch.randn(1, 4, C)
    x2 = x.clone()
    x2[:, 3] = torch.randn(C)
    with torch.no_grad():
        expect_close(ff(x2)[:, :3], ff(x)[:, :3], atol=1e-6,
                     what="outputs at positions 0..2 after changing position 3 (no mixing across tokens)")


def test_gradients_reach_both_layers(kata):
    ff = kata.FeedForward(C)
    ff(torch.randn(2, 3, C)).sum().backward()
    for name in ("c_fc.weight", "c_fc.bias", "c_proj.weight", "c_proj.bias"):
        expect_grad(ff.get_parameter(name), f"FeedForward.{name}")


def test_dropout_only_while_training(kata):
    ff = kata.FeedForward(C, dropout=0.5)
    x = torch.randn(2, 4, C)
    ff.eval()
    with torch.no_grad():
        want = ff.c_proj(F.gelu(ff.c_fc(x)))
        expect_close(ff(x), want, atol=1e-6, what="FeedForward(dropout=0.5) in eval mode (no dropout)")
        ff.train()
        out = ff(x)
        expect(float((out == 0).float().mean()) > 0.2,
               "in train mode with dropout=0.5 about half the outputs should be zeroed (dropout last)")
