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
"""


def build_vocab(text: str) -> tuple[list[str], dict[str, int], dict[int, str]]:
    """The sorted distinct characters of `text` and the char->id / id->char tables."""
    # TODO: reject an empty text (ValueError), then build chars, stoi and itos as above.
    raise NotImplementedError("build_vocab: sort the distinct characters and number them")
