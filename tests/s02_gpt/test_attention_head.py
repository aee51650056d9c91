"""Specs for katas/s02_gpt/attention_head.py."""
import pytest
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape


def _sdpa(head, x):
    """Oracle: torch's fused attention on the head's own q, k, v."""
    with torch.no_grad():
        return F.scaled_dot_product_attention(head.query(x), head.key(x), head.value(x), is_causal=True)


def test_output_shape_for_two_lengths(kata):
    head = kata.AttentionHead(n_embd=16, head_size=8, block_size=8)
    for T in (8, 3):  # a full block, and a shorter window (the mask is tril[:T, :T])
        out = head(torch.randn(2, T, 16))
        expect_shape(out, (2, T, 8), f"AttentionHead on x [2, {T}, 16] -> [B, T, head_size]")


def test_hand_worked_1x3x2(kata):
    head = kata.AttentionHead(n_embd=2, head_size=2, block_size=4)
    with torch.no_grad():  # nn.Linear computes x @ Wᵀ
        head.query.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
        head.key.weight.copy_(torch.tensor([[1.0, 1.0], [0.0, 1.0]]))
        head.value.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 2.0]]))
    x = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
    # q = x;  k = [[1, 0], [1, 1], [2, 1]];  v = [[1, 0], [0, 2], [1, 2]];  sqrt(head_size) = sqrt(2).
    # t=0: only itself                         -> weights [1, 0, 0]          -> out [1, 0]
    # t=1: q·k = [0, 1]    / √2, softmax       -> [0.3302, 0.6698, 0]        -> out [0.3302, 1.3395]
    # t=2: q·k = [1, 2, 3] / √2, softmax       -> [0.1400, 0.2840, 0.5760]   -> out [0.7160, 1.7199]
    want = torch.tensor([[[1.0, 0.0], [0.330238, 1.339523], [0.716005, 1.719942]]])
    out = head(x)
    if expect_shape(out, (1, 3, 2), "AttentionHead on the 1×3×2 example"):
        expect_close(out, want, atol=1e-5,
                     what="hand-worked head output (row 0 must be v[0] exactly: it only sees itself)")


def test_matches_scaled_dot_product_attention(kata):
    head = kata.AttentionHead(n_embd=32, head_size=16, block_size=10)
    x = torch.randn(3, 10, 32)
    out = head(x)
    if expect_shape(out, (3, 10, 16), "AttentionHead on x [3, 10, 32]"):
        expect_close(out, _sdpa(head, x), atol=1e-5,
                     what="AttentionHead vs F.scaled_dot_product_attention(q, k, v, is_causal=True) "
                          "(check 1/sqrt(head_size), the mask before the softmax, softmax over the last dim)")


def test_weights_seen_through_identity_values(kata):
    # With value = identity and x = one-hot positions, out[i, j] IS the attention weight of i on j.
    T = 5
    head = kata.AttentionHead(n_embd=T, head_size=T, block_size=T)
    with torch.no_grad():
        head.value.weight.copy_(torch.eye(T))
        head.query.weight.mul_(4)  # sharper scores, so mistakes show
    x = torch.eye(T)[None]
    w = head(x)
    if not expect_shape(w, (1, T, T), "AttentionHead on one-hot x [1, 5, 5]"):
        return
    w = w.detach()[0]
    for i in range(T - 1):
        j = int(w[i, i + 1:].abs().argmax()) + i + 1
        if abs(float(w[i, j])) > 1e-6:
            expect(False, f"row {i} attends to future tokens: weight {float(w[i, j]):.2f} on t={j}")
            break
    expect_close(w.sum(-1), torch.ones(T), atol=1e-5,
                 what="attention weights per row (they must sum to 1: mask before the softmax, "
                      "softmax over the keys, the last dim)")


def test_no_future_leakage(kata):
    head = kata.AttentionHead(n_embd=12, head_size=6, block_size=6)
    x = torch.randn(2, 6, 12)
    out = head(x).detach()
    if not expect_shape(out, (2, 6, 6), "AttentionHead on x [2, 6, 12]"):
        return
    for t in range(5):
        x2 = x.clone()
        x2[:, t + 1:] += 5 * torch.randn(2, 5 - t, 12)  # change every token after t
        diff = float((head(x2).detach()[:, :t + 1] - out[:, :t + 1]).abs().max())
        if diff > 1e-6:
            expect(False, f"changing tokens after t={t} changed the outputs at positions <= {t} by "
                          f"{diff:.3g}: position {t} can see the future")
            break


def test_gradients_reach_key_query_value(kata):
    head = kata.AttentionHead(n_embd=8, head_size=4, block_size=5)
    out = head(torch.randn(2, 5, 8))
    (out * torch.randn_like(out)).sum().backward()
    for name in ("key", "query", "value"):
        expect_grad(getattr(head, name).weight, f"{name}.weight")


def test_dropout_on_weights_only_in_training(kata):
    head = kata.AttentionHead(n_embd=16, head_size=8, block_size=8, dropout=0.5)
    x = torch.randn(2, 8, 16)
    head.eval()
    out = head(x).detach()
    expect_close(out, _sdpa(head, x), atol=1e-5,
                 what="AttentionHead(dropout=0.5) in eval mode vs F.scaled_dot_product_attention "
                          "(in eval mode self.dropout is off, so they must agree)")
    head.train()
    diff = float((head(x).detach() - out).abs().max())
    expect(diff > 1e-3, "AttentionHead(dropout=0.5) in train mode gave the eval output: apply "
                        "self.dropout to the attention weights")


def test_rejects_t_beyond_block_size(kata):
    head = kata.AttentionHead(n_embd=8, head_size=4, block_size=4)
    with pytest.raises(ValueError):
        head(torch.randn(1, 5, 8))
