"""Specs for katas/s02_gpt/block.py."""
import pytest
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape

C, NH, BS = 16, 4, 8


def make_block(kata, **kw):
    """A block whose LayerNorms have random gains and shifts, so ln_1 and ln_2 differ from
    each other and from a bare normalisation."""
    blk = kata.Block(C, NH, BS, **kw)
    with torch.no_grad():
        for ln in (blk.ln_1, blk.ln_2):
            ln.weight.copy_(1 + 0.5 * torch.randn(C))
            if ln.bias is not None:
                ln.bias.copy_(0.5 * torch.randn(C))
    return blk


def test_parts(kata):
    blk = kata.Block(C, NH, BS, dropout=0.1, bias=False)
    for name, cls in (("ln_1", kata.LayerNorm), ("attn", kata.CausalSelfAttention),
                      ("ln_2", kata.LayerNorm), ("mlp", kata.FeedForward)):
        expect(isinstance(getattr(blk, name, None), cls), f"block.{name} should be a {cls.__name__}")
    if expect(hasattr(blk, "ln_1") and hasattr(blk, "ln_2"), "block needs ln_1 and ln_2"):
        expect(blk.ln_1 is not blk.ln_2, "ln_1 and ln_2 must be two separate LayerNorms (own weights)")
        expect(blk.ln_1.bias is None and blk.ln_2.bias is None, "bias=False should reach both LayerNorms")
    if expect(hasattr(blk, "attn") and hasattr(blk, "mlp"), "block needs attn and mlp"):
        expect(blk.attn.c_attn.bias is None and blk.mlp.c_fc.bias is None,
               "bias=False should reach attn and mlp too")
        expect(blk.attn.attn_dropout.p == 0.1 and blk.mlp.dropout.p == 0.1,
               "dropout=0.1 should reach attn and mlp")


def test_pre_ln_with_two_residuals(kata):
    blk = make_block(kata)
    x = torch.randn(2, 6, C)
    with torch.no_grad():
        h = x + blk.attn(blk.ln_1(x))
        want = h + blk.mlp(blk.ln_2(h))
        out = blk(x)
    if expect_shape(out, (2, 6, C), "Block output [B,T,C]"):
        expect_close(out, want, atol=1e-5,
                     what="Block vs h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) with its own "
                          "submodules (pre-LN: normalise the input of each sub-layer, not the sum; "
                          "keep both residual additions)")


def test_matches_torch_built_ins(kata):
    # The same block written with F.layer_norm, F.scaled_dot_product_attention and F.gelu.
    blk = make_block(kata)
    x = torch.randn(2, 5, C)
    B, T, _ = x.shape

    def ln(m, z):
        return F.layer_norm(z, (C,), m.weight, m.bias, eps=1e-5)

    with torch.no_grad():
        q, k, v = blk.attn.c_attn(ln(blk.ln_1, x)).split(C, dim=2)
        q, k, v = (t.view(B, T, NH, C // NH).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, C)
        h = x + blk.attn.c_proj(y)
        want = h + blk.mlp.c_proj(F.gelu(blk.mlp.c_fc(ln(blk.ln_2, h))))
        expect_close(blk(x), want, atol=1e-5,
                     what="Block vs the same computation from torch built-ins "
                          "(LayerNorm, attention, GELU)")


def test_silent_sublayers_leave_the_stream_untouched(kata):
    # If attention and MLP output zero, a pre-LN block is the identity: out = x + 0 + 0.
    # (Post-LN would return LayerNorm(x); a block without residuals would return 0.)
    blk = make_block(kata)
    with torch.no_grad():
        for lin in (blk.attn.c_proj, blk.mlp.c_proj):
            lin.weight.zero_()
            lin.bias.zero_()
        x = 3 * torch.randn(1, 4, C) + 1
        expect_close(blk(x), x, atol=1e-6,
                     what="Block with zeroed c_proj layers (should return x itself: the residual stream)")


def test_stays_causal(kata):
    blk = make_block(kata)
    x = torch.randn(1, 6, C)
    x2 = x.clone()
    x2[:, 4:] = torch.randn(1, 2, C)
    with torch.no_grad():
        expect_close(blk(x2)[:, :4], blk(x)[:, :4], atol=1e-5,
                     what="Block outputs at positions 0..3 after changing tokens 4.. (no peeking ahead)")


def test_gradients_reach_every_part(kata):
    blk = make_block(kata)
    x = torch.randn(2, 4, C, requires_grad=True)
    blk(x).pow(2).sum().backward()
    for name in ("ln_1.weight", "attn.c_attn.weight", "ln_2.weight", "mlp.c_fc.weight",
                 "mlp.c_proj.bias"):
        expect_grad(blk.get_parameter(name), f"Block.{name}")
    expect_grad(x, "the input x")


def test_bad_head_count(kata):
    with pytest.raises(ValueError):
        kata.Block(10, 3, BS)
