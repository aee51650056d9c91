"""Specs for katas/s02_gpt/token_embedding.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_shape, fmt


def test_weight_is_a_randn_parameter(kata):
    emb = kata.TokenEmbedding(65, 32)
    w = getattr(emb, "weight", None)
    expect(not any(isinstance(m, nn.Embedding) for m in emb.modules()),
           ("write the table yourself as an nn.Parameter; nn.Embedding is what this kata rebuilds",
            "表は nn.Parameter として自分で書きましょう。nn.Embedding はこのカタで作り直すものです"))
    if not expect(isinstance(w, nn.Parameter),
                  (f"TokenEmbedding.weight should be an nn.Parameter (so the optimizer trains it), "
                   f"got {type(w).__name__}",
                   f"TokenEmbedding.weight は nn.Parameter のはずです（オプティマイザが学習できるように）が、"
                   f"{type(w).__name__} でした")):
        return
    if expect_shape(w, (65, 32), ("weight [vocab_size, n_embd]", "埋め込みの表 weight [vocab_size, n_embd]")):
        # 65·32 = 2080 draws of N(0, 1): the sample mean is 0 ± 0.07 and the std 1 ± 0.05 (3 std devs).
        mean, std = float(w.detach().mean()), float(w.detach().std())
        expect(abs(mean) < 0.1 and 0.9 < std < 1.1,
               (f"weight should be drawn from torch.randn (mean ≈ 0, std ≈ 1), got mean {fmt(mean)}, "
                f"std {fmt(std)} (zeros? torch.rand, which is uniform on [0, 1)? a scale factor?)",
                f"weight は torch.randn から引くはずです（平均 ≈ 0、標準偏差 ≈ 1）が、平均 {fmt(mean)}、"
                f"標準偏差 {fmt(std)} でした（0 埋め？ [0, 1) の一様分布の torch.rand？ 余計な係数？）"))


def test_output_shape(kata):
    emb = kata.TokenEmbedding(10, 6)
    for B, T in ((2, 5), (1, 1)):
        out = emb(torch.randint(0, 10, (B, T)))
        expect_shape(out, (B, T, 6), (f"TokenEmbedding on idx [{B},{T}] -> [B, T, n_embd]",
                                      f"idx [{B},{T}] での TokenEmbedding -> [B, T, n_embd]"))


def test_each_id_picks_its_row(kata):
    emb = kata.TokenEmbedding(5, 3)
    with torch.no_grad():
        emb.weight.copy_(torch.arange(15.0).reshape(5, 3))  # row i = [3i, 3i+1, 3i+2]
    idx = torch.tensor([[4, 0, 2]])
    # Hand-worked: id 4 -> row 4 = [12, 13, 14], id 0 -> [0, 1, 2], id 2 -> [6, 7, 8].
    want = torch.tensor([[[12.0, 13, 14], [0, 1, 2], [6, 7, 8]]])
    out = emb(idx)
    if expect_shape(out, (1, 3, 3), ("TokenEmbedding on idx [1,3]", "idx [1,3] での TokenEmbedding")):
        expect_close(out, want, atol=0,
                     what=("out[0, t] should be row idx[0, t] of the weight (rows, not columns)",
                           "out[0, t] は weight の idx[0, t] 行目のはずです（列ではなく行）"))


def test_matches_f_embedding(kata):
    emb = kata.TokenEmbedding(65, 16)
    idx = torch.randint(0, 65, (4, 8))
    out = emb(idx)
    if expect_shape(out, (4, 8, 16), ("TokenEmbedding on idx [4,8]", "idx [4,8] での TokenEmbedding")):
        expect_close(out, F.embedding(idx, emb.weight), atol=0,
                     what=("TokenEmbedding vs F.embedding(idx, weight)",
                           "TokenEmbedding と F.embedding(idx, weight) の比較"))


def test_gradient_reaches_only_looked_up_rows(kata):
    emb = kata.TokenEmbedding(8, 4)
    idx = torch.tensor([[1, 3, 3], [6, 1, 0]])
    out = emb(idx)
    if out.requires_grad:
        out.sum().backward()
    g = getattr(emb.weight, "grad", None)
    if not expect(g is not None,
                  ("no gradient reached weight: is the lookup detached from it (.data, .detach())?",
                   "weight に勾配が届いていません。参照が weight から切り離されていませんか（.data や .detach()）？")):
        return
    # d(sum)/d(row i) = (how many times id i was looked up) in every column.
    counts = torch.bincount(idx.flatten(), minlength=8).float()
    expect_close(g, counts[:, None].expand(8, 4), atol=0,
                 what=("weight.grad after out.sum().backward(): row i should get (times id i was "
                       "used); rows never looked up get 0",
                       "out.sum().backward() の後の weight.grad: i 行目は（ID i が使われた回数）になり、"
                       "一度も引かれなかった行は 0 のはずです"))
