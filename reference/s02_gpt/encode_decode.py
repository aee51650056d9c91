"""Kata: encode text to ids and decode ids back to text.

With a vocabulary in hand (see char_vocab), text becomes a list of integer ids the model can
embed, and the model's output ids become text again. The two are inverses: decoding what you
encoded gives back the very same string.

    encode(text)[i] = stoi[text[i]]          decode(ids) = "".join(itos[i] for i in ids)

Shapes: encode: str of length N -> list[int] of length N (plain Python ints).
decode: ids, a list of ints or a 1-D integer tensor of length N -> str of length N (a tensor's
elements are tensors: turn them into Python ints first, e.g. with .tolist()).
Bad input: a character that is not in stoi raises ValueError whose message names the character
(a bare KeyError from the dict does not say what went wrong).

【日本語】
カタ: テキストを ID 列にエンコードし、ID 列をテキストにデコードする。

語彙（char_vocab を参照）があれば、テキストはモデルが埋め込める整数 ID のリストになり、モデルが出力した ID は
再びテキストに戻せます。2 つは互いに逆の操作で、エンコードしたものをデコードすると、元とまったく同じ文字列が
返ります。

    encode(text)[i] = stoi[text[i]]          decode(ids) = "".join(itos[i] for i in ids)

形状: encode: 長さ N の str -> 長さ N の list[int]（Python の int）。
decode: ids（int のリスト、または長さ N の 1 次元整数テンソル）-> 長さ N の str（テンソルの要素はテンソルなので、
.tolist() などで先に Python の int に変換します）。
不正な入力: stoi にない文字には、その文字を含むメッセージで ValueError を送出します（dict がそのまま出す
KeyError では、何がいけないのかが伝わりません）。
"""
from collections.abc import Sequence

import torch


def encode(text: str, stoi: dict[str, int]) -> list[int]:
    """Text -> list of token ids."""
    ids = []
    for ch in text:
        if ch not in stoi:
            raise ValueError(f"character {ch!r} is not in the vocabulary")
        ids.append(stoi[ch])
    return ids


def decode(ids: Sequence[int] | torch.Tensor, itos: dict[int, str]) -> str:
    """List or 1-D tensor of token ids -> text."""
    if isinstance(ids, torch.Tensor):
        # Tensor elements hash by identity, not value: convert to Python ints for the dict.
        ids = ids.tolist()
    return "".join(itos[int(i)] for i in ids)
