"""Specs for katas/s04_captioning/cross_attention.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

D, NH = 16, 4


def torch_mha(ca):
    """nn.MultiheadAttention holding the same weights: in_proj = [q; k; v] = [q.weight; kv.weight]."""
    mha = nn.MultiheadAttention(D, NH, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([ca.q.weight, ca.kv.weight]))
        mha.in_proj_bias.copy_(torch.cat([ca.q.bias, ca.kv.bias]))
        mha.out_proj.weight.copy_(ca.proj.weight)
        mha.out_proj.bias.copy_(ca.proj.bias)
    return mha.eval()


def sdpa_oracle(ca, x, context, attn_mask):
    """The same cross-attention from F.scaled_dot_product_attention, with the module's own weights."""
    B, T, _ = x.shape
    N = context.shape[1]
    q = ca.q(x).view(B, T, NH, D // NH).transpose(1, 2)
    k, v = (t.view(B, N, NH, D // NH).transpose(1, 2) for t in ca.kv(context).split(D, dim=-1))
    y = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
    return ca.proj(y.transpose(1, 2).reshape(B, T, D))


def test_parts(kata):
    ca = kata.CrossAttention(D, NH, dropout=0.1)
    for name, shape in (("q", (D, D)), ("kv", (2 * D, D)), ("proj", (D, D))):
        layer = getattr(ca, name, None)
        got = tuple(layer.weight.shape) if isinstance(layer, nn.Linear) else None
        expect(got == shape, (f".{name} should be an nn.Linear with weight {shape}, got {got}",
                              f".{name} は重みが {shape} の nn.Linear のはずですが、{got} でした"))
    ps = tuple(getattr(getattr(ca, n, None), "p", None) for n in ("attn_dropout", "resid_dropout"))
    expect(ps == (0.1, 0.1), (f"attn_dropout and resid_dropout should have p = 0.1, got {ps}",
                              f"attn_dropout と resid_dropout の p は 0.1 のはずですが、{ps} でした"))


def test_matches_torch_multihead_attention(kata):
    ca = kata.CrossAttention(D, NH)
    x, context = torch.randn(2, 5, D), torch.randn(2, 7, D)   # T = 5 text tokens, N = 7 patches
    with torch.no_grad():
        got = ca(x, context)
        want, _ = torch_mha(ca)(x, context, context)
    if not expect_shape(got, (2, 5, D), ("CrossAttention(x [2, 5, D], context [2, 7, D])",
                                         "CrossAttention(x [2, 5, D], context [2, 7, D]) の出力")):
        return
    expect_close(got, want, atol=1e-5,
                 what=("CrossAttention vs nn.MultiheadAttention(query=x, key=value=context) with the same weights "
                       "(queries from x, keys and values from the context, k before v in kv; scale 1/sqrt(dim / "
                       "n_head); softmax over the patches)",
                       "CrossAttention と、同じ重みの nn.MultiheadAttention(query=x, key=value=context) の比較"
                       "（クエリは x から、キーとバリューはコンテキストから。kv の中は k が先で v が後。スケールは "
                       "1/sqrt(dim / n_head)、softmax はパッチについて）"))


def test_context_mask_hides_patches(kata):
    ca = kata.CrossAttention(D, NH)
    x, context = torch.randn(2, 4, D), torch.randn(2, 6, D)
    keep = torch.tensor([[True, True, True, True, False, False], [True, False, True, True, True, True]])
    with torch.no_grad():
        got = ca(x, context, keep)
        want = sdpa_oracle(ca, x, context, keep[:, None, None, :])   # SDPA: True = take part, as here
        other = context.clone()
        other[~keep] = 10 * torch.randn(int((~keep).sum()), D)
        again = ca(x, other, keep)
    if not expect_shape(got, (2, 4, D), ("CrossAttention with context_mask", "context_mask 付きの CrossAttention")):
        return
    if expect_close(got, want, atol=1e-5,
                    what=("CrossAttention with context_mask vs F.scaled_dot_product_attention with attn_mask = "
                          "context_mask[:, None, None, :] (True = a real patch; hide the False ones with -inf "
                          "before the softmax)",
                          "context_mask 付きの CrossAttention と attn_mask = context_mask[:, None, None, :] の "
                          "F.scaled_dot_product_attention の比較（True = 本物のパッチ。False のものは softmax の前に "
                          "-inf で隠します）")):
        expect_close(again, got, atol=1e-5,
                     what=("changing the hidden patches (context_mask False) must not change the output",
                           "隠したパッチ（context_mask が False）を変えても出力は変わらないはずです"))


def test_each_text_position_reads_the_whole_image_and_only_its_own_query(kata):
    ca = kata.CrossAttention(D, NH)
    x, context = torch.randn(1, 5, D), torch.randn(1, 6, D)
    with torch.no_grad():
        base = ca(x, context)
        if not expect_shape(base, (1, 5, D), ("CrossAttention output", "CrossAttention の出力")):
            return
        for n in (0, 5):   # the first and the last patch
            c2 = context.clone()
            c2[:, n] = 3 * torch.randn(D)
            moved = (ca(x, c2) - base).abs().amax(-1)[0]   # [T]
            expect(bool((moved > 1e-4).all()),
                   (f"changing patch {n} should change the output at EVERY text position (no causal mask over "
                    f"the image); smallest change {fmt(moved.min())}",
                    f"パッチ {n} を変えたら、テキストの「すべての」位置で出力が変わるはずです（画像には因果マスクが"
                    f"ありません）。最小の変化は {fmt(moved.min())} でした"))
        x2 = x.clone()
        x2[:, 1:] = 3 * torch.randn(4, D)   # change every text token except position 0
        moved0 = float((ca(x2, context) - base)[0, 0].abs().max())
    expect(moved0 < 1e-5,
           (f"changing the text at positions 1..4 changed the output at position 0 by {fmt(moved0)}: each "
            f"query attends to the image on its own (keys and values come from the context, not from x; the "
            f"softmax runs over the patches, the last axis)",
            f"位置 1..4 のテキストを変えたら位置 0 の出力が {fmt(moved0)} 変わりました。各クエリは独立に画像へ"
            f"注意します（キーとバリューは x ではなくコンテキストから作り、softmax はパッチ、つまり最後の軸に"
            f"ついてとります）"))


def test_gradients_reach_every_part(kata):
    ca = kata.CrossAttention(D, NH)
    x = torch.randn(2, 3, D, requires_grad=True)
    context = torch.randn(2, 4, D, requires_grad=True)
    out = ca(x, context)
    if not expect_shape(out, (2, 3, D), ("CrossAttention output", "CrossAttention の出力")):
        return
    out.pow(2).sum().backward()
    for name in ("q.weight", "kv.weight", "kv.bias", "proj.weight"):
        expect_grad(ca.get_parameter(name), (f"CrossAttention.{name}", f"CrossAttention の {name}"))
    expect_grad(x, ("the text x (the queries)", "テキスト x（クエリ）"))
    expect_grad(context, ("the image context (keys and values)", "画像のコンテキスト（キーとバリュー）"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.CrossAttention, 10, 3,
                  what=("CrossAttention(dim=10, n_head=3) (10 is not divisible by 3)",
                        "CrossAttention(dim=10, n_head=3)（10 は 3 で割り切れない）"))
    ca = kata.CrossAttention(D, NH)
    expect_raises(ValueError, ca, torch.randn(2, 3, D), torch.randn(2, 4, D + 1),
                  what=(f"a context with last dimension {D + 1} instead of {D}",
                        f"最後の次元が {D} ではなく {D + 1} のコンテキスト"))
    expect_raises(ValueError, ca, torch.randn(2, 3, D), torch.randn(3, 4, D),
                  what=("x with batch 2 and a context with batch 3", "バッチ 2 の x とバッチ 3 のコンテキスト"))
