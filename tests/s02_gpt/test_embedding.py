"""Specs for katas/s02_gpt/embedding.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def _clean(emb, idx):
    """Oracle without dropout: F.embedding for the token rows, plus position rows 0..T-1."""
    with torch.no_grad():
        return F.embedding(idx, emb.tok.weight) + emb.pos.weight[:idx.shape[1]]


def test_parts_and_output_shape(kata):
    emb = kata.GPTEmbedding(vocab_size=65, block_size=8, n_embd=16, dropout=0.1)
    expect(isinstance(getattr(emb, "tok", None), kata.TokenEmbedding),
           ("GPTEmbedding.tok should be your TokenEmbedding(vocab_size, n_embd)",
            "GPTEmbedding.tok はあなたの TokenEmbedding(vocab_size, n_embd) のはずです"))
    expect(isinstance(getattr(emb, "pos", None), kata.PositionEmbedding),
           ("GPTEmbedding.pos should be your PositionEmbedding(block_size, n_embd)",
            "GPTEmbedding.pos はあなたの PositionEmbedding(block_size, n_embd) のはずです"))
    drop = getattr(emb, "drop", None)
    if expect(isinstance(drop, nn.Dropout), ("GPTEmbedding.drop should be nn.Dropout(dropout)",
                                             "GPTEmbedding.drop は nn.Dropout(dropout) のはずです")):
        expect(drop.p == 0.1, (f"GPTEmbedding.drop.p should be the dropout argument 0.1, got {fmt(drop.p)}",
                               f"GPTEmbedding.drop.p は引数 dropout の 0.1 のはずですが、{fmt(drop.p)} でした"))
    emb.eval()
    for T in (8, 3):
        out = emb(torch.randint(0, 65, (2, T)))
        expect_shape(out, (2, T, 16), (f"GPTEmbedding on idx [2,{T}] -> [B, T, n_embd]",
                                       f"idx [2,{T}] での GPTEmbedding -> [B, T, n_embd]"))


def test_token_plus_position(kata):
    emb = kata.GPTEmbedding(vocab_size=11, block_size=8, n_embd=6).eval()  # values, not dropout
    idx = torch.randint(0, 11, (3, 5))
    out = emb(idx)
    if not expect_shape(out, (3, 5, 6), ("GPTEmbedding on idx [3,5]", "idx [3,5] での GPTEmbedding")):
        return
    out = out.detach()
    tok = F.embedding(idx, emb.tok.weight).detach()
    if torch.allclose(out, tok, atol=1e-6):
        expect(False, ("the output is the token vectors alone: add the position vectors pos(T)",
                       "出力がトークンのベクトルだけです。位置のベクトル pos(T) を足しましょう"))
    elif torch.allclose(out, tok + emb.pos.weight[3:8].detach(), atol=1e-6):
        expect(False, ("the positions used were T..2T-1 (or the last T); they must be 0..T-1",
                       "使われた位置が T..2T-1（または最後の T 個）です。位置は 0..T-1 のはずです"))
    else:
        expect_close(out, _clean(emb, idx), atol=1e-6,
                     what=("GPTEmbedding = tok.weight[idx] + pos.weight[0..T-1]",
                           "GPTEmbedding = tok.weight[idx] + pos.weight[0..T-1]（トークン + 位置）"))


def test_same_token_differs_by_position(kata):
    emb = kata.GPTEmbedding(vocab_size=4, block_size=4, n_embd=8).eval()
    idx = torch.tensor([[2, 2, 2, 2]])  # one token repeated
    out = emb(idx)
    if expect_shape(out, (1, 4, 8), ("GPTEmbedding on idx [1,4]", "idx [1,4] での GPTEmbedding")):
        out = out.detach()
        expect_close(out[0, 1] - out[0, 0], emb.pos.weight[1] - emb.pos.weight[0], atol=1e-6,
                     what=("out[t=1] - out[t=0] for a repeated token (should be pos[1] - pos[0]: the "
                           "same token at two positions differs only by its position vectors)",
                           "同じトークンが続くときの out[t=1] - out[t=0]（pos[1] - pos[0] のはずです。"
                           "2 つの位置にある同じトークンは、位置ベクトルの分だけ異なります）"))


def test_dropout_applies_to_the_sum(kata):
    emb = kata.GPTEmbedding(vocab_size=20, block_size=16, n_embd=32, dropout=0.5)
    idx = torch.randint(0, 20, (4, 16))
    clean = _clean(emb, idx)
    emb.eval()
    ev = emb(idx).detach()
    if not torch.allclose(ev, clean, atol=1e-6):
        if bool(((ev == 0) | ((ev - 2 * clean).abs() <= 1e-5)).all()):
            expect(False, ("in eval mode some entries were dropped: dropout must be off in eval mode "
                           "(use self.drop, or F.dropout(..., training=self.training))",
                           "評価モードなのに要素が落とされています。評価モードではドロップアウトは無効のはずです"
                           "（self.drop か F.dropout(..., training=self.training) を使いましょう）"))
        else:
            expect_close(ev, clean, atol=1e-6,
                         what=("GPTEmbedding in eval mode vs tok.weight[idx] + pos.weight[0..T-1]",
                               "評価モードの GPTEmbedding と tok.weight[idx] + pos.weight[0..T-1] の比較"))
        return
    emb.train()
    out = emb(idx).detach()
    zero = out == 0
    # Dropout on the sum: each entry is either 0 or (tok + pos) / (1 - p) = 2·(tok + pos).
    kept = (out - 2 * clean).abs() <= 1e-5
    if torch.allclose(out, clean, atol=1e-6):
        expect(False, ("in train mode with dropout=0.5 the output equals the eval output: apply "
                       "self.drop to tok + pos",
                       "dropout=0.5 の訓練モードで、出力が評価モードと同じです。tok + pos に self.drop を"
                       "かけましょう"))
        return
    neither = ~(zero | kept)
    ratio = out[~zero] / clean[~zero]
    if neither.any() and len(ratio) and float(ratio.max() - ratio.min()) < 1e-3:
        r = float(ratio.mean())
        expect(False, (f"the kept entries are {fmt(r)}·(tok + pos), so the dropout acts on the sum but "
                       f"with p = {fmt(1 - 1 / r)}; with dropout=0.5 they should be 2·(tok + pos) (pass "
                       f"the dropout argument on to nn.Dropout)",
                       f"残された要素が {fmt(r)}·(tok + pos) なので、ドロップアウトは和にかかっていますが "
                       f"p = {fmt(1 - 1 / r)} です。dropout=0.5 なら 2·(tok + pos) のはずです（引数 dropout を "
                       f"nn.Dropout に渡しましょう）"))
        return
    if neither.any():
        expect(False, (f"in train mode every entry should be 0 (dropped) or 2·(tok + pos) (kept, "
                       f"scaled by 1/(1-p)); {int(neither.sum())} of {out.numel()} are neither: "
                       f"dropout belongs on the sum, not on one of its parts",
                       f"訓練モードでは各要素は 0（落とされた）か 2·(tok + pos)（残され、1/(1-p) 倍された）"
                       f"のはずですが、{out.numel()} 個中 {int(neither.sum())} 個がどちらでもありません。"
                       f"ドロップアウトは片方の部品ではなく和にかけます"))
        return
    frac = float(zero.float().mean())
    # 2048 entries, p = 0.5: the fraction of zeros is 0.5 ± 0.033 (3 std devs).
    expect(0.44 < frac < 0.56,
           (f"in train mode with dropout=0.5 about half the entries should be 0, got {fmt(frac)} "
            f"(is the dropout argument passed on to nn.Dropout?)",
            f"dropout=0.5 の訓練モードでは要素の約半分が 0 になるはずですが、{fmt(frac)} でした"
            f"（引数 dropout を nn.Dropout に渡していますか？）"))


def test_rejects_t_beyond_block_size(kata):
    emb = kata.GPTEmbedding(vocab_size=10, block_size=4, n_embd=8)
    expect_raises(ValueError, emb, torch.zeros(1, 5, dtype=torch.long),
                  what=("GPTEmbedding(block_size=4) on idx [1, 5]",
                        "block_size=4 の GPTEmbedding に idx [1, 5]（T > block_size）"))


def test_gradients_reach_both_tables(kata):
    emb = kata.GPTEmbedding(vocab_size=10, block_size=6, n_embd=8)
    out = emb(torch.randint(0, 10, (2, 6)))
    if out.requires_grad:
        (out * torch.randn_like(out)).sum().backward()
    expect_grad(emb.tok.weight, ("tok.weight", "tok.weight（トークン埋め込み）"))
    expect_grad(emb.pos.weight, ("pos.weight", "pos.weight（位置埋め込み）"))
