"""Specs for katas/s08_quality/ema_update.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, fmt


def _pair(fill_ema, fill_model):
    ema, model = nn.Linear(3, 2), nn.Linear(3, 2)
    with torch.no_grad():
        for p in ema.parameters():
            p.fill_(fill_ema)
        for p in model.parameters():
            p.fill_(fill_model)
    return ema, model


def test_hand_worked(kata):
    ema, model = _pair(0.0, 1.0)
    result = kata.ema_update(ema, model, 0.9)
    expect(result is None, ("ema_update works in place and returns None", "ema_update はその場で更新し、None を返します"))
    got = float(ema.weight[0, 0].detach())
    if abs(got - 0.9) < 1e-6:
        expect(False, ("p_ema = 0, p = 1, decay = 0.9 gave 0.9: decay weights the OLD average, "
                       "p_ema ← decay·p_ema + (1 − decay)·p = 0.1 (the average moves only 10% towards p)",
                       "p_ema = 0、p = 1、decay = 0.9 で 0.9 になりました。decay は「古い」平均にかけます: "
                       "p_ema ← decay·p_ema + (1 − decay)·p = 0.1（平均は p の方へ 10% だけ動きます）"))
        return
    expect_close(ema.weight, torch.full((2, 3), 0.1), atol=1e-6,
                 what=("ema.weight after one update (p_ema = 0, p = 1, decay = 0.9): 0.9·0 + 0.1·1",
                       "1 回更新したあとの ema.weight（p_ema = 0、p = 1、decay = 0.9）: 0.9·0 + 0.1·1"))
    expect_close(ema.bias, torch.full((2,), 0.1), atol=1e-6,
                 what=("ema.bias after the same update (every parameter is averaged)",
                       "同じ更新のあとの ema.bias（すべてのパラメータを平均します）"))
    expect_close(model.weight, torch.ones(2, 3), atol=0,
                 what=("the model itself must not change", "モデル自身は変わらないはずです"))


def test_many_updates_forget_geometrically(kata):
    # A constant model p: after k updates p_ema = p + decay^k·(p_ema,0 − p).
    ema, model = _pair(2.0, -1.0)
    for _ in range(10):
        kata.ema_update(ema, model, 0.8)
    want = -1.0 + 0.8 ** 10 * 3.0
    expect_close(ema.weight, torch.full((2, 3), want), atol=1e-5,
                 what=(f"after 10 updates with decay 0.8 towards p = −1 from 2: −1 + 0.8¹⁰·3 = {fmt(want)}",
                       f"decay 0.8 で 2 から p = −1 へ 10 回更新したあと: −1 + 0.8¹⁰·3 = {fmt(want)}"))
    ema0, model0 = _pair(5.0, 3.0)
    kata.ema_update(ema0, model0, 0.0)
    expect_close(ema0.weight, model0.weight, atol=0, what=("decay = 0 copies the model", "decay = 0 はモデルをコピーします"))
    ema1, model1 = _pair(5.0, 3.0)
    kata.ema_update(ema1, model1, 1.0)
    expect_close(ema1.weight, torch.full((2, 3), 5.0), atol=0, what=("decay = 1 freezes the average", "decay = 1 は平均を凍結します"))


def test_buffers_are_copied(kata):
    # BatchNorm's running statistics are buffers: they are taken from the model, not averaged.
    ema = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))
    model.train()
    model(torch.randn(16, 4) * 3 + 2)          # moves running_mean / running_var, counts one batch
    kata.ema_update(ema, model, 0.99)
    for name in ("running_mean", "running_var", "num_batches_tracked"):
        expect_close(getattr(ema[1], name), getattr(model[1], name), atol=0,
                     what=(f"BatchNorm buffer {name} after ema_update: copied from the model (buffers are not averaged)",
                           f"ema_update のあとの BatchNorm のバッファ {name}: モデルからコピーします（バッファは平均しません）"))


def test_in_place_and_outside_autograd(kata):
    ema, model = nn.Linear(3, 3), nn.Linear(3, 3)
    ema.requires_grad_(False)                  # an EMA copy is never trained
    objects = list(ema.parameters())
    start = ema.weight.detach().clone()
    kata.ema_update(ema, model, 0.5)
    after = list(ema.parameters())
    expect(len(after) == len(objects) and all(a is b for a, b in zip(objects, after)),
           ("ema_update must change the ema parameters IN PLACE (p.mul_(…).add_(…) or p.copy_(…)), not replace them",
            "ema_update は ema のパラメータを「その場で」変えるはずです（p.mul_(…).add_(…) や p.copy_(…)）。置き換えては"
            "いけません"))
    leaked = [name for name, p in ema.named_parameters() if p.requires_grad or p.grad_fn is not None]
    expect(not leaked, (f"the ema parameters {leaked} joined the autograd graph of the model's parameters: update them "
                        f"under torch.no_grad() (or with p.detach())",
                        f"ema のパラメータ {leaked} がモデルのパラメータの autograd のグラフに入ってしまいました。"
                        f"torch.no_grad() の中で（または p.detach() で）更新しましょう"))
    expect_close(ema.weight, 0.5 * start + 0.5 * model.weight.detach(), atol=1e-6,
                 what=("ema.weight after one update with decay 0.5: the mean of the old average and the model",
                       "decay 0.5 で 1 回更新したあとの ema.weight: 古い平均とモデルの平均"))


def test_rejects_bad_input(kata):
    ema, model = _pair(0.0, 1.0)
    expect_raises(ValueError, kata.ema_update, ema, model, 1.5,
                  what=("ema_update with decay = 1.5", "decay = 1.5 の ema_update"))
    expect_raises(ValueError, kata.ema_update, ema, model, -0.1,
                  what=("ema_update with decay = −0.1", "decay = −0.1 の ema_update"))
    expect_raises(ValueError, kata.ema_update, nn.Linear(3, 2), nn.Linear(4, 2), 0.9,
                  what=("ema_update between Linear(3, 2) and Linear(4, 2) (different shapes)",
                        "Linear(3, 2) と Linear(4, 2) のあいだの ema_update（形状が違う）"))
