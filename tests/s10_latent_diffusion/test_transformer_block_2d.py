"""Specs for katas/s10_latent_diffusion/transformer_block_2d.py."""
import torch

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

C, CD, NH, HD = 8, 6, 2, 4   # channels, context width, heads, head width (inner = 8)


def _block(kata):
    return kata.SpatialTransformer(C, CD, NH, HD, groups=4)


def _oracle(st, x, context, mask=None, transpose=False):
    """The documented forward, built from the block's own parts (row-major tokens)."""
    B, _, H, W = x.shape
    h = st.proj_in(st.norm(x))
    inner = h.shape[1]
    if transpose:   # column-major tokens on the way in, row-major on the way back: a scramble
        h = h.permute(0, 3, 2, 1).reshape(B, H * W, inner)
    else:
        h = h.permute(0, 2, 3, 1).reshape(B, H * W, inner)
    h = h + st.attn1(st.ln1(h))
    h = h + st.attn2(st.ln2(h), context, mask)
    h = h + st.ff(st.ln3(h))
    h = h.reshape(B, H, W, inner).permute(0, 3, 1, 2)
    return x + st.proj_out(h)


def test_matches_the_documented_forward(kata):
    st = _block(kata)
    x, context = torch.randn(2, C, 3, 5), torch.randn(2, 4, CD)   # H = 3 ≠ W = 5
    with torch.no_grad():
        got = st(x, context)
        want = _oracle(st, x, context)
        scrambled = _oracle(st, x, context, transpose=True)
    if not expect_shape(got, (2, C, 3, 5), ("SpatialTransformer(x [2, 8, 3, 5], context [2, 4, 6]) -> [B, C, H, W]",
                                            "SpatialTransformer(x [2, 8, 3, 5], context [2, 4, 6]) の出力 [B, C, H, W]")):
        return
    if torch.allclose(got, scrambled, atol=1e-5):
        expect(False, ("the pixels come back in the wrong places: H and W are swapped in one of the reshapes. "
                       "Tokens are row-major both ways: permute(0, 2, 3, 1).reshape(B, H·W, inner), and back with "
                       "reshape(B, H, W, inner).permute(0, 3, 1, 2)",
                       "ピクセルが違う場所に戻っています。どちらかの reshape で H と W が入れ替わっています。トークンは"
                       "行きも帰りも行優先です: permute(0, 2, 3, 1).reshape(B, H·W, inner)、戻すときは "
                       "reshape(B, H, W, inner).permute(0, 3, 1, 2)"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("SpatialTransformer vs its parts in the documented order: proj_in(norm(x)) -> row-major tokens "
                       "-> h + attn1(ln1 h) -> h + attn2(ln2 h, context) -> h + ff(ln3 h) -> map -> x + proj_out(h)",
                       "SpatialTransformer と、部品を説明の順に使った結果の比較: proj_in(norm(x)) -> 行優先のトークン -> "
                       "h + attn1(ln1 h) -> h + attn2(ln2 h, context) -> h + ff(ln3 h) -> マップ -> x + proj_out(h)"))


def test_outer_residual(kata):
    st = _block(kata)
    with torch.no_grad():
        st.proj_out.weight.zero_()
        st.proj_out.bias.zero_()
        x, context = torch.randn(2, C, 4, 2), torch.randn(2, 3, CD)
        got = st(x, context)
    if expect_shape(got, (2, C, 4, 2), ("SpatialTransformer output", "SpatialTransformer の出力")):
        expect_close(got, x, atol=1e-6,
                     what=("with proj_out set to zero the block must return its input (out = x + proj_out(h): the "
                           "outer residual)",
                           "proj_out を 0 にしたら、ブロックは入力をそのまま返すはずです（out = x + proj_out(h): "
                           "外側の残差接続）"))


def test_the_text_steers_every_pixel(kata):
    st = _block(kata)
    x, context = torch.randn(1, C, 2, 3), torch.randn(1, 4, CD)
    keep = torch.tensor([[True, True, False, False]])
    with torch.no_grad():
        base = st(x, context, keep)
        if not expect_shape(base, (1, C, 2, 3), ("SpatialTransformer output", "SpatialTransformer の出力")):
            return
        c2 = context.clone()
        c2[:, 1] = 3 * torch.randn(CD)          # a kept token
        moved = (st(x, c2, keep) - base).abs().amax(1)[0]   # [H, W]
        expect(bool((moved > 1e-4).all()),
               (f"changing a kept text token should change every pixel (the cross-attention attn2 reads the "
                f"context); smallest change {fmt(moved.min())}",
                f"残したテキストのトークンを変えたら、すべてのピクセルが変わるはずです（交差注意 attn2 がコンテキストを"
                f"読みます）。最小の変化は {fmt(moved.min())} でした"))
        c3 = context.clone()
        c3[:, 2:] = 10 * torch.randn(2, CD)     # the masked tokens
        expect_close(st(x, c3, keep), base, atol=1e-5,
                     what=("changing masked text tokens must not change the output (pass context_mask on to attn2)",
                           "マスクしたテキストのトークンを変えても出力は変わらないはずです（context_mask を attn2 に"
                           "渡しましょう）"))


def test_pixels_see_each_other(kata):
    st = _block(kata)
    x, context = torch.randn(1, C, 3, 3), torch.randn(1, 2, CD)
    with torch.no_grad():
        base = st(x, context)
        if not expect_shape(base, (1, C, 3, 3), ("SpatialTransformer output", "SpatialTransformer の出力")):
            return
        x2 = x.clone()
        x2[0, :, 2, 2] += 3 * torch.randn(C)   # the bottom-right pixel
        moved = float((st(x2, context) - base)[0, :, 0, 0].abs().max())
    expect(moved > 1e-4,
           (f"changing the bottom-right pixel changed the top-left one by only {fmt(moved)}: the self-attention attn1 "
            f"lets every pixel see every other",
            f"右下のピクセルを変えても、左上のピクセルは {fmt(moved)} しか変わりませんでした。自己注意 attn1 で、"
            f"どのピクセルも他のすべてのピクセルを見られるはずです"))


def test_gradients_reach_every_parameter(kata):
    st = _block(kata)
    x = torch.randn(2, C, 2, 3, requires_grad=True)
    context = torch.randn(2, 3, CD, requires_grad=True)
    out = st(x, context)
    if not expect_shape(out, (2, C, 2, 3), ("SpatialTransformer output", "SpatialTransformer の出力")):
        return
    out.pow(2).sum().backward()
    for name, p in st.named_parameters():
        expect_grad(p, (f"SpatialTransformer.{name}", f"SpatialTransformer の {name}"))
    expect_grad(context, ("the text context", "テキストのコンテキスト"))


def test_bad_input(kata):
    st = _block(kata)
    expect_raises(ValueError, st, torch.randn(2, C + 4, 2, 2), torch.randn(2, 3, CD),
                  what=("x with 12 channels for SpatialTransformer(channels=8)",
                        "SpatialTransformer(channels=8) に 12 チャネルの x"))
    expect_raises(ValueError, st, torch.randn(2, 4, C), torch.randn(2, 3, CD),
                  what=("a token sequence [2, 4, 8] instead of a map [B, C, H, W]",
                        "マップ [B, C, H, W] ではなくトークン列 [2, 4, 8]"))
