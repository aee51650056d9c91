"""Specs for katas/s02_gpt/feed_forward.py."""
import math

import torch
import torch.nn.functional as F
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt

C = 8


def _mistakes(ff, x):
    """Wrong nonlinearities, each ((en, ja), value)."""
    h = ff.c_fc(x)
    return [
        (("you used ReLU; GPT uses GELU (nn.GELU())", "ReLU を使っています。GPT は GELU（nn.GELU()）を使います"),
         ff.c_proj(torch.relu(h))),
        (("you used the tanh approximation of GELU; use the exact form nn.GELU() (approximate='none')",
          "GELU の tanh 近似を使っています。厳密な形の nn.GELU()（approximate='none'）を使いましょう"),
         ff.c_proj(F.gelu(h, approximate="tanh"))),
        (("the nonlinearity is missing between c_fc and c_proj",
          "c_fc と c_proj の間に非線形関数がありません"),
         ff.c_proj(h)),
    ]


def test_parts_are_4x_wide(kata):
    ff = kata.FeedForward(C, dropout=0.1)
    for name, shape in (("c_fc", (4 * C, C)), ("c_proj", (C, 4 * C))):
        layer = getattr(ff, name, None)
        if expect(isinstance(layer, nn.Linear), (f"ff.{name} should be an nn.Linear",
                                                 f"ff.{name} は nn.Linear のはずです")):
            got = tuple(int(s) for s in layer.weight.shape)
            expect(got == shape, (f"ff.{name}.weight should be {shape} (C -> 4C -> C), got {got}",
                                  f"ff.{name}.weight は {shape}（C -> 4C -> C）のはずですが、{got} でした"))
            expect(layer.bias is not None, (f"ff.{name} should have a bias when bias=True",
                                            f"bias=True のとき ff.{name} にはバイアスがあるはずです"))
    expect(isinstance(getattr(ff, "gelu", None), nn.GELU),
           ("ff.gelu should be nn.GELU() (GPT uses GELU, not ReLU)",
            "ff.gelu は nn.GELU() のはずです（GPT は ReLU ではなく GELU を使います）"))
    d = getattr(ff, "dropout", None)
    expect(isinstance(d, nn.Dropout) and d.p == 0.1, ("ff.dropout should be nn.Dropout(0.1)",
                                                      "ff.dropout は nn.Dropout(0.1) のはずです"))
    nobias = kata.FeedForward(C, bias=False)
    expect(getattr(nobias, "c_fc", None) is not None and nobias.c_fc.bias is None
           and getattr(nobias, "c_proj", None) is not None and nobias.c_proj.bias is None,
           ("with bias=False neither c_fc nor c_proj should have a bias",
            "bias=False のときは c_fc にも c_proj にもバイアスはないはずです"))


def test_equals_a_hand_built_mlp_with_the_same_weights(kata):
    ff = kata.FeedForward(C)
    ff.eval()
    ref = nn.Sequential(nn.Linear(C, 4 * C), nn.GELU(), nn.Linear(4 * C, C))
    ref[0].load_state_dict(ff.c_fc.state_dict())
    ref[2].load_state_dict(ff.c_proj.state_dict())
    x = torch.randn(2, 5, C) * 2
    with torch.no_grad():
        out = ff(x)
        what = ("FeedForward vs Linear(C, 4C) -> GELU -> Linear(4C, C) with the same weights",
                "FeedForward と、同じ重みの Linear(C, 4C) -> GELU -> Linear(4C, C) の比較")
        if expect_shape(out, (2, 5, C), what) and not expect_close(out, ref(x), atol=1e-6, what=what):
            for message, value in _mistakes(ff, x):
                if torch.allclose(out, value, atol=1e-6):
                    expect(False, message)
                    break


def test_gelu_hand_worked_value(kata):
    # With unit weights in channel 0 the MLP shows GELU itself: x -> GELU(x).
    # GELU(-1) = -1·Φ(-1) = -0.158655 (ReLU would give 0), GELU(2) = 2·Φ(2) = 1.954500.
    ff = kata.FeedForward(1, bias=False)
    with torch.no_grad():
        ff.c_fc.weight.zero_()
        ff.c_fc.weight[0, 0] = 1.0
        ff.c_proj.weight.zero_()
        ff.c_proj.weight[0, 0] = 1.0
        for layer in (ff.c_fc, ff.c_proj):  # bias=False asked for none; zero any that is there
            if layer.bias is not None:
                layer.bias.zero_()
    x = torch.tensor([[[-1.0], [2.0]]])

    def phi(z):
        return 0.5 * (1 + math.erf(z / math.sqrt(2)))

    expect_close(ff.eval()(x), torch.tensor([[[-1 * phi(-1)], [2 * phi(2)]]]), atol=1e-6,
                 what=("FeedForward with unit weights on x = -1 and 2 (GELU(x) = x·Φ(x): "
                       f"{fmt(-phi(-1))} and {fmt(2 * phi(2))})",
                       "重みを単位にした FeedForward に x = -1 と 2 を入れたとき（GELU(x) = x·Φ(x): "
                       f"{fmt(-phi(-1))} と {fmt(2 * phi(2))}）"))


def test_acts_on_each_position_on_its_own(kata):
    ff = kata.FeedForward(C)
    x = torch.randn(1, 4, C)
    x2 = x.clone()
    x2[:, 3] = torch.randn(C)
    ff.eval()
    with torch.no_grad():
        expect_close(ff(x2)[:, :3], ff(x)[:, :3], atol=1e-6,
                     what=("outputs at positions 0..2 after changing position 3 (no mixing across tokens)",
                           "位置 3 を変えた後の位置 0..2 の出力（トークン間で混ざってはいけません）"))


def test_gradients_reach_both_layers(kata):
    ff = kata.FeedForward(C)
    ff(torch.randn(2, 3, C)).sum().backward()
    for name in ("c_fc.weight", "c_fc.bias", "c_proj.weight", "c_proj.bias"):
        expect_grad(ff.get_parameter(name), (f"FeedForward.{name}", f"パラメータ FeedForward.{name}"))


def test_dropout_last_and_only_while_training(kata):
    # Compared with your own FeedForward(dropout=0) with the same weights: only dropout differs.
    ff = kata.FeedForward(C, dropout=0.5)
    plain = kata.FeedForward(C, dropout=0.0)
    plain.load_state_dict(ff.state_dict())
    x = torch.randn(2, 4, C)
    ff.eval()
    with torch.no_grad():
        want = plain(x)
        if not expect_close(ff(x), want, atol=1e-6,
                            what=("FeedForward(dropout=0.5) in eval mode vs dropout=0 (no dropout in "
                                  "eval mode)",
                                  "評価モードの FeedForward(dropout=0.5) と dropout=0 の比較"
                                  "（評価モードではドロップアウトなし）")):
            return
        ff.train()
        out = ff(x)
    zero = out == 0
    frac = float(zero.float().mean())
    if expect(0.2 < frac < 0.8,
              (f"in train mode with dropout=0.5 about half the outputs should be exactly 0 (dropout "
               f"comes last, after c_proj); {fmt(frac)} were",
               f"dropout=0.5 の訓練モードでは出力の約半分がちょうど 0 になるはずです（ドロップアウトは"
               f"最後、c_proj の後です）。0 になったのは {fmt(frac)} でした")):
        expect_close(out[~zero], 2 * want[~zero], atol=1e-5,
                     what=("the outputs dropout kept vs 2 × the output with dropout=0 (dropout scales "
                           "what it keeps by 1 / (1 - p))",
                           "ドロップアウトで残った出力と dropout=0 の出力の 2 倍の比較（ドロップアウトは"
                           "残した値を 1 / (1 - p) 倍します）"))
