"""Specs for katas/s02_gpt/lm_loss.py.

Value checks go through `_check`: it compares with F.cross_entropy on the flattened tensors and,
when the loss is off, names the first classic mistake it matches (a sum, a shift, the wrong axis…).
"""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _mistakes(logits, targets):
    B, T, V = logits.shape
    flat, tflat = logits.reshape(-1, V), targets.reshape(-1)
    out = [
        (("this is the SUM over positions; take the mean over all B·T positions",
          "これは位置についての「和」です。B·T 個すべての位置の平均を取りましょう"),
         F.cross_entropy(flat, tflat, reduction="sum")),
        (("this is averaged over the batch only (a sum over time); average over all B·T positions",
          "バッチだけで平均しています（時間方向は和）。B·T 個すべての位置で平均しましょう"),
         F.cross_entropy(flat, tflat, reduction="sum") / B),
        (("a softmax was applied before the cross-entropy; F.cross_entropy takes raw logits",
          "交差エントロピーの前に softmax をかけています。F.cross_entropy は生のロジットを受け取ります"),
         F.cross_entropy(torch.softmax(flat, -1), tflat)),
        (("this is nll_loss on raw logits; it needs log-probabilities (use F.cross_entropy, or "
          "log_softmax first)",
          "生のロジットに nll_loss を使っています。nll_loss には対数確率が必要です（F.cross_entropy を"
          "使うか、先に log_softmax をかけましょう）"),
         F.nll_loss(flat, tflat)),
    ]
    if T > 1:
        out.append((("the targets were shifted by one inside the loss; they are already the next tokens "
                     "(get_batch shifted them): compare logits[:, t] with targets[:, t]",
                     "損失の中でターゲットを 1 つずらしています。ターゲットはすでに次のトークンです（get_batch "
                     "でずらしてあります）。logits[:, t] と targets[:, t] を比べましょう"),
                    F.cross_entropy(logits[:, :-1].reshape(-1, V), targets[:, 1:].reshape(-1))))
    if T == V:
        out.append((("the classes were taken from dim 1 (time): flatten to [B·T, V] first, the "
                     "vocabulary is the LAST axis",
                     "クラスを dim 1（時間）から取っています。先に [B·T, V] に平坦化しましょう。語彙は"
                     "「最後の」軸です"),
                    F.cross_entropy(logits, targets)))
    return out


def _check(kata, logits, targets, what):
    """lm_loss(logits, targets) vs the flattened F.cross_entropy; names a known mistake on failure."""
    got = kata.lm_loss(logits, targets)
    want = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    if not expect_shape(got, (), (f"{what[0]}: the result (a 0-D scalar tensor)",
                                  f"{what[1]}: 結果（0 次元のスカラーテンソル）")):
        return False
    if expect_close(got, want, atol=1e-6, what=what):
        return True
    for message, value in _mistakes(logits, targets):
        if abs(float(got) - float(value)) < 1e-5:
            expect(False, message)
            break
    return False


def test_matches_flattened_cross_entropy(kata):
    logits = torch.randn(2, 5, 7)
    targets = torch.randint(0, 7, (2, 5))
    _check(kata, logits, targets,
           ("lm_loss vs F.cross_entropy(logits.view(B*T, V), targets.view(B*T))",
            "lm_loss と F.cross_entropy(logits.view(B*T, V), targets.view(B*T)) の比較"))


def test_uniform_logits_give_ln_vocab_size(kata):
    # Equal logits = a uniform guess over V tokens: -log(1/V) = ln V at every position.
    for V, value in ((5, 0.0), (65, 3.7)):
        logits = torch.full((3, 4, V), value)
        targets = torch.randint(0, V, (3, 4))
        if not _check(kata, logits, targets,
                      (f"lm_loss of all-equal logits over V={V} tokens (should be ln V = "
                       f"{fmt(math.log(V))})",
                       f"V={V} 個のトークンに対してロジットがすべて等しいときの lm_loss（ln V = "
                       f"{fmt(math.log(V))} のはずです）")):
            return


def test_hand_worked_mean_over_positions(kata):
    # Position 0: logits [0, 0, ln 2] -> p(target 2) = 2/4, loss ln 2.
    # Position 1: logits [ln 3, 0, 0] -> p(target 1) = 1/5, loss ln 5.
    # The mean over the two positions is (ln 2 + ln 5) / 2 = ln(10) / 2 (a sum would give ln 10).
    logits = torch.tensor([[[0.0, 0.0, math.log(2)], [math.log(3), 0.0, 0.0]]])
    targets = torch.tensor([[2, 1]])
    _check(kata, logits, targets,
           ("lm_loss on a hand-worked 1x2x3 example (should be (ln 2 + ln 5) / 2 = 1.151)",
            "手計算した 1x2x3 の例での lm_loss（(ln 2 + ln 5) / 2 = 1.151 のはずです）"))


def test_vocabulary_axis_is_the_last_one_even_when_T_equals_V(kata):
    # With T == V, F.cross_entropy(logits, targets) without flattening runs silently but treats
    # dim 1 (time) as the classes. The vocabulary is the LAST axis: flatten first.
    logits = torch.randn(2, 4, 4)
    targets = torch.randint(0, 4, (2, 4))
    _check(kata, logits, targets,
           ("lm_loss with T == V (the classes are on the last axis, V)",
            "T == V のときの lm_loss（クラスは最後の軸 V にあります）"))


def test_gradient_is_softmax_minus_one_hot_over_BT(kata):
    # d loss / d logits = (softmax(logits) - onehot(targets)) / (B*T) for the mean cross-entropy.
    logits = torch.randn(2, 3, 6, requires_grad=True)
    targets = torch.randint(0, 6, (2, 3))
    loss = kata.lm_loss(logits, targets)
    if not expect(isinstance(loss, torch.Tensor) and loss.requires_grad,
                  ("lm_loss must return a tensor connected to logits (no .item(), no detach)",
                   "lm_loss は logits とつながったテンソルを返す必要があります（.item() や detach は使いません）")):
        return
    loss.backward()
    want = (torch.softmax(logits.detach(), -1) - F.one_hot(targets, 6).float()) / 6
    expect_close(logits.grad, want, atol=1e-6,
                 what=("gradient of lm_loss w.r.t. logits ((softmax - onehot) / (B*T))",
                       "logits に関する lm_loss の勾配（(softmax - onehot) / (B*T)）"))


def test_rejects_mismatched_shapes(kata):
    expect_raises(ValueError, kata.lm_loss, torch.randn(2, 3, 5), torch.zeros(2, 4, dtype=torch.long),
                  what=("logits [2, 3, 5] with targets [2, 4] (T differs)",
                        "logits [2, 3, 5] と targets [2, 4]（T が違います）"))
    expect_raises(ValueError, kata.lm_loss, torch.randn(6, 5), torch.zeros(6, dtype=torch.long),
                  what=("logits [6, 5] (not [B, T, V])", "logits [6, 5]（[B, T, V] ではありません）"))
    expect_raises(ValueError, kata.lm_loss, torch.randn(2, 3, 5), torch.zeros(3, 2, dtype=torch.long),
                  what=("logits [2, 3, 5] with targets [3, 2] (same size, wrong shape)",
                        "logits [2, 3, 5] と targets [3, 2]（要素数は同じでも形状が違います）"))
