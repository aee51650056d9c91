"""Specs for katas/s02_gpt/multi_head_attention.py.

Value checks go through `_check`: when the output is off it names the classic mistake it matches
(heads in reverse order, features interleaved, no projection, projection without bias), computed
from the module's own heads, the same in every spec.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_grad, expect_raises, expect_shape, fmt


def _torch_mha(mha, n_embd, n_head):
    """Oracle: nn.MultiheadAttention loaded with the same weights (heads stacked in order)."""
    ref = nn.MultiheadAttention(n_embd, n_head, bias=True, batch_first=True)
    with torch.no_grad():
        # in_proj_weight = [Wq; Wk; Wv], each [n_embd, n_embd] with head h in rows h·hs .. (h+1)·hs.
        ref.in_proj_weight.copy_(torch.cat([torch.cat([getattr(h, name).weight for h in mha.heads])
                                            for name in ("query", "key", "value")]))
        ref.in_proj_bias.zero_()  # the heads' linear maps have no bias
        ref.out_proj.weight.copy_(mha.proj.weight)
        ref.out_proj.bias.copy_(mha.proj.bias if mha.proj.bias is not None else torch.zeros(n_embd))
    return ref.eval()


def _oracle(mha, x):
    """nn.MultiheadAttention's output, or None with a message when the heads cannot fill n_embd."""
    n_embd, n_head, T = x.shape[-1], len(mha.heads), x.shape[1]
    future = ~torch.tril(torch.ones(T, T, dtype=torch.bool))  # nn.MultiheadAttention: True = blocked
    sizes = [h.query.weight.shape[0] for h in mha.heads]
    if not expect(sum(sizes) == n_embd,
                  (f"the heads' sizes {sizes} should add up to n_embd = {n_embd} (head_size = n_embd // n_head)",
                   f"ヘッドの大きさ {sizes} の合計は n_embd = {n_embd} のはずです（head_size = n_embd // n_head）")):
        return None
    with torch.no_grad():
        return _torch_mha(mha, n_embd, n_head)(x, x, x, attn_mask=future, need_weights=False)[0]


def _mistakes(mha, x):
    """The classic wrong combinations of the module's own heads, each ((en, ja), value)."""
    with torch.no_grad():
        parts = [h(x) for h in mha.heads]
        W, b = mha.proj.weight, mha.proj.bias
        return [
            (("the heads were concatenated in reverse order: head 0's features come first",
              "ヘッドが逆順に連結されています。ヘッド 0 の特徴量が先頭です"),
             F.linear(torch.cat(parts[::-1], -1), W, b)),
            (("the heads' features are interleaved (stacked on a new last dim, then flattened): "
              "concatenate whole heads, torch.cat([...], dim=-1)",
              "ヘッドの特徴量が互い違いに並んでいます（新しい最後の次元に積んでから平らにしています）。"
              "ヘッドを丸ごと torch.cat([...], dim=-1) で連結しましょう"),
             F.linear(torch.stack(parts, -1).flatten(-2), W, b)),
            (("the output is the bare concatenation: apply self.proj to it",
              "出力が連結しただけのものです。self.proj をかけましょう"),
             torch.cat(parts, -1)),
            (("the projection's bias is missing: use self.proj (nn.Linear with its bias)",
              "射影のバイアスが抜けています。self.proj（バイアス付きの nn.Linear）を使いましょう"),
             F.linear(torch.cat(parts, -1), W)),
        ]


def _run(mha, x, what):
    """mha(x), or None with a message when it raises (heads that do not fill n_embd)."""
    try:
        return mha(x)
    except NotImplementedError:
        raise  # the runner says 'not implemented yet'
    except RuntimeError as e:
        expect(False, (f"{what[0]} raised RuntimeError: {e} (each head gives [B, T, head_size] with "
                       f"head_size = n_embd // n_head; concatenated on the last dim they give [B, T, n_embd] "
                       f"for self.proj)",
                       f"{what[1]} で RuntimeError: {e} が送出されました（各ヘッドは head_size = n_embd // n_head "
                       f"として [B, T, head_size] を返し、最後の次元で連結すると self.proj に渡す "
                       f"[B, T, n_embd] になります）"))
        return None


def _check(out, want, mha, x, what, atol=1e-5) -> bool:
    if out is None or want is None or not expect_shape(out, tuple(x.shape), what):
        return False
    out = out.detach()
    if bool(torch.isfinite(out).all()) and not torch.allclose(out, want, atol=atol, rtol=0):
        for (en, ja), wrong in _mistakes(mha, x):
            if not torch.allclose(wrong, want, atol=atol, rtol=0) and torch.allclose(out, wrong, atol=atol, rtol=0):
                return expect(False, (f"{what[0]}: {en}", f"{what[1]}。原因: {ja}"))
    return expect_close(out, want, atol=atol, what=what)


def test_parts_and_output_shape(kata):
    mha = kata.MultiHeadAttention(n_embd=24, n_head=4, block_size=8, dropout=0.1)
    mha.eval()
    heads = getattr(mha, "heads", None)
    if expect(isinstance(heads, nn.ModuleList),
              (f".heads should be an nn.ModuleList (so the heads' weights are registered), "
               f"got {type(heads).__name__}",
               f".heads は nn.ModuleList のはずです（ヘッドの重みが登録されるように）が、"
               f"{type(heads).__name__} でした")):
        expect(len(heads) == 4, (f"n_head=4 should give 4 heads, got {len(heads)}",
                                 f"n_head=4 ならヘッドは 4 つのはずですが、{len(heads)} つでした"))
        expect(all(isinstance(h, kata.AttentionHead) for h in heads),
               ("each head should be your AttentionHead", "各ヘッドはあなたの AttentionHead のはずです"))
        expect(len({id(h) for h in heads}) == len(heads),
               ("the heads should be separate AttentionHead objects (each with its own weights), "
                "not one head repeated",
                "ヘッドは別々の AttentionHead オブジェクト（それぞれ自分の重みを持つ）のはずで、同じヘッドの"
                "繰り返しではありません"))
        ok = [h for h in heads if isinstance(h, kata.AttentionHead)]
        sizes = [h.query.out_features for h in ok]
        expect(all(s == 6 for s in sizes), (f"head_size should be n_embd // n_head = 6, got {sizes}",
                                            f"head_size は n_embd // n_head = 6 のはずですが、{sizes} でした"))
        ps = [h.dropout.p for h in ok]
        expect(all(p == 0.1 for p in ps), (f"pass dropout=0.1 on to every head, got head dropouts {ps}",
                                           f"dropout=0.1 をすべてのヘッドに渡しましょう。各ヘッドの dropout は "
                                           f"{ps} でした"))
    proj = getattr(mha, "proj", None)
    if expect(isinstance(proj, nn.Linear), (f".proj should be nn.Linear(n_embd, n_embd), got {type(proj).__name__}",
                                            f".proj は nn.Linear(n_embd, n_embd) のはずですが、"
                                            f"{type(proj).__name__} でした")):
        expect((proj.in_features, proj.out_features) == (24, 24) and proj.bias is not None,
               (f".proj should be nn.Linear(24, 24) with a bias, got {proj}",
                f".proj はバイアス付きの nn.Linear(24, 24) のはずですが、{proj} でした"))
    drop = getattr(mha, "dropout", None)
    if expect(isinstance(drop, nn.Dropout), (".dropout should be nn.Dropout(dropout)",
                                             ".dropout は nn.Dropout(dropout) のはずです")):
        expect(drop.p == 0.1, (f".dropout.p should be the dropout argument 0.1, got {fmt(drop.p)}",
                               f".dropout.p は引数 dropout の 0.1 のはずですが、{fmt(drop.p)} でした"))
    for T in (8, 5):
        what = (f"MultiHeadAttention on x [2, {T}, 24] -> [B, T, n_embd]",
                f"x [2, {T}, 24] での MultiHeadAttention -> [B, T, n_embd]")
        out = _run(mha, torch.randn(2, T, 24), what)
        if out is not None:
            expect_shape(out, (2, T, 24), what)


def test_rejects_indivisible_n_embd(kata):
    expect_raises(ValueError, kata.MultiHeadAttention, n_embd=10, n_head=3, block_size=8,
                  what=("MultiHeadAttention(n_embd=10, n_head=3)",
                        "MultiHeadAttention(n_embd=10, n_head=3)（割り切れない n_embd）"))


def test_concat_in_head_order_then_project(kata):
    mha = kata.MultiHeadAttention(n_embd=12, n_head=3, block_size=6).eval()
    x = torch.randn(2, 6, 12)
    with torch.no_grad():
        want = mha.proj(torch.cat([h(x) for h in mha.heads], dim=-1))
    what = ("MultiHeadAttention vs proj(cat([head(x) for head in heads], dim=-1))",
            "MultiHeadAttention と proj(cat([head(x) for head in heads], dim=-1)) の比較")
    _check(_run(mha, x, what), want, mha, x, what)


def test_matches_nn_multihead_attention(kata):
    mha = kata.MultiHeadAttention(n_embd=32, n_head=4, block_size=10).eval()
    x = torch.randn(3, 10, 32)
    what = ("MultiHeadAttention vs nn.MultiheadAttention with the same weights and a causal mask",
            "MultiHeadAttention と、同じ重みと因果マスクを使う nn.MultiheadAttention の比較")
    out = _run(mha, x, what)
    want = _oracle(mha, x)
    if out is not None and want is not None and out.shape == want.shape \
            and not torch.allclose(out.detach(), want, atol=1e-5):
        with torch.no_grad():
            own = mha.proj(torch.cat([h(x) for h in mha.heads], dim=-1))
        if torch.allclose(out.detach(), own, atol=1e-5):
            expect(False, ("the heads are combined correctly, but the heads themselves are not causal "
                           "attention: make the attention_head specs pass first",
                           "ヘッドの組み合わせ方は正しいのですが、ヘッド自体が因果的注意になっていません。"
                           "先に attention_head のスペックを通しましょう"))
            return
    _check(out, want, mha, x, what)


def test_no_future_leakage(kata):
    mha = kata.MultiHeadAttention(n_embd=16, n_head=2, block_size=6).eval()
    x = torch.randn(2, 6, 16)
    what = ("MultiHeadAttention on x [2, 6, 16]", "x [2, 6, 16] での MultiHeadAttention")
    with torch.no_grad():
        out = _run(mha, x, what)
        if out is None or not expect_shape(out, (2, 6, 16), what) or not expect_finite(out, what):
            return
        for t in range(5):
            x2 = x.clone()
            x2[:, t + 1:] += 5 * torch.randn(2, 5 - t, 16)
            diff = float((mha(x2)[:, :t + 1] - out[:, :t + 1]).abs().max())
            if not expect(diff <= 1e-6,
                          (f"changing the tokens after t={t} changed the outputs at positions <= {t} by "
                           f"{fmt(diff)}: position {t} can see the future",
                           f"t={t} より後ろのトークンを変えると、位置 {t} 以前の出力が {fmt(diff)} 変わりました。"
                           f"位置 {t} から未来が見えています")):
                return


def test_gradients_reach_every_head_and_proj(kata):
    mha = kata.MultiHeadAttention(n_embd=12, n_head=3, block_size=5)
    out = mha(torch.randn(2, 5, 12))
    if not expect_finite(out, ("MultiHeadAttention on x [2, 5, 12]", "x [2, 5, 12] での MultiHeadAttention")):
        return
    if out.requires_grad:
        (out * torch.randn_like(out)).sum().backward()
    for i, h in enumerate(mha.heads):
        for name in ("query", "key", "value"):
            expect_grad(getattr(h, name).weight, (f"heads[{i}].{name}.weight", f"heads[{i}].{name}.weight（ヘッド {i}）"))
    expect_grad(mha.proj.weight, ("proj.weight", "proj.weight（射影の重み）"))
    expect_grad(mha.proj.bias, ("proj.bias", "proj.bias（射影のバイアス）"))


def test_dropout_after_the_projection(kata):
    mha = kata.MultiHeadAttention(n_embd=16, n_head=4, block_size=8, dropout=0.5)
    x = torch.randn(2, 8, 16)
    mha.eval()
    what = ("MultiHeadAttention(dropout=0.5) in eval mode vs nn.MultiheadAttention (dropout is off in "
            "eval mode)",
            "評価モードの MultiHeadAttention(dropout=0.5) と nn.MultiheadAttention の比較（評価モードでは"
            "ドロップアウトは無効です）")
    out = _run(mha, x, what)
    if out is not None and out.shape == x.shape \
            and not torch.allclose(out, mha(x), atol=0, rtol=0, equal_nan=True):
        expect(False, ("in eval mode two calls on the same x gave different outputs: dropout must be off in "
                       "eval mode (use self.dropout, or F.dropout(..., training=self.training))",
                       "評価モードで同じ x に 2 回呼ぶと出力が変わりました。評価モードではドロップアウトは無効の"
                       "はずです（self.dropout か F.dropout(..., training=self.training) を使いましょう）"))
        return
    clean = _oracle(mha, x)
    if not _check(out, clean, mha, x, what):
        return
    mha.train()
    for h in mha.heads:
        h.dropout.p = 0.0  # now only the output dropout is random
    out = mha(x).detach()
    zero = out == 0
    kept = (out - 2 * clean).abs() <= 1e-5
    if torch.allclose(out, clean, atol=1e-6):
        expect(False, ("in train mode with dropout=0.5 the output equals the eval output: apply "
                       "self.dropout after self.proj",
                       "dropout=0.5 の訓練モードで、出力が評価モードと同じです。self.proj の後に self.dropout を"
                       "かけましょう"))
        return
    if not bool((zero | kept).all()):
        expect(False, (f"in train mode every output should be 0 (dropped) or 2·proj(concat) (kept, scaled by "
                       f"1/(1-p)); {int((~(zero | kept)).sum())} of {out.numel()} are neither: dropout belongs "
                       f"after the projection, once, on its output",
                       f"訓練モードでは各出力は 0（落とされた）か 2·proj(concat)（残され、1/(1-p) 倍された）の"
                       f"はずですが、{out.numel()} 個中 {int((~(zero | kept)).sum())} 個がどちらでもありません。"
                       f"ドロップアウトは射影の後、その出力に 1 回だけかけます"))
        return
    frac = float(zero.float().mean())
    # 256 outputs, p = 0.5: the fraction of zeros is 0.5 ± 0.09 (3 std devs).
    expect(0.35 < frac < 0.65, (f"with dropout=0.5 about half the outputs should be 0 in train mode, got "
                                f"{fmt(frac)}",
                                f"dropout=0.5 の訓練モードでは出力の約半分が 0 になるはずですが、{fmt(frac)} でした"))
