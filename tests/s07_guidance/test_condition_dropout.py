"""Specs for katas/s07_guidance/condition_dropout.py."""
import math

import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt

NULL = 10


def _labels(n, seed=0):
    return torch.randint(0, 10, (n,), generator=torch.Generator().manual_seed(seed))


def test_fraction_dropped_is_p(kata):
    # 20 000 labels, fixed generator: the dropped fraction is p within 4 standard errors.
    n = 20_000
    labels = _labels(n)
    for p in (0.1, 0.3, 0.8):
        out = kata.drop_labels(labels, p, NULL, generator=torch.Generator().manual_seed(1))
        if not expect_shape(out, (n,), (f"drop_labels(labels [{n}], p={p})", f"drop_labels(labels [{n}], p={p}) の出力")):
            return
        frac = float((out == NULL).float().mean())
        tol = 4 * math.sqrt(p * (1 - p) / n)
        if abs(frac - (1 - p)) <= tol:
            expect(False, (f"p = {p}: {fmt(frac)} of the labels became null, about 1 − p: p is the probability "
                           f"of DROPPING a label (draw < p -> null), not of keeping it",
                           f"p = {p}: ラベルの {fmt(frac)} がヌルになりました。これはほぼ 1 − p です。p はラベルを"
                           f"「落とす」確率です（乱数 < p -> ヌル）。残す確率ではありません"))
        elif frac in (0.0, 1.0):
            expect(False, (f"p = {p}: {'all' if frac else 'none'} of the {n} labels were dropped; flip one coin "
                           f"PER LABEL (torch.rand(labels.shape)), not one for the whole batch",
                           f"p = {p}: {n} 個のラベルが{'すべて落ちました' if frac else '1 つも落ちませんでした'}。"
                           f"コインはバッチ全体で 1 回ではなく、ラベルごとに投げましょう（torch.rand(labels.shape)）"))
        else:
            expect(abs(frac - p) <= tol,
                   (f"p = {p}: the fraction of null labels should be {p} ± {fmt(tol)} (4 standard errors over "
                    f"{n} labels), got {fmt(frac)}",
                    f"p = {p}: ヌルラベルの割合は {p} ± {fmt(tol)}（{n} 個のラベルでの標準誤差の 4 倍）のはずですが、"
                    f"{fmt(frac)} でした"))


def test_each_label_flips_its_own_coin(kata):
    labels = _labels(64)
    for seed in range(5):
        out = kata.drop_labels(labels, 0.5, NULL, generator=torch.Generator().manual_seed(seed))
        if not expect_shape(out, (64,), ("drop_labels(labels [64], p=0.5)", "drop_labels(labels [64], p=0.5) の出力")):
            return
        dropped = int((out == NULL).sum())
        if not expect(0 < dropped < 64,
                      (f"p = 0.5, seed {seed}: {dropped} of 64 labels dropped; each label is dropped on its own "
                       f"(one draw per label), so some should be dropped and some kept",
                       f"p = 0.5, シード {seed}: 64 個中 {dropped} 個が落ちました。ラベルは 1 つずつ独立に"
                       f"落とす（ラベルごとに 1 回乱数を引く）ので、落ちるものと残るものがあるはずです")):
            return


def test_keeps_the_rest_and_leaves_the_input_alone(kata):
    labels = _labels(200)
    before = labels.clone()
    out = kata.drop_labels(labels, 0.4, NULL, generator=torch.Generator().manual_seed(2))
    if not expect_shape(out, (200,), ("drop_labels(labels [200], p=0.4)", "drop_labels(labels [200], p=0.4) の出力")):
        return
    expect(torch.equal(labels, before),
           ("the input labels were changed in place: return a new tensor (torch.where), the caller's labels are "
            "the dataset's targets",
            "入力の labels がその場で書き換えられました。新しいテンソルを返しましょう（torch.where）。呼び出し側の "
            "labels はデータセットの正解ラベルです"))
    expect(out.dtype == labels.dtype, (f"the dtype should stay {labels.dtype}, got {out.dtype}",
                                       f"dtype は {labels.dtype} のままのはずですが、{out.dtype} でした"))
    kept = out != NULL
    expect_close(out[kept], before[kept], atol=0,
                 what=("the labels that were not dropped must keep their value",
                       "落とされなかったラベルは元の値のままのはずです"))


def test_p_zero_and_one(kata):
    labels = _labels(50)
    g = torch.Generator().manual_seed(3)
    expect_close(kata.drop_labels(labels, 0.0, NULL, generator=g), labels, atol=0,
                 what=("p = 0 drops nothing", "p = 0 では何も落ちません"))
    expect_close(kata.drop_labels(labels, 1.0, NULL, generator=g), torch.full((50,), NULL), atol=0,
                 what=("p = 1 drops every label (all become the null label 10)",
                       "p = 1 ではすべてのラベルが落ちます（すべてヌルラベル 10 になります）"))


def test_uses_the_generator(kata):
    labels = _labels(100)
    torch.manual_seed(0)
    want_next = torch.rand(3)
    torch.manual_seed(0)
    a = kata.drop_labels(labels, 0.5, NULL, generator=torch.Generator().manual_seed(7))
    after = torch.rand(3)
    b = kata.drop_labels(labels, 0.5, NULL, generator=torch.Generator().manual_seed(7))
    c = kata.drop_labels(labels, 0.5, NULL, generator=torch.Generator().manual_seed(8))
    if not expect_shape(a, (100,), ("drop_labels(labels [100], p=0.5)", "drop_labels(labels [100], p=0.5) の出力")):
        return
    expect(torch.equal(a, b), ("two calls with generators seeded alike (7) dropped different labels: draw the "
                               "coins with torch.rand(..., generator=generator)",
                               "同じシード（7）の生成器で 2 回呼ぶと、落ちるラベルが違いました。コインは "
                               "torch.rand(..., generator=generator) で引きましょう"))
    expect(not torch.equal(a, c), ("seeds 7 and 8 dropped exactly the same labels: the generator is not used",
                                   "シード 7 と 8 でまったく同じラベルが落ちました。生成器が使われていません"))
    expect(torch.equal(after, want_next),
           ("drop_labels used torch's global random state although a generator was given: pass "
            "generator=generator to torch.rand",
            "生成器を渡したのに、drop_labels が torch の大域的な乱数状態を使いました。torch.rand に "
            "generator=generator を渡しましょう"))


def test_rejects_bad_input(kata):
    labels = _labels(8)
    expect_raises(ValueError, kata.drop_labels, labels, -0.1, NULL, what=("p = -0.1", "確率 p = -0.1"))
    expect_raises(ValueError, kata.drop_labels, labels, 1.5, NULL, what=("p = 1.5", "確率 p = 1.5"))
    expect_raises(ValueError, kata.drop_labels, labels.float(), 0.1, NULL,
                  what=("float labels", "浮動小数点のラベル"))
