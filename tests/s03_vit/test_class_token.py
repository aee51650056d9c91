"""Specs for katas/s03_vit/class_token.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_cls_is_a_small_random_parameter(kata):
    ct = kata.ClassToken(512)
    cls = getattr(ct, "cls", None)
    if not expect(isinstance(cls, nn.Parameter),
                  (f"ClassToken.cls should be an nn.Parameter (so the optimizer learns it), got "
                   f"{type(cls).__name__}",
                   f"ClassToken.cls は nn.Parameter のはずです（オプティマイザが学習できるように）が、"
                   f"{type(cls).__name__} でした")):
        return
    if expect_shape(cls, (1, 1, 512), (".cls [1, 1, dim]", ".cls の形状 [1, 1, dim]")):
        # 512 draws of N(0, 0.02²): the sample std is 0.02 ± 0.0006, the mean 0 ± 0.0009.
        mean, std = float(cls.detach().mean()), float(cls.detach().std())
        expect(abs(mean) < 0.004 and 0.017 < std < 0.023,
               (f".cls should be drawn from N(0, 0.02²) (torch.randn · 0.02): mean ≈ 0, std ≈ 0.02; got "
                f"mean {fmt(mean)}, std {fmt(std)}",
                f".cls は N(0, 0.02²) から引くはずです（torch.randn · 0.02）。平均 ≈ 0、標準偏差 ≈ 0.02 ですが、"
                f"平均 {fmt(mean)}、標準偏差 {fmt(std)} でした"))


def test_token_first_then_the_patches(kata):
    ct = kata.ClassToken(4)
    x = torch.randn(3, 5, 4)
    out = ct(x)
    if not expect_shape(out, (3, 6, 4), ("ClassToken(4)(x [3, 5, 4]) -> [B, N+1, dim]",
                                         "ClassToken(4)(x [3, 5, 4]) の出力 [B, N+1, dim]")):
        return
    out = out.detach()
    cls = ct.cls.detach().view(1, 4).expand(3, 4)
    if torch.equal(out[:, -1], cls) and torch.equal(out[:, :-1], x):
        expect(False, ("the class token was appended LAST; it goes first, at position 0, where the "
                       "classifier head reads it",
                       "クラストークンが「最後」に追加されています。分類ヘッドが読む位置 0、つまり先頭に置きましょう"))
        return
    expect_close(out[:, 0], cls, atol=0,
                 what=("out[:, 0] should be the class token .cls, the same for every image",
                       "out[:, 0] はクラストークン .cls で、どの画像でも同じはずです"))
    expect_close(out[:, 1:], x, atol=0,
                 what=("out[:, 1:] should be the patch tokens x, unchanged and in order",
                       "out[:, 1:] はパッチのトークン x そのもので、順序も同じはずです"))


def test_batch_of_one_and_an_empty_sequence(kata):
    ct = kata.ClassToken(3)
    out = ct(torch.randn(1, 2, 3))
    expect_shape(out, (1, 3, 3), ("ClassToken(3)(x [1, 2, 3])", "ClassToken(3)(x [1, 2, 3]) の出力"))
    out = ct(torch.zeros(2, 0, 3))
    if expect_shape(out, (2, 1, 3), ("ClassToken(3) on x [2, 0, 3] (no patches): only the class token",
                                     "x [2, 0, 3]（パッチなし）に ClassToken(3): クラストークンだけ")):
        expect_close(out, ct.cls.detach().expand(2, 1, 3), atol=0,
                     what=("ClassToken on an empty sequence", "空の系列に ClassToken"))


def test_gradient_is_summed_over_the_batch(kata):
    ct = kata.ClassToken(4)
    x = torch.randn(3, 2, 4, requires_grad=True)
    out = ct(x)
    if not expect_shape(out, (3, 3, 4), ("ClassToken(4)(x [3, 2, 4])", "ClassToken(4)(x [3, 2, 4]) の出力")):
        return
    g = torch.randn(3, 3, 4)
    (out * g).sum().backward()
    if not expect(ct.cls.grad is not None,
                  ("no gradient reached .cls: use the parameter itself (expand it), not a copy of its .data",
                   ".cls に勾配が届いていません。.data のコピーではなく、パラメータそのものを expand して使いましょう")):
        return
    expect_close(ct.cls.grad, g[:, 0].sum(0).view(1, 1, 4), atol=1e-6,
                 what=("d loss / d cls = the gradients at position 0 summed over the batch (one shared token)",
                       "d loss / d cls = 位置 0 の勾配をバッチ全体で足したもの（1 つのトークンを共有しているため）"))
    expect_close(x.grad, g[:, 1:], atol=1e-6,
                 what=("d loss / d x = the gradients at positions 1..N", "d loss / d x = 位置 1..N の勾配"))


def test_rejects_bad_input(kata):
    ct = kata.ClassToken(4)
    expect_raises(ValueError, ct, torch.zeros(2, 5, 3),
                  what=("ClassToken(dim=4) on x [2, 5, 3] (last dim 3 ≠ 4)",
                        "x [2, 5, 3] に ClassToken(dim=4)（最後の次元 3 ≠ 4）"))
    expect_raises(ValueError, ct, torch.zeros(5, 4),
                  what=("ClassToken on a 2-D x [5, 4] (no batch axis)",
                        "2 次元の x [5, 4] に ClassToken（バッチの軸がない）"))
