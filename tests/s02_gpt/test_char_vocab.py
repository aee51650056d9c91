"""Specs for katas/s02_gpt/char_vocab.py."""
import pytest

from harness.checks import expect

SHAKESPEARE = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n"


def test_hand_worked_hello_world(kata):
    chars, stoi, itos = kata.build_vocab("hello world")
    # Distinct characters of "hello world", sorted by code point: the space (32) comes first.
    want = [" ", "d", "e", "h", "l", "o", "r", "w"]
    expect(chars == want, f"build_vocab('hello world') chars: expected {want}, got {chars}")
    expect(stoi == {c: i for i, c in enumerate(want)},
           f"stoi should map each character to its index in chars, got {stoi}")
    expect(itos == dict(enumerate(want)), f"itos should map each index to its character, got {itos}")


def test_sorted_and_unique(kata):
    chars, _, _ = kata.build_vocab(SHAKESPEARE)
    want = sorted(set(SHAKESPEARE))  # oracle; first-appearance order would start 'F', 'i', 'r', ...
    expect(isinstance(chars, list) and all(isinstance(c, str) and len(c) == 1 for c in chars),
           f"chars should be a list of single characters, got {type(chars).__name__}: {chars!r}")
    expect(len(chars) == len(set(chars)), f"chars should hold each character once, got {chars!r}")
    expect(chars == want, f"chars should be sorted by code point ('\\n' < ' ' < 'A' < 'a'):\n"
                          f"  expected {want!r}\n  got      {chars!r}")


def test_tables_are_inverse_and_dense(kata):
    chars, stoi, itos = kata.build_vocab(SHAKESPEARE)
    V = len(set(SHAKESPEARE))
    expect(sorted(stoi.values()) == list(range(V)),
           f"the ids should be exactly 0..{V - 1}, got {sorted(stoi.values())}")
    expect(set(stoi) == set(SHAKESPEARE), "stoi should have one key per distinct character of the text")
    expect(all(itos.get(i) == c for c, i in stoi.items()), "itos[stoi[c]] should be c for every c")
    expect(all(isinstance(i, int) for i in itos), "itos keys should be Python ints")


def test_same_text_same_ids(kata):
    # Ids must not depend on the order characters appear in (or on hash order).
    _, a, _ = kata.build_vocab("banana bread")
    _, b, _ = kata.build_vocab("dear banana b")  # same characters, different first appearances
    expect(a == b, f"two texts with the same characters should get the same ids, got {a} and {b}")


def test_rejects_empty_text(kata):
    with pytest.raises(ValueError):
        kata.build_vocab("")
