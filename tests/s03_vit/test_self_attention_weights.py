"""Specs for katas/s03_vit/self_attention_weights.py."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt


def _qkv(m, x, n_head):
    B, T, D = x.shape
    q, k, v = m.qkv(x).split(D, dim=-1)
    return [t.view(B, T, n_head, D // n_head).transpose(1, 2) for t in (q, k, v)]


def _sdpa(m, x, n_head):
    """Oracle: the module's own linear maps around F.scaled_dot_product_attention (no mask)."""
    B, T, D = x.shape
    with torch.no_grad():
        q, k, v = _qkv(m, x, n_head)
        y = F.scaled_dot_product_attention(q, k, v)            # softmax(q kᵀ / sqrt(hd)) v
        return m.proj(y.transpose(1, 2).reshape(B, T, D))


def _torch_mha(m, dim, n_head):
    """Oracle: nn.MultiheadAttention with the same weights; its in_proj is [Wq; Wk; Wv], each with
    head h in rows h·hd … (h+1)·hd - 1: exactly the layout of .qkv."""
    ref = nn.MultiheadAttention(dim, n_head, bias=True, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(m.qkv.weight)
        ref.in_proj_bias.copy_(m.qkv.bias)
        ref.out_proj.weight.copy_(m.proj.weight)
        ref.out_proj.bias.copy_(m.proj.bias)
    return ref.eval()


def _run(m, x, what):
    """m(x) -> (out, weights), or None after saying what came back instead."""
    res = m(x)
    if not expect(isinstance(res, tuple) and len(res) == 2,
                  (f"{what[0]} should return a pair (out, weights), got {type(res).__name__}",
                   f"{what[1]} はペア (out, weights) を返すはずですが、{type(res).__name__} でした")):
        return None
    return res


def test_parts_and_shapes(kata):
    m = kata.MultiHeadSelfAttention(24, 4, dropout=0.1)
    for name, shape in (("qkv", (24, 72)), ("proj", (24, 24))):
        lin = getattr(m, name, None)
        if expect(isinstance(lin, nn.Linear),
                  (f".{name} should be nn.Linear{shape}, got {type(lin).__name__}",
                   f".{name} は nn.Linear{shape} のはずですが、{type(lin).__name__} でした")):
            got = (lin.in_features, lin.out_features)
            expect(got == shape and lin.bias is not None,
                   (f".{name} should be nn.Linear{shape} with a bias, got {lin}",
                    f".{name} はバイアス付きの nn.Linear{shape} のはずですが、{lin} でした"))
    for name in ("attn_dropout", "resid_dropout"):
        d = getattr(m, name, None)
        if expect(isinstance(d, nn.Dropout), (f".{name} should be nn.Dropout(dropout)",
                                              f".{name} は nn.Dropout(dropout) のはずです")):
            expect(d.p == 0.1, (f".{name}.p should be the dropout argument 0.1, got {d.p}",
                                f".{name}.p は引数 dropout の 0.1 のはずですが、{d.p} でした"))
    m.eval()
    for T in (5, 2):
        what = (f"MultiHeadSelfAttention(24, 4) on x [2, {T}, 24]", f"x [2, {T}, 24] に MultiHeadSelfAttention(24, 4)")
        res = _run(m, torch.randn(2, T, 24), what)
        if res is not None:
            expect_shape(res[0], (2, T, 24), (f"{what[0]}: out [B, T, dim]", f"{what[1]}: 出力 out [B, T, dim]"))
            expect_shape(res[1], (2, 4, T, T), (f"{what[0]}: weights [B, n_head, T, T]",
                                                f"{what[1]}: 注意の重み weights [B, n_head, T, T]"))


def test_weights_are_softmax_rows_over_the_keys(kata):
    m = kata.MultiHeadSelfAttention(16, 2)
    res = _run(m, 2 * torch.randn(3, 6, 16), ("MultiHeadSelfAttention(16, 2)", "MultiHeadSelfAttention(16, 2)"))
    if res is None or not expect_shape(res[1], (3, 2, 6, 6), ("weights [B, n_head, T, T]",
                                                              "注意の重み weights [B, n_head, T, T]")):
        return
    w = res[1].detach()
    expect(bool((w >= 0).all()), (f"attention weights should be >= 0 (a softmax), got a minimum {fmt(w.min())}",
                                  f"注意の重みは 0 以上のはずです（softmax）が、最小値は {fmt(w.min())} でした"))
    rows = w.sum(-1)
    if not torch.allclose(rows, torch.ones_like(rows), atol=1e-5) and \
            torch.allclose(w.sum(-2), torch.ones_like(rows), atol=1e-5):
        expect(False, ("the columns sum to 1, not the rows: take the softmax over the LAST axis (the keys), "
                       "so each query's weights form a distribution",
                       "和が 1 になっているのが行ではなく列です。softmax は「最後の軸」（キーの軸）でとり、"
                       "各クエリの重みが分布になるようにしましょう"))
    else:
        expect_close(rows, torch.ones_like(rows), atol=1e-5,
                     what=("each row of weights (one query over all keys) sums to 1",
                           "weights の各行（1 つのクエリのすべてのキーへの重み）の和は 1 です"))
    # No causal mask: a query also attends to the keys after it.
    upper = w.triu(1)
    expect(float(upper.sum()) > 1e-3,
           ("the weights above the diagonal are 0: that is GPT's causal mask; in a ViT every patch "
            "attends to every patch, so use no mask",
            "対角より上の重みが 0 です。それは GPT の因果マスクです。ViT ではどのパッチもすべてのパッチに注意を"
            "向けるので、マスクは使いません"))


def test_matches_scaled_dot_product_attention(kata):
    m = kata.MultiHeadSelfAttention(32, 4)
    x = torch.randn(2, 7, 32)
    res = _run(m, x, ("MultiHeadSelfAttention(32, 4)", "MultiHeadSelfAttention(32, 4)"))
    if res is None or not expect_shape(res[0], (2, 7, 32), ("out [B, T, dim]", "出力 out [B, T, dim]")):
        return
    out, w = res[0].detach(), res[1].detach()
    with torch.no_grad():
        q, k, v = _qkv(m, x, 4)
        scores = q @ k.transpose(-2, -1)
        want_w = torch.softmax(scores / math.sqrt(8), dim=-1)
    if w.shape == want_w.shape and torch.allclose(w, torch.softmax(scores, dim=-1), atol=1e-5):
        expect(False, ("the weights are softmax(q kᵀ) without the 1/sqrt(head_dim) scale; divide the "
                       "scores by sqrt(dim / n_head) before the softmax",
                       "重みが 1/sqrt(head_dim) の縮尺なしの softmax(q kᵀ) になっています。softmax の前にスコアを "
                       "sqrt(dim / n_head) で割りましょう"))
        return
    if w.shape == want_w.shape and torch.allclose(w, torch.softmax(scores.transpose(-2, -1) / math.sqrt(8), -1),
                                                  atol=1e-5):
        expect(False, ("the weights are softmax(k qᵀ): queries and keys are swapped (row i should be what "
                       "token i attends to: q_i · k_j over j)",
                       "重みが softmax(k qᵀ) になっていて、クエリとキーが入れ替わっています（行 i はトークン i が"
                       "注意を向ける先、つまり j についての q_i · k_j です）"))
        return
    expect_close(w, want_w, atol=1e-5,
                 what=("weights vs softmax(q kᵀ / sqrt(head_dim)) from .qkv (q, k, v in that order, head h "
                       "in features h·hd … (h+1)·hd - 1 of each)",
                       "weights と .qkv から作った softmax(q kᵀ / sqrt(head_dim)) の比較（q, k, v の順、各ブロックの"
                       "特徴 h·hd … (h+1)·hd - 1 がヘッド h）"))
    with torch.no_grad():
        y = (want_w @ v)                                       # [B, H, T, hd]
        jumbled = m.proj(y.reshape(2, 7, 32))                  # heads merged without the transpose
    if torch.allclose(out, jumbled, atol=1e-5):
        expect(False, ("the heads are merged in the wrong order: y [B, n_head, T, hd] needs transpose(1, 2) "
                       "to [B, T, n_head, hd] before reshape to [B, T, dim]",
                       "ヘッドを結合する順が違います。y [B, n_head, T, hd] は transpose(1, 2) で [B, T, n_head, hd] "
                       "にしてから [B, T, dim] に reshape します"))
    else:
        expect_close(out, _sdpa(m, x, 4), atol=1e-5,
                     what=("out vs proj(F.scaled_dot_product_attention(q, k, v)) with no mask",
                           "out とマスクなしの proj(F.scaled_dot_product_attention(q, k, v)) の比較"))


def test_matches_nn_multihead_attention(kata):
    m = kata.MultiHeadSelfAttention(16, 4)
    x = torch.randn(3, 5, 16)
    res = _run(m, x, ("MultiHeadSelfAttention(16, 4)", "MultiHeadSelfAttention(16, 4)"))
    if res is None:
        return
    ref = _torch_mha(m, 16, 4)
    with torch.no_grad():
        want_out, want_w = ref(x, x, x, need_weights=True, average_attn_weights=False)
        _, want_avg = ref(x, x, x, need_weights=True, average_attn_weights=True)
    if expect_shape(res[0], (3, 5, 16), ("out [B, T, dim]", "出力 out [B, T, dim]")):
        expect_close(res[0], want_out, atol=1e-5,
                     what=("out vs nn.MultiheadAttention with the same weights (no mask)",
                           "out と同じ重みの nn.MultiheadAttention（マスクなし）の比較"))
    if expect_shape(res[1], (3, 4, 5, 5), ("weights [B, n_head, T, T]", "注意の重み weights [B, n_head, T, T]")):
        expect_close(res[1], want_w, atol=1e-5,
                     what=("per-head weights vs nn.MultiheadAttention(average_attn_weights=False)",
                           "ヘッドごとの weights と nn.MultiheadAttention(average_attn_weights=False) の比較"))
        expect_close(res[1].mean(1), want_avg, atol=1e-5,
                     what=("weights averaged over the heads vs nn.MultiheadAttention's averaged weights",
                           "ヘッドで平均した weights と nn.MultiheadAttention の平均の重みの比較"))


def test_every_token_sees_every_token(kata):
    m = kata.MultiHeadSelfAttention(8, 2)
    x = torch.randn(1, 4, 8)
    x2 = x.clone()
    x2[:, -1] = torch.randn(8)      # change only the LAST token
    with torch.no_grad():
        a, b = _run(m, x, ("MultiHeadSelfAttention", "MultiHeadSelfAttention")), m(x2)
    if a is None or not expect_shape(a[0], (1, 4, 8), ("out [1, 4, 8]", "出力 out [1, 4, 8]")):
        return
    diff = float((a[0][:, 0] - b[0][:, 0]).abs().max())
    expect(diff > 1e-4,
           (f"changing the last token left the output at position 0 unchanged (max change {fmt(diff)}): "
            f"a causal mask hides the later tokens, but in a ViT every patch sees every patch",
            f"最後のトークンを変えても位置 0 の出力が変わりません（最大の変化 {fmt(diff)}）。因果マスクが後ろの"
            f"トークンを隠しています。ViT ではどのパッチもすべてのパッチを見ます"))


def test_dropout_hits_the_used_weights_not_the_returned_ones(kata):
    m = kata.MultiHeadSelfAttention(16, 4, dropout=0.5)
    x = torch.randn(2, 6, 16)
    m.eval()
    res = _run(m, x, ("MultiHeadSelfAttention(dropout=0.5) in eval mode",
                      "eval モードの MultiHeadSelfAttention(dropout=0.5)"))
    if res is None:
        return
    out_eval, w_eval = res[0].detach(), res[1].detach()
    expect_close(out_eval, _sdpa(m, x, 4), atol=1e-5,
                 what=("eval mode: dropout is off, so out matches the attention without dropout",
                       "eval モード: ドロップアウトは無効なので、out はドロップアウトなしの注意と一致します"))
    m.train()
    m.resid_dropout.p = 0.0           # only attn_dropout is random now
    out_train, w_train = (t.detach() for t in m(x))
    expect_close(w_train, w_eval, atol=1e-6,
                 what=("train mode: the RETURNED weights are the softmax before attn_dropout (rows sum to 1)",
                       "訓練モード: 「返す」weights は attn_dropout をかける前の softmax です（各行の和は 1）"))
    change = float((out_train - out_eval).abs().max())
    expect(change > 1e-3,
           (f"train mode with attn_dropout p=0.5: out should change (the dropped-out weights are the ones "
            f"used with v), but it moved only {fmt(change)}",
            f"attn_dropout p=0.5 の訓練モード: out は変わるはずです（v と掛けるのはドロップアウトをかけた重み"
            f"です）が、変化は {fmt(change)} だけでした"))
    m.attn_dropout.p, m.resid_dropout.p = 0.0, 0.5   # now only the output dropout is random
    frac = float((m(x)[0] == 0).float().mean())
    # 192 outputs, p = 0.5: the fraction of zeros is 0.5 ± 0.036 (0.3 .. 0.7 is 5 std devs).
    expect(0.3 < frac < 0.7,
           (f"train mode with resid_dropout p=0.5: about half of out should be zeroed by resid_dropout after "
            f"the projection, got a fraction {frac:.2f}",
            f"resid_dropout p=0.5 の訓練モード: 射影の後の resid_dropout で out のおよそ半分が 0 になるはずですが、"
            f"0 の割合は {frac:.2f} でした"))


def test_gradients_and_bad_head_count(kata):
    m = kata.MultiHeadSelfAttention(12, 3)
    x = torch.randn(2, 4, 12, requires_grad=True)
    res = _run(m, x, ("MultiHeadSelfAttention(12, 3)", "MultiHeadSelfAttention(12, 3)"))
    if res is not None and expect_shape(res[0], (2, 4, 12), ("out [2, 4, 12]", "出力 out [2, 4, 12]")):
        (res[0] * torch.randn(2, 4, 12)).sum().backward()
        for name in ("qkv.weight", "qkv.bias", "proj.weight", "proj.bias"):
            expect_grad(m.get_parameter(name), (name, name))
        expect_grad(x, ("the input x", "入力 x"))
    expect_raises(ValueError, kata.MultiHeadSelfAttention, 10, 3,
                  what=("MultiHeadSelfAttention(dim=10, n_head=3) (10 is not divisible by 3)",
                        "MultiHeadSelfAttention(dim=10, n_head=3)（10 は 3 で割り切れない）"))
