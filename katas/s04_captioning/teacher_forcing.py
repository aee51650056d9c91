"""Kata: teacher forcing (shift the caption by one token).

To train a decoder, feed it the TRUE caption and ask it, at every position, for the next token:
the input at position t is token t and the target is token t+1. This is teacher forcing: the
model always continues from the correct text, never from its own mistakes, and all T-1
predictions of a caption are trained in one forward pass (the causal mask keeps position t from
peeking at the token it must predict). The input starts with BOS; the target ends with EOS (or
PAD), so the model learns to start from BOS and to say when it is done.

    inputs  = ids[:, :-1]      [BOS, a,   thick, seven]
    targets = ids[:, 1:]       [a,   thick, seven, EOS]        targets[:, t] = ids[:, t + 1]

Shapes: ids [B, T] (long) -> (inputs [B, T-1], targets [B, T-1]), the same dtype.
Bad input: ids that is not 2-D, or T < 2 (there is nothing to predict) -> ValueError.

【日本語】
カタ: 教師強制（キャプションを 1 トークンずらす）。

デコーダを学習するときは「正しい」キャプションを入力し、各位置で次のトークンを予測させます。位置 t の
入力はトークン t、正解（ターゲット）はトークン t+1 です。これが教師強制です。モデルは常に正しい文の
続きを書き、自分の間違いから続けることはありません。また、1 つのキャプションの T-1 個の予測を 1 回の
順伝播でまとめて学習できます（位置 t が予測すべきトークンを覗き見しないのは因果マスクのおかげです）。
入力は BOS で始まり、ターゲットは EOS（または PAD）で終わるので、モデルは BOS から書き始めることと、
どこで書き終えるかを学びます。

    inputs  = ids[:, :-1]      [BOS, a,   thick, seven]
    targets = ids[:, 1:]       [a,   thick, seven, EOS]        targets[:, t] = ids[:, t + 1]

形状: ids [B, T]（long）-> (inputs [B, T-1], targets [B, T-1])、dtype は同じです。
不正な入力: ids が 2 次元でない、または T < 2（予測するものがない）なら ValueError です。
"""
import torch


def shift_for_teacher_forcing(ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """ids [B, T] -> (inputs = ids[:, :-1], targets = ids[:, 1:])."""
    # TODO: ValueError unless ids is 2-D with T >= 2; then the two slices of the docstring.
    raise NotImplementedError("shift_for_teacher_forcing: inputs without the last token, targets without the first"
                              " ‖ shift_for_teacher_forcing: inputs は最後のトークンを除き、targets は最初を除きます")
