"""Specs for katas/s03_vit/classifier_head.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def make_head(kata, dim=8, n_classes=3):
    """A head whose LayerNorm has random gains and shifts (so a missing LayerNorm shows)."""
    head = kata.ClassifierHead(dim, n_classes)
    with torch.no_grad():
        head.ln.weight.copy_(1 + 0.5 * torch.randn(dim))
        head.ln.bias.copy_(0.5 * torch.randn(dim))
    return head


def test_parts_and_shape(kata):
    head = kata.ClassifierHead(8, 3)
    expect(isinstance(getattr(head, "ln", None), kata.LayerNorm),
           (".ln should be your LayerNorm(dim) from s02", ".ln は s02 の LayerNorm(dim) のはずです"))
    fc = getattr(head, "fc", None)
    if expect(isinstance(fc, nn.Linear), (f".fc should be nn.Linear(dim, n_classes), got {type(fc).__name__}",
                                          f".fc は nn.Linear(dim, n_classes) のはずですが、{type(fc).__name__} でした")):
        expect((fc.in_features, fc.out_features) == (8, 3) and fc.bias is not None,
               (f".fc should be nn.Linear(8, 3) with a bias, got {fc}",
                f".fc はバイアス付きの nn.Linear(8, 3) のはずですが、{fc} でした"))
    expect_shape(head(torch.randn(4, 6, 8)), (4, 3), ("ClassifierHead(8, 3)(x [4, 6, 8]) -> logits [B, n_classes]",
                                                     "ClassifierHead(8, 3)(x [4, 6, 8]) -> ロジット [B, n_classes]"))


def test_logits_from_the_class_token(kata):
    head = make_head(kata)
    x = torch.randn(2, 5, 8)
    got = head(x)
    if not expect_shape(got, (2, 3), ("ClassifierHead(8, 3)(x [2, 5, 8])", "ClassifierHead(8, 3)(x [2, 5, 8]) のロジット")):
        return
    got = got.detach()
    with torch.no_grad():
        def ln(z):
            return F.layer_norm(z, (8,), head.ln.weight, head.ln.bias, eps=1e-5)
        want = head.fc(ln(x[:, 0]))
        wrong = {
            "mean": (head.fc(ln(x.mean(1))),
                     ("the logits come from the MEAN of the tokens; a ViT with a class token reads only x[:, 0]",
                      "ロジットがトークンの「平均」から作られています。クラストークンを持つ ViT は x[:, 0] だけを読みます")),
            "last": (head.fc(ln(x[:, -1])),
                     ("the logits come from the LAST token; the class token is first, x[:, 0]",
                      "ロジットが「最後の」トークンから作られています。クラストークンは先頭の x[:, 0] です")),
            "no ln": (head.fc(x[:, 0]),
                      ("the logits skip the LayerNorm: fc(ln(x[:, 0])) (the stream is never normalised inside "
                       "pre-LN blocks, so the head must do it)",
                       "ロジットが層正規化を飛ばしています: fc(ln(x[:, 0])) です（pre-LN のブロックの中では流れが"
                       "正規化されないので、ヘッドで正規化する必要があります）")),
        }
    for alt, message in wrong.values():
        if torch.allclose(got, alt, atol=1e-5):
            expect(False, message)
            return
    expect_close(got, want, atol=1e-5,
                 what=("logits vs fc(layer_norm(x[:, 0]))", "ロジットと fc(layer_norm(x[:, 0])) の比較"))


def test_only_the_class_token_matters(kata):
    head = make_head(kata)
    x = torch.randn(3, 4, 8)
    with torch.no_grad():
        base = head(x)
        if not expect_shape(base, (3, 3), ("ClassifierHead(8, 3)(x [3, 4, 8])", "ClassifierHead(8, 3)(x [3, 4, 8]) のロジット")):
            return
        patches = x.clone()
        patches[:, 1:] = 5 * torch.randn(3, 3, 8)
        expect_close(head(patches), base, atol=1e-6,
                     what=("logits after changing only the patch tokens x[:, 1:] (they should not change)",
                           "パッチのトークン x[:, 1:] だけを変えた後のロジット（変わらないはずです）"))
        token = x.clone()
        token[:, 0] = 5 * torch.randn(3, 8)
        change = float((head(token) - base).abs().max())
        expect(change > 1e-3,
               (f"changing the class token x[:, 0] should change the logits, but they moved only {fmt(change)}",
                f"クラストークン x[:, 0] を変えるとロジットが変わるはずですが、変化は {fmt(change)} だけでした"))


def test_gradients(kata):
    head = make_head(kata)
    x = torch.randn(2, 4, 8, requires_grad=True)
    logits = head(x)
    if not expect_shape(logits, (2, 3), ("ClassifierHead(8, 3)(x [2, 4, 8])", "ClassifierHead(8, 3)(x [2, 4, 8]) のロジット")):
        return
    F.cross_entropy(logits, torch.tensor([0, 2])).backward()
    for name in ("ln.weight", "ln.bias", "fc.weight", "fc.bias"):
        expect_grad(head.get_parameter(name), (f"ClassifierHead.{name}", f"ClassifierHead のパラメータ {name}"))
    if expect_grad(x, ("the input x (at the class token)", "入力 x（クラストークンの位置）")):
        expect_close(x.grad[:, 1:], torch.zeros(2, 3, 8), atol=0,
                     what=("d loss / d x at the patch tokens (the head does not read them: 0)",
                           "パッチのトークンでの d loss / d x（ヘッドはそれを読まないので 0）"))


def test_rejects_bad_input(kata):
    head = kata.ClassifierHead(8, 3)
    expect_raises(ValueError, head, torch.randn(4, 8),
                  what=("ClassifierHead on a 2-D x [4, 8] (no token axis)",
                        "2 次元の x [4, 8] に ClassifierHead（トークンの軸がない）"))
    expect_raises(ValueError, head, torch.randn(2, 5, 6),
                  what=("ClassifierHead(dim=8) on x [2, 5, 6] (last dim 6 ≠ 8)",
                        "x [2, 5, 6] に ClassifierHead(dim=8)（最後の次元 6 ≠ 8）"))
