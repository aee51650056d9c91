"""Specs for katas/s07_guidance/label_embedding.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def test_table_has_a_null_row(kata):
    emb = kata.LabelEmbedding(10, 16)
    table = getattr(emb, "embedding", None)
    if not expect(isinstance(table, nn.Embedding),
                  (f".embedding should be an nn.Embedding, got {type(table).__name__}",
                   f".embedding は nn.Embedding のはずですが、{type(table).__name__} でした")):
        return
    rows, dim = table.num_embeddings, table.embedding_dim
    expect(rows == 11, (f"LabelEmbedding(10 classes): the table needs 10 + 1 = 11 rows (the last one for the "
                        f"null label ∅), got {rows}" + (" — the null row is missing" if rows == 10 else ""),
                        f"LabelEmbedding(10 クラス): テーブルは 10 + 1 = 11 行（最後の行はヌルラベル ∅ 用）のはずですが、"
                        f"{rows} 行でした" + ("。ヌルの行が足りません" if rows == 10 else "")))
    expect(dim == 16, (f"each row should have dim = 16 numbers, got {dim}",
                       f"各行は dim = 16 個の数のはずですが、{dim} 個でした"))
    null = getattr(emb, "null_label", None)
    expect(null == 10, (f".null_label should be num_classes = 10 (the index right after the real classes "
                        f"0 … 9), got {null!r}",
                        f".null_label は num_classes = 10（本物のクラス 0 … 9 のすぐ次の番号）のはずですが、"
                        f"{null!r} でした"))
    expect(getattr(emb, "num_classes", None) == 10,
           (f".num_classes should be 10, got {getattr(emb, 'num_classes', None)!r}",
            f".num_classes は 10 のはずですが、{getattr(emb, 'num_classes', None)!r} でした"))


def test_looks_up_rows(kata):
    emb = kata.LabelEmbedding(5, 8)
    labels = torch.tensor([3, 0, 5, 3, 1])   # 5 is the null label
    got = emb(labels)
    if not expect_shape(got, (5, 8), ("LabelEmbedding(5, 8)(labels [5]) -> [B, dim]",
                                      "LabelEmbedding(5, 8)(labels [5]) の出力 [B, dim]")):
        return
    expect_close(got, F.embedding(labels, emb.embedding.weight), atol=0,
                 what=("LabelEmbedding vs F.embedding(labels, .embedding.weight) (exact: row labels[b] of the table)",
                       "LabelEmbedding と F.embedding(labels, .embedding.weight) の比較（完全一致: テーブルの "
                       "labels[b] 行目）"))


def test_null_label_has_its_own_vector(kata):
    emb = kata.LabelEmbedding(3, 4)
    null = torch.tensor([emb.null_label])
    got = emb(null)
    if not expect_shape(got, (1, 4), ("LabelEmbedding(3, 4)(the null label)", "LabelEmbedding(3, 4)(ヌルラベル)")):
        return
    expect_close(got[0], emb.embedding.weight[-1], atol=0,
                 what=("the null label's vector should be the LAST row of the table (index num_classes)",
                       "ヌルラベルのベクトルはテーブルの最後の行（番号 num_classes）のはずです"))
    classes = emb(torch.arange(3)).detach()
    expect(not any(torch.equal(got[0].detach(), row) for row in classes),
           ("the null label's vector equals a real class's vector: ∅ must not share a row with a class",
            "ヌルラベルのベクトルが本物のクラスのベクトルと同じです。∅ はクラスと行を共有してはいけません"))


def test_gradient_reaches_only_used_rows(kata):
    emb = kata.LabelEmbedding(4, 6)
    labels = torch.tensor([1, 4, 1])
    out = emb(labels)
    if not expect_shape(out, (3, 6), ("LabelEmbedding(4, 6)(labels [3])", "LabelEmbedding(4, 6)(labels [3]) の出力")):
        return
    out.sum().backward()
    if not expect_grad(emb.embedding.weight, (".embedding.weight after backward", "backward 後の .embedding.weight")):
        return
    want = torch.zeros(5, 6)
    want[1], want[4] = 2.0, 1.0   # row 1 used twice, the null row once
    expect_close(emb.embedding.weight.grad, want, atol=0,
                 what=("d(sum of outputs)/d(table): row 1 is used twice, the null row (4) once, the others never",
                       "d(出力の和)/d(テーブル): 1 行目は 2 回、ヌルの行（4 行目）は 1 回使われ、ほかは使われません"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.LabelEmbedding, 0, 8, what=("LabelEmbedding(num_classes=0)",
                                                                "LabelEmbedding(num_classes=0)（クラスが 0 個）"))
    emb = kata.LabelEmbedding(3, 4)
    expect_raises(ValueError, emb, torch.tensor([0, 4]),
                  what=("label 4 with 3 classes (the null label is 3)", "3 クラスでのラベル 4（ヌルラベルは 3）"))
    expect_raises(ValueError, emb, torch.tensor([-1, 0]), what=("label -1", "ラベル -1"))
    expect_raises(ValueError, emb, torch.tensor([0.0, 1.0]),
                  what=("float labels [0.0, 1.0]", "浮動小数点のラベル [0.0, 1.0]"))
    expect_raises(ValueError, emb, torch.tensor([[0, 1]]),
                  what=("2-D labels [[0, 1]]", "2 次元のラベル [[0, 1]]"))
