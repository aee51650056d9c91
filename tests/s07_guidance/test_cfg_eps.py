"""Specs for katas/s07_guidance/cfg_eps.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape

NULL = 4


def _eps(x, t, labels):
    """The stand-in's noise prediction: each example depends on its own x, t and label only."""
    y = labels.to(x.dtype).view(-1, 1, 1, 1)
    return x * (1 + y) / 4 + torch.sin(y + 0.1 * t.to(x.dtype).view(-1, 1, 1, 1))


class StandIn(nn.Module):
    """A toy conditional model that records every call it gets."""
    null_label = NULL

    def __init__(self):
        super().__init__()
        self.calls = []

    def forward(self, x, t, labels=None):
        self.calls.append((x.detach().clone(), t.clone(), None if labels is None else labels.clone()))
        if labels is None:
            labels = torch.full((x.shape[0],), NULL)
        return _eps(x, t, labels)


def _inputs():
    return torch.randn(3, 1, 2, 2), torch.tensor([7, 2, 9]), torch.tensor([0, 3, 1])


def test_one_call_on_the_doubled_batch(kata):
    model = StandIn()
    x, t, labels = _inputs()
    out = kata.cfg_eps(model, x, t, labels, 3.0)
    n = len(model.calls)
    if not expect(n == 1, (f"the model was called {n} times; call it ONCE on the doubled batch [x; x] "
                           f"(labels [labels; null]) and split the output",
                           f"モデルが {n} 回呼ばれました。2 倍のバッチ [x; x]（ラベルは [labels; ヌル]）で「1 回だけ」"
                           f"呼び、出力を分けましょう")):
        return
    cx, ct, cl = model.calls[0]
    if not expect(cx.shape == (6, 1, 2, 2) and cl is not None and cl.shape == (6,),
                  (f"the model should get x [2B, 1, 2, 2] = [6, 1, 2, 2] and labels [6], got x {list(cx.shape)} and "
                   f"labels {None if cl is None else list(cl.shape)}",
                   f"モデルには x [2B, 1, 2, 2] = [6, 1, 2, 2] と labels [6] が渡るはずですが、x {list(cx.shape)} と "
                   f"labels {None if cl is None else list(cl.shape)} でした")):
        return
    expect_close(cx, torch.cat([x, x]), atol=0, what=("the model's x: [x; x]", "モデルに渡す x: [x; x]"))
    expect_close(ct, torch.cat([t, t]), atol=0, what=("the model's t: [t; t]", "モデルに渡す t: [t; t]"))
    expect_close(cl, torch.tensor([0, 3, 1, NULL, NULL, NULL]), atol=0,
                 what=(f"the model's labels: [labels; null] = [0, 3, 1, {NULL}, {NULL}, {NULL}] (real labels first, "
                       f"then model.null_label)",
                       f"モデルに渡すラベル: [labels; ヌル] = [0, 3, 1, {NULL}, {NULL}, {NULL}]（本物のラベルが先、"
                       f"次に model.null_label）"))
    expect_shape(out, (3, 1, 2, 2), ("cfg_eps output: back to [B, 1, 2, 2]", "cfg_eps の出力: [B, 1, 2, 2] に戻ります"))


def test_guided_value(kata):
    x, t, labels = _inputs()
    eps_c, eps_u = _eps(x, t, labels), _eps(x, t, torch.full((3,), NULL))
    got = kata.cfg_eps(StandIn(), x, t, labels, 3.0)
    if not expect_shape(got, (3, 1, 2, 2), ("cfg_eps(x [3, 1, 2, 2], ..., w=3)", "cfg_eps(x [3, 1, 2, 2], ..., w=3) の出力")):
        return
    if torch.allclose(got, eps_c + 3.0 * (eps_u - eps_c), atol=1e-5):
        expect(False, ("the halves are swapped after chunk: the FIRST half is the conditional prediction "
                       "(labels were stacked first), the second the unconditional one",
                       "chunk の後で半分が入れ替わっています。ラベルを先に積んだので、「前半」が条件付きの予測、"
                       "後半が条件なしの予測です"))
        return
    expect_close(got, eps_u + 3.0 * (eps_c - eps_u), atol=1e-5,
                 what=("cfg_eps(w=3) vs ε_u + 3·(ε_c − ε_u) from separate calls with the labels and the null label",
                       "cfg_eps(w=3) と、ラベルありとヌルラベルで別々に呼んで求めた ε_u + 3·(ε_c − ε_u) の比較"))


def test_w_zero_and_one(kata):
    x, t, labels = _inputs()
    for w, want, what in ((1.0, _eps(x, t, labels), ("w = 1 gives the conditional prediction ε(x, t, labels)",
                                                     "w = 1 では条件付きの予測 ε(x, t, labels)")),
                          (0.0, _eps(x, t, torch.full((3,), NULL)),
                           ("w = 0 gives the unconditional prediction ε(x, t, ∅)", "w = 0 では条件なしの予測 ε(x, t, ∅)"))):
        got = kata.cfg_eps(StandIn(), x, t, labels, w)
        if expect_shape(got, (3, 1, 2, 2), (f"cfg_eps(..., w={w})", f"cfg_eps(..., w={w}) の出力")):
            expect_close(got, want, atol=1e-5, what=what)


def test_rejects_bad_shapes(kata):
    x, t, labels = _inputs()
    expect_raises(ValueError, kata.cfg_eps, StandIn(), x, t, labels[:2], 2.0,
                  what=("2 labels for a batch of 3", "バッチ 3 に対して 2 個のラベル"))
    expect_raises(ValueError, kata.cfg_eps, StandIn(), x, t[:1], labels, 2.0,
                  what=("1 timestep for a batch of 3", "バッチ 3 に対して 1 個のタイムステップ"))
