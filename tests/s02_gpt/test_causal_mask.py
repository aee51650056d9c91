"""Specs for katas/s02_gpt/causal_mask.py.

The masked_softmax specs go through `_check_weights`: when the weights are off it names the classic
mistake they match (mask after the softmax, softmax over the wrong axis, …), the same in every spec.
"""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


def _tril(T):
    return torch.tril(torch.ones(T, T, dtype=torch.bool))


def _oracle(scores, mask):
    """exp of the allowed scores, normalised over the allowed entries of each row (float64)."""
    s = scores.double()
    e = torch.exp(s - s.max(-1, keepdim=True).values) * mask
    return e / e.sum(-1, keepdim=True)


def _mistakes(scores, mask):
    s = scores.double()
    return [
        (("the mask was applied after the softmax: the weights are softmax(scores) with the masked "
          "entries zeroed, so the rows no longer sum to 1; fill the masked scores with -inf BEFORE the "
          "softmax",
          "マスクが softmax の後にかかっています。softmax(scores) のマスクされた位置を 0 にしただけなので、"
          "行の和が 1 になりません。softmax の前に、マスクされたスコアを -inf で埋めましょう"),
         torch.softmax(s, -1) * mask),
        (("the softmax ran over the wrong axis: it must normalise over the keys, the last dim (dim=-1)",
          "softmax の軸が違います。キーの方向、つまり最後の次元（dim=-1）で正規化しましょう"),
         torch.softmax(s.masked_fill(~mask, float("-inf")), -2).nan_to_num(0.0)),
        (("the masked scores were set to 0, not -inf: exp(0) = 1 still gives them weight",
          "マスクされたスコアが -inf ではなく 0 になっています。exp(0) = 1 なので重みが残ります"),
         torch.softmax(s * mask, -1)),
        (("the mask was ignored: the masked entries must get weight 0",
          "マスクが無視されています。マスクされた位置の重みは 0 のはずです"),
         torch.softmax(s, -1)),
        (("a causal mask was used instead of the mask you were given",
          "渡されたマスクではなく因果マスクが使われています"),
         _oracle(scores, torch.ones(s.shape[-2:], dtype=torch.bool).tril())),
    ]


def _masked_softmax(kata, scores, mask, what):
    w = kata.masked_softmax(scores, mask)
    if w is None or not expect_shape(w, tuple(scores.shape), what):
        return None
    return w.detach().double()


def _check_weights(w, scores, mask, what) -> bool:
    """w == the masked softmax of scores; if not, one message naming the cause."""
    if w is None:
        return False
    want = _oracle(scores, mask)
    if bool(torch.isnan(w).any()):
        return expect(False, (f"{what[0]}: the weights contain NaN: softmax of a row where every score is "
                              f"-inf is 0/0. Fill -inf only where the mask is False (~mask): True means "
                              f"'may attend'",
                              f"{what[1]}: 重みに NaN が含まれています。すべてのスコアが -inf の行の softmax は "
                              f"0/0 です。-inf で埋めるのはマスクが False の位置（~mask）だけです。True は"
                              f"「注意を向けてよい」を表します"))
    if bool(torch.isinf(w).any()):
        return expect(False, (f"{what[0]}: the weights contain -inf/inf: fill the masked SCORES with -inf "
                              f"before the softmax; the softmax turns them into weights of exactly 0",
                              f"{what[1]}: 重みに -inf/inf が含まれています。softmax の前に、マスクされた"
                              f"「スコア」を -inf で埋めましょう。softmax がそれをちょうど 0 の重みに変えます"))
    if not torch.allclose(w, want, atol=1e-6, rtol=0):
        for (en, ja), wrong in _mistakes(scores, mask):
            if not torch.allclose(wrong, want, atol=1e-6, rtol=0) and torch.allclose(w, wrong, atol=1e-5, rtol=0):
                return expect(False, (f"{what[0]}: {en}", f"{what[1]}。原因: {ja}"))
    return expect_close(w, want, atol=1e-6, what=what)


def test_mask_hand_worked(kata):
    m = kata.causal_mask(4)
    want = _tril(4)
    if not expect_shape(m, (4, 4), ("causal_mask(4)", "causal_mask(4)（4×4 のマスク）")):
        return
    expect(m.dtype == torch.bool, (f"causal_mask should be a bool tensor (True = may attend), got {m.dtype}",
                                   f"causal_mask は bool のテンソル（True = 注意を向けてよい）のはずですが、"
                                   f"{m.dtype} でした"))
    m = m.bool()
    if torch.equal(m, want):
        return
    if torch.equal(m, want.T):
        expect(False, ("got the upper triangle (triu): row i would attend to j >= i, the future",
                       "上三角（triu）になっています。これでは行 i が j >= i、つまり未来に注意を向けてしまいます"))
    elif torch.equal(m, torch.tril(want, diagonal=-1)):
        expect(False, ("the diagonal is excluded: position i must be allowed to attend to itself (j = i)",
                       "対角成分が除かれています。位置 i は自分自身（j = i）に注意を向けられるはずです"))
    elif torch.equal(m, torch.tril(torch.ones(4, 4, dtype=torch.bool), diagonal=1)):
        expect(False, ("off by one: row i allows j = i + 1, one token of the future",
                       "1 つずれています。行 i が j = i + 1、つまり未来のトークンを 1 つ許しています"))
    elif torch.equal(m, ~want):
        expect(False, ("the mask is inverted: True should mean 'may attend' (j <= i)",
                       "マスクが反転しています。True は「注意を向けてよい」（j <= i）を表すはずです"))
    else:
        expect(False, (f"causal_mask(4) should be\n{want.int()}\ngot\n{m.int()}",
                       f"causal_mask(4) は\n{want.int()}\nのはずですが、\n{m.int()}\nでした"))


def test_row_i_allows_exactly_j_le_i(kata):
    for T in (1, 2, 5, 9):
        m = kata.causal_mask(T)
        if expect_shape(m, (T, T), (f"causal_mask({T})", f"causal_mask({T})（{T}×{T} のマスク）")):
            bad = (m.bool() != _tril(T)).nonzero()
            expect(len(bad) == 0,
                   (f"causal_mask({T}): row i must allow exactly j <= i; first wrong entry at (i, j) = "
                    f"{tuple(bad[0].tolist()) if len(bad) else None}",
                    f"causal_mask({T}): 行 i が許すのはちょうど j <= i のはずです。最初に間違っている要素は "
                    f"(i, j) = {tuple(bad[0].tolist()) if len(bad) else None} です"))
    # The device argument: checked for real where a GPU exists ("meta" would be slow to set up).
    device = "cuda" if torch.cuda.is_available() else "cpu"
    m = kata.causal_mask(3, device=device)
    expect(m.device.type == device,
           (f"causal_mask(3, device={device!r}) should be built on the device it is given, got {m.device}",
            f"causal_mask(3, device={device!r}) は渡されたデバイス上に作るはずですが、{m.device} でした"))
    expect_raises(ValueError, kata.causal_mask, 0, what=("causal_mask(0)", "T < 1 での causal_mask(0)"))


def test_softmax_of_zero_scores_is_uniform_over_the_past(kata):
    # Hand-worked: equal scores -> equal weights over the allowed positions 0..i, i.e. 1/(i+1).
    #   [[1,   0,   0,   0  ],
    #    [1/2, 1/2, 0,   0  ],
    #    [1/3, 1/3, 1/3, 0  ],
    #    [1/4, 1/4, 1/4, 1/4]]
    what = ("masked_softmax(zeros [4, 4], causal mask) (uniform over j <= i: row i is 1/(i+1))",
            "masked_softmax(zeros [4, 4], 因果マスク)（j <= i の上で一様: 行 i は 1/(i+1)）")
    scores, mask = torch.zeros(4, 4), _tril(4)
    _check_weights(_masked_softmax(kata, scores, mask, what), scores, mask, what)


def test_rows_sum_to_one_and_future_is_zero(kata):
    T = 6
    scores = 3 * torch.randn(2, 3, T, T)
    mask = _tril(T)  # [T, T] broadcasts over the [B, nh] dims of the scores
    what = ("masked_softmax on scores [2, 3, 6, 6] with a causal mask [6, 6]",
            "スコア [2, 3, 6, 6] と因果マスク [6, 6] での masked_softmax")
    w = _masked_softmax(kata, scores, mask, what)
    if w is None or _check_weights(w, scores, mask, what):
        return
    # Not a known mistake: say what is visibly wrong.
    future = w.abs().amax((0, 1)) * ~mask
    if float(future.max()) > 1e-6:
        i, j = divmod(int(future.argmax()), T)
        expect(False, (f"row {i} attends to future tokens: weight {float(future[i, j]):.2f} on t={j}",
                       f"行 {i} が未来のトークンに注意を向けています: t={j} に重み {float(future[i, j]):.2f}"))


def test_matches_softmax_over_allowed_entries(kata):
    # Any mask, not only causal (later katas reuse this for padding).
    scores = torch.randn(2, 4, 5)
    mask = torch.tensor([[1, 0, 1, 0, 0],
                         [1, 1, 0, 0, 1],
                         [0, 0, 1, 1, 1],
                         [1, 1, 1, 1, 1]], dtype=torch.bool)
    what = ("masked_softmax on [2, 4, 5] with a non-causal mask [4, 5] vs exp(allowed scores) / sum "
            "over the allowed ones",
            "非因果マスク [4, 5] を使った [2, 4, 5] での masked_softmax と、許された位置だけの "
            "exp(scores) / 和 の比較")
    _check_weights(_masked_softmax(kata, scores, mask, what), scores, mask, what)
