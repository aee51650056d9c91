"""Specs for katas/s02_gpt/fused_attention.py.

The oracle is the learner's own hand-written CausalSelfAttention with the same weights; a spy
around F.scaled_dot_product_attention shows that the fused kernel really runs, and with which
arguments.
"""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt

C, NH, BS = 16, 4, 8
HS = C // NH
ARGS = ("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale", "enable_gqa")


def spy_on_sdpa(kata, monkeypatch):
    """Wrap F.scaled_dot_product_attention; returns the list of calls (a dict of arguments each)."""
    real = F.scaled_dot_product_attention
    calls = []

    def spy(*args, **kwargs):
        call = dict(zip(ARGS, args))
        call.update(kwargs)
        calls.append(call)
        return real(*args, **kwargs)

    monkeypatch.setattr(F, "scaled_dot_product_attention", spy)
    if getattr(kata, "scaled_dot_product_attention", None) is real:  # from torch.nn.functional import …
        monkeypatch.setattr(kata, "scaled_dot_product_attention", spy)
    return calls


def pair(kata, dropout=0.0):
    """Your hand-written module and a fused one with the same weights, both in eval mode."""
    hand = kata.CausalSelfAttention(C, NH, BS, dropout=dropout)
    fused = kata.FusedCausalSelfAttention(C, NH, BS, dropout=dropout)
    # strict=False: a mismatch of names is the state_dict spec's to report, with its own message.
    fused.load_state_dict(hand.state_dict(), strict=False)
    return hand.eval(), fused.eval()


def _mistakes(q, k, v):
    hs = q.shape[-1]
    return [
        (("the kernel was not told the attention is causal: pass is_causal=True",
          "カーネルに因果的であることが伝わっていません。is_causal=True を渡しましょう"),
         F.scaled_dot_product_attention(q, k, v)),
        ((f"the scores were scaled by 1/sqrt(n_embd); leave `scale` out (its default is 1/sqrt(hs) "
          f"= 1/sqrt({hs}))",
          f"スコアが 1/sqrt(n_embd) でスケーリングされています。`scale` は渡さないでください（既定値は "
          f"1/sqrt(hs) = 1/sqrt({hs}) です）"),
         F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=1 / math.sqrt(C))),
    ]


def test_equals_your_hand_written_attention(kata):
    hand, fused = pair(kata)
    for T in (BS, 5, 1):
        q, k, v = (torch.randn(2, NH, T, HS) for _ in range(3))
        x = torch.randn(2, T, C)
        with torch.no_grad():
            got = fused.attend(q, k, v)
            what = (f"FusedCausalSelfAttention.attend vs your CausalSelfAttention.attend, T={T} "
                    f"(eval mode)",
                    f"T={T} での FusedCausalSelfAttention.attend とあなたの CausalSelfAttention.attend "
                    f"の比較（評価モード）")
            if not expect_shape(got, (2, NH, T, HS), what):
                return
            if not expect_close(got, hand.attend(q, k, v), atol=1e-5, what=what):
                for message, value in _mistakes(q, k, v):
                    if torch.allclose(got, value, atol=1e-5):
                        expect(False, message)
                        break
                return
            expect_close(fused(x), hand(x), atol=1e-5,
                         what=(f"FusedCausalSelfAttention vs your CausalSelfAttention with the same "
                               f"weights, x [2, {T}, {C}]",
                               f"同じ重みの FusedCausalSelfAttention とあなたの CausalSelfAttention の"
                               f"比較、x [2, {T}, {C}]"))


def test_calls_the_fused_kernel(kata, monkeypatch):
    _, fused = pair(kata)
    calls = spy_on_sdpa(kata, monkeypatch)
    x = torch.randn(2, 6, C)
    with torch.no_grad():
        out = fused(x)
    if not expect(len(calls) == 1,
                  (f"one forward pass should call F.scaled_dot_product_attention once (inside "
                   f"attend); it was called {len(calls)} times",
                   f"1 回の順伝播で F.scaled_dot_product_attention を（attend の中で）1 回呼ぶはずですが、"
                   f"{len(calls)} 回でした")):
        return
    call = calls[0]
    expect(call.get("is_causal") is True,
           (f"call it with is_causal=True (got is_causal={call.get('is_causal')!r}): the kernel then "
            f"skips the masked half instead of reading a [T, T] mask",
            f"is_causal=True で呼びましょう（is_causal={call.get('is_causal')!r} でした）。そうすれば"
            f"カーネルは [T, T] のマスクを読まずに、マスクされる半分を飛ばせます"))
    expect(call.get("attn_mask") is None,
           ("pass no attn_mask: is_causal=True is the mask", "attn_mask は渡しません。is_causal=True がマスクです"))
    want = (2, NH, 6, HS)
    got = tuple(tuple(int(s) for s in call[n].shape) for n in ("query", "key", "value") if n in call)
    expect(got == (want, want, want),
           (f"the kernel should get q, k, v [B, nh, T, hs] = {want}, got {got}",
            f"カーネルには q, k, v [B, nh, T, hs] = {want} を渡すはずですが、{got} でした"))
    expect_shape(out, (2, 6, C), ("FusedCausalSelfAttention output [B, T, C]",
                                  "FusedCausalSelfAttention の出力 [B, T, C]"))


def test_dropout_only_while_training(kata, monkeypatch):
    hand, fused = pair(kata, dropout=0.5)
    calls = spy_on_sdpa(kata, monkeypatch)
    q, k, v = (torch.randn(2, NH, 6, HS) for _ in range(3))
    with torch.no_grad():
        fused.train()
        a, b = fused.attend(q, k, v), fused.attend(q, k, v)
        fused.eval()
        c = fused.attend(q, k, v)
    if not expect(len(calls) == 3, (f"each attend should call F.scaled_dot_product_attention once; "
                                    f"3 calls made {len(calls)}",
                                    f"attend は毎回 F.scaled_dot_product_attention を 1 回呼ぶはずですが、"
                                    f"3 回の呼び出しで {len(calls)} 回でした")):
        return
    p_train, p_eval = (float(calls[i].get("dropout_p", 0.0)) for i in (0, 2))
    expect(p_train == 0.5,
           (f"in train mode pass dropout_p = self.attn_dropout.p = 0.5, got {fmt(p_train)} (the kernel "
            f"drops attention weights itself; an nn.Dropout around its result would drop outputs)",
            f"訓練モードでは dropout_p = self.attn_dropout.p = 0.5 を渡します（{fmt(p_train)} でした）。"
            f"カーネル自身がアテンションの重みを落とします。結果に nn.Dropout をかけると出力を落として"
            f"しまいます"))
    expect(p_eval == 0.0,
           (f"in eval mode pass dropout_p = 0.0, got {fmt(p_eval)} (look at self.training)",
            f"評価モードでは dropout_p = 0.0 を渡します（{fmt(p_eval)} でした）。self.training を見ましょう"))
    expect(not torch.allclose(a, b),
           ("in train mode with dropout=0.5 two calls of attend should differ (random dropout)",
            "dropout=0.5 の訓練モードでは、attend を 2 回呼ぶと結果が異なるはずです（ランダムなドロップアウト）"))
    with torch.no_grad():
        expect_close(c, hand.attend(q, k, v), atol=1e-5,
                     what=("attend with dropout=0.5 in eval mode vs your hand-written attend "
                           "(no dropout in eval mode)",
                           "dropout=0.5 の評価モードでの attend と、手書きの attend の比較"
                           "（評価モードではドロップアウトなし）"))


def test_same_parameters_and_the_class_swap(kata):
    # Checkpoints interchange, and the trainer can switch a built model by swapping the class.
    cls = kata.FusedCausalSelfAttention
    expect(issubclass(cls, kata.CausalSelfAttention),
           ("FusedCausalSelfAttention should subclass your CausalSelfAttention",
            "FusedCausalSelfAttention はあなたの CausalSelfAttention のサブクラスのはずです"))
    own = sorted(n for n in ("__init__", "forward") if n in vars(cls))
    expect(not own, (f"override attend only; FusedCausalSelfAttention also defines {own} (inherit them, so "
                     f"a model can switch by `module.__class__ = FusedCausalSelfAttention`)",
                     f"オーバーライドするのは attend だけです。FusedCausalSelfAttention は {own} も定義しています"
                     f"（継承すれば `module.__class__ = FusedCausalSelfAttention` で切り替えられます）"))
    hand, fused = pair(kata)
    want = {n: tuple(t.shape) for n, t in hand.state_dict().items()}
    got = {n: tuple(t.shape) for n, t in fused.state_dict().items()}
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    expect(not extra and not missing,
           (f"the state_dict should have the same entries as CausalSelfAttention's (extra: {extra}, "
            f"missing: {missing}); add no parameters or buffers",
            f"state_dict の項目は CausalSelfAttention と同じはずです（余分: {extra}、不足: {missing}）。"
            f"パラメータやバッファを追加しないでください"))
    module = kata.CausalSelfAttention(C, NH, BS).eval()
    x = torch.randn(2, 7, C)
    with torch.no_grad():
        before = module(x)
        module.__class__ = cls
        after = module(x)
    expect_close(after, before, atol=1e-5,
                 what=("a CausalSelfAttention switched with `module.__class__ = FusedCausalSelfAttention` "
                       "vs before the switch",
                       "`module.__class__ = FusedCausalSelfAttention` で切り替えた CausalSelfAttention と"
                       "切り替え前の比較"))


def test_gradients_match_the_hand_written_path(kata):
    hand, fused = pair(kata)
    hand.train()
    fused.train()  # dropout 0: train mode is deterministic here
    x = torch.randn(2, 5, C)
    grads = {}
    for name, module in (("hand", hand), ("fused", fused)):
        xi = x.clone().requires_grad_(True)
        module(xi).pow(2).sum().backward()
        grads[name] = {"x": xi.grad, **{n: p.grad for n, p in module.named_parameters()}}
        if name == "fused":
            expect_grad(xi, ("the input x of FusedCausalSelfAttention", "FusedCausalSelfAttention の入力 x"))
            for n in ("c_attn.weight", "c_proj.weight"):
                if not expect_grad(module.get_parameter(n), (f"FusedCausalSelfAttention.{n}",
                                                             f"パラメータ FusedCausalSelfAttention.{n}")):
                    return
    for n, g in grads["hand"].items():
        if g is not None and grads["fused"].get(n) is not None:
            expect_close(grads["fused"][n], g, atol=1e-4,
                         what=(f"gradient of {n}: fused vs your hand-written attention",
                               f"{n} の勾配: 融合版と手書きのアテンションの比較"))
