"""Specs for katas/s02_gpt/gpt_model.py."""
import math
import re

import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt

TINY = dict(block_size=8, vocab_size=65, n_layer=2, n_head=4, n_embd=32)


def tiny(kata, **kw):
    return kata.GPT(kata.GPTConfig(**{**TINY, **kw}))


def batch(V=65, B=8, T=8, seed=1):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, V, (B, T), generator=g), torch.randint(0, V, (B, T), generator=g)


def test_parts_shapes_and_context_length(kata):
    model = tiny(kata)
    expect(isinstance(getattr(model, "embed", None), kata.GPTEmbedding),
           ("model.embed should be a GPTEmbedding", "model.embed は GPTEmbedding のはずです"))
    expect(isinstance(getattr(model, "head", None), kata.LMHead),
           ("model.head should be an LMHead", "model.head は LMHead のはずです"))
    blocks = getattr(model, "blocks", None)
    expect(isinstance(blocks, nn.ModuleList) and len(blocks) == 2
           and all(isinstance(b, kata.Block) for b in blocks),
           ("model.blocks should be an nn.ModuleList of n_layer=2 Blocks (a plain list would hide their "
            "parameters from the optimizer)",
            "model.blocks は n_layer=2 個の Block を入れた nn.ModuleList のはずです（ただのリストでは"
            "パラメータがオプティマイザから見えません）"))
    expect(getattr(model, "config", None) is not None and model.config.n_layer == 2,
           ("model.config should be kept", "model.config を保持するはずです"))
    x, _ = batch(T=5)
    logits, loss = model(x)
    expect_shape(logits, (8, 5, 65), ("logits [B, T, vocab_size] for T=5", "T=5 のときのロジット [B, T, vocab_size]"))
    expect(loss is None, (f"without targets the loss should be None, got {loss!r}",
                          f"targets がなければ損失は None のはずですが、{loss!r} でした"))
    logits, _ = model(torch.zeros(1, 8, dtype=torch.long))  # exactly block_size is fine
    expect_shape(logits, (1, 8, 65), ("logits for T = block_size = 8", "T = block_size = 8 のときのロジット"))
    expect_raises(ValueError, model, torch.zeros(1, 9, dtype=torch.long),
                  what=("idx with T = 9 > block_size = 8", "T = 9 > block_size = 8 の idx"))


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
                     what=("GPT logits vs head(block_2(block_1(embed(idx)))) (every block, in order)",
                           "GPT のロジットと head(block_2(block_1(embed(idx)))) の比較（すべてのブロックを順に）"))
        expect_close(loss, F.cross_entropy(want.reshape(-1, 65), y.reshape(-1)), atol=1e-5,
                     what=("GPT loss vs F.cross_entropy of its logits (use lm_loss)",
                           "GPT の損失とそのロジットの F.cross_entropy の比較（lm_loss を使いましょう）"))


def test_config_dropout_and_bias_reach_every_part(kata):
    model = tiny(kata, dropout=0.2, bias=False)
    embed_p = [float(m.p) for m in model.embed.modules() if isinstance(m, nn.Dropout)]
    expect(embed_p and all(p == 0.2 for p in embed_p),
           (f"config.dropout = 0.2 should reach the embedding (GPTEmbedding(..., dropout)); its dropout "
            f"p: {embed_p}",
            f"config.dropout = 0.2 は埋め込みに渡るはずです（GPTEmbedding(..., dropout)）。埋め込みの "
            f"dropout の p: {embed_p}"))
    for i, blk in enumerate(model.blocks):
        ps = [float(m.p) for m in blk.modules() if isinstance(m, nn.Dropout)]
        expect(ps and all(p == 0.2 for p in ps),
               (f"config.dropout = 0.2 should reach block {i} (Block(..., dropout, bias)); its dropout "
                f"p: {ps}",
                f"config.dropout = 0.2 はブロック {i} に渡るはずです（Block(..., dropout, bias)）。"
                f"そのブロックの dropout の p: {ps}"))
    biases = [n for n, _ in model.named_parameters() if n.endswith("bias")]
    expect(not biases, (f"config.bias = False should leave no bias anywhere (blocks and ln_f); found "
                        f"{biases}",
                        f"config.bias = False ならどこにもバイアスはないはずです（ブロックと ln_f）。"
                        f"見つかったもの: {biases}"))
    x, y = batch()
    model.train()
    with torch.no_grad():
        (a, loss), (b, _) = model(x, y), model(x, y)
        if not expect_finite(loss, ("loss of GPT(dropout=0.2, bias=False)",
                                    "GPT(dropout=0.2, bias=False) の損失")):
            return
        expect(not torch.allclose(a, b), ("in train mode with dropout=0.2 two forward passes should differ",
                                          "dropout=0.2 の訓練モードでは 2 回の順伝播の結果が異なるはずです"))
        model.eval()
        expect_close(model(x)[0], model(x)[0], atol=0.0,
                     what=("two forward passes in eval mode (no dropout: identical)",
                           "評価モードでの 2 回の順伝播（ドロップアウトなしなので同一）"))


def test_initial_loss_is_about_ln_vocab_size(kata):
    # Small init -> logits ≈ 0 -> a uniform guess -> loss ≈ ln(65) = 4.174.
    model = tiny(kata)
    with torch.no_grad():
        _, loss = model(*batch())
    if not expect_finite(loss, ("loss of a fresh GPT", "学習前の GPT の損失")):
        return
    got, want = float(loss), math.log(65)
    expect(abs(got - want) < 0.1,
           (f"loss of a fresh GPT should be within 0.1 of ln(vocab_size) = {fmt(want)}, got {fmt(got)} "
            f"(initialise the weights with std 0.02: large weights give confident, wrong guesses)",
            f"学習前の GPT の損失は ln(vocab_size) = {fmt(want)} から 0.1 以内のはずですが、{fmt(got)} "
            f"でした（重みを標準偏差 0.02 で初期化しましょう。大きな重みは自信過剰な誤った予測を生みます）"))


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
    if not expect(linear and c_proj, ("found no Linear / c_proj weights among model.named_parameters() "
                                      "(are the blocks in an nn.ModuleList?)",
                                      "model.named_parameters() に Linear / c_proj の重みが見つかりません"
                                      "（ブロックを nn.ModuleList に入れていますか？）")):
        return
    std_lin, std_proj = float(torch.cat(linear).std()), float(torch.cat(c_proj).std())
    want_proj = 0.02 / math.sqrt(2 * 2)
    expect(abs(std_lin - 0.02) < 0.002,
           (f"std of the Linear weights (c_attn, c_fc, lm_head) should be ≈ 0.02, got {fmt(std_lin)}",
            f"Linear の重み（c_attn、c_fc、lm_head）の標準偏差は ≈ 0.02 のはずですが、{fmt(std_lin)} でした"))
    expect(abs(std_proj - want_proj) < 0.1 * want_proj,
           (f"std of every c_proj.weight should be ≈ 0.02/sqrt(2·n_layer) = {fmt(want_proj)}, got "
            f"{fmt(std_proj)}",
            f"すべての c_proj.weight の標準偏差は ≈ 0.02/sqrt(2·n_layer) = {fmt(want_proj)} のはずですが、"
            f"{fmt(std_proj)} でした"))
    expect(all(float(b.abs().max()) == 0 for b in biases),
           ("every Linear bias should start at 0", "Linear のバイアスはすべて 0 から始めるはずです"))
    for name in ("tok", "pos"):
        s = float(getattr(model.embed, name).weight.detach().std())
        expect(abs(s - 0.02) < 0.003,
               (f"std of embed.{name}.weight should be ≈ 0.02 (not randn's 1), got {fmt(s)}",
                f"embed.{name}.weight の標準偏差は ≈ 0.02（randn の 1 ではなく）のはずですが、{fmt(s)} でした"))
    ln = [p for n, p in model.named_parameters() if re.search(r"ln_(1|2|f)\.weight$", n)]
    expect(len(ln) == 5 and all(bool((p == 1).all()) for p in ln),
           ("the 5 LayerNorm weights (ln_1, ln_2 per block, ln_f) should start at 1",
            "5 つの LayerNorm の重み（各ブロックの ln_1、ln_2 と ln_f）は 1 から始めるはずです"))


def test_tie_weights_shares_one_parameter(kata):
    tied = tiny(kata, tie_weights=True)
    expect(tied.head.lm_head.weight is tied.embed.tok.weight,
           ("with tie_weights, head.lm_head.weight should BE embed.tok.weight (the same Parameter)",
            "tie_weights のとき head.lm_head.weight は embed.tok.weight「そのもの」（同じ Parameter）のはずです"))
    expect(sum(p is tied.embed.tok.weight for p in tied.parameters()) == 1,
           ("the tied weight should appear once in model.parameters()",
            "共有された重みは model.parameters() に 1 回だけ現れるはずです"))
    s = float(tied.embed.tok.weight.detach().std())
    expect(abs(s - 0.02) < 0.003, (f"the tied weight should be initialised with std 0.02, got {fmt(s)}",
                                   f"共有された重みは標準偏差 0.02 で初期化するはずですが、{fmt(s)} でした"))
    untied = tiny(kata)
    expect(untied.head.lm_head.weight is not untied.embed.tok.weight,
           ("without tie_weights the head and the embedding have their own weights",
            "tie_weights でなければ、ヘッドと埋め込みはそれぞれ自分の重みを持ちます"))


def test_num_params(kata):
    for tie in (False, True):
        model = tiny(kata, tie_weights=tie)
        unique = {id(p): p for m in model.modules() for p in m.parameters(recurse=False)}
        total = sum(p.numel() for p in unique.values())
        non_emb = total - 8 * 32 - (0 if tie else 65 * 32)
        got_all, got = model.num_params(non_embedding=False), model.num_params()
        expect(got_all == total,
               (f"num_params(non_embedding=False) with tie_weights={tie}: expected {total}, got {got_all} "
                f"(a shared Parameter counts once)",
                f"tie_weights={tie} の num_params(non_embedding=False): {total} のはずですが、{got_all} でした"
                f"（共有された Parameter は 1 回だけ数えます）"))
        expect(got == non_emb,
               (f"num_params() with tie_weights={tie}: expected {non_emb} (minus the position table"
                f"{'' if tie else ' and the token table'}), got {got}",
                f"tie_weights={tie} の num_params(): {non_emb}（位置埋め込みの表"
                f"{'' if tie else 'とトークン埋め込みの表'}を引いた数）のはずですが、{got} でした"))


def test_overfits_one_batch(kata):
    # A tiny GPT that can learn at all memorises one fixed batch in 50 AdamW steps.
    model = tiny(kata, vocab_size=11, n_layer=1, n_head=2, n_embd=16)
    x, y = batch(V=11, B=4)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-2)
    for step in range(50):
        _, loss = model(x, y)
        opt.zero_grad()
        loss.backward()
        if step == 0:
            cut = [n for n, p in model.named_parameters() if p.grad is None or not p.grad.any()]
            expect(not cut, (f"after loss.backward() these parameters got no gradient: {cut} (is something "
                             f"detached, or not used in forward?)",
                             f"loss.backward() の後、次のパラメータに勾配が届いていません: {cut}"
                             f"（どこかで detach していませんか？ forward で使われていますか？）"))
        opt.step()
    if not expect_finite(loss, ("loss after 50 AdamW steps", "AdamW で 50 ステップ後の損失")):
        return
    got = loss.item()
    expect(got < 0.3 * math.log(11),
           (f"after 50 AdamW steps on one batch the loss should fall far below ln(11) = "
            f"{fmt(math.log(11))}; got {fmt(got)} (is every part trainable and connected?)",
            f"1 つのバッチで AdamW を 50 ステップ回すと、損失は ln(11) = {fmt(math.log(11))} より"
            f"ずっと小さくなるはずですが、{fmt(got)} でした（すべての部品が学習可能で、つながっていますか？）"))
