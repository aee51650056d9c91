"""Specs for katas/s02_gpt/causal_self_attention.py.

Value checks compare with F.scaled_dot_product_attention; when the output is off, `_diagnose`
names the first classic mistake it matches (no 1/sqrt(hs), mask after the softmax, …).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

C, NH, BS = 16, 4, 8
HS = C // NH


def heads(t, B, T):
    return t.view(B, T, NH, HS).transpose(1, 2)


def sdpa_oracle(attn, x):
    """The same c_attn split, attention by torch's own kernel, the same c_proj."""
    B, T, _ = x.shape
    q, k, v = (heads(t, B, T) for t in attn.c_attn(x).split(C, dim=2))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return attn.c_proj(y.transpose(1, 2).reshape(B, T, C))


def _attend_mistakes(q, k, v):
    """The classic wrong attentions, each ((en, ja), value)."""
    T, hs = q.shape[-2], q.shape[-1]
    keep = torch.ones(T, T).tril().bool()
    raw = q @ k.transpose(-2, -1)

    def masked_softmax(s, mask=keep, dim=-1):
        return torch.softmax(s.masked_fill(~mask, float("-inf")), dim=dim)

    return [
        (("the scores were not scaled: divide q @ kᵀ by sqrt(hs)",
          "スコアがスケーリングされていません。q @ kᵀ を sqrt(hs) で割りましょう"),
         masked_softmax(raw) @ v),
        ((f"the scores were divided by sqrt(n_embd) = sqrt({C}); use the HEAD size hs = "
          f"q.shape[-1] = {hs}",
          f"スコアを sqrt(n_embd) = sqrt({C}) で割っています。ヘッドのサイズ hs = q.shape[-1] = {hs} "
          f"を使いましょう"),
         masked_softmax(raw / math.sqrt(C)) @ v),
        (("the mask was applied after the softmax: set the future scores to -inf BEFORE softmax, "
          "so each row still sums to 1",
          "マスクを softmax の後にかけています。未来のスコアを softmax の「前」に -inf にすれば、"
          "各行の和は 1 のままです"),
         (torch.softmax(raw / math.sqrt(hs), -1) * keep) @ v),
        (("the mask is the wrong triangle (triu): position i may see j <= i, the lower triangle "
          "(torch.tril)",
          "マスクの三角形が逆（triu）です。位置 i が見てよいのは j <= i、つまり下三角（torch.tril）です"),
         masked_softmax(raw / math.sqrt(hs), keep.T) @ v),
        (("the softmax ran over the wrong axis: normalise over the keys, dim=-1",
          "softmax の軸が違います。キーの軸 dim=-1 で正規化しましょう"),
         masked_softmax(raw / math.sqrt(hs), dim=-2) @ v),
        (("the causal mask is missing: position i must not see j > i",
          "因果マスクがありません。位置 i は j > i を見てはいけません"),
         torch.softmax(raw / math.sqrt(hs), -1) @ v),
    ]


def _forward_mistakes(attn, x):
    """Wrong ways to split and merge the heads, each ((en, ja), value)."""
    B, T, _ = x.shape
    qkv = attn.c_attn(x).split(C, dim=2)
    reshaped = [t.reshape(B, NH, T, HS) for t in qkv]
    y_bad_split = F.scaled_dot_product_attention(*reshaped, is_causal=True).transpose(1, 2)
    q, k, v = (heads(t, B, T) for t in qkv)
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    out = []
    try:  # forward right, attend wrong: send the learner to the attend spec
        own = attn.c_proj(attn.attend(q, k, v).transpose(1, 2).reshape(B, T, C))
        out.append((("the head split and merge look right, but attend(q, k, v) is off: see the attend "
                     "spec", "ヘッドの分割と結合は正しいようですが、attend(q, k, v) がずれています。"
                     "attend のスペックを見てください"), own))
    except Exception:  # noqa: BLE001 — the attend spec reports it
        pass
    out.append((("the heads were made with reshape(B, nh, T, hs) straight from [B, T, C], which mixes "
                 "tokens: view(B, T, nh, hs) first, then transpose(1, 2)",
                 "[B, T, C] からいきなり reshape(B, nh, T, hs) でヘッドを作っていて、トークンが混ざっています。"
                 "先に view(B, T, nh, hs)、それから transpose(1, 2) です"),
                attn.c_proj(y_bad_split.reshape(B, T, C))))
    out.append((("the heads were merged without transpose(1, 2): [B, nh, T, hs] -> transpose(1, 2) "
                 "-> contiguous().view(B, T, C)",
                 "transpose(1, 2) をせずにヘッドをまとめています。[B, nh, T, hs] -> transpose(1, 2) "
                 "-> contiguous().view(B, T, C) です"),
                attn.c_proj(y.reshape(B, T, C))))
    for order, (en, ja) in (((1, 0, 2), ("q and k", "q と k")), ((2, 1, 0), ("q and v", "q と v")),
                            ((0, 2, 1), ("k and v", "k と v"))):
        a, b, c = (heads(qkv[i], B, T) for i in order)
        out.append(((f"{en} are swapped: c_attn(x).split(C, dim=2) gives q, k, v in that order",
                     f"{ja} が入れ替わっています。c_attn(x).split(C, dim=2) は q, k, v の順に返します"),
                    attn.c_proj(F.scaled_dot_product_attention(a, b, c, is_causal=True)
                                .transpose(1, 2).reshape(B, T, C))))
    out.append((("c_proj is missing: the merged heads go through c_proj (then resid_dropout)",
                 "c_proj がありません。まとめたヘッドは c_proj（その後 resid_dropout）を通します"),
                y.transpose(1, 2).reshape(B, T, C)))
    return out


def _diagnose(got, mistakes):
    """After a failed comparison: name the first known mistake that `got` matches."""
    if not isinstance(got, torch.Tensor):
        return
    for message, value in mistakes:
        if value.shape == got.shape and torch.allclose(got, value, atol=1e-5):
            expect(False, message)
            return


def test_attend_matches_scaled_dot_product_attention(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    attn.eval()
    for T in (BS, 5, 1):
        q, k, v = (torch.randn(2, NH, T, HS) for _ in range(3))
        with torch.no_grad():
            got = attn.attend(q, k, v)
            what = (f"attend(q, k, v) with T={T} vs F.scaled_dot_product_attention(is_causal=True)",
                    f"T={T} での attend(q, k, v) と F.scaled_dot_product_attention(is_causal=True) の比較")
            if not expect_shape(got, (2, NH, T, HS), what):
                return
            if not expect_close(got, F.scaled_dot_product_attention(q, k, v, is_causal=True),
                                atol=1e-5, what=what):
                _diagnose(got, _attend_mistakes(q, k, v))
                return


def test_forward_matches_the_oracle(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    attn.eval()
    for T in (BS, 3):
        x = torch.randn(2, T, C)
        with torch.no_grad():
            got = attn(x)
            what = (f"CausalSelfAttention output for T={T} vs c_proj(F.scaled_dot_product_attention"
                    f"(is_causal=True)) on the same q, k, v split",
                    f"T={T} での CausalSelfAttention の出力と、同じ q, k, v の分割に "
                    f"F.scaled_dot_product_attention(is_causal=True) を使って c_proj したものの比較")
            if not expect_shape(got, (2, T, C), what):
                return
            if not expect_close(got, sdpa_oracle(attn, x), atol=1e-5, what=what):
                _diagnose(got, _forward_mistakes(attn, x))
                return


def test_forward_delegates_to_attend(kata):
    # The fused_attention kata overrides attend() only, so forward must call it (once).
    attn = kata.CausalSelfAttention(C, NH, BS)
    attn.eval()
    calls = []

    def spy(q, k, v):
        calls.append((tuple(q.shape), tuple(k.shape), tuple(v.shape)))
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    attn.attend = spy  # an instance attribute shadows the method
    x = torch.randn(2, 6, C)
    with torch.no_grad():
        out = attn(x)
    want = (2, NH, 6, HS)
    if not expect(len(calls) == 1,
                  (f"forward should call self.attend(q, k, v) exactly once; it called it {len(calls)} "
                   f"times (do not write the attention inside forward)",
                   f"forward は self.attend(q, k, v) をちょうど 1 回呼ぶはずですが、{len(calls)} 回"
                   f"でした（アテンションを forward の中に直接書かないでください）")):
        return
    expect(calls[0] == (want, want, want),
           (f"self.attend should get q, k, v of shape [B, nh, T, hs] = {want}, got {calls[0]}",
            f"self.attend には形状 [B, nh, T, hs] = {want} の q, k, v を渡すはずですが、{calls[0]} でした"))
    with torch.no_grad():
        expect_close(out, sdpa_oracle(attn, x), atol=1e-5,
                     what=("forward output when attend is replaced by torch's kernel",
                           "attend を torch のカーネルに差し替えたときの forward の出力"))


def test_no_information_from_the_future(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(1, 6, C)
    t = 2
    x2 = x.clone()
    x2[:, t + 1:] += torch.randn(1, 6 - t - 1, C)  # change only the tokens after t
    with torch.no_grad():
        a, b = attn(x), attn(x2)
    if expect_close(b[:, :t + 1], a[:, :t + 1], atol=1e-6,
                    what=(f"outputs at positions 0..{t} after changing tokens {t + 1}.. (the mask must "
                          f"hide the future: j <= i only)",
                          f"トークン {t + 1} 以降を変えた後の位置 0..{t} の出力（マスクで未来を隠す"
                          f"必要があります。見てよいのは j <= i だけです）")):
        expect(not torch.allclose(b[:, t + 1:], a[:, t + 1:]),
               ("outputs after t did not change when their own tokens changed",
                "t より後の出力が、自分自身のトークンを変えても変わりませんでした"))


def test_gradients_reach_every_weight(kata):
    attn = kata.CausalSelfAttention(C, NH, BS)
    x = torch.randn(2, 4, C, requires_grad=True)
    attn(x).pow(2).sum().backward()
    for name in ("c_attn.weight", "c_attn.bias", "c_proj.weight", "c_proj.bias"):
        expect_grad(attn.get_parameter(name), (f"CausalSelfAttention.{name}",
                                               f"パラメータ CausalSelfAttention.{name}"))
    expect_grad(x, ("the input x", "入力 x"))


def test_parts_and_bad_input(kata):
    attn = kata.CausalSelfAttention(C, NH, BS, dropout=0.25, bias=False)
    expect(getattr(attn, "n_head", None) == NH, (f"attn.n_head should be {NH}",
                                                 f"attn.n_head は {NH} のはずです"))
    for name, shape in (("c_attn", (3 * C, C)), ("c_proj", (C, C))):
        layer = getattr(attn, name, None)
        if expect(isinstance(layer, nn.Linear), (f"attn.{name} should be an nn.Linear",
                                                 f"attn.{name} は nn.Linear のはずです")):
            got = tuple(int(s) for s in layer.weight.shape)
            expect(got == shape, (f"attn.{name}.weight should be {shape}, got {got}",
                                  f"attn.{name}.weight は {shape} のはずですが、{got} でした"))
            expect(layer.bias is None, (f"attn.{name} should have no bias when bias=False",
                                        f"bias=False のとき attn.{name} にバイアスはないはずです"))
    for name in ("attn_dropout", "resid_dropout"):
        d = getattr(attn, name, None)
        expect(isinstance(d, nn.Dropout) and d.p == 0.25,
               (f"attn.{name} should be nn.Dropout(0.25) (dropout=0.25 was given)",
                f"attn.{name} は nn.Dropout(0.25) のはずです（dropout=0.25 を渡しました）"))
    expect_raises(ValueError, kata.CausalSelfAttention, 10, 3, BS,
                  what=("CausalSelfAttention(n_embd=10, n_head=3) (10 channels do not split into 3 heads)",
                        "CausalSelfAttention(n_embd=10, n_head=3)（10 チャネルは 3 ヘッドに割り切れません）"))


def test_attention_dropout_acts_on_the_weights(kata):
    # With v = all ones, att @ v is each row's sum of weights, the same in every channel. Dropout
    # on the weights (attn_dropout) changes those sums but keeps the channels equal; dropout on
    # the output would zero single channels; dropout before the softmax would keep every sum at 1.
    attn = kata.CausalSelfAttention(C, NH, BS, dropout=0.5)
    q, k = torch.randn(2, NH, 6, HS), torch.randn(2, NH, 6, HS)
    v = torch.ones(2, NH, 6, HS)
    attn.train()
    with torch.no_grad():
        y = attn.attend(q, k, v)
    if not expect_shape(y, (2, NH, 6, HS), ("attend output in train mode", "訓練モードでの attend の出力")):
        return
    spread = float((y.max(-1).values - y.min(-1).values).max())
    if not expect(spread < 1e-5,
                  (f"with v = ones every channel of a row of attend's output should be equal (spread "
                   f"{fmt(spread)}): apply attn_dropout to the attention WEIGHTS, before @ v, not to "
                   f"the result",
                   f"v がすべて 1 のとき、attend の出力の各行はすべてのチャネルで等しいはずです（ばらつき "
                   f"{fmt(spread)}）。attn_dropout は結果ではなく、@ v の前のアテンションの「重み」にかけましょう")):
        return
    moved = float((y - 1).abs().max())
    if not expect(moved > 0.1,
                  ("in train mode with dropout=0.5, attend's weights should be thinned by attn_dropout "
                   "(after the softmax), but every row still sums to 1",
                   "dropout=0.5 の訓練モードでは、attend の重みは（softmax の後で）attn_dropout により"
                   "間引かれるはずですが、どの行の和も 1 のままです")):
        return
    # In eval mode it must equal the same module built with dropout=0 (your own attend, no dropout).
    plain = kata.CausalSelfAttention(C, NH, BS, dropout=0.0)
    attn.eval()
    with torch.no_grad():
        q, k, v = (torch.randn(2, NH, 6, HS) for _ in range(3))
        expect_close(attn.attend(q, k, v), plain.attend(q, k, v), atol=1e-6,
                     what=("attend with dropout=0.5 in eval mode vs dropout=0 (dropout must be off "
                           "in eval mode)",
                           "dropout=0.5 の評価モードでの attend と dropout=0 の比較（評価モードでは"
                           "ドロップアウトは無効のはずです）"))


def test_residual_dropout_acts_on_the_output(kata):
    # attend is replaced by a dropout-free kernel, so only resid_dropout can randomise forward:
    # about half of the outputs become 0 and the rest are doubled (1 / (1 - p)).
    attn = kata.CausalSelfAttention(C, NH, BS, dropout=0.5)
    calls = []

    def exact(q, k, v):
        calls.append(1)
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    attn.attend = exact
    plain = kata.CausalSelfAttention(C, NH, BS, dropout=0.0)  # your forward without dropout
    plain.load_state_dict(attn.state_dict())
    plain.attend = exact
    x = torch.randn(2, 6, C)
    attn.train()
    with torch.no_grad():
        out = attn(x)
        want = plain(x)
    if not expect(calls, ("forward did not call self.attend (see the delegation spec)",
                          "forward が self.attend を呼んでいません（委譲のスペックを見てください）")):
        return
    if not expect_shape(out, (2, 6, C), ("forward output in train mode", "訓練モードでの forward の出力")):
        return
    zero = out == 0
    frac = float(zero.float().mean())
    if not expect(0.3 < frac < 0.7,
                  (f"with dropout=0.5 in train mode about half of forward's outputs should be 0 "
                   f"(resid_dropout after c_proj); {fmt(frac)} were",
                   f"dropout=0.5 の訓練モードでは forward の出力の約半分が 0 になるはずです（c_proj の後の "
                   f"resid_dropout）。0 になったのは {fmt(frac)} でした")):
        return
    expect_close(out[~zero], 2 * want[~zero], atol=1e-5,
                 what=("the outputs kept by resid_dropout vs 2 × the same module with dropout=0 "
                       "(resid_dropout scales what it keeps by 1 / (1 - p))",
                       "resid_dropout で残った出力と、dropout=0 の同じモジュールの出力の 2 倍の比較"
                       "（resid_dropout は残した値を 1 / (1 - p) 倍します）"))
    attn.eval()
    with torch.no_grad():
        expect_close(attn(x), want, atol=1e-6,
                     what=("forward with dropout=0.5 in eval mode vs dropout=0 (dropout must be off "
                           "in eval mode)",
                           "dropout=0.5 の評価モードでの forward と dropout=0 の比較（評価モードでは"
                           "ドロップアウトは無効のはずです）"))
