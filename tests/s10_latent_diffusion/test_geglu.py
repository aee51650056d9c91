"""Specs for katas/s10_latent_diffusion/geglu.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape


def _set_weights(g):
    """dim_in = 2, dim_out = 2: a = [x0, x1], gate = [x0 + x1, x0 − x1] − 1 (bias −1 on the gate)."""
    with torch.no_grad():
        g.proj.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, -1.0]]))
        g.proj.bias.copy_(torch.tensor([0.0, 0.0, -1.0, -1.0]))


def test_hand_worked_example(kata):
    g = kata.GEGLU(2, 2)
    _set_weights(g)
    x = torch.tensor([[2.0, 1.0], [0.5, -1.5]])
    # row 0: a = [2, 1], gate = [2, 0];  row 1: a = [0.5, -1.5], gate = [-2, 1]
    a = x.clone()
    gate = torch.tensor([[2.0, 0.0], [-2.0, 1.0]])
    want = a * F.gelu(gate)
    with torch.no_grad():
        got = g(x)
    if not expect_shape(got, (2, 2), ("GEGLU(2, 2)(x [2, 2])", "GEGLU(2, 2)(x [2, 2]) の出力")):
        return
    wrongs = ((gate * F.gelu(a), "the halves are swapped: the FIRST half of proj(x) is the value a, the SECOND the gate",
               "半分が入れ替わっています。proj(x) の「前半」が値 a、「後半」がゲートです"),
              (a * F.relu(gate), "that is a · ReLU(gate); the gate goes through GELU (F.gelu), which lets a little "
               "negative signal through (GELU(-2) = -0.0455)",
               "それは a · ReLU(gate) です。ゲートには GELU（F.gelu）を使います。GELU は負の信号を少し通します"
               "（GELU(-2) = -0.0455）"),
              (F.gelu(a * gate), "that is GELU(a · gate); apply GELU to the gate only, then multiply",
               "それは GELU(a · gate) です。GELU はゲートだけに通してから掛けます"))
    for wrong, en, ja in wrongs:
        if torch.allclose(got, wrong, atol=1e-5):
            expect(False, (f"GEGLU with set weights gave {got.tolist()}: {en}",
                           f"重みを決めた GEGLU の出力が {got.tolist()} でした。{ja}"))
            return
    expect_close(got, want, atol=1e-5,
                 what=("GEGLU with set weights: a = [x0, x1], gate = [x0+x1-1, x0-x1-1], out = a · GELU(gate)",
                       "重みを決めた GEGLU: a = [x0, x1]、gate = [x0+x1-1, x0-x1-1]、out = a · GELU(gate)"))


def test_matches_the_formula_on_random_input(kata):
    g = kata.GEGLU(6, 5)
    x = torch.randn(2, 7, 6)
    with torch.no_grad():
        got = g(x)
        h = x @ g.proj.weight.T + g.proj.bias
        want = h[..., :5] * 0.5 * h[..., 5:] * (1 + torch.erf(h[..., 5:] / 2 ** 0.5))   # exact GELU by hand
    if expect_shape(got, (2, 7, 5), ("GEGLU(6, 5)(x [2, 7, 6]) -> [B, N, dim_out]",
                                     "GEGLU(6, 5)(x [2, 7, 6]) の出力 [B, N, dim_out]")):
        expect_close(got, want, atol=1e-5,
                     what=("GEGLU vs h[..., :dim_out] · h·Φ(h) of h[..., dim_out:], with h = x Wᵀ + b "
                           "(exact GELU, not the tanh approximation)",
                           "GEGLU と h[..., :dim_out] · (h[..., dim_out:] の h·Φ(h)) の比較（h = x Wᵀ + b。"
                           "tanh 近似ではない正確な GELU）"))


def test_any_leading_axes(kata):
    g = kata.GEGLU(4, 3)
    for shape in ((4,), (5, 4), (2, 3, 4, 4)):
        x = torch.randn(*shape)
        with torch.no_grad():
            got = g(x)
            want = g(x.reshape(-1, 4)).reshape(*shape[:-1], 3) if len(shape) > 1 else None
        if expect_shape(got, (*shape[:-1], 3), (f"GEGLU(4, 3)(x {list(shape)})", f"GEGLU(4, 3)(x {list(shape)}) の出力")) \
                and want is not None:
            expect_close(got, want, atol=1e-6,
                         what=(f"GEGLU on x {list(shape)} vs on its rows flattened (works on the last axis only)",
                               f"x {list(shape)} への GEGLU と、行を平らにしてからの GEGLU の比較（最後の軸だけに働きます）"))


def test_gradients(kata):
    g = kata.GEGLU(4, 3)
    x = torch.randn(2, 5, 4, requires_grad=True)
    out = g(x)
    if not expect_shape(out, (2, 5, 3), ("GEGLU(4, 3)(x [2, 5, 4])", "GEGLU(4, 3)(x [2, 5, 4]) の出力")):
        return
    out.pow(2).sum().backward()
    expect_grad(g.proj.weight, ("GEGLU.proj.weight", "GEGLU の proj.weight"))
    expect_grad(g.proj.bias, ("GEGLU.proj.bias", "GEGLU の proj.bias"))
    expect_grad(x, ("the input x", "入力 x"))
    # Both halves of proj must be used: every row of the weight gets a gradient.
    rows = (g.proj.weight.grad.abs().sum(dim=1) > 0).tolist()
    expect(all(rows), (f"rows of proj.weight without gradient: {[i for i, r in enumerate(rows) if not r]} (use both "
                       f"halves: the value AND the gate)",
                       f"proj.weight の勾配のない行: {[i for i, r in enumerate(rows) if not r]}（値とゲートの両方の"
                       f"半分を使いましょう）"))


def test_bad_input(kata):
    g = kata.GEGLU(4, 3)
    expect_raises(ValueError, g, torch.randn(2, 5),
                  what=("x with last axis 5 for GEGLU(dim_in=4)", "GEGLU(dim_in=4) に最後の軸が 5 の x"))
