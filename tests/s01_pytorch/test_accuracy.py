"""Specs for katas/s01_pytorch/accuracy.py."""
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_raises, fmt


def test_accuracy_hand_worked(kata):
    # Square logits (B = K = 3), so an argmax over the wrong dim has the right shape but the wrong
    # answer. Row-wise argmax: 0, 2, 2 -> rows 0 and 1 match the targets (0, 2, 1): 2/3.
    # Column-wise argmax would give 2, 1, 1 -> only row 2 matches: 1/3.
    logits = torch.tensor([[5.0, 1.0, 0.0],
                           [0.0, 3.0, 4.0],
                           [6.0, 2.0, 7.0]])
    got = kata.accuracy(logits, torch.tensor([0, 2, 1]))
    expect(isinstance(got, float), (f"accuracy should return a Python float (.item()), got {type(got).__name__}",
                                    f"accuracy は Python の float を返すはずです（.item()）。"
                                    f"{type(got).__name__} でした"))
    expect_close(got, 2 / 3, atol=1e-6,
                 what=("accuracy of predictions (0, 2, 2) against targets (0, 2, 1) (argmax over the "
                       "classes, dim=-1, not over the batch)",
                       "予測 (0, 2, 2) と正解 (0, 2, 1) の正解率（argmax はバッチの次元ではなく、クラスの次元 "
                       "dim=-1 で取ります）"))


def test_accuracy_matches_a_count(kata):
    logits, targets = torch.randn(50, 7), torch.randint(0, 7, (50,))
    want = sum(int(logits[i].argmax()) == int(targets[i]) for i in range(50)) / 50
    expect_close(kata.accuracy(logits, targets), want, atol=1e-6,
                 what=("accuracy on 50 random rows (correct / N)", "ランダムな 50 行での正解率（正解数 / N）"))
    expect_close(kata.accuracy(logits, logits.argmax(-1)), 1.0, atol=0,
                 what=("accuracy of perfect predictions", "すべて正しい予測の正解率"))


def test_accuracy_bad_input_raises_value_error(kata):
    cases = ((torch.randn(4, 3), torch.tensor([0, 1, 2]), "logits [4, 3] and targets [3]",
              "logits [4, 3] と targets [3]"),
             (torch.randn(4), torch.tensor([0, 1, 2, 0]), "logits [4] (not 2-D)", "2 次元でない logits [4]"),
             (torch.randn(4, 3), torch.zeros(4, 1, dtype=torch.long),
              "targets [4, 1] (would broadcast to a [4, 4] comparison)",
              "targets [4, 1]（比較が [4, 4] にブロードキャストされてしまいます）"),
             (torch.randn(0, 3), torch.zeros(0, dtype=torch.long), "B = 0 (no accuracy exists)",
              "B = 0 の入力（正解率が存在しません）"))
    for logits, targets, en, ja in cases:
        expect_raises(ValueError, kata.accuracy, logits, targets,
                      what=(f"accuracy with {en}", f"{ja}{' ' if ja[-1].isascii() else ''}を渡した accuracy"))


def _data(n: int = 10, k: int = 4):
    g = torch.Generator().manual_seed(1)
    return torch.randn(n, 5, generator=g), torch.randint(0, k, (n,), generator=g)


def _batches(X, y, size):
    return [(X[i:i + size], y[i:i + size]) for i in range(0, len(X), size)]


def _dropout_model():
    return nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 4))


def test_evaluate_uses_eval_mode_and_weights_batches_by_size(kata):
    # Batches of 4, 4, 2; the oracle is the whole set at once, in eval mode (dropout off).
    X, y = _data(10)
    model = _dropout_model()
    model.eval()
    with torch.no_grad():
        logits = model(X)
        per_batch = [(F.cross_entropy(model(xb), yb).item(), (model(xb).argmax(-1) == yb).float().mean().item())
                     for xb, yb in _batches(X, y, 4)]
    want_loss, want_acc = F.cross_entropy(logits, y).item(), (logits.argmax(-1) == y).float().mean().item()
    model.train()
    modes = []
    model.register_forward_pre_hook(lambda module, args: modes.append(module.training))
    got = kata.evaluate(model, _batches(X, y, 4), loss_fn=F.cross_entropy)
    if not expect(isinstance(got, tuple) and len(got) == 2,
                  (f"evaluate should return the pair (mean_loss, accuracy), got {type(got).__name__}",
                   f"evaluate は (mean_loss, accuracy) の組を返すはずですが、{type(got).__name__} でした")):
        return
    if not expect(not any(modes), (f"evaluate ran the model in training mode (dropout on): call model.eval() "
                                   f"before the batches; training mode seen per batch: {modes}",
                                   f"evaluate がモデルを学習モード（ドロップアウト有効）で動かしました。バッチの前に "
                                   f"model.eval() を呼びましょう。バッチごとの学習モード: {modes}")):
        return  # with dropout on, every number below would be off for that reason alone
    loss, acc = got
    expect(isinstance(loss, float) and isinstance(acc, float),
           (f"evaluate should return Python floats, got ({type(loss).__name__}, {type(acc).__name__})",
            f"evaluate は Python の float を返すはずですが、({type(loss).__name__}, {type(acc).__name__}) でした"))
    mean_of_means = [sum(v[i] for v in per_batch) / len(per_batch) for i in (0, 1)]
    for i, (value, want, name_en, name_ja) in enumerate(((loss, want_loss, "mean loss", "平均損失"),
                                                         (acc, want_acc, "accuracy", "正解率"))):
        if abs(float(value) - want) > 1e-6 and abs(float(value) - mean_of_means[i]) < 1e-6:
            expect(False, (f"the {name_en} {fmt(value)} is the plain average of the 3 batches' values; the "
                           f"batches hold 4, 4 and 2 examples, so weight by batch size (Σ value_b · n_b / N "
                           f"= {fmt(want)})",
                           f"{name_ja} {fmt(value)} は 3 つのバッチの値を単純に平均したものです。バッチには 4、4、"
                           f"2 個のサンプルがあるので、バッチサイズで重み付けしましょう（Σ value_b · n_b / N "
                           f"= {fmt(want)}）"))
        else:
            expect_close(value, want, atol=1e-5,
                         what=(f"{name_en} over batches of 4, 4, 2 vs all 10 examples at once",
                               f"4、4、2 のバッチでの{name_ja}と、10 個すべてを一度に計算した値の比較"))


def test_evaluate_restores_the_mode(kata):
    X, y = _data(8)
    model = _dropout_model()
    model.train()
    kata.evaluate(model, _batches(X, y, 4), loss_fn=F.cross_entropy)
    expect(model.training and all(m.training for m in model.modules()),
           ("a model in training mode should be back in training mode after evaluate (remember "
            "model.training before model.eval(), then model.train(was_training))",
            "学習モードだったモデルは evaluate の後も学習モードに戻っているはずです（model.eval() の前に "
            "model.training を覚えておき、最後に model.train(was_training) としましょう）"))
    model.eval()
    kata.evaluate(model, _batches(X, y, 4), loss_fn=F.cross_entropy)
    expect(not model.training and not any(m.training for m in model.modules()),
           ("a model in eval mode should stay in eval mode after evaluate (restore the mode it HAD, "
            "not always model.train())",
            "評価モードだったモデルは evaluate の後も評価モードのままのはずです（いつも model.train() に"
            "するのではなく、「元の」モードに戻しましょう）"))


class _GradRecorder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(5, 4)
        self.grad_enabled: list[bool] = []

    def forward(self, x):
        self.grad_enabled.append(torch.is_grad_enabled())
        return self.lin(x)


def test_evaluate_builds_no_graph(kata):
    X, y = _data(8)
    model = _GradRecorder()
    kata.evaluate(model, _batches(X, y, 4), loss_fn=F.cross_entropy)
    expect(model.grad_enabled == [False, False],
           (f"each forward in evaluate should run under torch.no_grad() (or torch.inference_mode()); "
            f"grad enabled per batch: {model.grad_enabled}",
            f"evaluate の順伝播はどれも torch.no_grad()（または torch.inference_mode()）の中で実行する"
            f"はずです。バッチごとの勾配計算の有無: {model.grad_enabled}"))
    expect(all(p.grad is None for p in model.parameters()),
           ("evaluate should never call backward (a parameter has a .grad now)",
            "evaluate は backward を呼ばないはずです（パラメータに .grad ができています）"))


def test_evaluate_uses_the_given_loss_fn_and_rejects_an_empty_loader(kata):
    X, y = _data(6)
    model = nn.Linear(5, 4)
    got = kata.evaluate(model, _batches(X, y, 4), loss_fn=lambda logits, t: logits.sum() * 0 + 2.0)
    if expect(isinstance(got, tuple) and len(got) == 2,
              (f"evaluate should return the pair (mean_loss, accuracy), got {type(got).__name__}",
               f"evaluate は (mean_loss, accuracy) の組を返すはずですが、{type(got).__name__} でした")):
        expect_close(got[0], 2.0, atol=1e-6,
                     what=("evaluate with a loss_fn that always returns 2 (use the loss_fn argument)",
                           "常に 2 を返す loss_fn での evaluate（引数の loss_fn を使いましょう）"))
    expect_raises(ValueError, kata.evaluate, model, [], loss_fn=F.cross_entropy,
                  what=("evaluate on an empty loader", "空の loader での evaluate"))
