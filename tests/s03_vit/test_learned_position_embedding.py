"""Specs for katas/s03_vit/learned_position_embedding.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_pos_is_a_small_random_parameter(kata):
    pe = kata.LearnedPositionEmbedding(16, 32)
    pos = getattr(pe, "pos", None)
    if not expect(isinstance(pos, nn.Parameter),
                  (f"LearnedPositionEmbedding.pos should be an nn.Parameter (so it is learned), got "
                   f"{type(pos).__name__}",
                   f"LearnedPositionEmbedding.pos は nn.Parameter のはずです（学習されるように）が、"
                   f"{type(pos).__name__} でした")):
        return
    if expect_shape(pos, (1, 16, 32), (".pos [1, num_positions, dim]", ".pos の形状 [1, num_positions, dim]")):
        # 512 draws of N(0, 0.02²): the sample std is 0.02 ± 0.0006, the mean 0 ± 0.0009.
        mean, std = float(pos.detach().mean()), float(pos.detach().std())
        expect(abs(mean) < 0.004 and 0.017 < std < 0.023,
               (f".pos should be drawn from N(0, 0.02²) (torch.randn · 0.02): mean ≈ 0, std ≈ 0.02; got "
                f"mean {fmt(mean)}, std {fmt(std)}",
                f".pos は N(0, 0.02²) から引くはずです（torch.randn · 0.02）。平均 ≈ 0、標準偏差 ≈ 0.02 ですが、"
                f"平均 {fmt(mean)}、標準偏差 {fmt(std)} でした"))


def test_adds_row_t_to_token_t(kata):
    pe = kata.LearnedPositionEmbedding(4, 2)
    with torch.no_grad():
        pe.pos.copy_(torch.arange(8.0).view(1, 4, 2))   # position t = [2t, 2t+1]
    x = torch.tensor([[[100.0, 100], [200, 200], [300, 300], [400, 400]]])
    out = pe(x)
    want = torch.tensor([[[100.0, 101], [202, 203], [304, 305], [406, 407]]])
    if expect_shape(out, (1, 4, 2), ("LearnedPositionEmbedding(4, 2)(x [1, 4, 2])",
                                     "LearnedPositionEmbedding(4, 2)(x [1, 4, 2]) の出力")):
        out = out.detach()
        if torch.equal(out, torch.arange(8.0).view(1, 4, 2)):
            expect(False, ("you returned the positions alone; ADD them to x: x + pos[:, :T]",
                           "位置埋め込みだけを返しています。x に「足し」ましょう: x + pos[:, :T]"))
        else:
            expect_close(out, want, atol=0,
                         what=("x + pos with pos[0, t] = [2t, 2t+1]", "x + pos（ただし pos[0, t] = [2t, 2t+1]）"))


def test_shorter_sequence_uses_the_first_positions(kata):
    pe = kata.LearnedPositionEmbedding(6, 3)
    x = torch.randn(2, 4, 3)
    try:
        out = pe(x)
    except RuntimeError as e:
        expect(False, (f"LearnedPositionEmbedding(6, 3) on x [2, 4, 3] raised RuntimeError ({e}): slice the "
                       f"table to the sequence, pos[:, :T]",
                       f"x [2, 4, 3] に LearnedPositionEmbedding(6, 3) で RuntimeError（{e}）が送出されました。"
                       f"表を系列の長さに切りましょう: pos[:, :T]"))
        return
    if not expect_shape(out, (2, 4, 3), ("LearnedPositionEmbedding(6, 3)(x [2, 4, 3]) -> [B, T, dim]",
                                         "LearnedPositionEmbedding(6, 3)(x [2, 4, 3]) の出力 [B, T, dim]")):
        return
    out = out.detach()
    pos = pe.pos.detach()
    if torch.allclose(out, x + pos[:, -4:]):
        expect(False, ("you added the LAST T positions; positions count from 0: pos[:, :T]",
                       "「最後の」T 個の位置を足しています。位置は 0 から数えます: pos[:, :T]"))
    else:
        expect_close(out, x + pos[:, :4], atol=1e-6,
                     what=("x [2, 4, 3] + pos[:, :4], the same positions for both images",
                           "x [2, 4, 3] + pos[:, :4]（どちらの画像にも同じ位置埋め込み）"))


def test_gradient_reaches_the_used_rows(kata):
    pe = kata.LearnedPositionEmbedding(5, 2)
    x = torch.randn(3, 3, 2, requires_grad=True)
    out = pe(x)
    if not expect_shape(out, (3, 3, 2), ("LearnedPositionEmbedding(5, 2)(x [3, 3, 2])",
                                         "LearnedPositionEmbedding(5, 2)(x [3, 3, 2]) の出力")):
        return
    g = torch.randn(3, 3, 2)
    (out * g).sum().backward()
    if not expect(pe.pos.grad is not None,
                  ("no gradient reached .pos: is it detached (.data, .detach())?",
                   ".pos に勾配が届いていません。切り離していませんか（.data や .detach()）？")):
        return
    want = torch.zeros(1, 5, 2)
    want[0, :3] = g.sum(0)
    expect_close(pe.pos.grad, want, atol=1e-6,
                 what=("d loss / d pos: positions 0..2 get the batch's summed gradient, 3..4 get 0",
                       "d loss / d pos: 位置 0..2 にはバッチ全体の勾配の和、3..4 には 0 が入ります"))
    expect_close(x.grad, g, atol=1e-6, what=("d loss / d x (an addition passes it on unchanged)",
                                             "d loss / d x（足し算は勾配をそのまま通します）"))


def test_rejects_too_long_a_sequence(kata):
    pe = kata.LearnedPositionEmbedding(4, 2)
    expect_raises(ValueError, pe, torch.zeros(1, 5, 2),
                  what=("LearnedPositionEmbedding(num_positions=4) on a sequence of 5 tokens",
                        "5 トークンの系列に LearnedPositionEmbedding(num_positions=4)"))
    expect_raises(ValueError, pe, torch.zeros(4, 2),
                  what=("LearnedPositionEmbedding on a 2-D x [4, 2] (no batch axis)",
                        "2 次元の x [4, 2] に LearnedPositionEmbedding（バッチの軸がない）"))
