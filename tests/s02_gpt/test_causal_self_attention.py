"""Specs for katas/s02_gpt/causal_self_attention.py."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape

C, NH, BS = 16, 4, 8
HS = C // NH


def sdpa_oracle(attn, x):
    """The same c_attn split, attention by torch's own kernel, the same c_proj."""
    B, T, _ = x.shape
    q, k, v = attn.c_attn(x).split(C, dim=2)
    q, k, v = (t.view(B, T, NH, HS).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return attn.c_proj(y.transpose(1, 2).reshape(B, T, C))


def test_output_shape(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    for T in (BS, 3):
        expect_shape(attn(torch.randn(2, T, C)), (2, T, C), f"CausalSelfAttention output for T={T}")


def test_matches_scaled_dot_product_attention(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(2, 6, C)
    with torch.no_grad():
        expect_close(attn(x), sdpa_oracle(attn, x), atol=1e-5,
                     what="CausalSelfAttention vs F.scaled_dot_product_attention(is_causal=True) on "
                          "the same q, k, v split (check: q,k,v order; view(B,T,nh,hs) then "
                          "transpose(1,2); scale 1/sqrt(head_size), not 1/sqrt(n_embd))")


def test_equals_running_the_heads_one_by_one(kata):
    # Head h owns channels h*hs:(h+1)*hs of q, k and v; its output goes to the same channels of y.
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(2, 5, C)
    T = x.shape[1]
    with torch.no_grad():
        q, k, v = attn.c_attn(x).split(C, dim=2)
        mask = torch.ones(T, T).tril().bool()
        heads = []
        for h in range(NH):
            sl = slice(h * HS, (h + 1) * HS)
            s = q[..., sl] @ k[..., sl].transpose(-2, -1) / math.sqrt(HS)
            heads.append(torch.softmax(s.masked_fill(~mask, float("-inf")), dim=-1) @ v[..., sl])
        want = attn.c_proj(torch.cat(heads, dim=-1))
        expect_close(attn(x), want, atol=1e-5,
                     what="CausalSelfAttention vs a loop over heads concatenated in order "
                          "(are the heads put back side by side: transpose(1,2) before view(B,T,C)?)")


def test_no_information_from_the_future(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(1, 6, C)
    t = 2
    x2 = x.clone()
    x2[:, t + 1:] += torch.randn(1, 6 - t - 1, C)  # change only the tokens after t
    with torch.no_grad():
        a, b = attn(x), attn(x2)
    expect_close(b[:, :t + 1], a[:, :t + 1], atol=1e-6,
                 what=f"outputs at positions 0..{t} after changing tokens {t + 1}.. (the mask must "
                      "hide the future: j <= i only)")
    expect(not torch.allclose(b[:, t + 1:], a[:, t + 1:]),
           "outputs after t did not change when their own tokens changed")


def test_gradients_reach_every_weight(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(2, 4, C, requires_grad=True)
    attn(x).pow(2).sum().backward()
    for name in ("c_attn.weight", "c_attn.bias", "c_proj.weight", "c_proj.bias"):
        expect_grad(attn.get_parameter(name), f"CausalSelfAttention.{name}")
    expect_grad(x, "the input x")


def test_parts_and_bad_input(kata):
    attn = kata.CausalSelfAttention(C, NH, BS, dropout=0.25, bias=False)
    expect(getattr(attn, "n_head", None) == NH, f"attn.n_head should be {NH}")
    for name, shape in (("c_attn", (3 * C, C)), ("c_proj", (C, C))):
        layer = getattr(attn, name, None)
        if expect(isinstance(layer, nn.Linear), f"attn.{name} should be an nn.Linear"):
            expect(tuple(layer.weight.shape) == shape,
                   f"attn.{name}.weight should be {shape}, got {tuple(layer.weight.shape)}")
            expect(layer.bias is None, f"attn.{name} should have no bias when bias=False")
    for name in ("attn_dropout", "resid_dropout"):
        d = getattr(attn, name, None)
        expect(isinstance(d, nn.Dropout) and d.p == 0.25, f"attn.{name} should be nn.Dropout(0.25)")
    with pytest.raises(ValueError):
        kata.CausalSelfAttention(10, 3, BS)  # 10 channels do not split into 3 heads


def test_dropout_only_while_training(kata):
    attn = kata.CausalSelfAttention(C, NH, BS, dropout=0.5)
    x = torch.randn(2, 6, C)
    attn.eval()
    with torch.no_grad():
        expect_close(attn(x), sdpa_oracle(attn, x), atol=1e-5,
                     what="CausalSelfAttention(dropout=0.5) in eval mode (dropout must be off)")
        attn.train()
        expect(not torch.allclose(attn(x), sdpa_oracle(attn, x), atol=1e-5),
               "with dropout=0.5 in train mode the output should be randomised by dropout")
