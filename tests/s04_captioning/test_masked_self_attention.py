"""Specs for katas/s04_captioning/masked_self_attention.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

D, NH = 16, 4


def decoder_style_mask(real):
    """real [B, T] bool -> [B, 1, T, T]: causal and no PAD keys (True = may attend)."""
    T = real.shape[1]
    return torch.tril(torch.ones(T, T, dtype=torch.bool)) & real[:, None, None, :]


def oracle(attn, x, mask):
    """The same attention from F.scaled_dot_product_attention, with the module's own weights."""
    B, T, _ = x.shape
    q, k, v = attn.qkv(x).split(D, dim=-1)
    q, k, v = (t.view(B, T, NH, D // NH).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return attn.proj(y.transpose(1, 2).reshape(B, T, D))


def test_parts(kata):
    attn = kata.MaskedSelfAttention(D, NH, dropout=0.1)
    for name, shape in (("qkv", (3 * D, D)), ("proj", (D, D))):
        layer = getattr(attn, name, None)
        got = tuple(layer.weight.shape) if isinstance(layer, torch.nn.Linear) else None
        expect(got == shape, (f".{name} should be an nn.Linear with weight {shape}, got {got}",
                              f".{name} は重みが {shape} の nn.Linear のはずですが、{got} でした"))
    ps = tuple(getattr(getattr(attn, n, None), "p", None) for n in ("attn_dropout", "resid_dropout"))
    expect(ps == (0.1, 0.1), (f"attn_dropout and resid_dropout should have p = 0.1, got {ps}",
                              f"attn_dropout と resid_dropout の p は 0.1 のはずですが、{ps} でした"))
    expect(getattr(attn, "n_head", None) == NH, (f".n_head should be {NH}", f".n_head は {NH} のはずです"))


def test_matches_scaled_dot_product_attention(kata):
    attn = kata.MaskedSelfAttention(D, NH)
    x = torch.randn(2, 6, D)
    real = torch.tensor([[True] * 4 + [False] * 2, [True] * 6])
    cases = [
        (decoder_style_mask(real), ("a decoder mask [B, 1, T, T] (causal, PADs hidden)",
                                    "デコーダのマスク [B, 1, T, T]（因果的で PAD を隠す）")),
        (torch.tril(torch.ones(6, 6, dtype=torch.bool)), ("a causal mask [T, T]", "因果マスク [T, T]")),
        (None, ("mask=None (nothing masked)", "mask=None（何もマスクしない）")),
    ]
    for mask, (what_en, what_ja) in cases:
        with torch.no_grad():
            got = attn(x, mask)
            want = oracle(attn, x, mask)
        if expect_shape(got, (2, 6, D), (f"output with {what_en}", f"{what_ja}での出力")):
            expect_close(got, want, atol=1e-5,
                         what=(f"MaskedSelfAttention with {what_en} vs F.scaled_dot_product_attention(q, k, v, "
                               f"attn_mask=mask) (True = may attend; -inf BEFORE the softmax; divide by "
                               f"sqrt(dim / n_head))",
                               f"{what_ja}での MaskedSelfAttention と F.scaled_dot_product_attention(q, k, v, "
                               f"attn_mask=mask) の比較（True = 注意してよい。softmax の「前」に -inf。"
                               f"sqrt(dim / n_head) で割る）"))


def test_masked_keys_and_future_tokens_do_not_leak(kata):
    attn = kata.MaskedSelfAttention(D, NH)
    x = torch.randn(1, 6, D)
    real = torch.tensor([[True, True, False, True, True, True]])  # key 2 is a PAD
    mask = decoder_style_mask(real)
    x2 = x.clone()
    x2[:, 2] = 5 * torch.randn(D)   # change the hidden key ...
    x2[:, 5] = 5 * torch.randn(D)   # ... and the last token
    with torch.no_grad():
        a, b = attn(x, mask), attn(x2, mask)
    if not expect_shape(a, (1, 6, D), ("MaskedSelfAttention output", "MaskedSelfAttention の出力")):
        return
    change = (a - b).abs().amax(-1)[0]  # [T]: how much each position's output moved
    for t in (0, 1, 3, 4):
        expect(float(change[t]) < 1e-5,
               (f"changing token 2 (a hidden key) and token 5 (the future) changed the output at position {t} "
                f"by {fmt(change[t])}: masked keys must get weight exactly 0 (masked_fill with -inf where the "
                f"mask is False, before the softmax)",
                f"トークン 2（隠したキー）とトークン 5（未来）を変えたら、位置 {t} の出力が {fmt(change[t])} "
                f"変わりました。マスクしたキーの重みはちょうど 0 のはずです（mask が False の所を softmax の前に "
                f"-inf で masked_fill します）"))
    expect(float(change[5]) > 1e-4, ("position 5 must still see its own token (it changed but the output did not)",
                                      "位置 5 は自分のトークンを見られるはずです（トークンが変わったのに出力が"
                                      "変わりません）"))


def test_gradients_reach_every_part(kata):
    attn = kata.MaskedSelfAttention(D, NH)
    x = torch.randn(2, 5, D, requires_grad=True)
    out = attn(x, torch.tril(torch.ones(5, 5, dtype=torch.bool)))
    if not expect_shape(out, (2, 5, D), ("MaskedSelfAttention output", "MaskedSelfAttention の出力")):
        return
    out.pow(2).sum().backward()
    for name in ("qkv.weight", "qkv.bias", "proj.weight"):
        expect_grad(attn.get_parameter(name), (f"MaskedSelfAttention.{name}", f"MaskedSelfAttention の {name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.MaskedSelfAttention, 10, 3,
                  what=("MaskedSelfAttention(dim=10, n_head=3) (10 is not divisible by 3)",
                        "MaskedSelfAttention(dim=10, n_head=3)（10 は 3 で割り切れない）"))
    attn = kata.MaskedSelfAttention(D, NH)
    expect_raises(ValueError, attn, torch.randn(1, 5, D), torch.ones(1, 1, 4, 4, dtype=torch.bool),
                  what=("a [1, 1, 4, 4] mask for T = 5", "T = 5 に対する [1, 1, 4, 4] のマスク"))
