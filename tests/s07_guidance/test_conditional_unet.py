"""Specs for katas/s07_guidance/conditional_unet.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

NC = 3                                       # classes 0, 1, 2; null label 3
KW = dict(in_channels=1, base_channels=8, channel_mults=(1, 2), time_dim=16, groups=4)


def _model(kata):
    return kata.ConditionalUNet(num_classes=NC, **KW).eval()


def _inputs(B=3):
    return torch.randn(B, 1, 8, 8), torch.tensor([0, 5, 17][:B]), torch.tensor([2, 0, 1][:B])


def test_parts(kata):
    m = _model(kata)
    expect(isinstance(m, kata.UNet), ("ConditionalUNet should subclass s06's UNet",
                                      "ConditionalUNet は s06 の UNet のサブクラスのはずです"))
    expect(m.base_channels == 8 and m.time_dim == 16,
           ("the UNet keyword arguments (base_channels=8, time_dim=16) must reach UNet.__init__",
            "UNet のキーワード引数（base_channels=8, time_dim=16）は UNet.__init__ に届くはずです"))
    le = getattr(m, "label_embedding", None)
    if not expect(isinstance(le, kata.LabelEmbedding),
                  (f".label_embedding should be a LabelEmbedding, got {type(le).__name__}",
                   f".label_embedding は LabelEmbedding のはずですが、{type(le).__name__} でした")):
        return
    shape = tuple(le.embedding.weight.shape)
    expect(shape == (NC + 1, 16),
           (f".label_embedding's table should be [num_classes + 1, time_dim] = [{NC + 1}, 16] (a row per class, "
            f"one for ∅, as wide as the time embedding), got {list(shape)}",
            f".label_embedding のテーブルは [num_classes + 1, time_dim] = [{NC + 1}, 16]（クラスごとに 1 行と ∅ の 1 行、"
            f"幅は時刻埋め込みと同じ）のはずですが、{list(shape)} でした"))
    expect(getattr(m, "null_label", None) == NC and getattr(m, "num_classes", None) == NC,
           (f".null_label should be {NC} and .num_classes {NC}, got {getattr(m, 'null_label', None)!r} and "
            f"{getattr(m, 'num_classes', None)!r}",
            f".null_label は {NC}、.num_classes は {NC} のはずですが、{getattr(m, 'null_label', None)!r} と "
            f"{getattr(m, 'num_classes', None)!r} でした"))


def test_adds_label_to_time_embedding(kata):
    m = _model(kata)
    x, t, labels = _inputs()
    with torch.no_grad():
        got = m(x, t, labels)
        time = m.embed_time(t)
        label = m.label_embedding.embedding.weight[labels]
        want = m.denoise(x, time + label)
        ignored = m.denoise(x, time)
        replaced = m.denoise(x, label)
    if not expect_shape(got, (3, 1, 8, 8), ("ConditionalUNet(x [3, 1, 8, 8], t, labels)",
                                            "ConditionalUNet(x [3, 1, 8, 8], t, labels) の出力")):
        return
    if torch.allclose(got, ignored, atol=1e-6):
        expect(False, ("the output equals denoise(x, embed_time(t)): the labels are ignored; add "
                       "label_embedding(labels) to the time embedding",
                       "出力が denoise(x, embed_time(t)) と同じです。ラベルが無視されています。"
                       "label_embedding(labels) を時刻埋め込みに足しましょう"))
    elif torch.allclose(got, replaced, atol=1e-6):
        expect(False, ("the output equals denoise(x, label_embedding(labels)): the label REPLACED the time; "
                       "add the two embeddings",
                       "出力が denoise(x, label_embedding(labels)) と同じです。ラベルが時刻を置き換えています。"
                       "2 つの埋め込みを足しましょう"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("ConditionalUNet(x, t, labels) vs denoise(x, embed_time(t) + label_embedding(labels))",
                           "ConditionalUNet(x, t, labels) と denoise(x, embed_time(t) + label_embedding(labels)) の比較"))


def test_no_labels_means_null_label(kata):
    m = _model(kata)
    x, t, _ = _inputs()
    with torch.no_grad():
        got = m(x, t)
        want = m(x, t, torch.full((3,), NC))
    if expect_shape(got, (3, 1, 8, 8), ("ConditionalUNet(x, t) without labels", "ラベルなしの ConditionalUNet(x, t)")):
        expect_close(got, want, atol=1e-6,
                     what=(f"labels=None should mean the null label {NC} for every example (a learned row, not "
                           f"'no embedding')",
                           f"labels=None はすべての例にヌルラベル {NC} を使うという意味のはずです（学習される行で、"
                           f"「埋め込みなし」ではありません）"))


def test_each_example_hears_its_own_label(kata):
    m = _model(kata)
    x, t, labels = _inputs()
    other = labels.clone()
    other[1] = 2
    with torch.no_grad():
        a, b = m(x, t, labels), m(x, t, other)
    if not expect_shape(a, (3, 1, 8, 8), ("ConditionalUNet(x [3, 1, 8, 8], t, labels)",
                                          "ConditionalUNet(x [3, 1, 8, 8], t, labels) の出力")):
        return
    expect(not torch.allclose(a[1], b[1]), ("changing example 1's label (0 -> 2) left its prediction unchanged",
                                            "例 1 のラベルを変えても（0 -> 2）予測が変わりませんでした"))
    expect_close(torch.stack([b[0], b[2]]), torch.stack([a[0], a[2]]), atol=1e-6,
                 what=("changing example 1's label must not change examples 0 and 2 (index labels per example)",
                       "例 1 のラベルを変えても例 0 と 2 は変わらないはずです（ラベルは例ごとに引きます）"))


def test_gradient_reaches_both_embeddings(kata):
    m = kata.ConditionalUNet(num_classes=NC, **KW)
    x, t, labels = _inputs()
    out = m(x, t, labels)
    if not expect_shape(out, (3, 1, 8, 8), ("ConditionalUNet output", "ConditionalUNet の出力")):
        return
    out.square().mean().backward()
    expect_grad(m.label_embedding.embedding.weight, ("the label embedding table", "ラベル埋め込みのテーブル"))
    first = next(p for p in m.time_mlp.parameters())
    expect_grad(first, ("the time MLP's first weight (the time must still reach the blocks)",
                        "時刻 MLP の最初の重み（時刻も各ブロックに届くはずです）"))


def test_rejects_bad_labels(kata):
    m = _model(kata)
    x, t, _ = _inputs()
    expect_raises(ValueError, m, x, t, torch.tensor([0, 1]), what=("2 labels for a batch of 3",
                                                                    "バッチ 3 に対して 2 個のラベル"))
    expect_raises(ValueError, m, x, t, torch.tensor([0, 1, NC + 1]),
                  what=(f"label {NC + 1} with {NC} classes", f"{NC} クラスでのラベル {NC + 1}"))
