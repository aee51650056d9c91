"""Specs for katas/s04_captioning/decoder_block.py."""
import torch

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

D, NH = 16, 4


def make_block(kata, **kw):
    """A block whose three LayerNorms have random gains and shifts, so they differ from each other
    and from a bare normalisation."""
    blk = kata.DecoderBlock(D, NH, **kw)
    with torch.no_grad():
        for ln in (blk.ln_1, blk.ln_2, blk.ln_3):
            ln.weight.copy_(1 + 0.5 * torch.randn(D))
            ln.bias.copy_(0.5 * torch.randn(D))
    return blk


def causal(T, real=None):
    m = torch.tril(torch.ones(T, T, dtype=torch.bool))[None, None]
    return m if real is None else m & real[:, None, None, :]


def test_parts(kata):
    blk = kata.DecoderBlock(D, NH, dropout=0.1)
    parts = (("ln_1", kata.LayerNorm), ("self_attn", kata.MaskedSelfAttention), ("ln_2", kata.LayerNorm),
             ("cross_attn", kata.CrossAttention), ("ln_3", kata.LayerNorm), ("mlp", kata.FeedForward))
    for name, cls in parts:
        expect(isinstance(getattr(blk, name, None), cls),
               (f"block.{name} should be a {cls.__name__} (your earlier kata)",
                f"block.{name} は {cls.__name__}（これまでのカタのもの）のはずです"))
    lns = [getattr(blk, n, None) for n in ("ln_1", "ln_2", "ln_3")]
    expect(len({id(m) for m in lns}) == 3,
           ("ln_1, ln_2 and ln_3 must be three separate LayerNorms", "ln_1、ln_2、ln_3 は別々の 3 つの LayerNorm の"
                                                                     "はずです"))
    drops = [getattr(getattr(getattr(blk, a, None), d, None), "p", None)
             for a, d in (("self_attn", "attn_dropout"), ("cross_attn", "attn_dropout"), ("mlp", "dropout"))]
    expect(drops == [0.1, 0.1, 0.1], (f"dropout=0.1 should reach self_attn, cross_attn and mlp, got {drops}",
                                      f"dropout=0.1 が self_attn、cross_attn、mlp に渡るはずですが、{drops} でした"))


def test_pre_ln_with_three_residuals(kata):
    blk = make_block(kata)
    x, context = torch.randn(2, 5, D), torch.randn(2, 7, D)
    mask = causal(5, torch.tensor([[True] * 3 + [False] * 2, [True] * 5]))
    keep = torch.tensor([[True] * 7, [True] * 5 + [False] * 2])
    with torch.no_grad():
        got = blk(x, context, mask, keep)
        h = x + blk.self_attn(blk.ln_1(x), mask)
        h = h + blk.cross_attn(blk.ln_2(h), context, keep)
        want = h + blk.mlp(blk.ln_3(h))
    if expect_shape(got, (2, 5, D), ("DecoderBlock output [B, T, dim]", "DecoderBlock の出力 [B, T, dim]")):
        expect_close(got, want, atol=1e-5,
                     what=("DecoderBlock vs h = x + self_attn(ln_1(x), mask); h = h + cross_attn(ln_2(h), context, "
                           "context_mask); out = h + mlp(ln_3(h)) with its own parts (each sub-layer reads a "
                           "normalised copy; the context goes in as it is; pass both masks on)",
                           "DecoderBlock と、自分の部品による h = x + self_attn(ln_1(x), mask); h = h + "
                           "cross_attn(ln_2(h), context, context_mask); out = h + mlp(ln_3(h)) の比較（各サブ層は"
                           "正規化したコピーを読み、コンテキストはそのまま渡し、2 つのマスクも渡します）"))


def test_causal_the_future_does_not_leak(kata):
    blk = make_block(kata)
    x, context = torch.randn(1, 6, D), torch.randn(1, 4, D)
    x2 = x.clone()
    x2[:, 3:] = 3 * torch.randn(3, D)   # change tokens 3, 4, 5
    with torch.no_grad():
        a, b = blk(x, context, causal(6)), blk(x2, context, causal(6))
    if not expect_shape(a, (1, 6, D), ("DecoderBlock output", "DecoderBlock の出力")):
        return
    leak = float((a - b)[0, :3].abs().max())
    expect(leak < 1e-5,
           (f"changing tokens 3..5 changed the outputs at positions 0..2 by {fmt(leak)}: the future leaks; pass "
            f"the mask to the self-attention",
            f"トークン 3..5 を変えたら位置 0..2 の出力が {fmt(leak)} 変わりました。未来が漏れています。"
            f"self-attention に mask を渡しましょう"))


def test_padding_keys_are_ignored(kata):
    blk = make_block(kata)
    x, context = torch.randn(1, 6, D), torch.randn(1, 4, D)
    real = torch.tensor([[True, True, False, True, True, True]])   # token 2 is a PAD
    x2 = x.clone()
    x2[:, 2] = 3 * torch.randn(D)
    with torch.no_grad():
        a, b = blk(x, context, causal(6, real)), blk(x2, context, causal(6, real))
    if not expect_shape(a, (1, 6, D), ("DecoderBlock output", "DecoderBlock の出力")):
        return
    others = [0, 1, 3, 4, 5]
    leak = float((a - b)[0, others].abs().max())
    expect(leak < 1e-5,
           (f"token 2 is hidden by the mask, yet changing it moved the other outputs by {fmt(leak)}",
            f"トークン 2 はマスクで隠されているのに、変えると他の位置の出力が {fmt(leak)} 変わりました"))


def test_the_image_matters(kata):
    blk = make_block(kata)
    x, context = torch.randn(2, 4, D), torch.randn(2, 5, D)
    with torch.no_grad():
        a = blk(x, context, causal(4))
        b = blk(x, context + 2 * torch.randn(2, 5, D), causal(4))
    if not expect_shape(a, (2, 4, D), ("DecoderBlock output", "DecoderBlock の出力")):
        return
    moved = (a - b).abs().amax(-1)   # [B, T]
    expect(bool((moved > 1e-4).all()),
           (f"a different image context should change every output position; smallest change "
            f"{fmt(moved.min())} (does cross_attn read the context?)",
            f"画像のコンテキストが違えば、出力のすべての位置が変わるはずです。最小の変化は {fmt(moved.min())} "
            f"でした（cross_attn はコンテキストを読んでいますか？）"))


def test_silent_sublayers_leave_the_stream_untouched(kata):
    blk = make_block(kata)
    with torch.no_grad():
        for lin in (blk.self_attn.proj, blk.cross_attn.proj, blk.mlp.c_proj):
            lin.weight.zero_()
            lin.bias.zero_()
        x = 3 * torch.randn(1, 4, D) + 1
        out = blk(x, torch.randn(1, 3, D), causal(4))
    if expect_shape(out, (1, 4, D), ("DecoderBlock output", "DecoderBlock の出力")):
        expect_close(out, x, atol=1e-6,
                     what=("with zeroed output layers (self_attn.proj, cross_attn.proj, mlp.c_proj) the block "
                           "should return x itself: three residual additions x + …, and no LayerNorm on the "
                           "stream (pre-LN)",
                           "出力層（self_attn.proj、cross_attn.proj、mlp.c_proj）を 0 にしたブロックは x そのものを"
                           "返すはずです。残差の足し算 x + … が 3 つあり、流れ自体には LayerNorm をかけません"
                           "（pre-LN）"))


def test_gradients_and_bad_input(kata):
    blk = make_block(kata)
    x = torch.randn(2, 4, D, requires_grad=True)
    context = torch.randn(2, 3, D, requires_grad=True)
    out = blk(x, context, causal(4))
    if expect_shape(out, (2, 4, D), ("DecoderBlock output", "DecoderBlock の出力")):
        out.pow(2).sum().backward()
        for name in ("ln_1.weight", "self_attn.qkv.weight", "ln_2.weight", "cross_attn.q.weight",
                     "cross_attn.kv.weight", "ln_3.weight", "mlp.c_fc.weight"):
            expect_grad(blk.get_parameter(name), (f"DecoderBlock.{name}", f"DecoderBlock の {name}"))
        expect_grad(context, ("the image context", "画像のコンテキスト"))
    expect_raises(ValueError, kata.DecoderBlock, 10, 3,
                  what=("DecoderBlock(dim=10, n_head=3) (10 is not divisible by 3)",
                        "DecoderBlock(dim=10, n_head=3)（10 は 3 で割り切れない）"))
