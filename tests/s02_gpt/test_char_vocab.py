"""Specs for katas/s02_gpt/char_vocab.py."""
from harness.checks import expect, expect_raises

SHAKESPEARE = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n"


def _vocab(kata, text):
    """build_vocab(text), or None (with a message) when it does not return three things."""
    got = kata.build_vocab(text)
    if expect(isinstance(got, tuple) and len(got) == 3,
              (f"build_vocab should return a tuple (chars, stoi, itos), got {type(got).__name__}",
               f"build_vocab は (chars, stoi, itos) のタプルを返すはずですが、{type(got).__name__} でした")):
        return got
    return None


def test_hand_worked_hello_world(kata):
    got = _vocab(kata, "hello world")
    if got is None:
        return
    chars, stoi, itos = got
    # Distinct characters of "hello world", sorted by code point: the space (32) comes first.
    want = [" ", "d", "e", "h", "l", "o", "r", "w"]
    expect(chars == want, (f"build_vocab('hello world') chars: expected {want}, got {chars!r}",
                           f"build_vocab('hello world') の chars は {want} のはずですが、{chars!r} でした"))
    expect(stoi == {c: i for i, c in enumerate(want)},
           (f"stoi should map each character to its index in chars, got {stoi!r}",
            f"stoi は各文字を chars での位置に対応させるはずですが、{stoi!r} でした"))
    expect(itos == dict(enumerate(want)),
           (f"itos should map each index to its character, got {itos!r}",
            f"itos は各位置をその文字に対応させるはずですが、{itos!r} でした"))


def test_sorted_and_unique(kata):
    got = _vocab(kata, SHAKESPEARE)
    if got is None:
        return
    chars = got[0]
    want = sorted(set(SHAKESPEARE))  # oracle; first-appearance order would start 'F', 'i', 'r', ...
    if not expect(isinstance(chars, list) and all(isinstance(c, str) and len(c) == 1 for c in chars),
                  (f"chars should be a list of single characters, got {type(chars).__name__}: {chars!r}",
                   f"chars は 1 文字ずつの list のはずですが、{type(chars).__name__}: {chars!r} でした")):
        return
    if not expect(len(chars) == len(set(chars)),
                  (f"chars should hold each character once (use set), got {chars!r}",
                   f"chars には各文字が 1 回ずつ入るはずです（set を使いましょう）が、{chars!r} でした")):
        return
    expect(chars == want,
           (f"chars should be sorted by code point ('\\n' < ' ' < 'A' < 'a'):\n"
            f"  expected {want!r}\n  got      {chars!r}",
            f"chars は文字コード順（'\\n' < ' ' < 'A' < 'a'）に並べるはずです:\n"
            f"  期待値 {want!r}\n  実際   {chars!r}"))


def test_tables_are_inverse_and_dense(kata):
    got = _vocab(kata, SHAKESPEARE)
    if got is None:
        return
    _, stoi, itos = got
    if not expect(isinstance(stoi, dict) and isinstance(itos, dict),
                  (f"stoi and itos should be dicts, got {type(stoi).__name__} and {type(itos).__name__}",
                   f"stoi と itos は dict のはずですが、{type(stoi).__name__} と {type(itos).__name__} でした")):
        return
    V = len(set(SHAKESPEARE))
    ids = sorted(stoi.values())
    expect(ids == list(range(V)),
           (f"the ids should be exactly 0..{V - 1} (enumerate counts from 0), got {ids}",
            f"ID はちょうど 0..{V - 1} のはずです（enumerate は 0 から数えます）が、{ids} でした"))
    expect(set(stoi) == set(SHAKESPEARE),
           ("stoi should have one key per distinct character of the text",
            "stoi のキーはテキストの異なる文字 1 つにつき 1 つのはずです"))
    expect(all(type(i) is int for i in itos),
           (f"itos keys should be Python ints, got {sorted({type(i).__name__ for i in itos})}",
            f"itos のキーは Python の int のはずですが、{sorted({type(i).__name__ for i in itos})} でした"))
    expect(all(itos.get(i) == c for c, i in stoi.items()),
           ("itos[stoi[c]] should be c for every character c",
            "すべての文字 c について itos[stoi[c]] は c になるはずです"))


def test_same_text_same_ids(kata):
    # Ids must not depend on the order characters appear in (or on hash order).
    a, b = _vocab(kata, "banana bread"), _vocab(kata, "dear banana b")  # same characters
    if a is None or b is None:
        return
    expect(a[1] == b[1],
           (f"two texts with the same characters should get the same ids (sort them), got "
            f"{a[1]!r} and {b[1]!r}",
            f"同じ文字からなる 2 つのテキストには同じ ID が付くはずです（並べ替えましょう）が、"
            f"{a[1]!r} と {b[1]!r} でした"))


def test_rejects_empty_text(kata):
    expect_raises(ValueError, kata.build_vocab, "", what=("build_vocab('') on an empty text",
                                                        "空のテキストでの build_vocab('')"))
