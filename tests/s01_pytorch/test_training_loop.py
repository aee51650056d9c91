"""Specs for katas/s01_pytorch/training_loop.py."""
import copy

import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_raises, fmt


def _problem(n: int = 10):
    # A tiny regression problem: y = x·[1, −2, 0.5] + 0.3.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    y = X @ torch.tensor([1.0, -2.0, 0.5]) + 0.3
    return X, y[:, None]


def _batches(X, y, size):
    return [(X[i:i + size], y[i:i + size]) for i in range(0, len(X), size)]


def _sgd_by_hand(model: nn.Module, batches, lr: float, accumulate: bool = False) -> None:
    # Plain SGD, one step per batch; `accumulate` keeps adding the gradients (the never-zeroed bug).
    total = None
    for xb, yb in batches:
        grads = torch.autograd.grad(F.mse_loss(model(xb), yb), list(model.parameters()))
        total = grads if total is None or not accumulate else [t + g for t, g in zip(total, grads)]
        with torch.no_grad():
            for p, g in zip(model.parameters(), total):
                p -= lr * g


def test_loss_decreases_over_epochs(kata):
    X, y = _problem(64)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=16)
    losses = [kata.train_one_epoch(model, loader, opt, F.mse_loss) for _ in range(5)]
    if not expect(all(isinstance(l, float) for l in losses),
                  (f"train_one_epoch should return a Python float (loss.item() · batch size, summed), got "
                   f"{type(losses[0]).__name__}",
                   f"train_one_epoch は Python の float を返すはずです（loss.item() · バッチサイズの合計から）"
                   f"。{type(losses[0]).__name__} でした")):
        return
    shown = ", ".join(fmt(l) for l in losses)
    expect(all(b < a for a, b in zip(losses, losses[1:])),
           (f"the epoch loss should fall every epoch with SGD(lr=0.1) on a linear problem, got {shown}",
            f"線形の問題で SGD(lr=0.1) なら、エポックの損失は毎エポック下がるはずですが、{shown} でした"))
    expect(losses[-1] < 0.1 * losses[0],
           (f"after 5 epochs the loss should be < 10% of the first: {fmt(losses[0])} -> {fmt(losses[-1])}",
            f"5 エポック後の損失は最初の 10% 未満のはずです: {fmt(losses[0])} -> {fmt(losses[-1])}"))


def test_parameters_match_manual_sgd_steps(kata):
    # Two batches: the right loop gives two clean SGD steps. Clearing the gradients before backward
    # or after optimizer.step() are both right; never clearing them makes the second step use g0 + g1.
    X, y = _problem(8)
    model = nn.Linear(3, 1)
    oracle, stale = copy.deepcopy(model), copy.deepcopy(model)
    start = copy.deepcopy(model)
    lr = 0.1
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    _sgd_by_hand(oracle, _batches(X, y, 4), lr)
    _sgd_by_hand(stale, _batches(X, y, 4), lr, accumulate=True)

    def same(a: nn.Module, b: nn.Module) -> bool:
        return all(torch.allclose(p, q, atol=1e-6) for p, q in zip(a.parameters(), b.parameters()))
    if same(model, oracle):
        return
    if same(model, stale):
        expect(False, ("the second batch's step used the first batch's gradient too (g0 + g1): the "
                       "gradients are never cleared. Call optimizer.zero_grad() once per batch, before "
                       "loss.backward() or after optimizer.step()",
                       "2 つ目のバッチのステップが 1 つ目の勾配も使っています（g0 + g1）。勾配が一度も"
                       "クリアされていません。optimizer.zero_grad() をバッチごとに 1 回、loss.backward() の"
                       "前か optimizer.step() の後で呼びましょう"))
    elif same(model, start):
        expect(False, ("the parameters did not move: is optimizer.step() called after loss.backward(), and are "
                       "the gradients cleared only before backward or after the step (not between the two)?",
                       "パラメータが動いていません。optimizer.step() を loss.backward() の後に呼んでいますか？ 勾配の"
                       "クリアは backward の前か step の後にしていますか（その 2 つの間ではなく）？"))
    else:
        expect_close(model.weight, oracle.weight, atol=1e-6,
                     what=("weight after one epoch (2 batches) vs two hand-made SGD steps (zero_grad, "
                           "forward, loss, backward, step for each batch)",
                           "1 エポック（2 バッチ）後の weight と、手で行った 2 回の SGD ステップの比較"
                           "（バッチごとに zero_grad、順伝播、損失、backward、step）"))
        expect_close(model.bias, oracle.bias, atol=1e-6,
                     what=("bias after one epoch vs two hand-made SGD steps",
                           "1 エポック後の bias と、手で行った 2 回の SGD ステップの比較"))


def test_mean_loss_is_weighted_by_batch_size(kata):
    # lr = 0 keeps the model fixed, so the epoch's mean loss must equal the loss on all 10 examples
    # at once. Batches of 4, 4, 2: a plain average of the three batch losses would be off.
    X, y = _problem(10)
    model = nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.0)
    got = kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    with torch.no_grad():
        want = F.mse_loss(model(X), y).item()
        means = [F.mse_loss(model(xb), yb).item() for xb, yb in _batches(X, y, 4)]
    if isinstance(got, (int, float)) and abs(got - sum(means) / 3) < 1e-6:
        expect(False, (f"epoch loss {fmt(got)} is the plain average of the 3 batch means; the batches hold "
                       f"4, 4 and 2 examples, so weight each mean by its batch size: "
                       f"Σ loss_b · n_b / Σ n_b = {fmt(want)}",
                       f"エポックの損失 {fmt(got)} は 3 つのバッチ平均を単純に平均した値です。バッチには 4、4、"
                       f"2 個のサンプルがあるので、各平均をバッチサイズで重み付けしましょう: "
                       f"Σ loss_b · n_b / Σ n_b = {fmt(want)}"))
        return
    expect_close(got, want, atol=1e-5,
                 what=("epoch loss with batches of 4, 4, 2 vs the loss on all 10 examples "
                       "(Σ loss_b · n_b / Σ n_b: the sum of loss · batch size, divided by the number of examples)",
                       "4、4、2 のバッチでのエポックの損失と、10 個すべてでの損失の比較"
                       "（Σ loss_b · n_b / Σ n_b: 損失 · バッチサイズの合計をサンプル数で割ります）"))


class _Recorder(nn.Module):
    """A linear model that remembers its mode and its output at each forward."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 1)
        self.modes: list[bool] = []
        self.outputs: list[torch.Tensor] = []

    def forward(self, x):
        self.modes.append(self.training)
        self.outputs.append(self.lin(x))
        return self.outputs[-1]


def test_puts_the_model_in_training_mode(kata):
    X, y = _problem(8)
    model = _Recorder()
    model.eval()  # as an evaluation before this epoch would leave it
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    kata.train_one_epoch(model, _batches(X, y, 4), opt, F.mse_loss)
    expect(model.modes == [True, True],
           (f"the model should run in training mode on each batch (call model.train() before the loop); "
            f"training mode seen per batch: {model.modes}",
            f"モデルはどのバッチでも学習モードで動くはずです（ループの前に model.train() を呼びましょう）。"
            f"バッチごとの学習モード: {model.modes}"))


def test_steps_once_per_batch_with_loss_fn_of_output_and_target(kata):
    X, y = _problem(12)
    model = _Recorder()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    steps = []
    opt.register_step_post_hook(lambda *args: steps.append(1))
    batches = _batches(X, y, 5)
    calls = []

    def loss_fn(output, target):
        calls.append(any(output is o for o in model.outputs) and any(target is t for _, t in batches))
        return F.mse_loss(output, target)
    kata.train_one_epoch(model, batches, opt, loss_fn)
    expect(len(steps) == 3, (f"12 examples in batches of 5 are 3 batches: optimizer.step() should run 3 times, "
                             f"ran {len(steps)} time{'s' if len(steps) != 1 else ''}",
                             f"12 個のサンプルを 5 個ずつに分けると 3 バッチなので、optimizer.step() は 3 回"
                             f"実行されるはずですが、{len(steps)} 回でした"))
    expect(len(calls) == 3 and all(calls),
           (f"loss_fn should be called once per batch as loss_fn(model(x), y): the model's output first, "
            f"the batch's targets second (calls that matched: {sum(calls)} of {len(calls)})",
            f"loss_fn はバッチごとに 1 回、loss_fn(model(x), y) の形で呼ぶはずです。モデルの出力が先、"
            f"バッチの正解が後です（合っていた呼び出し: {len(calls)} 回中 {sum(calls)} 回）"))


def test_empty_loader_raises_value_error(kata):
    model = nn.Linear(3, 1)
    expect_raises(ValueError, kata.train_one_epoch, model, [], torch.optim.SGD(model.parameters(), lr=0.1),
                  F.mse_loss, what=("train_one_epoch on an empty loader (no mean loss exists)",
                                    "空の loader での train_one_epoch（平均損失が存在しません）"))
