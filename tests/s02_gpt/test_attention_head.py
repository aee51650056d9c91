"""Specs for katas/s02_gpt/attention_head.py.

Value checks go through `_check`: when the output is off it names the classic mistake it matches
(no 1/sqrt(head_size), mask after the softmax, triu, softmax over the wrong axis, …), computed from
the head's own q, k, v, so a learner with one mistake reads the same diagnosis in every spec.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_grad, expect_raises, expect_shape, fmt


def _qkv(head, x):
    with torch.no_grad():
        return head.query(x).double(), head.key(x).double(), head.value(x).double()


def _sdpa(head, x):
    """Oracle: torch's fused attention on the head's own q, k, v."""
    q, k, v = _qkv(head, x)
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)


def _weights(q, k, mask=None, scale=None, dim=-1):
    T = q.shape[-2]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool)) if mask is None else mask
    s = q @ k.transpose(-2, -1) / (math.sqrt(q.shape[-1]) if scale is None else scale)
    return torch.softmax(s.masked_fill(~mask, float("-inf")), dim).nan_to_num(0.0)


def _mistakes(q, k, v, n_embd):
    T, hs = q.shape[-2], q.shape[-1]
    tril = torch.tril(torch.ones(T, T, dtype=torch.bool))
    scores = q @ k.transpose(-2, -1) / math.sqrt(hs)
    return [
        ((f"the scores were not scaled: divide q @ kᵀ by sqrt(head_size) = sqrt({hs}) "
          f"(attention_scores does it)",
          f"スコアがスケールされていません。q @ kᵀ を sqrt(head_size) = sqrt({hs}) で割りましょう"
          f"（attention_scores がこれを行います）"),
         _weights(q, k, scale=1.0) @ v),
        ((f"the scores were divided by head_size = {hs}; divide by its square root",
          f"スコアが head_size = {hs} で割られています。その平方根で割りましょう"),
         _weights(q, k, scale=hs) @ v),
        ((f"the scores were divided by sqrt(n_embd) = sqrt({n_embd}); the scale is sqrt(head_size) = "
          f"sqrt({hs}), the size of q and k",
          f"スコアが sqrt(n_embd) = sqrt({n_embd}) で割られています。スケールは q と k の大きさ "
          f"sqrt(head_size) = sqrt({hs}) です"),
         _weights(q, k, scale=math.sqrt(n_embd)) @ v),
        (("the mask was applied after the softmax: the weights of a row no longer sum to 1 (and the "
          "future still shaped them); fill the future scores with -inf BEFORE the softmax",
          "マスクが softmax の後にかかっています。行の重みの和が 1 にならず、未来も重みに影響しています。"
          "softmax の前に未来のスコアを -inf で埋めましょう"),
         (torch.softmax(scores, -1) * tril) @ v),
        (("the softmax ran over the wrong axis: normalise over the keys, the last dim (dim=-1)",
          "softmax の軸が違います。キーの方向、つまり最後の次元（dim=-1）で正規化しましょう"),
         _weights(q, k, dim=-2) @ v),
        (("the mask is the upper triangle (triu): position i must see j <= i, the lower triangle (tril)",
          "マスクが上三角（triu）になっています。位置 i が見てよいのは j <= i、つまり下三角（tril）です"),
         _weights(q, k, mask=tril.T) @ v),
        (("the mask is off by one: position i also sees i + 1",
          "マスクが 1 つずれています。位置 i が i + 1 まで見えています"),
         _weights(q, k, mask=torch.tril(torch.ones(T, T, dtype=torch.bool), diagonal=1)) @ v),
        (("there is no causal mask: every position sees the future; mask with self.tril[:T, :T]",
          "因果マスクがありません。どの位置も未来が見えています。self.tril[:T, :T] でマスクしましょう"),
         torch.softmax(scores, -1) @ v),
        (("queries and keys are swapped (k @ qᵀ): row t of the scores is query t against every key, q @ kᵀ",
          "クエリとキーが入れ替わっています（k @ qᵀ）。スコアの t 行目はクエリ t とすべてのキーの比較 q @ kᵀ です"),
         _weights(k, q) @ v),
    ]


def _run(head, x, what):
    """head(x), or None with a message when it raises (the mask not cut to T fails to broadcast)."""
    try:
        return head(x)
    except NotImplementedError:
        raise  # the runner says 'not implemented yet'
    except RuntimeError as e:
        T, block = x.shape[1], getattr(getattr(head, "tril", None), "shape", ["?"])[0]
        expect(False, (f"{what[0]} raised RuntimeError: {e} (for a window of T = {T} tokens, with "
                       f"block_size = {block}, the mask is self.tril[:T, :T])",
                       f"{what[1]} で RuntimeError: {e} が送出されました（block_size = {block} で長さ "
                       f"T = {T} のウィンドウなら、マスクは self.tril[:T, :T] です）"))
        return None


def _finite(out, what) -> bool:
    """No NaN in the output; a NaN gets its own message (a fully masked row), never another guess."""
    if not bool(torch.isnan(out.detach()).any()):
        return expect_finite(out, what)
    return expect(False, (f"{what[0]}: the output contains NaN: a row whose scores are all -inf is 0/0 "
                          f"in the softmax. Is the diagonal masked? Position i must see itself (j <= i: "
                          f"torch.tril keeps the diagonal)",
                          f"{what[1]}: 出力に NaN が含まれています。スコアがすべて -inf の行は softmax で "
                          f"0/0 になります。対角成分までマスクしていませんか？ 位置 i は自分自身を見られる"
                          f"はずです（j <= i。torch.tril は対角成分を残します）"))


def _check(out, want, head, x, what, atol=1e-5) -> bool:
    """out == want; if not, one message: NaN, a known mistake, or the worst element."""
    if out is None or not expect_shape(out, tuple(want.shape), what):
        return False
    out = out.detach().double()
    if not _finite(out, what):
        return False
    if bool(torch.isfinite(out).all()) and not torch.allclose(out, want, atol=atol, rtol=0):
        q, k, v = _qkv(head, x)
        for (en, ja), wrong in _mistakes(q, k, v, x.shape[-1]):
            if not torch.allclose(wrong, want, atol=atol, rtol=0) and torch.allclose(out, wrong, atol=atol, rtol=0):
                return expect(False, (f"{what[0]}: {en}", f"{what[1]}。原因: {ja}"))
    return expect_close(out, want, atol=atol, what=what)


def test_parts_and_output_shape(kata):
    head = kata.AttentionHead(n_embd=16, head_size=8, block_size=8, dropout=0.1)
    for name in ("key", "query", "value"):
        lin = getattr(head, name, None)
        expect(isinstance(lin, nn.Linear) and (lin.in_features, lin.out_features) == (16, 8) and lin.bias is None,
               (f".{name} should be nn.Linear(n_embd=16, head_size=8, bias=False), got {lin}",
                f".{name} は nn.Linear(n_embd=16, head_size=8, bias=False) のはずですが、{lin} でした"))
    tril = dict(head.named_buffers()).get("tril")
    if expect(tril is not None, ("register the mask as a buffer named tril: "
                                 "self.register_buffer('tril', torch.tril(...))",
                                 "マスクを tril という名前のバッファとして登録しましょう: "
                                 "self.register_buffer('tril', torch.tril(...))")):
        want = torch.tril(torch.ones(8, 8, dtype=torch.bool))
        expect(tuple(tril.shape) == (8, 8) and torch.equal(tril != 0, want),
               ("the tril buffer should be [block_size, block_size], True on and below the diagonal",
                "バッファ tril は [block_size, block_size] で、対角成分とその下が True のはずです"))
    drop = getattr(head, "dropout", None)
    expect(isinstance(drop, nn.Dropout) and drop.p == 0.1,
           (f".dropout should be nn.Dropout(dropout=0.1), got {drop}",
            f".dropout は nn.Dropout(dropout=0.1) のはずですが、{drop} でした"))
    head.eval()
    for T in (8, 3):  # a full block, and a shorter window (the mask is tril[:T, :T])
        what = (f"AttentionHead on x [2, {T}, 16] -> [B, T, head_size]",
                f"x [2, {T}, 16] での AttentionHead -> [B, T, head_size]")
        out = _run(head, torch.randn(2, T, 16), what)
        if out is not None:
            expect_shape(out, (2, T, 8), what)


def test_hand_worked_1x3x2(kata):
    head = kata.AttentionHead(n_embd=2, head_size=2, block_size=4).eval()  # values, not dropout
    with torch.no_grad():  # nn.Linear computes x @ Wᵀ
        head.query.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
        head.key.weight.copy_(torch.tensor([[1.0, 1.0], [0.0, 1.0]]))
        head.value.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 2.0]]))
    x = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
    # q = x;  k = [[1, 0], [1, 1], [2, 1]];  v = [[1, 0], [0, 2], [1, 2]];  sqrt(head_size) = sqrt(2).
    # t=0: only itself                         -> weights [1, 0, 0]          -> out [1, 0]
    # t=1: q·k = [0, 1]    / √2, softmax       -> [0.3302, 0.6698, 0]        -> out [0.3302, 1.3395]
    # t=2: q·k = [1, 2, 3] / √2, softmax       -> [0.1400, 0.2840, 0.5760]   -> out [0.7160, 1.7199]
    want = torch.tensor([[[1.0, 0.0], [0.330238, 1.339523], [0.716005, 1.719942]]], dtype=torch.float64)
    what = ("hand-worked head output on the 1×3×2 example (row 0 must be v[0] exactly: it only sees itself)",
            "1×3×2 の手計算例でのヘッドの出力（0 行目は自分しか見ないので、ちょうど v[0] のはずです）")
    _check(_run(head, x, what), want, head, x, what)


def test_matches_scaled_dot_product_attention(kata):
    head = kata.AttentionHead(n_embd=32, head_size=16, block_size=10).eval()
    x = torch.randn(3, 10, 32)
    what = ("AttentionHead on x [3, 10, 32] vs F.scaled_dot_product_attention(q, k, v, is_causal=True)",
            "x [3, 10, 32] での AttentionHead と F.scaled_dot_product_attention(q, k, v, is_causal=True) の比較")
    _check(_run(head, x, what), _sdpa(head, x), head, x, what)


def test_weights_seen_through_identity_values(kata):
    # With value = identity and x = one-hot positions, out[i, j] IS the attention weight of i on j:
    # each row must be a distribution over j <= i.
    T = 5
    head = kata.AttentionHead(n_embd=T, head_size=T, block_size=T).eval()
    with torch.no_grad():
        head.value.weight.copy_(torch.eye(T))
        head.query.weight.mul_(4)  # sharper scores, so mistakes show
    x = torch.eye(T)[None]
    what = ("attention weights seen through identity values (out[0, i, j] = weight of i on j)",
            "恒等写像のバリューを通して見た注意の重み（out[0, i, j] = i から j への重み）")
    _check(_run(head, x, what), _sdpa(head, x), head, x, what)


def test_no_future_leakage(kata):
    head = kata.AttentionHead(n_embd=12, head_size=6, block_size=6).eval()
    x = torch.randn(2, 6, 12)
    what = ("AttentionHead on x [2, 6, 12]", "x [2, 6, 12] での AttentionHead")
    out = _run(head, x, what)
    if out is None or not expect_shape(out, (2, 6, 6), what) or not _finite(out, what):
        return
    out = out.detach()
    for t in range(5):
        x2 = x.clone()
        x2[:, t + 1:] += 5 * torch.randn(2, 5 - t, 12)  # change every token after t
        diff = float((head(x2).detach()[:, :t + 1] - out[:, :t + 1]).abs().max())
        if not expect(diff <= 1e-6,
                      (f"changing the tokens after t={t} changed the outputs at positions <= {t} by "
                       f"{fmt(diff)}: position {t} can see the future",
                       f"t={t} より後ろのトークンを変えると、位置 {t} 以前の出力が {fmt(diff)} 変わりました。"
                       f"位置 {t} から未来が見えています")):
            return


def test_gradients_reach_key_query_value(kata):
    head = kata.AttentionHead(n_embd=8, head_size=4, block_size=5)
    out = head(torch.randn(2, 5, 8))
    if not _finite(out, ("AttentionHead on x [2, 5, 8]", "x [2, 5, 8] での AttentionHead")):
        return
    if out.requires_grad:
        (out * torch.randn_like(out)).sum().backward()
    for name in ("key", "query", "value"):
        expect_grad(getattr(head, name).weight, (f"{name}.weight", f"{name}.weight（{name} の重み）"))


def test_dropout_acts_on_the_attention_weights(kata):
    p, B, T, hs = 0.5, 4, 6, 8
    head = kata.AttentionHead(n_embd=16, head_size=hs, block_size=T, dropout=p)
    x = torch.randn(B, T, 16)
    head.eval()
    what = ("AttentionHead(dropout=0.5) in eval mode vs F.scaled_dot_product_attention (dropout is off "
            "in eval mode)",
            "評価モードの AttentionHead(dropout=0.5) と F.scaled_dot_product_attention の比較（評価モードでは"
            "ドロップアウトは無効です）")
    out = _run(head, x, what)
    if out is not None and out.shape == x.shape[:2] + (hs,) \
            and not torch.allclose(out, head(x), atol=0, rtol=0, equal_nan=True):
        expect(False, ("in eval mode two calls on the same x gave different outputs: dropout must be off in "
                       "eval mode (use self.dropout, or F.dropout(..., training=self.training))",
                       "評価モードで同じ x に 2 回呼ぶと出力が変わりました。評価モードではドロップアウトは無効の"
                       "はずです（self.dropout か F.dropout(..., training=self.training) を使いましょう）"))
        return
    if not _check(out, _sdpa(head, x), head, x, what):
        return
    head.train()
    out = head(x).detach().double()
    q, k, v = _qkv(head, x)
    w = _weights(q, k)  # [B, T, T], the attention weights before dropout
    if torch.allclose(out, _sdpa(head, x), atol=1e-6):
        expect(False, ("in train mode with dropout=0.5 the output equals the eval output: apply "
                       "self.dropout to the attention weights",
                       "dropout=0.5 の訓練モードで、出力が評価モードと同じです。注意の重みに self.dropout を"
                       "かけましょう"))
        return
    # Row t = 0 sees only itself (weight 1), so dropout on the WEIGHTS keeps it whole, 2·v[0], or
    # drops it whole, 0. Dropout on the output (or on v) zeroes single features instead.
    row0, v0 = out[:, 0], v[:, 0]
    whole = ((row0 - 2 * v0).abs().amax(-1) <= 1e-5) | (row0.abs().amax(-1) == 0)
    if not bool(whole.all()):
        per_feature = ((row0 - 2 * v0).abs() <= 1e-5) | (row0 == 0)
        twice = ((row0 - 4 * v0).abs() <= 1e-5) | (row0 == 0)
        unscaled = ((row0 - v0).abs().amax(-1) <= 1e-5) | (row0.abs().amax(-1) == 0)
        kept = row0.abs().amax(-1) > 0
        ratio = (row0[kept] / v0[kept]).flatten()
        if bool(per_feature.all()):
            en = ("single features were zeroed: dropout was applied to the output (or to v), not to the "
                  "attention weights")
            ja = "特徴量が 1 つずつ 0 にされています。ドロップアウトが注意の重みではなく、出力（または v）にかかっています"
        elif bool(twice.all()) and bool(((row0 - 4 * v0).abs() <= 1e-5).any()):
            en = ("some features are 4·v[0]: dropout was applied twice, to the weights and again to the "
                  "output (or v); apply it once, to the weights")
            ja = ("4·v[0] になっている特徴量があります。ドロップアウトが重みと出力（または v）に 2 回かかって"
                  "います。重みに 1 回だけかけましょう")
        elif bool(unscaled.all()) and bool((row0.abs().amax(-1) == 0).any()):
            en = "the kept weights were not scaled by 1/(1-p) = 2 (nn.Dropout does it for you)"
            ja = "残された重みが 1/(1-p) = 2 倍されていません（nn.Dropout なら自動でそうなります）"
        elif bool(unscaled.all()):
            en = ("row 0 is always v[0]: the dropout acted before the softmax (on the scores), which "
                  "renormalises; apply it to the weights after the softmax")
            ja = ("0 行目が常に v[0] です。ドロップアウトが softmax の前（スコア）にかかっていて、softmax が"
                  "正規化し直しています。softmax の後の重みにかけましょう")
        elif len(ratio) and float(ratio.max() - ratio.min()) < 1e-4:
            r = float(ratio.mean())
            en = (f"the kept rows are {fmt(r)}·v[0], so the dropout acts on the weights but with p = "
                  f"{fmt(1 - 1 / r)}; pass the dropout argument (0.5) on to nn.Dropout")
            ja = (f"残された行が {fmt(r)}·v[0] なので、ドロップアウトは重みにかかっていますが p = {fmt(1 - 1 / r)} "
                  f"です。引数 dropout（0.5）を nn.Dropout に渡しましょう")
        else:
            en = "it is neither"
            ja = "そのどちらでもありません"
        expect(False, (f"in train mode, position 0 attends only to itself, so with dropout on the attention "
                       f"weights its output is either 2·v[0] (kept) or 0 (dropped) as a whole; {en}",
                       f"訓練モードでは位置 0 は自分だけに注意を向けるので、注意の重みにドロップアウトをかけると、"
                       f"その出力は全体として 2·v[0]（残された場合）か 0（落とされた場合）のどちらかです。{ja}"))
        return
    # Every row: out[b, t] = Σ_j c_j v[b, j] with each c_j either 0 (dropped) or 2·w[b, t, j] (kept).
    # head_size 8 >= T = 6, so the c_j are determined by least squares.
    dropped = total = 0
    for b in range(B):
        for t in range(T):
            V = v[b, :t + 1]  # [t+1, hs]
            c = torch.linalg.lstsq(V.T, out[b, t][:, None]).solution[:, 0]
            resid = float((V.T @ c - out[b, t]).abs().max())
            wt = w[b, t, :t + 1]
            ok = (c.abs() <= 1e-4) | ((c - 2 * wt).abs() <= 1e-4)
            if resid > 1e-4 or not bool(ok.all()):
                expect(False, (
                    f"out[{b}, {t}] in train mode is not v weighted by dropped-out attention weights: each "
                    f"weight w[{t}, j] should be either 0 (dropped) or 2·w[{t}, j] (kept); the weights are "
                    f"{[round(float(a), 3) for a in wt]}, the output mixes v with "
                    f"{[round(float(a), 3) for a in c]} (dropout applied twice, or on another tensor?)",
                    f"訓練モードの out[{b}, {t}] が、ドロップアウト後の注意の重みによる v の加重和になっていません。"
                    f"各重み w[{t}, j] は 0（落とされた場合）か 2·w[{t}, j]（残された場合）のはずです。重みは "
                    f"{[round(float(a), 3) for a in wt]} ですが、出力は v を "
                    f"{[round(float(a), 3) for a in c]} で混ぜています（ドロップアウトを 2 回かけたり、"
                    f"別のテンソルにかけたりしていませんか？）"))
                return
            dropped += int((c.abs() <= 1e-4).sum())
            total += t + 1
    # 84 weights, p = 0.5: the dropped fraction is 0.5 ± 0.16 (3 std devs).
    frac = dropped / total
    expect(0.3 < frac < 0.7, (f"with dropout=0.5 about half the attention weights should be dropped in train "
                              f"mode, got {fmt(frac)} (is the dropout argument passed on to nn.Dropout?)",
                              f"dropout=0.5 の訓練モードでは注意の重みの約半分が落とされるはずですが、{fmt(frac)} "
                              f"でした（引数 dropout を nn.Dropout に渡していますか？）"))


def test_rejects_t_beyond_block_size(kata):
    head = kata.AttentionHead(n_embd=8, head_size=4, block_size=4)
    expect_raises(ValueError, head, torch.randn(1, 5, 8),
                  what=("AttentionHead(block_size=4) on x [1, 5, 8]",
                        "block_size=4 の AttentionHead に x [1, 5, 8]（T > block_size）"))
