"""Specs for katas/s02_gpt/encode_decode.py."""
import pytest
import torch

from harness.checks import expect

TEXT = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n"
CHARS = sorted(set(TEXT))  # the specs build their own vocabulary, independent of char_vocab
STOI = {c: i for i, c in enumerate(CHARS)}
ITOS = {i: c for i, c in enumerate(CHARS)}


def test_encode_hand_worked(kata):
    stoi = {"a": 0, "b": 1, "c": 2}
    ids = kata.encode("cab", stoi)
    expect(ids == [2, 0, 1], f"encode('cab') with a->0, b->1, c->2: expected [2, 0, 1], got {ids!r}")
    expect(isinstance(ids, list) and all(type(i) is int for i in ids),
           f"encode should return a list of Python ints, got {type(ids).__name__}")
    expect(kata.encode("", stoi) == [], "encode('') should be []")


def test_decode_list_and_tensor(kata):
    itos = {0: "a", 1: "b", 2: "c"}
    got = kata.decode([2, 0, 1, 1], itos)
    expect(got == "cabb", f"decode([2, 0, 1, 1]) should be 'cabb', got {got!r}")
    got = kata.decode(torch.tensor([1, 2, 0]), itos)
    expect(got == "bca", f"decode(tensor([1, 2, 0])) should be 'bca', got {got!r} (turn tensor "
                         "elements into Python ints before the dict look-up)")
    expect(kata.decode([], itos) == "", "decode([]) should be ''")


def test_round_trip(kata):
    ids = kata.encode(TEXT, STOI)
    expect(ids == [STOI[c] for c in TEXT], "encode(TEXT) should map every character through stoi, in order")
    back = kata.decode(ids, ITOS)
    expect(back == TEXT, f"decode(encode(text)) should give the text back, got {back!r}")
    back = kata.decode(torch.tensor(ids, dtype=torch.long), ITOS)
    expect(back == TEXT, f"decode(tensor(encode(text))) should give the text back, got {back!r}")


def test_unknown_character_is_named(kata):
    with pytest.raises(ValueError) as err:
        kata.encode("to be@", STOI)
    expect("@" in str(err.value),
           f"the ValueError should name the unknown character '@', got message {str(err.value)!r}")
