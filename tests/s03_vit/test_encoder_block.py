"""Specs for katas/s03_vit/encoder_block.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

D, NH = 16, 4


def make_block(kata, **kw):
    """A block whose LayerNorms have random gains and shifts, so ln_1 and ln_2 differ from each
    other and from a bare normalisation."""
    blk = kata.EncoderBlock(D, NH, **kw)
    with torch.no_grad():
        for ln in (blk.ln_1, blk.ln_2):
            ln.weight.copy_(1 + 0.5 * torch.randn(D))
            ln.bias.copy_(0.5 * torch.randn(D))
    return blk


def _run(blk, x, what):
    res = blk(x)
    if not expect(isinstance(res, tuple) and len(res) == 2,
                  (f"{what[0]} should return a pair (x, weights), got {type(res).__name__}",
                   f"{what[1]} はペア (x, weights) を返すはずですが、{type(res).__name__} でした")):
        return None
    return res


def test_parts(kata):
    blk = kata.EncoderBlock(D, NH, dropout=0.1)
    for name, cls in (("ln_1", kata.LayerNorm), ("attn", kata.MultiHeadSelfAttention),
                      ("ln_2", kata.LayerNorm), ("mlp", kata.FeedForward)):
        expect(isinstance(getattr(blk, name, None), cls),
               (f"block.{name} should be a {cls.__name__} (your earlier kata)",
                f"block.{name} は {cls.__name__}（これまでのカタのもの）のはずです"))
    if expect(hasattr(blk, "ln_1") and hasattr(blk, "ln_2"), ("the block needs ln_1 and ln_2",
                                                             "ブロックには ln_1 と ln_2 が必要です")):
        expect(blk.ln_1 is not blk.ln_2, ("ln_1 and ln_2 must be two separate LayerNorms (each with its own "
                                          "weights)",
                                          "ln_1 と ln_2 は別々の LayerNorm（それぞれ自分の重みを持つ）でなければなりません"))
    if expect(hasattr(blk, "attn") and hasattr(blk, "mlp"), ("the block needs attn and mlp",
                                                             "ブロックには attn と mlp が必要です")):
        ps = (blk.attn.attn_dropout.p, blk.attn.resid_dropout.p, blk.mlp.dropout.p)
        expect(ps == (0.1, 0.1, 0.1), (f"dropout=0.1 should reach attn and mlp, got {ps}",
                                       f"dropout=0.1 が attn と mlp に渡るはずですが、{ps} でした"))
        expect(blk.attn.n_head == NH, (f"attn should have n_head={NH}, got {blk.attn.n_head}",
                                       f"attn の n_head は {NH} のはずですが、{blk.attn.n_head} でした"))


def test_pre_ln_with_two_residuals(kata):
    blk = make_block(kata)
    x = torch.randn(2, 6, D)
    res = _run(blk, x, ("EncoderBlock", "EncoderBlock"))
    if res is None:
        return
    with torch.no_grad():
        a, want_w = blk.attn(blk.ln_1(x))
        h = x + a
        want = h + blk.mlp(blk.ln_2(h))
    if expect_shape(res[0], (2, 6, D), ("EncoderBlock output x [B, T, dim]", "EncoderBlock の出力 x [B, T, dim]")):
        expect_close(res[0], want, atol=1e-5,
                     what=("EncoderBlock vs h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) with its own parts "
                           "(pre-LN: normalise each sub-layer's input, not the sum; keep both additions)",
                           "EncoderBlock と、自分の部品による h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) の比較"
                           "（pre-LN: 和ではなく各サブ層の入力を正規化し、2 つの足し算を残します）"))
    if expect_shape(res[1], (2, NH, 6, 6), ("EncoderBlock weights [B, n_head, T, T]",
                                            "EncoderBlock の weights [B, n_head, T, T]")):
        expect_close(res[1], want_w, atol=1e-6,
                     what=("the returned weights are the ones of attn(ln_1(x))",
                           "返す weights は attn(ln_1(x)) のものです"))


def test_matches_torch_built_ins(kata):
    # The same block from F.layer_norm, F.scaled_dot_product_attention (no mask) and F.gelu.
    blk = make_block(kata)
    x = torch.randn(2, 5, D)
    B, T, _ = x.shape

    def ln(m, z):
        return F.layer_norm(z, (D,), m.weight, m.bias, eps=1e-5)

    with torch.no_grad():
        q, k, v = blk.attn.qkv(ln(blk.ln_1, x)).split(D, dim=2)
        q, k, v = (t.view(B, T, NH, D // NH).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, T, D)
        h = x + blk.attn.proj(y)
        want = h + blk.mlp.c_proj(F.gelu(blk.mlp.c_fc(ln(blk.ln_2, h))))
        res = _run(blk, x, ("EncoderBlock", "EncoderBlock"))
    if res is not None:
        expect_close(res[0], want, atol=1e-5,
                     what=("EncoderBlock vs the same computation from torch built-ins (layer norm, unmasked "
                           "attention, GELU)",
                           "EncoderBlock と torch の組み込み関数（層正規化、マスクなしの注意、GELU）による同じ計算の比較"))


def test_silent_sublayers_leave_the_stream_untouched(kata):
    # If attention and MLP output zero, a pre-LN block is the identity: out = x + 0 + 0.
    # (Post-LN would return LayerNorm(x); a block without residuals would return 0.)
    blk = make_block(kata)
    with torch.no_grad():
        for lin in (blk.attn.proj, blk.mlp.c_proj):
            lin.weight.zero_()
            lin.bias.zero_()
        x = 3 * torch.randn(1, 4, D) + 1
        res = _run(blk, x, ("EncoderBlock", "EncoderBlock"))
    if res is None:
        return
    out = res[0]
    if expect_shape(out, (1, 4, D), ("EncoderBlock output", "EncoderBlock の出力")) and \
            not torch.allclose(out, x, atol=1e-6):
        if float(out.abs().max()) < 1e-6:
            expect(False, ("with silent sub-layers the block returned 0: the residual additions x + … are "
                           "missing",
                           "サブ層が 0 を出すとブロックが 0 を返しました。残差接続の足し算 x + … が抜けています"))
            return
        mean, std = float(out.mean(-1).abs().max()), float(out.std(-1).mean())
        if mean < 0.3 and 0.4 < std < 2.0:
            expect(False, (f"with silent sub-layers the output looks layer-normalised (mean ≈ 0, std "
                           f"{fmt(std)}): that is post-LN; normalise only the INPUT of each sub-layer and "
                           f"leave the stream x as it is",
                           f"サブ層が 0 を出すと出力が層正規化されたように見えます（平均 ≈ 0、標準偏差 {fmt(std)}）。"
                           f"それは post-LN です。正規化するのは各サブ層の「入力」だけで、流れ x はそのままにします"))
            return
    expect_close(out, x, atol=1e-6,
                 what=("EncoderBlock with zeroed output layers (attn.proj, mlp.c_proj) should return x itself: "
                       "the residual stream",
                       "出力層（attn.proj, mlp.c_proj）を 0 にした EncoderBlock は x そのもの（残差ストリーム）を返すはずです"))


def test_not_causal(kata):
    blk = make_block(kata)
    x = torch.randn(1, 5, D)
    x2 = x.clone()
    x2[:, -1] = 3 * torch.randn(D)
    with torch.no_grad():
        a, b = _run(blk, x, ("EncoderBlock", "EncoderBlock")), blk(x2)
    if a is None:
        return
    diff = float((a[0][:, 0] - b[0][:, 0]).abs().max())
    expect(diff > 1e-4,
           (f"changing the last token did not change the output at position 0 (max change {fmt(diff)}): "
            f"the encoder's attention has no causal mask",
            f"最後のトークンを変えても位置 0 の出力が変わりません（最大の変化 {fmt(diff)}）。エンコーダの注意には"
            f"因果マスクがありません"))


def test_gradients_reach_every_part(kata):
    blk = make_block(kata)
    x = torch.randn(2, 4, D, requires_grad=True)
    res = _run(blk, x, ("EncoderBlock", "EncoderBlock"))
    if res is None:
        return
    res[0].pow(2).sum().backward()
    for name in ("ln_1.weight", "attn.qkv.weight", "attn.proj.weight", "ln_2.weight", "mlp.c_fc.weight",
                 "mlp.c_proj.bias"):
        expect_grad(blk.get_parameter(name), (f"EncoderBlock.{name}", f"EncoderBlock のパラメータ {name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_bad_head_count(kata):
    expect_raises(ValueError, kata.EncoderBlock, 10, 3,
                  what=("EncoderBlock(dim=10, n_head=3) (10 is not divisible by 3)",
                        "EncoderBlock(dim=10, n_head=3)（10 は 3 で割り切れない）"))
