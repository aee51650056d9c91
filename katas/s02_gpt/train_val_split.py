"""Kata: split the token stream into training and validation data.

To know whether the model learns the language or just memorises the training text, we hold some
text back and measure the loss on it. For a text the split is positional, not shuffled: the first
part trains, the tail validates, so no validation window overlaps a training window.

    n = int(train_frac · len(data))          train = data[:n],   val = data[n:]

Shapes: data [N] (1-D tensor of token ids) -> train [n], val [N - n], same dtype as data; together
they are data, in order.
Bad input: train_frac must lie strictly between 0 and 1; raise ValueError otherwise.

【日本語】
カタ: トークン列を訓練データと検証データに分ける。

モデルが言語を学んでいるのか、訓練テキストを丸暗記しているだけなのかを知るために、テキストの一部を取っておき、
そこで損失を測ります。テキストでは分割はシャッフルせず、位置で行います。先頭部分で訓練し、末尾で検証するので、
検証用のウィンドウが訓練用のウィンドウと重なることはありません。

    n = int(train_frac · len(data))          train = data[:n],   val = data[n:]

形状: data [N]（トークン ID の 1 次元テンソル）-> train [n], val [N - n]。dtype は data と同じで、2 つを
順につなげると data に戻ります。
不正な入力: train_frac は 0 より大きく 1 より小さくなければなりません。そうでなければ ValueError を送出します。
"""
import torch


def train_val_split(data: torch.Tensor, train_frac: float = 0.9) -> tuple[torch.Tensor, torch.Tensor]:
    """The first int(train_frac · N) tokens, and the rest."""
    # TODO: check 0 < train_frac < 1 (ValueError otherwise), then slice at n = int(train_frac · N).
    raise NotImplementedError("train_val_split: slice the head and the tail"
                              " ‖ train_val_split: 先頭部分と末尾を切り出しましょう")
