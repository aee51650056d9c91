"""Specs for katas/s01_pytorch/mlp.py."""
import torch
from torch import nn

from harness.checks import expect, expect_close, expect_finite, expect_grad, expect_raises, expect_shape


def _linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def test_output_shape(kata):
    model = kata.MLP(6, [16, 8], 3)
    for batch in (1, 5):
        expect_shape(model(torch.randn(batch, 6)), (batch, 3),
                     (f"MLP(6, [16, 8], 3) on x [{batch}, 6]", f"x [{batch}, 6] に対する MLP(6, [16, 8], 3) の出力"))
    # Like nn.Linear, leading dims pass through: no x.view(B, -1) or x.shape[0] in forward.
    expect_shape(model(torch.randn(2, 5, 6)), (2, 5, 3),
                 ("MLP(6, [16, 8], 3) on x [2, 5, 6] (extra leading dims pass through, as for nn.Linear)",
                  "x [2, 5, 6] に対する MLP(6, [16, 8], 3) の出力（nn.Linear と同じく先頭の次元はそのまま残ります）"))


def test_parameter_count(kata):
    model = kata.MLP(6, [16, 8], 3)
    want = (6 * 16 + 16) + (16 * 8 + 8) + (8 * 3 + 3)
    got = sum(p.numel() for p in model.parameters())
    if got == 0:
        expect(False, ("MLP(6, [16, 8], 3) has no parameters: layers kept in a plain Python list are not "
                       "registered; put them in an nn.Sequential (or nn.ModuleList) stored on self",
                       "MLP(6, [16, 8], 3) にパラメータがありません。普通の Python のリストに入れた層は登録"
                       "されません。nn.Sequential（または nn.ModuleList）に入れて self に保存しましょう"))
        return
    expect(got == want, (f"MLP(6, [16, 8], 3) should have (6·16+16) + (16·8+8) + (8·3+3) = {want} parameters "
                         f"(weights and biases of each layer), got {got}",
                         f"MLP(6, [16, 8], 3) のパラメータ数は (6·16+16) + (16·8+8) + (8·3+3) = {want}"
                         f"（各層の重みとバイアス）のはずですが、{got} でした"))


def test_linear_layers_in_order(kata):
    model = kata.MLP(6, [16, 8], 3)
    sizes = [(m.in_features, m.out_features) for m in _linears(model)]
    expect(sizes == [(6, 16), (16, 8), (8, 3)],
           (f"Linear layers (in, out) in order should be [(6, 16), (16, 8), (8, 3)], one for each "
            f"neighbouring pair of dims = [6, 16, 8, 3]; got {sizes}",
            f"Linear 層の (in, out) は dims = [6, 16, 8, 3] の隣り合う組ごとに 1 つずつ、順に "
            f"[(6, 16), (16, 8), (8, 3)] のはずですが、{sizes} でした"))


def test_equals_a_hand_built_sequential(kata):
    model = kata.MLP(5, [7, 4], 2)
    lin = _linears(model)
    if not expect(len(lin) == 3, (f"MLP(5, [7, 4], 2) should have 3 Linear layers, got {len(lin)}",
                                  f"MLP(5, [7, 4], 2) の Linear 層は 3 つのはずですが、{len(lin)} 個でした")):
        return
    oracle = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 4), nn.ReLU(), nn.Linear(4, 2))
    oracle_lin = [m for m in oracle if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for mine, ref in zip(lin, oracle_lin):
            ref.weight.copy_(mine.weight)
            ref.bias.copy_(mine.bias)
    x = torch.randn(10, 5)
    expect_close(model(x), oracle(x), atol=1e-6,
                 what=("MLP output vs Linear, ReLU, Linear, ReLU, Linear with the same weights (an "
                       "activation missing, extra, or not ReLU?)",
                       "同じ重みの Linear, ReLU, Linear, ReLU, Linear と MLP の出力の比較（活性化関数が"
                       "足りない、多い、または ReLU ではない？）"))


def test_last_layer_has_no_activation(kata):
    model = kata.MLP(4, [8], 3)
    out = model(torch.randn(64, 4))
    if not expect_finite(out, ("MLP(4, [8], 3) outputs", "MLP(4, [8], 3) の出力")):
        return  # NaN says nothing about an activation
    expect(bool((out < 0).any()),
           ("the outputs are logits and should be able to go negative; all 64×3 were ≥ 0: is there a "
            "ReLU (or another activation) after the last Linear?",
            "出力はロジットなので負の値も取れるはずですが、64×3 個すべてが 0 以上でした。最後の Linear の後に"
            " ReLU（または別の活性化関数）を置いていませんか？"))


def test_gradients_reach_every_layer(kata):
    model = kata.MLP(4, [8, 8], 3)
    out = model(torch.randn(32, 4))
    if not expect(isinstance(out, torch.Tensor) and out.requires_grad,
                  ("the output does not require grad: forward must not run under torch.no_grad() or "
                   "detach anything",
                   "出力が勾配を追跡していません。forward を torch.no_grad() の中で実行したり、何かを "
                   "detach したりしてはいけません")):
        return
    out.pow(2).sum().backward()
    for name, p in model.named_parameters():
        expect_grad(p, (f"parameter {name}", f"パラメータ {name}"))


def test_no_hidden_layers_is_one_linear_map(kata):
    model = kata.MLP(4, [], 3)
    lin = _linears(model)
    if expect(len(lin) == 1, (f"MLP(4, [], 3) should be a single Linear layer, got {len(lin)}",
                              f"MLP(4, [], 3) は Linear 層 1 つのはずですが、{len(lin)} 個でした")):
        x = torch.randn(5, 4)
        expect_close(model(x), x @ lin[0].weight.T + lin[0].bias, atol=1e-6,
                     what=("MLP(4, [], 3)(x) vs xWᵀ + b (no activation at all)",
                           "MLP(4, [], 3)(x) と xWᵀ + b の比較（活性化関数は一切ありません）"))
        n = sum(p.numel() for p in model.parameters())
        expect(n == 15, (f"MLP(4, [], 3) should have 4·3 + 3 = 15 parameters, got {n}",
                         f"MLP(4, [], 3) のパラメータ数は 4·3 + 3 = 15 のはずですが、{n} でした"))


def test_rejects_non_positive_sizes(kata):
    for args in ((0, [8], 3), (4, [8, -1], 3), (4, [8], 0)):
        expect_raises(ValueError, kata.MLP, *args,
                      what=(f"MLP{args} (a size ≤ 0)", f"MLP{args}（0 以下のサイズ）"))
