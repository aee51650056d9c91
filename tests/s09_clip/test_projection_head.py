"""Specs for katas/s09_clip/projection_head.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def test_parts(kata):
    head = kata.ProjectionHead(5, 3)
    proj = getattr(head, "proj", None)
    shape = tuple(proj.weight.shape) if isinstance(proj, nn.Linear) else None
    expect(shape == (3, 5), (f".proj should be an nn.Linear(in_dim=5, embed_dim=3) (weight (3, 5)), got weight {shape}",
                             f".proj は nn.Linear(in_dim=5, embed_dim=3)（重み (3, 5)）のはずですが、重み {shape} でした"))
    if isinstance(proj, nn.Linear):
        expect(proj.bias is None, ("the projection must have no bias (nn.Linear(..., bias=False)): a shared offset "
                                   "would point every embedding the same way",
                                   "射影にバイアスがあってはいけません（nn.Linear(..., bias=False)）。共通のずれは"
                                   "すべての埋め込みを同じ向きへ寄せてしまいます"))


def test_is_a_matrix_product(kata):
    head = kata.ProjectionHead(5, 3)
    x = torch.randn(4, 5, requires_grad=True)
    out = head(x)
    if not expect_shape(out, (4, 3), ("ProjectionHead(5, 3)(x [4, 5])", "ProjectionHead(5, 3)(x [4, 5]) の出力")):
        return
    expect_close(out, x.detach() @ head.proj.weight.detach().t(), atol=1e-6,
                 what=("ProjectionHead(x) vs x @ proj.weightᵀ", "ProjectionHead(x) と x @ proj.weightᵀ の比較"))
    out.pow(2).sum().backward()
    expect_grad(head.proj.weight, ("ProjectionHead.proj.weight", "ProjectionHead の proj.weight"))
    expect_grad(x, ("the input x", "入力 x"))


def test_linear_without_offset(kata):
    head = kata.ProjectionHead(6, 4)
    with torch.no_grad():
        zero = head(torch.zeros(2, 6))
        x = torch.randn(3, 6)
        once, scaled = head(x), head(-2.5 * x)
    if not expect_shape(zero, (2, 4), ("ProjectionHead(6, 4)(zeros [2, 6])", "ProjectionHead(6, 4)(zeros [2, 6]) の出力")):
        return
    expect_close(zero, torch.zeros(2, 4), atol=0,
                 what=("ProjectionHead(0) (no bias: zero in, zero out)", "ProjectionHead(0)（バイアスなし: 0 を入れれば 0）"))
    expect_close(scaled, -2.5 * once, atol=1e-5,
                 what=("ProjectionHead(-2.5·x) vs -2.5·ProjectionHead(x) (a linear map, no activation)",
                       "ProjectionHead(-2.5·x) と -2.5·ProjectionHead(x) の比較（線形写像で、活性化関数はありません）"))


def test_bad_input(kata):
    head = kata.ProjectionHead(5, 3)
    expect_raises(ValueError, head, torch.randn(4, 6),
                  what=("x [4, 6] for in_dim = 5", "in_dim = 5 なのに x [4, 6]"))
