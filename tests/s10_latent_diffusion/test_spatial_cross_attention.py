"""Specs for katas/s10_latent_diffusion/spatial_cross_attention.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

QD, CD, H, D = 12, 6, 2, 5   # query width, context width, heads, head width (inner = 10 ≠ QD)


def sdpa_oracle(attn, x, context, attn_mask=None):
    """The same attention from F.scaled_dot_product_attention, with the module's own weights."""
    B, N, _ = x.shape
    L = context.shape[1]
    h, d = attn.n_heads, attn.head_dim
    q = (x @ attn.to_q.weight.T).view(B, N, h, d).transpose(1, 2)
    k = (context @ attn.to_k.weight.T).view(B, L, h, d).transpose(1, 2)
    v = (context @ attn.to_v.weight.T).view(B, L, h, d).transpose(1, 2)
    y = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
    return attn.to_out(y.transpose(1, 2).reshape(B, N, h * d))


def test_matches_scaled_dot_product_attention(kata):
    attn = kata.SpatialCrossAttention(QD, CD, n_heads=H, head_dim=D)
    x, context = torch.randn(2, 9, QD), torch.randn(2, 4, CD)     # 9 pixels (3×3), 4 text tokens
    with torch.no_grad():
        got = attn(x, context)
        want = sdpa_oracle(attn, x, context)
        unscaled = sdpa_oracle(attn, x * D ** 0.5, context)   # the same without ÷ sqrt(d)
    if not expect_shape(got, (2, 9, QD), ("SpatialCrossAttention(x [2, 9, 12], context [2, 4, 6]) -> [B, N, query_dim]",
                                          "SpatialCrossAttention(x [2, 9, 12], context [2, 4, 6]) の出力 [B, N, query_dim]")):
        return
    if torch.allclose(got, unscaled, atol=1e-5):
        expect(False, ("the scores are not divided by sqrt(head_dim): softmax(q kᵀ / sqrt(d))",
                       "スコアが sqrt(head_dim) で割られていません: softmax(q kᵀ / sqrt(d))"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("SpatialCrossAttention vs F.scaled_dot_product_attention with the same weights (q from x, k and v "
                       "from the context; head j = features j·d..(j+1)·d−1; scale 1/sqrt(head_dim); then to_out)",
                       "SpatialCrossAttention と、同じ重みでの F.scaled_dot_product_attention の比較（q は x から、k と v は"
                       "コンテキストから。ヘッド j = 特徴 j·d..(j+1)·d−1。スケール 1/sqrt(head_dim)。最後に to_out）"))


def test_matches_torch_multihead_attention(kata):
    # query_dim = inner = 16 (4 heads of 4), context width 6: nn.MultiheadAttention with kdim = vdim = 6.
    attn = kata.SpatialCrossAttention(16, 6, n_heads=4, head_dim=4)
    mha = nn.MultiheadAttention(16, 4, kdim=6, vdim=6, bias=False, batch_first=True)
    with torch.no_grad():
        mha.q_proj_weight.copy_(attn.to_q.weight)
        mha.k_proj_weight.copy_(attn.to_k.weight)
        mha.v_proj_weight.copy_(attn.to_v.weight)
        mha.out_proj.weight.copy_(attn.to_out.weight)
        x, context = torch.randn(2, 6, 16), torch.randn(2, 3, 6)
        got = attn(x, context)
        want = mha.eval()(x, context, context, need_weights=False)[0] + attn.to_out.bias
    if expect_shape(got, (2, 6, 16), ("SpatialCrossAttention(16, 6, 4 heads of 4)(x [2, 6, 16], context [2, 3, 6])",
                                      "SpatialCrossAttention(16, 6, 4 ヘッド × 4)(x [2, 6, 16], context [2, 3, 6]) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("SpatialCrossAttention vs nn.MultiheadAttention(16, 4, kdim=6, vdim=6) with the same weights "
                           "(+ to_out.bias)",
                           "SpatialCrossAttention と、同じ重みの nn.MultiheadAttention(16, 4, kdim=6, vdim=6) の比較"
                           "（+ to_out.bias）"))


def test_keys_and_values_come_from_the_context(kata):
    attn = kata.SpatialCrossAttention(QD, CD, n_heads=H, head_dim=D)
    x, context = torch.randn(1, 5, QD), torch.randn(1, 4, CD)
    with torch.no_grad():
        base = attn(x, context)
        if not expect_shape(base, (1, 5, QD), ("SpatialCrossAttention output", "SpatialCrossAttention の出力")):
            return
        c2 = context.clone()
        c2[:, 2] = 3 * torch.randn(CD)
        moved = (attn(x, c2) - base).abs().amax(-1)[0]
        expect(bool((moved > 1e-4).all()),
               (f"changing text token 2 should change the output at every pixel (the context supplies the keys "
                f"and values); smallest change {fmt(moved.min())}",
                f"テキストのトークン 2 を変えたら、すべてのピクセルで出力が変わるはずです（キーとバリューは"
                f"コンテキストから作ります）。最小の変化は {fmt(moved.min())} でした"))
        x2 = x.clone()
        x2[:, 1:] = 3 * torch.randn(4, QD)   # change every pixel except pixel 0
        moved0 = float((attn(x2, context) - base)[0, 0].abs().max())
    expect(moved0 < 1e-5,
           (f"changing pixels 1..4 changed the output at pixel 0 by {fmt(moved0)}: with a context, the keys and "
            f"values come from the context only, not from x (and the softmax runs over the text tokens)",
            f"ピクセル 1..4 を変えたら、ピクセル 0 の出力が {fmt(moved0)} 変わりました。コンテキストがあるときは、"
            f"キーとバリューは x ではなくコンテキストだけから作ります（softmax はテキストのトークンについてとります）"))


def test_context_none_is_self_attention(kata):
    attn = kata.SpatialCrossAttention(QD, None, n_heads=H, head_dim=D)
    x = torch.randn(2, 7, QD)
    with torch.no_grad():
        got = attn(x)
        want = sdpa_oracle(attn, x, x)
    if expect_shape(got, (2, 7, QD), ("SpatialCrossAttention(12, None)(x [2, 7, 12]) (self-attention)",
                                      "SpatialCrossAttention(12, None)(x [2, 7, 12]) の出力（自己注意）")):
        expect_close(got, want, atol=1e-5,
                     what=("context None: self-attention, keys and values from x (= SDPA with q, k, v all from x)",
                           "context が None: 自己注意。キーとバリューも x から（q, k, v をすべて x から作った SDPA と同じ）"))
    expect(getattr(attn, "context_dim", None) == QD and tuple(attn.to_k.weight.shape) == (H * D, QD),
           ("SpatialCrossAttention(12, context_dim=None): context_dim falls back to query_dim = 12",
            "SpatialCrossAttention(12, context_dim=None): context_dim は query_dim = 12 になります"))


def test_context_mask_hides_tokens(kata):
    attn = kata.SpatialCrossAttention(QD, CD, n_heads=H, head_dim=D)
    x, context = torch.randn(2, 6, QD), torch.randn(2, 5, CD)
    keep = torch.tensor([[True, True, True, False, False], [True, False, True, True, True]])
    with torch.no_grad():
        got = attn(x, context, keep)
        if not expect_shape(got, (2, 6, QD), ("SpatialCrossAttention with context_mask",
                                              "context_mask 付きの SpatialCrossAttention の出力")):
            return
        want = sdpa_oracle(attn, x, context, keep[:, None, None, :])
        inverted = sdpa_oracle(attn, x, context, ~keep[:, None, None, :])
        if torch.allclose(got, inverted, atol=1e-5):
            expect(False, ("the mask is inverted: True means a real token to KEEP; hide the False ones (-inf before "
                           "the softmax)",
                           "マスクが逆です。True は「残す」本物のトークンです。False のものを隠します（softmax の前に -inf）"))
            return
        expect_close(got, want, atol=1e-5,
                     what=("with context_mask vs F.scaled_dot_product_attention with attn_mask = mask[:, None, None, :]",
                           "context_mask 付きの出力と attn_mask = mask[:, None, None, :] の F.scaled_dot_product_attention の比較"))
        other = context.clone()
        other[~keep] = 10 * torch.randn(int((~keep).sum()), CD)
        expect_close(attn(x, other, keep), got, atol=1e-5,
                     what=("changing the masked text tokens (mask False) must leave the output unchanged",
                           "マスクしたテキストのトークン（mask が False）を変えても、出力は変わらないはずです"))


def test_gradients(kata):
    attn = kata.SpatialCrossAttention(QD, CD, n_heads=H, head_dim=D)
    x = torch.randn(2, 4, QD, requires_grad=True)
    context = torch.randn(2, 3, CD, requires_grad=True)
    out = attn(x, context)
    if not expect_shape(out, (2, 4, QD), ("SpatialCrossAttention output", "SpatialCrossAttention の出力")):
        return
    out.pow(2).sum().backward()
    for name in ("to_q.weight", "to_k.weight", "to_v.weight", "to_out.weight", "to_out.bias"):
        expect_grad(attn.get_parameter(name), (f"SpatialCrossAttention.{name}", f"SpatialCrossAttention の {name}"))
    expect_grad(x, ("the pixels x (queries)", "ピクセル x（クエリ）"))
    expect_grad(context, ("the context (keys and values)", "コンテキスト（キーとバリュー）"))


def test_bad_input(kata):
    attn = kata.SpatialCrossAttention(QD, CD, n_heads=H, head_dim=D)
    x = torch.randn(2, 4, QD)
    expect_raises(ValueError, attn, x,
                  what=("context None for a module with context_dim 6 ≠ query_dim 12",
                        "context_dim 6 ≠ query_dim 12 のモジュールに context None"))
    expect_raises(ValueError, attn, x, torch.randn(2, 3, CD + 1),
                  what=("a context with last axis 7 instead of 6", "最後の軸が 6 ではなく 7 のコンテキスト"))
    expect_raises(ValueError, attn, x, torch.randn(3, 3, CD),
                  what=("x with batch 2 and a context with batch 3", "バッチ 2 の x とバッチ 3 のコンテキスト"))
    expect_raises(ValueError, attn, x, torch.randn(2, 3, CD), torch.ones(2, 4, dtype=torch.bool),
                  what=("a context_mask [2, 4] for a context of 3 tokens", "3 トークンのコンテキストに context_mask [2, 4]"))
    expect_raises(ValueError, attn, torch.randn(2, 2, 2, QD), torch.randn(2, 3, CD),
                  what=("a 4-D x [2, 2, 2, 12] (flatten the pixels to [B, N, C] first)",
                        "4 次元の x [2, 2, 2, 12]（先にピクセルを平らにして [B, N, C] にします）"))
