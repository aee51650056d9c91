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
"""
from collections.abc import Sequence

import torch


def encode(text: str, stoi: dict[str, int]) -> list[int]:
    """Text -> list of token ids."""
    # TODO: map each character through stoi; an unknown character -> ValueError naming it.
    raise NotImplementedError("encode: look each character up in stoi")


def decode(ids: Sequence[int] | torch.Tensor, itos: dict[int, str]) -> str:
    """List or 1-D tensor of token ids -> text."""
    # TODO: map each id through itos (Python ints, also when ids is a tensor) and join.
    raise NotImplementedError("decode: look each id up in itos and join")
