"""Specs for katas/s08_quality/ema_model.py."""
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from harness.checks import expect, expect_close, expect_raises, fmt


def _train_step(model, x, lr):
    """One plain SGD step by hand (torch.optim's first import costs seconds)."""
    model.zero_grad()
    model(x).pow(2).mean().backward()
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(lr * p.grad)


def _net():
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 2))


def test_module_is_a_frozen_copy(kata):
    model = _net()
    ema = kata.EMA(model, decay=0.9)
    module = getattr(ema, "module", None)
    if not expect(isinstance(module, nn.Module), (f"EMA needs a .module (the averaged copy), got {type(module).__name__}",
                                                  f"EMA には .module（平均のコピー）が必要ですが、{type(module).__name__} でした")):
        return
    if not expect(module is not model, ("ema.module IS the model: the 'average' would just follow the model; "
                                        "use copy.deepcopy(model)",
                                        "ema.module がモデルそのものです。これでは「平均」がモデルに付いて回るだけです。"
                                        "copy.deepcopy(model) を使いましょう")):
        return
    shared = [n for (n, p), q in zip(module.named_parameters(), model.parameters()) if p.data_ptr() == q.data_ptr()]
    expect(not shared, (f"ema.module shares the tensors {shared} with the model (a shallow copy): use copy.deepcopy",
                        f"ema.module がモデルとテンソル {shared} を共有しています（浅いコピー）。copy.deepcopy を使いましょう"))
    for (name, p), q in zip(module.named_parameters(), model.parameters()):
        if not expect_close(p, q, atol=0, what=(f"ema.module.{name} starts equal to the model's",
                                                 f"ema.module.{name} は最初はモデルと同じです")):
            break
    trainable = [n for n, p in module.named_parameters() if p.requires_grad]
    expect(not trainable, (f"ema.module parameters {trainable} still require grad: the average is never trained "
                           f"(requires_grad_(False))",
                           f"ema.module のパラメータ {trainable} がまだ requires_grad です。平均は学習しません"
                           f"（requires_grad_(False)）"))
    expect(not module.training, ("ema.module should be in eval mode (it is only used to sample: no dropout, BatchNorm "
                                 "uses its running statistics)",
                                 "ema.module は eval モードのはずです（サンプリングにしか使わないので、ドロップアウトなし、"
                                 "BatchNorm は移動統計量を使います）"))
    expect(getattr(ema, "decay", None) == 0.9, (f"ema.decay should be 0.9, got {getattr(ema, 'decay', None)}",
                                                f"ema.decay は 0.9 のはずですが、{getattr(ema, 'decay', None)} でした"))


def test_training_the_model_leaves_the_copy_alone(kata):
    model = _net()
    ema = kata.EMA(model)
    module = getattr(ema, "module", None)
    if not expect(isinstance(module, nn.Module), ("EMA needs a .module", "EMA には .module が必要です")):
        return
    start = [p.detach().clone() for p in module.parameters()]
    _train_step(model, torch.randn(8, 4), 0.5)  # train the model WITHOUT calling ema.update
    moved = [n for (n, p), s in zip(module.named_parameters(), start) if not torch.equal(p, s)]
    expect(not moved, (f"an optimiser step on the model changed ema.module's {moved}: the copy must own its tensors "
                       f"(copy.deepcopy) and change only in update()",
                       f"モデルのオプティマイザのステップで ema.module の {moved} が変わりました。コピーは自分のテンソルを持ち"
                       f"（copy.deepcopy）、update() でだけ変わるはずです"))


def test_equals_torch_averaged_model(kata):
    decay = 0.8
    model = _net()
    ema = kata.EMA(model, decay=decay)
    # AveragedModel's FIRST update_parameters copies the model; afterwards it does the EMA step.
    # Calling it once now puts both averages at the same starting weights.
    avg = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))
    avg.update_parameters(model)
    model.train()
    for _ in range(5):
        _train_step(model, torch.randn(16, 4), 0.2)          # also moves BatchNorm's running stats
        ema.update(model)
        avg.update_parameters(model)
    module = getattr(ema, "module", None)
    if not expect(isinstance(module, nn.Module), ("EMA needs a .module", "EMA には .module が必要です")):
        return
    for (name, got), want in zip(module.state_dict().items(), avg.module.state_dict().values()):
        if not expect_close(got, want, atol=1e-6,
                            what=(f"ema.module.{name} after 5 updates vs torch.optim.swa_utils.AveragedModel with "
                                  f"get_ema_multi_avg_fn({decay}) (p_ema ← decay·p_ema + (1 − decay)·p; buffers copied)",
                                  f"5 回更新したあとの ema.module.{name} と、get_ema_multi_avg_fn({decay}) の "
                                  f"torch.optim.swa_utils.AveragedModel の比較（p_ema ← decay·p_ema + (1 − decay)·p、"
                                  f"バッファはコピー）")):
            return


def test_forward_runs_the_average(kata):
    model = _net()
    ema = kata.EMA(model, decay=0.5)
    x = torch.randn(6, 4)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)                          # the model moves away ...
    ema.update(model)                            # ... and the average moves half-way
    module = getattr(ema, "module", None)
    if not expect(isinstance(module, nn.Module), ("EMA needs a .module", "EMA には .module が必要です")):
        return
    out = ema(x)
    want = module(x)
    if expect_close(out, want, atol=0, what=("ema(x) should return ema.module(x) (forward runs the averaged copy)",
                                              "ema(x) は ema.module(x) を返すはずです（forward は平均のコピーを動かします）")):
        model.eval()
        gap = float((out - model(x)).detach().abs().max())
        expect(gap > 1e-3, (f"ema(x) equals model(x) (max difference {fmt(gap)}): forward must use the average, not the model",
                            f"ema(x) が model(x) と同じです（最大の差 {fmt(gap)}）。forward はモデルではなく平均を使うはずです"))
        expect(not out.requires_grad, ("ema(x) requires grad: the averaged parameters must not require grad",
                                       "ema(x) が requires_grad です。平均のパラメータは勾配を必要としないはずです"))


def test_rejects_bad_decay(kata):
    expect_raises(ValueError, kata.EMA, nn.Linear(2, 2), 1.5,
                  what=("EMA(model, decay=1.5)", "decay=1.5 の EMA(model, decay=1.5)"))
