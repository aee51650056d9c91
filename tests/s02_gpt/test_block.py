"""Specs for katas/s02_gpt/block.py.

The block is checked against its own sub-modules wired the pre-LN way; when the output is off,
`_mistakes` names the wiring it matches (post-LN, a missing residual, ln_1 twice, …).
"""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape

C, NH, BS = 16, 4, 8


def make_block(kata, **kw):
    """A block whose LayerNorms have random gains and shifts, so ln_1 and ln_2 differ from
    each other and from a bare normalisation."""
    blk = kata.Block(C, NH, BS, **kw)
    with torch.no_grad():
        for ln in (blk.ln_1, blk.ln_2):
            ln.weight.copy_(1 + 0.5 * torch.randn(C))
            if ln.bias is not None:
                ln.bias.copy_(0.5 * torch.randn(C))
    return blk.eval()


def _mistakes(blk, x):
    """Wrong wirings, each ((en, ja), value)."""
    a, m, l1, l2 = blk.attn, blk.mlp, blk.ln_1, blk.ln_2
    h = x + a(l1(x))
    post = l1(x + a(x))
    return [
        (("this is post-LN (normalising the sum, ln(x + attn(x))); GPT-2 is pre-LN: x + attn(ln_1(x))",
          "これは Post-LN（和を正規化する ln(x + attn(x))）です。GPT-2 は Pre-LN、つまり x + attn(ln_1(x)) です"),
         l2(post + m(post))),
        (("the residual around attention is missing: x = x + attn(ln_1(x)), not x = attn(ln_1(x))",
          "アテンションの残差接続がありません。x = attn(ln_1(x)) ではなく x = x + attn(ln_1(x)) です"),
         a(l1(x)) + m(l2(a(l1(x))))),
        (("the residual around the MLP is missing: x = x + mlp(ln_2(x))",
          "MLP の残差接続がありません。x = x + mlp(ln_2(x)) です"),
         m(l2(h))),
        (("the residual adds the normalised x; add the sub-layer's output to x itself: "
          "x + attn(ln_1(x))",
          "残差接続で正規化した x を足しています。サブレイヤーの出力は x そのものに足します: "
          "x + attn(ln_1(x))"),
         (lambda h1: h1 + m(l2(h1)))(l1(x) + a(l1(x)))),
        (("ln_1 was used before the MLP too; the MLP reads ln_2(x)",
          "MLP の前でも ln_1 を使っています。MLP が読むのは ln_2(x) です"),
         h + m(l1(h))),
        (("the MLP ran before attention; attention comes first", "MLP をアテンションより先に実行しています。先にアテンションです"),
         (lambda h1: h1 + a(l1(h1)))(x + m(l2(x)))),
        (("the MLP read the block's input instead of the stream after attention: x = x + attn(...) "
          "first, then x = x + mlp(ln_2(x)) on the new x",
          "MLP がアテンション後のストリームではなく、ブロックの入力を読んでいます。まず x = x + attn(...)、"
          "次に新しい x で x = x + mlp(ln_2(x)) です"),
         h + m(l2(x))),
    ]


def test_parts(kata):
    blk = kata.Block(C, NH, BS, dropout=0.1, bias=False)
    for name, cls in (("ln_1", kata.LayerNorm), ("attn", kata.CausalSelfAttention),
                      ("ln_2", kata.LayerNorm), ("mlp", kata.FeedForward)):
        expect(isinstance(getattr(blk, name, None), cls),
               (f"block.{name} should be a {cls.__name__} (your earlier kata)",
                f"block.{name} は {cls.__name__}（これまでのカタ）のはずです"))
    if expect(hasattr(blk, "ln_1") and hasattr(blk, "ln_2"), ("block needs ln_1 and ln_2",
                                                               "ブロックには ln_1 と ln_2 が必要です")):
        expect(blk.ln_1 is not blk.ln_2, ("ln_1 and ln_2 must be two separate LayerNorms (own weights)",
                                          "ln_1 と ln_2 は別々の LayerNorm（それぞれの重み）のはずです"))
        expect(blk.ln_1.bias is None and blk.ln_2.bias is None,
               ("bias=False should reach both LayerNorms", "bias=False は両方の LayerNorm に渡るはずです"))
    if expect(hasattr(blk, "attn") and hasattr(blk, "mlp"), ("block needs attn and mlp",
                                                             "ブロックには attn と mlp が必要です")):
        expect(blk.attn.c_attn.bias is None and blk.mlp.c_fc.bias is None,
               ("bias=False should reach attn and mlp too", "bias=False は attn と mlp にも渡るはずです"))
        expect(blk.attn.attn_dropout.p == 0.1 and blk.attn.resid_dropout.p == 0.1
               and blk.mlp.dropout.p == 0.1,
               ("dropout=0.1 should reach attn and mlp", "dropout=0.1 は attn と mlp に渡るはずです"))


def test_pre_ln_with_two_residuals(kata):
    blk = make_block(kata)
    x = torch.randn(2, 6, C)
    with torch.no_grad():
        h = x + blk.attn(blk.ln_1(x))
        want = h + blk.mlp(blk.ln_2(h))
        out = blk(x)
        what = ("Block vs h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) with its own sub-modules",
                "Block と、そのサブモジュールで組んだ h = x + attn(ln_1(x)); out = h + mlp(ln_2(h)) の比較")
        if expect_shape(out, (2, 6, C), what) and not expect_close(out, want, atol=1e-5, what=what):
            for message, value in _mistakes(blk, x):
                if torch.allclose(out, value, atol=1e-5):
                    expect(False, message)
                    break


def test_matches_torch_built_ins(kata):
    # The same block written with F.layer_norm, F.scaled_dot_product_attention and F.gelu.
    blk = make_block(kata)
    x = torch.randn(2, 5, C)
    B, T, _ = x.shape

    def ln(m, z):
        return F.layer_norm(z, (C,), m.weight, m.bias, eps=1e-5)

    with torch.no_grad():
        q, k, v = blk.attn.c_attn(ln(blk.ln_1, x)).split(C, dim=2)
        q, k, v = (t.view(B, T, NH, C // NH).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, C)
        h = x + blk.attn.c_proj(y)
        want = h + blk.mlp.c_proj(F.gelu(blk.mlp.c_fc(ln(blk.ln_2, h))))
        expect_close(blk(x), want, atol=1e-5,
                     what=("Block vs the same computation from torch built-ins (LayerNorm, attention, GELU)",
                           "Block と、torch の組み込み関数（LayerNorm、アテンション、GELU）で書いた同じ計算の比較"))


def test_silent_sublayers_leave_the_stream_untouched(kata):
    # If attention and MLP output zero, a pre-LN block is the identity: out = x + 0 + 0.
    # (Post-LN would return LayerNorm(x); a block without residuals would return 0.)
    blk = make_block(kata)
    with torch.no_grad():
        for lin in (blk.attn.c_proj, blk.mlp.c_proj):
            lin.weight.zero_()
            lin.bias.zero_()
        x = 3 * torch.randn(1, 4, C) + 1
        expect_close(blk(x), x, atol=1e-6,
                     what=("Block with zeroed c_proj layers (should return x itself: the residual stream "
                           "is never normalised inside the block)",
                           "c_proj を 0 にした Block（x そのものを返すはずです。ブロックの中で残差ストリームは"
                           "正規化しません）"))


def test_stays_causal(kata):
    blk = make_block(kata)
    x = torch.randn(1, 6, C)
    x2 = x.clone()
    x2[:, 4:] = torch.randn(1, 2, C)
    with torch.no_grad():
        expect_close(blk(x2)[:, :4], blk(x)[:, :4], atol=1e-5,
                     what=("Block outputs at positions 0..3 after changing tokens 4.. (no peeking ahead)",
                           "トークン 4 以降を変えた後の位置 0..3 の Block の出力（先を覗いてはいけません）"))


def test_gradients_reach_every_part(kata):
    blk = make_block(kata).train()
    x = torch.randn(2, 4, C, requires_grad=True)
    blk(x).pow(2).sum().backward()
    for name in ("ln_1.weight", "attn.c_attn.weight", "ln_2.weight", "mlp.c_fc.weight",
                 "mlp.c_proj.bias"):
        expect_grad(blk.get_parameter(name), (f"Block.{name}", f"パラメータ Block.{name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_bad_head_count(kata):
    expect_raises(ValueError, kata.Block, 10, 3, BS,
                  what=("Block(n_embd=10, n_head=3) (10 channels do not split into 3 heads)",
                        "Block(n_embd=10, n_head=3)（10 チャネルは 3 ヘッドに割り切れません）"))
