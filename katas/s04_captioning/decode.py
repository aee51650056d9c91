"""Kata: write a caption, token by token (greedy and temperature sampling).

At inference there is no caption to force: the model writes its own. Start every row from BOS,
ask the model for the logits of the next token (the LAST position of its output), choose one,
append it, and repeat. A row is finished once it has written EOS; from then on it gets PAD (the
model keeps computing for it, but what it says is ignored). Stop when every row is finished, or
when the sequences reach max_len tokens. Greedy decoding always takes the most likely token;
sampling draws from softmax(logits / temperature): a temperature below 1 sharpens the choice
(→ 0 approaches greedy), above 1 flattens it.

    ids = [[BOS]] * B;  finished = [False] * B
    while ids has fewer than max_len columns and not all finished:
        logits = model(images, ids)[:, -1, :]                   [B, V]
        next = argmax(logits)       or   multinomial(softmax(logits / temperature), generator)
        next = PAD where finished;  finished |= (next == EOS)
        ids = cat([ids, next], dim=1)

Run the model in eval mode (no dropout: a caption should not depend on random units being
switched off) and under torch.no_grad() (no training here), and put the model back in the mode
it was in (train or eval) when you are done, even if something raised.
`model(images, ids)` returns logits [B, T, V]; max_len=None means model.config.max_len.
Shapes: images [B, …] -> ids [B, L] long on the device of images, 2 <= L <= max_len: column 0 is
BOS, each row ends with EOS followed by PADs (or, cut off at max_len, with no EOS).
Bad input: temperature <= 0 (for greedy use greedy_decode) or max_len < 2 -> ValueError.

【日本語】
カタ: キャプションを 1 トークンずつ書く（貪欲法と温度付きサンプリング）。

推論時には強制する正解キャプションがないので、モデルが自分で書きます。各行を BOS から始め、モデルに次の
トークンのロジット（出力の「最後の」位置）を求め、1 つ選んで付け足し、これを繰り返します。EOS を書いた
行は終わりです。それ以降はその行に PAD を入れます（モデルはその行も計算しますが、結果は無視します）。
すべての行が終わるか、系列が max_len トークンに達したら止めます。貪欲法は常に最も確率の高いトークンを
選び、サンプリングは softmax(logits / temperature) から引きます。温度が 1 より小さいと選び方が鋭くなり
（→ 0 で貪欲法に近づく）、1 より大きいと平らになります。

    ids = [[BOS]] * B;  finished = [False] * B
    ids の列数が max_len 未満で、まだ終わっていない行がある間:
        logits = model(images, ids)[:, -1, :]                   [B, V]
        next = argmax(logits)       または   multinomial(softmax(logits / temperature), generator)
        終わった行では next = PAD;  finished |= (next == EOS)
        ids = cat([ids, next], dim=1)

モデルは eval モード（ドロップアウトなし: キャプションがランダムに切られたユニットに左右されては
いけません）と torch.no_grad()（ここでは学習しません）のもとで動かし、終わったら（途中で例外が起きても）
モデルを元のモード（train または eval）に戻します。
`model(images, ids)` はロジット [B, T, V] を返します。max_len=None は model.config.max_len の意味です。
形状: images [B, …] -> ids [B, L]（long、images と同じデバイス、2 <= L <= max_len）。列 0 は BOS で、
各行は EOS とそれに続く PAD で終わります（max_len で打ち切られた行には EOS がありません）。
不正な入力: temperature <= 0（貪欲法なら greedy_decode を使います）や max_len < 2 は ValueError です。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def greedy_decode(model: nn.Module, images: torch.Tensor, bos_id: int = 1, eos_id: int = 2,
                  pad_id: int = 0, max_len: int | None = None) -> torch.Tensor:
    """Caption ids [B, L]: always the most likely next token, from BOS until EOS (or max_len)."""
    # TODO: the loop of the docstring with next = argmax of the last position's logits; eval
    #       mode and torch.no_grad(); restore the model's mode in a `finally`. (You may write the
    #       loop once in a helper that both decoders call with their own way to pick a token.)
    raise NotImplementedError("greedy_decode: from BOS, append the argmax until every row has its EOS"
                              " ‖ greedy_decode: BOS から始め、全行が EOS を書くまで argmax を付け足しましょう")


def sample_decode(model: nn.Module, images: torch.Tensor, temperature: float = 1.0,
                  generator: torch.Generator | None = None, bos_id: int = 1, eos_id: int = 2,
                  pad_id: int = 0, max_len: int | None = None) -> torch.Tensor:
    """Caption ids [B, L]: next tokens drawn from softmax(logits / temperature), with generator."""
    # TODO: ValueError for temperature <= 0; the same loop, with next drawn by
    #       torch.multinomial(softmax(logits / temperature), 1, generator=generator).
    raise NotImplementedError("sample_decode: the same loop, drawing from softmax(logits / temperature)"
                              " ‖ sample_decode: 同じループで softmax(logits / temperature) から引きましょう")
