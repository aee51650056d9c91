"""Specs for katas/s02_gpt/estimate_loss.py."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_raises

V, C = 7, 8


class SpyLM(nn.Module):
    """A tiny LM with dropout that notes the mode and grad state of every forward call."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, C)
        self.drop = nn.Dropout(0.5)
        self.lin = nn.Linear(C, V)
        self.seen = []  # (model.training, dropout.training, grad enabled)

    def forward(self, x, y):
        self.seen.append((self.training, self.drop.training, torch.is_grad_enabled()))
        logits = self.lin(self.drop(self.emb(x)))
        return logits, F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))


class Batches:
    """get_batch_fn: a fixed list of batches per split, handed out in order; records the calls."""

    def __init__(self, n):
        g = torch.Generator().manual_seed(1)

        def one():
            return torch.randint(0, V, (2, 5), generator=g), torch.randint(0, V, (2, 5), generator=g)

        self.data = {s: [one() for _ in range(n)] for s in ("train", "val")}
        self.calls = []

    def __call__(self, split):
        self.calls.append(split)
        k = sum(c == split for c in self.calls) - 1
        return self.data[split][k % len(self.data[split])]


def test_mean_over_eval_iters_batches_per_split(kata):
    model, batches = SpyLM(), Batches(3)
    got = kata.estimate_loss(model, batches, eval_iters=3)
    model.eval()
    with torch.no_grad():
        want = {s: sum(model(x, y)[1].item() for x, y in batches.data[s]) / 3 for s in ("train", "val")}
    if not expect(isinstance(got, dict) and set(got) == {"train", "val"},
                  (f"estimate_loss should return a dict with keys 'train' and 'val', got {got!r}",
                   f"estimate_loss は 'train' と 'val' をキーに持つ辞書を返すはずですが、{got!r} でした")):
        return
    counts = {s: batches.calls.count(s) for s in ("train", "val")}
    expect(counts == {"train": 3, "val": 3},
           (f"get_batch_fn should be called eval_iters=3 times per split, got {counts}",
            f"get_batch_fn はスプリットごとに eval_iters=3 回呼ばれるはずですが、{counts} でした"))
    for s in ("train", "val"):
        expect(isinstance(got[s], float),
               (f"out[{s!r}] should be a Python float (loss.item()), got {type(got[s]).__name__}",
                f"out[{s!r}] は Python の float（loss.item()）のはずですが、{type(got[s]).__name__} でした"))
        expect_close(got[s], want[s], atol=1e-6,
                     what=(f"estimate_loss()[{s!r}] vs the mean loss of its 3 batches in eval mode",
                           f"estimate_loss()[{s!r}] と、評価モードでの 3 バッチの損失の平均の比較"))


def test_runs_in_eval_mode(kata):
    model = SpyLM()
    kata.estimate_loss(model, Batches(2), eval_iters=2)
    modes = [(m, d) for m, d, _ in model.seen]
    expect(modes and all(not m and not d for m, d in modes),
           (f"during estimate_loss the model (and its dropout) should be in eval mode; "
            f"(model.training, dropout.training) per call: {modes}",
            f"estimate_loss の間、モデル（とそのドロップアウト）は評価モードのはずです。呼び出しごとの "
            f"(model.training, dropout.training): {modes}"))


@pytest.mark.parametrize("start_training", [True, False])
def test_restores_the_previous_mode(kata, start_training):
    model = SpyLM()
    model.train(start_training)
    kata.estimate_loss(model, Batches(2), eval_iters=2)
    mode_en = "train" if start_training else "eval"
    mode_ja = "訓練" if start_training else "評価"
    expect(model.training == start_training and model.drop.training == start_training,
           (f"the model was in {mode_en} mode before estimate_loss and should be again after "
            f"(model.training={model.training}); remember model.training first, then "
            f"model.train(was_training)",
            f"estimate_loss の前、モデルは{mode_ja}モードだったので、後でもそのはずです"
            f"（model.training={model.training}）。先に model.training を覚えておき、最後に "
            f"model.train(was_training) で戻しましょう"))


def test_records_no_gradients(kata):
    model = SpyLM()
    kata.estimate_loss(model, Batches(2), eval_iters=2)
    expect(model.seen and not any(g for _, _, g in model.seen),
           ("the forward passes should run under torch.no_grad() (no graph for a measurement)",
            "順伝播は torch.no_grad() の中で実行するはずです（測定に計算グラフは不要です）"))
    expect(all(p.grad is None for p in model.parameters()),
           ("estimate_loss must not call backward: a parameter now has a .grad",
            "estimate_loss で backward を呼んではいけません。パラメータに .grad ができています"))


def test_rejects_no_batches(kata):
    expect_raises(ValueError, kata.estimate_loss, SpyLM(), Batches(1), eval_iters=0,
                  what=("estimate_loss with eval_iters = 0", "eval_iters = 0 の estimate_loss"))
