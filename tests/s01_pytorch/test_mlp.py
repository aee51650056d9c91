"""Specs for katas/s01_pytorch/mlp.py."""
import pytest
import torch
from torch import nn

from harness.checks import expect, expect_close, expect_grad, expect_shape


def _linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def test_output_shape(kata):
    model = kata.MLP(6, [16, 8], 3)
    for batch in (1, 5):
        expect_shape(model(torch.randn(batch, 6)), (batch, 3), f"MLP(6, [16, 8], 3) on x [{batch}, 6]")


def test_parameter_count(kata):
    model = kata.MLP(6, [16, 8], 3)
    want = (6 * 16 + 16) + (16 * 8 + 8) + (8 * 3 + 3)
    got = sum(p.numel() for p in model.parameters())
    expect(got == want, f"MLP(6, [16, 8], 3) should have (6·16+16) + (16·8+8) + (8·3+3) = {want} "
                        f"parameters, got {got}")


def test_layer_structure(kata):
    model = kata.MLP(6, [16, 8], 3)
    sizes = [(m.in_features, m.out_features) for m in _linears(model)]
    expect(sizes == [(6, 16), (16, 8), (8, 3)],
           f"Linear layers (in, out) in order should be [(6, 16), (16, 8), (8, 3)], got {sizes}")
    relus = [m for m in model.modules() if isinstance(m, nn.ReLU)]
    expect(len(relus) == 2, f"two hidden layers need 2 ReLUs (one after each but the last Linear), "
                            f"got {len(relus)}")
    expect(isinstance(getattr(model, "net", None), nn.Sequential),
           "the layers should live in self.net, an nn.Sequential")


def test_equals_a_hand_built_sequential(kata):
    model = kata.MLP(5, [7, 4], 2)
    lin = _linears(model)
    if not expect(len(lin) == 3, f"MLP(5, [7, 4], 2) should have 3 Linear layers, got {len(lin)}"):
        return
    oracle = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 4), nn.ReLU(), nn.Linear(4, 2))
    oracle_lin = [m for m in oracle if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for mine, ref in zip(lin, oracle_lin):
            ref.weight.copy_(mine.weight)
            ref.bias.copy_(mine.bias)
    x = torch.randn(10, 5)
    expect_close(model(x), oracle(x), atol=1e-6,
                 what="MLP output vs Linear, ReLU, Linear, ReLU, Linear with the same weights "
                      "(an activation missing, extra, or not ReLU?)")


def test_last_layer_has_no_activation(kata):
    model = kata.MLP(4, [8], 3)
    out = model(torch.randn(64, 4))
    expect(bool((out < 0).any()), "the outputs are logits and should be able to go negative; all 64×3 "
                                  "were ≥ 0: is there a ReLU after the last Linear?")


def test_gradients_reach_every_layer(kata):
    model = kata.MLP(4, [8, 8], 3)
    model(torch.randn(32, 4)).pow(2).sum().backward()
    for name, p in model.named_parameters():
        expect_grad(p, f"parameter {name}")


def test_no_hidden_layers_is_one_linear_map(kata):
    model = kata.MLP(4, [], 3)
    lin = _linears(model)
    if expect(len(lin) == 1, f"MLP(4, [], 3) should be a single Linear layer, got {len(lin)}"):
        x = torch.randn(5, 4)
        expect_close(model(x), x @ lin[0].weight.T + lin[0].bias, atol=1e-6, what="MLP(4, [], 3)(x) vs xWᵀ + b")
        expect(sum(p.numel() for p in model.parameters()) == 15, "MLP(4, [], 3) should have 4·3 + 3 = 15 parameters")


def test_rejects_non_positive_sizes(kata):
    for args in ((0, [8], 3), (4, [8, -1], 3), (4, [8], 0)):
        with pytest.raises(ValueError):
            kata.MLP(*args)
