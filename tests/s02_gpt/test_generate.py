"""Specs for katas/s02_gpt/generate.py."""
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from harness.checks import expect

V = 11


class BigramLM(nn.Module):
    """logits[:, t] = table[idx[:, t]]: a fixed random next-token distribution per token."""

    def __init__(self, block_size=8, seed=0):
        super().__init__()
        self.config = SimpleNamespace(block_size=block_size)
        g = torch.Generator().manual_seed(seed)
        self.table = nn.Parameter(torch.randn(V, V, generator=g) * 2)
        self.grad_seen = []

    def forward(self, idx, targets=None):
        if idx.shape[1] > self.config.block_size:
            raise ValueError(f"T={idx.shape[1]} > block_size={self.config.block_size}")
        self.grad_seen.append(torch.is_grad_enabled())
        return self.table[idx], None


class SumLM(nn.Module):
    """Next token = (sum of the tokens it was shown) mod V, with near-certainty: shows the context."""

    def __init__(self, block_size):
        super().__init__()
        self.config = SimpleNamespace(block_size=block_size)

    def forward(self, idx, targets=None):
        if idx.shape[1] > self.config.block_size:
            raise ValueError(f"T={idx.shape[1]} > block_size={self.config.block_size}")
        return 60.0 * nn.functional.one_hot(idx.cumsum(1) % V, V).float(), None


def greedy(model, idx, n):
    for _ in range(n):
        logits, _ = model(idx[:, -model.config.block_size:])
        idx = torch.cat([idx, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    return idx


def sample_by_the_recipe(model, idx, n, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _ in range(n):
            logits = model(idx[:, -model.config.block_size:])[0][:, -1] / temperature
            if top_k is not None:
                kth = torch.topk(logits, top_k).values[:, -1:]
                logits = logits.masked_fill(logits < kth, float("-inf"))
            nxt = torch.multinomial(torch.softmax(logits, -1), 1, generator=g)
            idx = torch.cat([idx, nxt], dim=1)
    return idx


def prompt(B=2, T=3, seed=1):
    return torch.randint(0, V, (B, T), generator=torch.Generator().manual_seed(seed))


def test_length_dtype_and_prompt_kept(kata):
    idx = prompt()
    keep = idx.clone()
    out = kata.generate(BigramLM(), idx, 5)
    if not expect(isinstance(out, torch.Tensor) and tuple(out.shape) == (2, 8),
                  f"generate(idx [2,3], max_new_tokens=5) should return [2, 8], got "
                  f"{getattr(out, 'shape', out)}"):
        return
    expect(out.dtype == torch.long, f"generated ids should be torch.long, got {out.dtype}")
    expect(torch.equal(out[:, :3], keep), "the output should start with the prompt, unchanged")
    expect(torch.equal(idx, keep), "generate must not modify the prompt tensor passed in")
    expect(bool(((out >= 0) & (out < V)).all()), f"every generated id should be in 0..{V - 1}")


def test_context_is_cropped_to_the_last_block_size_tokens(kata):
    # SumLM says: next = sum of what it sees mod V. With block_size 4 and a 6-token prompt, the
    # model must see only the last 4 tokens (and would raise ValueError on more).
    model = SumLM(block_size=4)
    idx = prompt(T=6)
    out = kata.generate(model, idx, 6)
    want = idx
    for _ in range(6):
        want = torch.cat([want, want[:, -4:].sum(1, keepdim=True) % V], dim=1)
    expect(torch.equal(out, want), f"with block_size=4 each step should see idx[:, -4:] only; "
                                   f"expected {want.tolist()}, got {out.tolist()}")


def test_top_k_1_is_greedy(kata):
    model = BigramLM()
    idx = prompt(B=3)
    want = greedy(model, idx, 8)
    for temperature in (1.0, 3.0):
        out = kata.generate(model, idx, 8, temperature=temperature, top_k=1)
        expect(torch.equal(out, want), f"top_k=1 (temperature {temperature}) should always pick "
                                       f"the argmax: expected {want.tolist()}, got {out.tolist()}")


def test_tiny_temperature_is_nearly_greedy(kata):
    model = BigramLM()
    idx = prompt(B=3)
    out = kata.generate(model, idx, 8, temperature=1e-3)
    want = greedy(model, idx, 8)
    expect(torch.equal(out, want), "temperature -> 0 sharpens softmax(logits / T) into the argmax; "
                                   f"expected {want.tolist()}, got {out.tolist()} (divide by T?)")


def test_seeded_generator_reproduces_the_recipe(kata):
    model = BigramLM()
    idx = prompt(B=4)

    def run(seed):
        return kata.generate(model, idx, 12, temperature=0.7, top_k=4,
                             generator=torch.Generator().manual_seed(seed))

    a, b, c = run(5), run(5), run(6)
    expect(torch.equal(a, b), "the same seeded generator should give the same tokens")
    expect(not torch.equal(a, c), "a different seed should give different tokens (use the generator)")
    want = sample_by_the_recipe(model, idx, 12, 0.7, 4, seed=5)
    expect(torch.equal(a, want),
           "with generator seed 5, temperature 0.7 and top_k 4 the draws should match "
           "torch.multinomial(softmax(top-k(logits[:, -1] / T)), 1, generator=g) step by step; "
           f"expected {want[:, 4:].tolist()}, got {a[:, 4:].tolist()}")


def test_top_k_only_draws_the_k_most_likely(kata):
    model = BigramLM()
    idx = prompt(B=16, T=1)
    out = kata.generate(model, idx, 20, top_k=2, temperature=2.0,
                        generator=torch.Generator().manual_seed(0))
    allowed = torch.topk(model.table.detach(), 2, dim=-1).indices  # [V, 2] per previous token
    prev, nxt = out[:, :-1], out[:, 1:]
    ok = (allowed[prev] == nxt.unsqueeze(-1)).any(-1)
    expect(bool(ok.all()), f"with top_k=2 every token should be one of the 2 most likely; "
                           f"{int((~ok).sum())} of {ok.numel()} were not")
    big = kata.generate(model, idx[:2], 3, top_k=V + 5)  # k larger than the vocabulary: keep all
    expect(tuple(big.shape) == (2, 4), "top_k larger than the vocabulary should just keep every token")


def test_no_grad_and_bad_temperature(kata):
    model = BigramLM()
    out = kata.generate(model, prompt(), 3)
    expect(model.grad_seen and not any(model.grad_seen),
           "generate should run the model under torch.no_grad() (sampling needs no graph)")
    expect(not out.requires_grad, "generated ids should not carry a graph")
    for t in (0.0, -1.0):
        with pytest.raises(ValueError):
            kata.generate(model, prompt(), 3, temperature=t)
