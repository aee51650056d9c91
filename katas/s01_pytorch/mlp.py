"""Kata: a multi-layer perceptron (MLP) as an nn.Module.

An MLP is a stack of linear layers with a non-linearity between them. Without the non-linearity the
whole stack collapses into one linear map; with ReLU it can bend. The last layer has no activation:
its outputs are the raw scores (logits) that a loss such as cross-entropy expects, and they must be
free to be negative.

    dims = [in_dim, *hidden, out_dim]
    h_0 = x,   h_{i+1} = ReLU(h_i W_iᵀ + b_i)  for the hidden layers,   out = h_L W_Lᵀ + b_L

Write `MLP(in_dim, hidden, out_dim)`: len(hidden) + 1 Linear layers with a ReLU between each pair.
The simplest home for them is `self.net`, an nn.Sequential of Linear, ReLU, Linear, ReLU, …, Linear
(an nn.ModuleList with torch.relu in `forward` works too). `hidden=[]` gives a single Linear layer.
Shapes: x [B, in_dim] -> [B, out_dim] (any leading dims work, as for nn.Linear).
Parameters: Σ_i (dims[i] · dims[i+1] + dims[i+1])  (each layer's weights plus its biases).
Bad input: a size that is not a positive integer raises ValueError.

【日本語】
カタ: nn.Module としての多層パーセプトロン（MLP）。

MLP は線形層を積み重ね、その間に非線形関数をはさんだものです。非線形関数がなければ、全体が 1 つの
線形写像につぶれてしまいます。ReLU があれば、曲がった関数も表せます。最後の層には活性化関数を
付けません。その出力は、交差エントロピーなどの損失が受け取る生のスコア（ロジット）であり、負の値も
自由に取れなければならないからです。

    dims = [in_dim, *hidden, out_dim]
    h_0 = x,   隠れ層では h_{i+1} = ReLU(h_i W_iᵀ + b_i),   out = h_L W_Lᵀ + b_L

`MLP(in_dim, hidden, out_dim)` を書きます。Linear 層は len(hidden) + 1 個で、隣り合う Linear の間に
ReLU を 1 つずつはさみます。いちばん簡単なのは、Linear, ReLU, Linear, ReLU, …, Linear と並んだ
nn.Sequential を `self.net` に入れる方法です（nn.ModuleList に入れて `forward` で torch.relu を使っても
構いません）。`hidden=[]` なら Linear 層 1 つだけです。
形状: x [B, in_dim] -> [B, out_dim]（nn.Linear と同じく、先頭の次元はいくつあっても構いません）。
パラメータ数: Σ_i (dims[i] · dims[i+1] + dims[i+1])（各層の重みとバイアス）。
不正な入力: 正の整数でないサイズには ValueError を送出します。
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
        raise NotImplementedError("MLP.__init__: build self.net from dims = [in_dim, *hidden, out_dim]"
                                  " ‖ MLP.__init__: dims = [in_dim, *hidden, out_dim] から self.net を作りましょう")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x [B, in_dim] -> logits [B, out_dim]."""
        # TODO: run x through self.net.
        raise NotImplementedError("MLP.forward: return self.net(x)"
                                  " ‖ MLP.forward: self.net(x) を返しましょう")
