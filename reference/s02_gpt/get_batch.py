"""Kata: sample a batch of training windows.

A language model learns to predict the next token at every position of a window at once. So a
training example is a window x of block_size tokens starting at a random offset i, and its target
y is the same window shifted one token to the right: y[t] is the token that follows x[t].

    i ~ randint(0, len(data) - block_size)            (high end excluded, one i per batch row)
    x = data[i : i + block_size]
    y = data[i + 1 : i + block_size + 1]

The largest offset, len(data) - block_size - 1, makes y end exactly at the last token, so every
token can be a target. Draw the offsets with
`torch.randint(len(data) - block_size, (batch_size,), generator=generator)`, so a seeded generator
gives the same batch every time.

Shapes: data [N] (1-D integer tensor) -> x [batch_size, block_size], y [batch_size, block_size],
both dtype torch.long (the embedding and the loss want long ids), on data's device.
Bad input: len(data) <= block_size leaves no room for a window and its target; raise ValueError.

【日本語】
カタ: 訓練用ウィンドウのミニバッチを作る。

言語モデルは、ウィンドウ内のすべての位置で次のトークンを一度に予測するように学習します。そこで訓練例は、
ランダムな開始位置 i から取った block_size 個のトークンのウィンドウ x で、そのターゲット y は同じウィンドウを
1 トークン右にずらしたものです。y[t] は x[t] の次に来るトークンです。

    i ~ randint(0, len(data) - block_size)            （上限は含みません。バッチの行ごとに i を 1 つ）
    x = data[i : i + block_size]
    y = data[i + 1 : i + block_size + 1]

最大の開始位置 len(data) - block_size - 1 では y がちょうど最後のトークンで終わるので、どのトークンも
ターゲットになれます。開始位置は
`torch.randint(len(data) - block_size, (batch_size,), generator=generator)` で引きます。こうすると、
シードを固定したジェネレータからは毎回同じバッチが得られます。

形状: data [N]（1 次元の整数テンソル）-> x [batch_size, block_size], y [batch_size, block_size]。どちらも
dtype は torch.long（埋め込みと損失関数は long の ID を必要とします）で、data と同じデバイスに置きます。
不正な入力: len(data) <= block_size ではウィンドウとそのターゲットを取る余地がないので、ValueError を送出します。
"""
import torch


def get_batch(data: torch.Tensor, block_size: int, batch_size: int,
              generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """batch_size random windows x of data and their next-token targets y."""
    if len(data) <= block_size:
        raise ValueError(f"data has {len(data)} tokens; a window of block_size={block_size} "
                         f"and its target need at least {block_size + 1}")
    # Offsets 0 .. len - block_size - 1: the last window's target ends at the last token.
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix])  # the next token at each t
    return x.long(), y.long()
