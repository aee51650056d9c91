"""Specs for katas/s02_gpt/gpt_model.py."""
import math
import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_shape

TINY = dict(block_size=8, vocab_size=65, n_layer=2, n_head=4, n_embd=32)


def tiny(kata, **kw):
    return kata.GPT(kata.GPTConfig(**{**TINY, **kw}))


def batch(V=65, B=8, T=8, seed=1):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, V, (B, T), generator=g), torch.randint(0, V, (B, T), generator=g)


def test_parts_and_shapes(kata):
    model = tiny(kata)
    expect(isinstance(getattr(model, "embed", None), kata.GPTEmbedding),
           "model.embed should be a GPTEmbedding")
    expect(isinstance(getattr(model, "head", None), kata.LMHead), "model.head should be an LMHead")
    blocks = getattr(model, "blocks", None)
    expect(isinstance(blocks, nn.ModuleList) and len(blocks) == 2
           and all(isinstance(b, kata.Block) for b in blocks),
           "model.blocks should be an nn.ModuleList of n_layer=2 Blocks (a plain list would hide "
           "their parameters from the optimizer)")
    expect(getattr(model, "config", None) is not None and model.config.n_layer == 2,
           "model.config should be kept")
    x, y = batch(T=5)
    logits, loss = model(x)
    expect_shape(logits, (8, 5, 65), "logits [B, T, vocab_size]")
    expect(loss is None, f"without targets the loss should be None, got {loss!r}")


def test_forward_is_embed_blocks_head_loss(kata):
    model = tiny(kata)
    x, y = batch()
    with torch.no_grad():
        logits, loss = model(x, y)
        h = model.embed(x)
        for blk in model.blocks:
            h = blk(h)
        want = model.head(h)
        expect_close(logits, want, atol=1e-5,
                     what="GPT logits vs head(block_2(block_1(embed(idx)))) (every block, in order)")
        expect_close(loss, F.cross_entropy(want.reshape(-1, 65), y.reshape(-1)), atol=1e-5,
                     what="GPT loss vs F.cross_entropy of its logits (use lm_loss)")


def test_initial_loss_is_about_ln_vocab_size(kata):
    # Small init -> logits ≈ 0 -> a uniform guess -> loss ≈ ln(65) = 4.174.
    model = tiny(kata)
    _, loss = model(*batch())
    expect(abs(loss.item() - math.log(65)) < 0.1,
           f"loss of a fresh GPT should be within 0.1 of ln(vocab_size) = {math.log(65):.3f}, got "
           f"{loss.item():.3f} (initialise the weights with std 0.02: large weights give confident, "
           "wrong guesses)")


def test_init_statistics(kata):
    model = tiny(kata)
    linear, c_proj, biases = [], [], []
    for name, p in model.named_parameters():
        if name.endswith("c_proj.weight"):
            c_proj.append(p.detach().flatten())
        elif p.dim() == 2 and "embed" not in name:
            linear.append(p.detach().flatten())
        elif name.endswith(".bias") and "ln" not in name:
            biases.append(p.detach().flatten())
    if not expect(linear and c_proj, "found no Linear / c_proj weights among model.named_parameters() "
                                     "(are the blocks in an nn.ModuleList?)"):
        return
    std_lin, std_proj = torch.cat(linear).std().item(), torch.cat(c_proj).std().item()
    want_proj = 0.02 / math.sqrt(2 * 2)
    expect(abs(std_lin - 0.02) < 0.002, f"std of the Linear weights (c_attn, c_fc, lm_head) should be "
                                        f"≈ 0.02, got {std_lin:.4f}")
    expect(abs(std_proj - want_proj) < 0.1 * want_proj,
           f"std of every c_proj.weight should be ≈ 0.02/sqrt(2·n_layer) = {want_proj:.4f}, "
           f"got {std_proj:.4f}")
    expect(all(float(b.abs().max()) == 0 for b in biases), "every Linear bias should start at 0")
    for name in ("tok", "pos"):
        s = getattr(model.embed, name).weight.std().item()
        expect(abs(s - 0.02) < 0.003,
               f"std of embed.{name}.weight should be ≈ 0.02 (not randn's 1), got {s:.4f}")
    ln = [p for n, p in model.named_parameters() if re.search(r"ln_(1|2|f)\.weight$", n)]
    expect(len(ln) == 5 and all(bool((p == 1).all()) for p in ln),
           "the 5 LayerNorm weights (ln_1, ln_2 per block, ln_f) should start at 1")


def test_tie_weights_shares_one_parameter(kata):
    tied = tiny(kata, tie_weights=True)
    expect(tied.head.lm_head.weight is tied.embed.tok.weight,
           "with tie_weights, head.lm_head.weight should BE embed.tok.weight (the same Parameter)")
    expect(sum(p is tied.embed.tok.weight for p in tied.parameters()) == 1,
           "the tied weight should appear once in model.parameters()")
    untied = tiny(kata)
    expect(untied.head.lm_head.weight is not untied.embed.tok.weight,
           "without tie_weights the head and the embedding have their own weights")


def test_num_params(kata):
    for tie in (False, True):
        model = tiny(kata, tie_weights=tie)
        unique = {id(p): p for m in model.modules() for p in m.parameters(recurse=False)}
        total = sum(p.numel() for p in unique.values())
        non_emb = total - 8 * 32 - (0 if tie else 65 * 32)
        expect(model.num_params(non_embedding=False) == total,
               f"num_params(non_embedding=False) with tie_weights={tie}: expected {total}, "
               f"got {model.num_params(non_embedding=False)} (a shared Parameter counts once)")
        expect(model.num_params() == non_emb,
               f"num_params() with tie_weights={tie}: expected {non_emb} (minus the position table"
               f"{'' if tie else ' and the token table'}), got {model.num_params()}")


def test_context_longer_than_block_size_is_refused(kata):
    model = tiny(kata)
    logits, _ = model(torch.zeros(1, 8, dtype=torch.long))  # exactly block_size is fine
    expect_shape(logits, (1, 8, 65), "logits for T = block_size")
    with pytest.raises(ValueError):
        model(torch.zeros(1, 9, dtype=torch.long))


def test_overfits_one_batch(kata):
    # A tiny GPT that can learn at all memorises one fixed batch in 50 AdamW steps.
    model = tiny(kata, vocab_size=11, n_layer=1, n_head=2, n_embd=16)
    x, y = batch(V=11, B=4)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-2)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matmuls: one thread is fastest, and immune to a busy machine
    try:
        for step in range(50):
            _, loss = model(x, y)
            opt.zero_grad()
            loss.backward()
            if step == 0:
                cut = [n for n, p in model.named_parameters() if p.grad is None or not p.grad.any()]
                expect(not cut, f"after loss.backward() these parameters got no gradient: {cut} "
                                "(is something detached, or not used in forward?)")
            opt.step()
    finally:
        torch.set_num_threads(threads)
    expect(loss.item() < 0.3 * math.log(11),
           f"after 50 AdamW steps on one batch the loss should fall far below ln(11) = "
           f"{math.log(11):.2f}; got {loss.item():.3f} (is every part trainable and connected?)")
