"""Specs for katas/s02_gpt/lm_head.py."""
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape

C, V = 8, 13


def test_parts(kata):
    head = kata.LMHead(C, V)
    expect(isinstance(getattr(head, "ln_f", None), kata.LayerNorm),
           "head.ln_f should be your LayerNorm(n_embd)")
    lin = getattr(head, "lm_head", None)
    if expect(isinstance(lin, nn.Linear), "head.lm_head should be an nn.Linear"):
        expect(tuple(lin.weight.shape) == (V, C),
               f"head.lm_head.weight should be [vocab_size, n_embd] = {(V, C)}, "
               f"got {tuple(lin.weight.shape)}")
        expect(lin.bias is None, "head.lm_head must have no bias (bias=False), so it can be tied "
                                 "to the token embedding")
    nobias = kata.LMHead(C, V, bias=False)
    expect(nobias.ln_f.bias is None, "bias=False should give ln_f no bias")
    expect(nobias.lm_head.bias is None, "head.lm_head has no bias whatever `bias` says")


def test_layer_norm_then_linear(kata):
    head = kata.LMHead(C, V)
    with torch.no_grad():  # non-trivial LayerNorm parameters, so a skipped ln_f shows
        head.ln_f.weight.copy_(1 + 0.5 * torch.randn(C))
        head.ln_f.bias.copy_(0.5 * torch.randn(C))
    x = 4 * torch.randn(2, 5, C) + 2
    with torch.no_grad():
        logits = head(x)
        want = F.linear(F.layer_norm(x, (C,), head.ln_f.weight, head.ln_f.bias, eps=1e-5),
                        head.lm_head.weight)
    if expect_shape(logits, (2, 5, V), "LMHead logits [B,T,V]"):
        expect_close(logits, want, atol=1e-5,
                     what="LMHead vs F.linear(F.layer_norm(x), W) (ln_f first, then lm_head; "
                          "raw logits, no softmax)")


def test_scale_of_the_input_does_not_matter(kata):
    # ln_f removes the residual stream's drifting scale: 10·x + 3 gives the same logits as x.
    head = kata.LMHead(C, V)
    x = torch.randn(1, 4, C)
    with torch.no_grad():
        expect_close(head(10 * x + 3), head(x), atol=1e-4,
                     what="LMHead(10·x + 3) vs LMHead(x) (the final LayerNorm should normalise first)")


def test_gradients_reach_both_parts(kata):
    head = kata.LMHead(C, V)
    head(torch.randn(2, 3, C)).pow(2).sum().backward()
    expect_grad(head.ln_f.weight, "LMHead.ln_f.weight")
    expect_grad(head.lm_head.weight, "LMHead.lm_head.weight")
