"""Kata: a character vocabulary.

A character-level language model reads text one character at a time, so its vocabulary is simply
the set of distinct characters in the training text. Sorting them gives every character a fixed
id (its index in the sorted list), the same every time the same text is read, and two look-up
tables translate between characters and ids.

    chars = sorted(set(text))            e.g. "hello" -> ['e', 'h', 'l', 'o']
    stoi[c] = i,  itos[i] = c            for i, c in enumerate(chars)

Shapes: text (str) -> (chars: list[str] of length V, stoi: dict[str, int], itos: dict[int, str]),
ids 0..V-1. Sorting is by code point ("\\n" < " " < "A" < "a").
Bad input: an empty text has no vocabulary; raise ValueError.

【日本語】
カタ: 文字の語彙。

文字単位の言語モデルはテキストを 1 文字ずつ読むので、語彙は訓練テキストに現れる異なる文字の集合そのものです。
文字を並べ替えておくと、各文字に決まった ID（並べ替えたリストでの位置）が割り当てられ、同じテキストを読めば
毎回同じ ID になります。2 つの対応表で文字と ID を相互に変換します。

    chars = sorted(set(text))            例: "hello" -> ['e', 'h', 'l', 'o']
    stoi[c] = i,  itos[i] = c            for i, c in enumerate(chars)

形状: text (str) -> (chars: 長さ V の list[str], stoi: dict[str, int], itos: dict[int, str])、ID は 0..V-1
です。並べ替えは文字コード順です（"\\n" < " " < "A" < "a"）。
不正な入力: 空のテキストからは語彙を作れないので、ValueError を送出します。
"""


def build_vocab(text: str) -> tuple[list[str], dict[str, int], dict[int, str]]:
    """The sorted distinct characters of `text` and the char->id / id->char tables."""
    if len(text) == 0:
        raise ValueError("cannot build a vocabulary from an empty text")
    # set() drops repeats; sorted() fixes the order, so ids do not depend on hash order.
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    itos = {i: c for i, c in enumerate(chars)}
    return chars, stoi, itos
