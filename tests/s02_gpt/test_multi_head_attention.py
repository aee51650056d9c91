"""Specs for katas/s02_gpt/multi_head_attention.py."""
import pytest
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_shape


def _torch_mha(mha, n_embd, n_head):
    """Oracle: nn.MultiheadAttention loaded with the same weights (heads stacked in order)."""
    ref = nn.MultiheadAttention(n_embd, n_head, bias=True, batch_first=True)
    with torch.no_grad():
        # in_proj_weight = [Wq; Wk; Wv], each [n_embd, n_embd] with head h in rows h·hs .. (h+1)·hs.
        ref.in_proj_weight.copy_(torch.cat([torch.cat([getattr(h, name).weight for h in mha.heads])
                                            for name in ("query", "key", "value")]))
        ref.in_proj_bias.zero_()  # the heads' linear maps have no bias
        ref.out_proj.weight.copy_(mha.proj.weight)
        ref.out_proj.bias.copy_(mha.proj.bias)
    return ref.eval()


def _oracle(mha, x, n_embd, n_head):
    T = x.shape[1]
    future = ~torch.tril(torch.ones(T, T, dtype=torch.bool))  # nn.MultiheadAttention: True = blocked
    with torch.no_grad():
        return _torch_mha(mha, n_embd, n_head)(x, x, x, attn_mask=future, need_weights=False)[0]


def test_parts_and_output_shape(kata):
    mha = kata.MultiHeadAttention(n_embd=24, n_head=4, block_size=8, dropout=0.1)
    mha.eval()
    heads = getattr(mha, "heads", None)
    if expect(isinstance(heads, nn.ModuleList),
              f".heads should be an nn.ModuleList (so the heads' weights are registered), "
              f"got {type(heads).__name__}"):
        expect(len(heads) == 4, f"n_head=4 should give 4 heads, got {len(heads)}")
        expect(all(isinstance(h, kata.AttentionHead) for h in heads), "each head should be your AttentionHead")
        expect(len({id(h) for h in heads}) == len(heads),
               "the heads should be separate AttentionHead objects (each with its own weights), "
               "not one head repeated")
        sizes = [h.query.out_features for h in heads if isinstance(h, kata.AttentionHead)]
        expect(all(s == 6 for s in sizes), f"head_size should be n_embd // n_head = 6, got {sizes}")
        ps = [h.dropout.p for h in heads if isinstance(h, kata.AttentionHead)]
        expect(all(p == 0.1 for p in ps), f"pass dropout=0.1 on to every head, got head dropouts {ps}")
    proj = getattr(mha, "proj", None)
    if expect(isinstance(proj, nn.Linear), f".proj should be nn.Linear(n_embd, n_embd), got {type(proj).__name__}"):
        expect((proj.in_features, proj.out_features) == (24, 24) and proj.bias is not None,
               f".proj should be nn.Linear(24, 24) with a bias, got {proj}")
    drop = getattr(mha, "dropout", None)
    if expect(isinstance(drop, nn.Dropout), ".dropout should be nn.Dropout(dropout)"):
        expect(drop.p == 0.1, f".dropout.p should be the dropout argument 0.1, got {drop.p}")
    for T in (8, 5):
        out = mha(torch.randn(2, T, 24))
        expect_shape(out, (2, T, 24), f"MultiHeadAttention on x [2, {T}, 24] -> [B, T, n_embd]")


def test_rejects_indivisible_n_embd(kata):
    with pytest.raises(ValueError):
        kata.MultiHeadAttention(n_embd=10, n_head=3, block_size=8)


def test_concat_in_head_order_then_project(kata):
    mha = kata.MultiHeadAttention(n_embd=12, n_head=3, block_size=6)
    x = torch.randn(2, 6, 12)
    out = mha(x)
    if not expect_shape(out, (2, 6, 12), "MultiHeadAttention on x [2, 6, 12]"):
        return
    with torch.no_grad():
        parts = [h(x) for h in mha.heads]
        want = mha.proj(torch.cat(parts, dim=-1))
        rev = mha.proj(torch.cat(parts[::-1], dim=-1))
        if not torch.allclose(rev, want, atol=1e-5) and torch.allclose(out, rev, atol=1e-5):
            expect(False, "the heads were concatenated in reverse order: head 0's features come first")
        elif torch.allclose(out, torch.cat(parts, dim=-1), atol=1e-5):
            expect(False, "the output is the bare concatenation: apply self.proj to it")
        else:
            expect_close(out, want, atol=1e-5,
                         what="MultiHeadAttention vs proj(cat([head(x) for head in heads], dim=-1))")


def test_matches_nn_multihead_attention(kata):
    mha = kata.MultiHeadAttention(n_embd=32, n_head=4, block_size=10)
    x = torch.randn(3, 10, 32)
    out = mha(x)
    if expect_shape(out, (3, 10, 32), "MultiHeadAttention on x [3, 10, 32]"):
        expect_close(out, _oracle(mha, x, 32, 4), atol=1e-5,
                     what="MultiHeadAttention vs nn.MultiheadAttention with the same weights and a "
                          "causal mask")


def test_no_future_leakage(kata):
    mha = kata.MultiHeadAttention(n_embd=16, n_head=2, block_size=6)
    x = torch.randn(2, 6, 16)
    with torch.no_grad():
        out = mha(x)
        if not expect_shape(out, (2, 6, 16), "MultiHeadAttention on x [2, 6, 16]"):
            return
        for t in range(5):
            x2 = x.clone()
            x2[:, t + 1:] += 5 * torch.randn(2, 5 - t, 16)
            diff = float((mha(x2)[:, :t + 1] - out[:, :t + 1]).abs().max())
            if diff > 1e-6:
                expect(False, f"changing tokens after t={t} changed the outputs at positions <= {t} "
                              f"by {diff:.3g}: position {t} can see the future")
                break


def test_gradients_reach_every_head_and_proj(kata):
    mha = kata.MultiHeadAttention(n_embd=12, n_head=3, block_size=5)
    out = mha(torch.randn(2, 5, 12))
    (out * torch.randn_like(out)).sum().backward()
    for i, h in enumerate(mha.heads):
        for name in ("query", "key", "value"):
            expect_grad(getattr(h, name).weight, f"heads[{i}].{name}.weight")
    expect_grad(mha.proj.weight, "proj.weight")
    expect_grad(mha.proj.bias, "proj.bias")


def test_dropout_only_in_training(kata):
    mha = kata.MultiHeadAttention(n_embd=16, n_head=4, block_size=8, dropout=0.5)
    x = torch.randn(2, 8, 16)
    mha.eval()
    out = mha(x).detach()
    expect_close(out, _oracle(mha, x, 16, 4), atol=1e-5,
                 what="MultiHeadAttention(dropout=0.5) in eval mode vs nn.MultiheadAttention "
                          "(in eval mode dropout is off, so they must agree)")
    mha.train()
    for h in mha.heads:
        h.dropout.p = 0.0  # now only the output dropout is random
    out = mha(x).detach()
    frac = float((out == 0).float().mean())
    # 256 outputs, p = 0.5: the fraction of zeros is 0.5 ± 0.03 (0.35..0.65 is 5 std devs).
    expect(0.35 < frac < 0.65, f"in train mode with dropout=0.5, self.dropout after the projection "
                               f"should zero about half the outputs, got a fraction {frac:.2f}")
