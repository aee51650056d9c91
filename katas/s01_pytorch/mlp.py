"""Kata: a multi-layer perceptron (MLP) as an nn.Module.

An MLP is a stack of linear layers with a non-linearity between them. Without the non-linearity the
whole stack collapses into one linear map; with ReLU it can bend. The last layer has no activation:
its outputs are the raw scores (logits) that a loss such as cross-entropy expects, and they must be
free to be negative.

    dims = [in_dim, *hidden, out_dim]
    h_0 = x,   h_{i+1} = ReLU(h_i W_iᵀ + b_i)  for the hidden layers,   out = h_L W_Lᵀ + b_L

Write `MLP(in_dim, hidden, out_dim)`: store the layers in `self.net`, an nn.Sequential of
Linear, ReLU, Linear, ReLU, …, Linear (len(hidden) + 1 Linear layers, len(hidden) ReLUs).
`hidden=[]` gives a single Linear layer.
Shapes: x [B, in_dim] -> [B, out_dim] (any leading dims work, as for nn.Linear).
Parameters: Σ_i (dims[i] · dims[i+1] + dims[i+1])  (each layer's weights plus its biases).
Bad input: a size that is not a positive integer raises ValueError.
"""
import torch
from torch import nn


class MLP(nn.Module):
    """Linear -> ReLU -> … -> Linear, with no activation after the last layer."""

    def __init__(self, in_dim: int, hidden: list[int], out_dim: int):
        super().__init__()
        # TODO: check the sizes (ValueError), then build self.net = nn.Sequential(...) from the
        #       list dims = [in_dim, *hidden, out_dim]: a Linear for each neighbouring pair, with
        #       a ReLU after every Linear except the last.
        raise NotImplementedError("MLP.__init__: build self.net from dims = [in_dim, *hidden, out_dim]")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, in_dim] -> logits [B, out_dim]."""
        # TODO: run x through self.net.
        raise NotImplementedError("MLP.forward: return self.net(x)")
