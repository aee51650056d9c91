"""Specs for katas/s01_pytorch/cross_entropy.py."""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape


def test_log_softmax_matches_torch(kata):
    z = torch.randn(4, 6) * 3
    got = kata.log_softmax(z)
    if expect_shape(got, (4, 6), ("log_softmax(z [4,6])", "log_softmax(z [4,6]) の結果")):
        expect_close(got, F.log_softmax(z, dim=-1), atol=1e-5,
                     what=("log_softmax vs F.log_softmax(dim=-1)", "log_softmax と F.log_softmax(dim=-1) の比較"))
        expect_close(got.exp().sum(-1), torch.ones(4), atol=1e-5,
                     what=("exp(log_softmax) summed over each row (probabilities must sum to 1)",
                           "exp(log_softmax) の各行の和（確率の和は 1 になるはずです）"))
    got0 = kata.log_softmax(z, dim=0)
    if expect_shape(got0, (4, 6), ("log_softmax(z [4,6], dim=0)", "log_softmax(z [4,6], dim=0) の結果")):
        expect_close(got0, F.log_softmax(z, dim=0), atol=1e-5,
                     what=("log_softmax(z, dim=0) vs F.log_softmax(dim=0) (use the `dim` argument for the "
                           "max and the sum)",
                           "log_softmax(z, dim=0) と F.log_softmax(dim=0) の比較（max と和には引数 `dim` を"
                           "使いましょう）"))


def test_log_softmax_is_stable_for_huge_logits(kata):
    got = kata.log_softmax(torch.tensor([[1000.0, 0.0, -1000.0]]))
    if expect_finite(got, ("log_softmax([1000, 0, −1000]) (compute (z − m) − log Σ exp(z − m): exp of a big "
                           "logit overflows to inf, and the log of a softmax that underflowed to 0 is −inf)",
                           "log_softmax([1000, 0, −1000])（(z − m) − log Σ exp(z − m) で計算しましょう。"
                           "大きなロジットの exp は inf にあふれ、0 にアンダーフローした softmax の log は −inf "
                           "になります）")):
        expect_close(got, [[0.0, -1000.0, -2000.0]], atol=1e-3,
                     what=("log_softmax([1000, 0, −1000])", "log_softmax([1000, 0, −1000]) の値"))
    # Rows on very different scales: one max for the whole tensor would underflow the second row.
    got = kata.log_softmax(torch.tensor([[1000.0, 999.0], [-1000.0, -999.0]]))
    a = math.log1p(math.exp(-1))  # −log_softmax of the larger of two logits 1 apart
    if expect_finite(got, ("log_softmax([[1000, 999], [−1000, −999]]) (subtract each row's OWN max: "
                           "max(dim, keepdim=True), not the max of the whole tensor)",
                           "log_softmax([[1000, 999], [−1000, −999]])（テンソル全体の最大値ではなく、各行"
                           "「自身」の最大値 max(dim, keepdim=True) を引きましょう）")):
        expect_close(got, [[-a, -1 - a], [-1 - a, -a]], atol=1e-4,
                     what=("log_softmax([[1000, 999], [−1000, −999]])",
                           "log_softmax([[1000, 999], [−1000, −999]]) の値"))


def test_cross_entropy_hand_worked(kata):
    # logits (1, 2, 3), target 2: −(3 − log(e + e² + e³)) = log(1 + e⁻¹ + e⁻²) ≈ 0.40761
    got = kata.cross_entropy(torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([2]))
    if expect_shape(got, (), ("cross_entropy on one example (a 0-dim tensor)",
                              "1 つの例に対する cross_entropy（0 次元テンソル）")):
        expect_close(got, math.log(1 + math.exp(-1) + math.exp(-2)), atol=1e-6,
                     what=("cross_entropy([[1, 2, 3]], [2]) = −log softmax(z)_2 (the minus sign: a loss is ≥ 0)",
                           "cross_entropy([[1, 2, 3]], [2]) = −log softmax(z)_2（マイナスを忘れずに。損失は "
                           "0 以上です）"))


def test_cross_entropy_matches_torch(kata):
    logits, targets = torch.randn(5, 3) * 2, torch.tensor([2, 0, 1, 1, 0])
    got = kata.cross_entropy(logits, targets)
    if expect_shape(got, (), ("cross_entropy(logits [5,3], targets [5]) (a 0-dim tensor)",
                              "cross_entropy(logits [5,3], targets [5])（0 次元テンソル）")):
        expect_close(got, F.cross_entropy(logits, targets), atol=1e-5,
                     what=("cross_entropy vs F.cross_entropy: the MEAN over the batch of −log p[i, t_i] (row "
                           "i's own target; no softmax applied before; the mean, not the sum)",
                           "cross_entropy と F.cross_entropy の比較: −log p[i, t_i]（i 行目自身の正解）のバッチ"
                           "「平均」です（前もって softmax をかけません。総和ではなく平均です）"))
    # Huge logits: row 0 is sure of class 0 (loss 0), row 1 is sure of class 1 but the target is 0 (loss 2000).
    loss = kata.cross_entropy(torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]]), torch.tensor([0, 0]))
    expect_close(loss, 1000.0, atol=1e-3,
                 what=("cross_entropy([[1000, −1000], [−1000, 1000]], [0, 0]) = (0 + 2000)/2",
                       "cross_entropy([[1000, −1000], [−1000, 1000]], [0, 0]) = (0 + 2000)/2 のはずです"))


def test_gradient_is_softmax_minus_one_hot(kata):
    # Closed form: ∂L/∂z = (softmax(z) − onehot(t)) / B.
    logits = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    targets = torch.tensor([0, 2, 1, 2])
    loss = kata.cross_entropy(logits, targets)
    if not expect(isinstance(loss, torch.Tensor) and loss.requires_grad,
                  ("cross_entropy's result is not connected to the logits (no gradient can flow): no "
                   ".item(), .detach() or torch.no_grad() inside",
                   "cross_entropy の結果がロジットとつながっていません（勾配が流れません）。中で .item()、"
                   ".detach()、torch.no_grad() を使わないでください")):
        return
    loss.backward()
    want = (torch.softmax(logits.detach(), -1) - F.one_hot(targets, 3).double()) / 4
    expect_close(logits.grad, want, atol=1e-10,
                 what=("∂cross_entropy/∂logits vs (softmax − onehot)/B",
                       "∂cross_entropy/∂logits と (softmax − onehot)/B の比較"))


class _Refused(Exception):
    pass


def test_built_from_scratch(kata, monkeypatch):
    logits, targets = torch.randn(3, 4), torch.tensor([3, 0, 1])
    want = F.cross_entropy(logits, targets)

    def refusing(name):
        def refuse(*args, **kwargs):
            raise _Refused(name)
        return refuse
    for owner, name, shown in ((torch, "logsumexp", "torch.logsumexp"), (torch, "log_softmax", "torch.log_softmax"),
                               (torch.Tensor, "logsumexp", "Tensor.logsumexp"),
                               (torch.Tensor, "log_softmax", "Tensor.log_softmax"),
                               (torch.special, "logsumexp", "torch.special.logsumexp"),
                               (torch.special, "log_softmax", "torch.special.log_softmax"),
                               (F, "log_softmax", "F.log_softmax"), (F, "cross_entropy", "F.cross_entropy"),
                               (F, "nll_loss", "F.nll_loss")):
        monkeypatch.setattr(owner, name, refusing(shown))
    try:
        got = kata.cross_entropy(logits, targets)
    except _Refused as e:
        expect(False, (f"cross_entropy called {e}: build it yourself from exp, log, max and indexing (the "
                       f"built-in is the oracle here)",
                       f"cross_entropy が {e} を呼びました。exp、log、max とインデックス指定で自分で組み立て"
                       f"ましょう（組み込み関数はここでは正解の側です）"))
        return
    expect_close(got, want, atol=1e-5, what=("cross_entropy without the built-ins",
                                             "組み込み関数を使わない cross_entropy"))


def test_bad_input_raises_value_error(kata):
    logits = torch.randn(3, 4)
    cases = ((logits, torch.tensor([0, 4, 1]), "target 4 for K = 4 classes (valid: 0..3)",
              "正解 4（K = 4 クラスなので有効なのは 0..3）"),
             (logits, torch.tensor([0, -1, 1]), "target −1 (would silently pick the last class)",
              "正解 −1（黙って最後のクラスが選ばれてしまいます）"),
             (logits, torch.tensor([0, 1]), "logits [3, 4] and targets [2]", "logits [3, 4] と targets [2]"),
             (torch.randn(4), torch.tensor([0]), "logits [4] (not 2-D)", "2 次元でない logits [4]"))
    for z, t, en, ja in cases:
        expect_raises(ValueError, kata.cross_entropy, z, t,
                      what=(f"cross_entropy with {en}", f"{ja}{' ' if ja[-1].isascii() else ''}を渡した cross_entropy"))
