"""Specs for katas/s02_gpt/encode_decode.py."""
import torch

from harness.checks import expect, expect_raises

TEXT = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n"
CHARS = sorted(set(TEXT))  # the specs build their own vocabulary, independent of char_vocab
STOI = {c: i for i, c in enumerate(CHARS)}
ITOS = {i: c for i, c in enumerate(CHARS)}


def _decode(kata, ids, itos, what):
    """decode(ids, itos), or None with a message when the look-up fails (a KeyError says why)."""
    try:
        return kata.decode(ids, itos)
    except (KeyError, TypeError) as e:
        tensor = isinstance(ids, torch.Tensor)
        expect(False, (
            f"{what[0]} raised {type(e).__name__}: {e}"
            + (" (the elements of a tensor are 0-d tensors, which hash by identity, not by value: "
               "turn them into Python ints first, e.g. ids.tolist())" if tensor else ""),
            f"{what[1]} で {type(e).__name__}: {e} が送出されました"
            + ("（テンソルの要素は 0 次元テンソルで、値ではなくオブジェクトとしてハッシュされます。"
               "ids.tolist() などで先に Python の int に変換しましょう）" if tensor else "")))
        return None


def test_encode_hand_worked(kata):
    stoi = {"a": 0, "b": 1, "c": 2}
    ids = kata.encode("cab", stoi)
    expect(isinstance(ids, list) and all(type(i) is int for i in ids),
           (f"encode should return a list of Python ints, got {type(ids).__name__}: {ids!r}",
            f"encode は Python の int のリストを返すはずですが、{type(ids).__name__}: {ids!r} でした"))
    expect(ids == [2, 0, 1],
           (f"encode('cab') with a->0, b->1, c->2: expected [2, 0, 1], got {ids!r}",
            f"a->0, b->1, c->2 のとき encode('cab') は [2, 0, 1] のはずですが、{ids!r} でした"))
    empty = kata.encode("", stoi)
    expect(empty == [], (f"encode('') should be [], got {empty!r}",
                         f"encode('') は [] のはずですが、{empty!r} でした"))


def test_decode_list_and_tensor(kata):
    itos = {0: "a", 1: "b", 2: "c"}
    got = _decode(kata, [2, 0, 1, 1], itos, ("decode([2, 0, 1, 1])", "decode([2, 0, 1, 1])"))
    if got is not None:
        expect(got == "cabb", (f"decode([2, 0, 1, 1]) should be 'cabb' (joined with no separator), "
                               f"got {got!r}",
                               f"decode([2, 0, 1, 1]) は 'cabb'（区切り文字なしで連結）のはずですが、"
                               f"{got!r} でした"))
    got = _decode(kata, torch.tensor([1, 2, 0]), itos,
                  ("decode(tensor([1, 2, 0]))", "decode(tensor([1, 2, 0]))"))
    if got is not None:
        expect(got == "bca", (f"decode(tensor([1, 2, 0])) should be 'bca', got {got!r}",
                              f"decode(tensor([1, 2, 0])) は 'bca' のはずですが、{got!r} でした"))
    got = _decode(kata, [], itos, ("decode([])", "decode([])"))
    if got is not None:
        expect(got == "", (f"decode([]) should be '', got {got!r}",
                           f"decode([]) は '' のはずですが、{got!r} でした"))


def test_round_trip(kata):
    ids = kata.encode(TEXT, STOI)
    if not expect(ids == [STOI[c] for c in TEXT],
                  ("encode(TEXT) should map every character through stoi, in order",
                   "encode(TEXT) はすべての文字を順に stoi で ID に変えるはずです")):
        return
    for name, arg in (("list", ids), ("tensor", torch.tensor(ids, dtype=torch.long))):
        back = _decode(kata, arg, ITOS, (f"decode({name} of ids)", f"decode（ID の {name}）"))
        if back is not None:
            expect(back == TEXT, (f"decode(encode(text)) with a {name} of ids should give the text "
                                  f"back, got {back!r}",
                                  f"ID の {name} での decode(encode(text)) は元のテキストに戻るはずですが、"
                                  f"{back!r} でした"))


def test_unknown_character_is_named(kata):
    if not expect_raises(ValueError, kata.encode, "to be@", STOI,
                         what=("encode('to be@') where '@' is not in the vocabulary",
                               "'@' が語彙にないときの encode('to be@')")):
        return
    try:
        kata.encode("to be@", STOI)
    except ValueError as e:
        expect("@" in str(e),
               (f"the ValueError should name the unknown character '@', got message {str(e)!r}",
                f"ValueError のメッセージには未知の文字 '@' を含めるはずですが、{str(e)!r} でした"))
