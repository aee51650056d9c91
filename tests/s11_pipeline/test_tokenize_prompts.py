"""Specs for katas/s11_pipeline/tokenize_prompts.py."""
import re

import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape

WORDS = [",", "a", "seven", "slanted", "thick", "thin", "upright"]


class ToyTokenizer:
    """A word-level stand-in for s04's CaptionTokenizer: the same encode and constants.
    specials gives the ids of (PAD, BOS, EOS, UNK); the words take the other ids, in order."""

    def __init__(self, specials=(0, 1, 2, 3)):
        self.PAD, self.BOS, self.EOS, self.UNK = specials
        free = [i for i in range(len(WORDS) + 4) if i not in specials]
        self.stoi = dict(zip(WORDS, free))

    @staticmethod
    def tokens(text):
        return [t.lower() for t in re.findall(r"[A-Za-z]+|[0-9]|\S", text)]

    def encode(self, text, max_len=None):
        ids = [self.BOS] + [self.stoi.get(t, self.UNK) for t in self.tokens(text)] + [self.EOS]
        if max_len is None:
            return ids
        if len(ids) > max_len:
            raise ValueError(f"{text!r} does not fit in {max_len}")
        return ids + [self.PAD] * (max_len - len(ids))


def test_hand_worked_batch(kata):
    tok = ToyTokenizer()   # PAD 0, BOS 1, EOS 2; "," 4, "a" 5, "seven" 6, "slanted" 7, "thick" 8, "thin" 9
    ids, mask = kata.tokenize_prompts(tok, ["a thick seven", "thin", ""], 6)
    want = torch.tensor([[1, 5, 8, 6, 2, 0],
                         [1, 9, 2, 0, 0, 0],
                         [1, 2, 0, 0, 0, 0]])   # "" is the unconditional prompt: just BOS, EOS
    if not expect_shape(ids, (3, 6), ("ids of 3 prompts with max_len 6: [B, max_len] (every row padded to "
                                      "max_len, not to the longest prompt)",
                                      "max_len 6 での 3 つのプロンプトの ids: [B, max_len]（どの行も最長の"
                                      "プロンプトではなく max_len まで埋めます）")):
        return
    expect(ids.dtype == torch.long, (f"ids should be long (int64) for an embedding lookup, got {ids.dtype}",
                                     f"ids は埋め込みを引くために long（int64）のはずですが、{ids.dtype} でした"))
    if (ids[:, 0] == 1).all() and not (ids == 2).any(dim=1).all():
        expect(False, ("a row has no EOS (id 2): wrap every prompt as [BOS, …, EOS] before padding",
                       "EOS（ID 2）のない行があります。パディングの前にどのプロンプトも [BOS, …, EOS] で囲みましょう"))
        return
    expect_close(ids, want, atol=0,
                 what=("ids of ['a thick seven', 'thin', ''] with max_len 6 (rows [BOS, words…, EOS, PAD…])",
                       "['a thick seven', 'thin', ''] を max_len 6 でトークン化した ids（各行は [BOS, 単語…, EOS, PAD…]）"))


def test_mask_marks_the_real_tokens(kata):
    tok = ToyTokenizer()
    ids, mask = kata.tokenize_prompts(tok, ["a thick seven", ""], 7)
    want = torch.tensor([[True, True, True, True, True, False, False],
                         [True, True, False, False, False, False, False]])
    if not expect_shape(mask, (2, 7), ("the mask: [B, max_len]", "マスク: [B, max_len]")):
        return
    expect(mask.dtype == torch.bool, (f"the mask should be bool, got {mask.dtype}",
                                      f"マスクは bool のはずですが、{mask.dtype} でした"))
    if torch.equal(mask.bool(), ~want):
        expect(False, ("the mask is inverted: True must mark the REAL tokens (BOS, words, EOS), False the PAD",
                       "マスクが逆です。True が「本物の」トークン（BOS、単語、EOS）、False が PAD です"))
        return
    expect_close(mask.long(), want.long(), atol=0,
                 what=("mask of ['a thick seven', ''] with max_len 7, as 1 = True / 0 = False (True up to and with EOS)",
                       "['a thick seven', ''] を max_len 7 でトークン化したマスク。1 = True、0 = False で表示（EOS までが True）"))


def test_pad_id_comes_from_the_tokenizer(kata):
    # A tokenizer whose PAD is 3 (BOS 0, EOS 1, UNK 2): padding and mask must use tokenizer.PAD.
    tok = ToyTokenizer(specials=(3, 0, 1, 2))
    ids, mask = kata.tokenize_prompts(tok, ["thin", "a seven"], 5)
    want_ids = torch.tensor([[0, tok.stoi["thin"], 1, 3, 3], [0, tok.stoi["a"], tok.stoi["seven"], 1, 3]])
    want_mask = torch.tensor([[True, True, True, False, False], [True, True, True, True, False]])
    if expect_shape(ids, (2, 5), ("ids with a tokenizer whose PAD is 3", "PAD が 3 のトークナイザでの ids")):
        expect_close(ids, want_ids, atol=0,
                     what=("ids padded with tokenizer.PAD (= 3 here, not 0)",
                           "tokenizer.PAD（ここでは 0 ではなく 3）で埋めた ids"))
    if expect_shape(mask, (2, 5), ("mask with a tokenizer whose PAD is 3", "PAD が 3 のトークナイザでのマスク")):
        expect_close(mask.long(), want_mask.long(), atol=0,
                     what=("mask = ids != tokenizer.PAD (= 3 here; the BOS, id 0, is a real token)",
                           "mask = ids != tokenizer.PAD（ここでは 3。ID 0 の BOS は本物のトークンです）"))


def test_one_string_is_a_batch_of_one(kata):
    tok = ToyTokenizer()
    ids, mask = kata.tokenize_prompts(tok, "a slanted seven", 8)
    if not expect_shape(ids, (1, 8), ("tokenize_prompts of one str with max_len 8: [1, 8] (a str is one prompt, "
                                      "not a list of characters)",
                                      "1 つの str を max_len 8 でトークン化: [1, 8]（str は文字のリストではなく "
                                      "1 つのプロンプトです）")):
        return
    expect_close(ids[0], torch.tensor(tok.encode("a slanted seven", 8)), atol=0,
                 what=("the row of 'a slanted seven' vs tokenizer.encode(text, max_len)",
                       "'a slanted seven' の行と tokenizer.encode(text, max_len) の比較"))
    expect_shape(mask, (1, 8), ("the mask of one str", "1 つの str のマスク"))


def test_a_prompt_that_does_not_fit_raises(kata):
    tok = ToyTokenizer()
    # "a thick, slanted seven" is 5 tokens: 7 ids with BOS and EOS.
    ids, _ = kata.tokenize_prompts(tok, ["a thick, slanted seven"], 7)
    expect_shape(ids, (1, 7), ("a prompt of exactly max_len ids (7 with BOS and EOS) fits",
                               "ちょうど max_len 個（BOS と EOS を含めて 7 個）の ID のプロンプトは収まります"))
    expect_raises(ValueError, kata.tokenize_prompts, tok, ["thin", "a thick, slanted seven"], 6,
                  what=("a prompt that needs 7 ids with max_len 6 (cutting it would drop its EOS)",
                        "max_len 6 で 7 個の ID が必要なプロンプト（切ると EOS が失われます）"))
    expect_raises(ValueError, kata.tokenize_prompts, tok, [], 6,
                  what=("an empty list of prompts", "空のプロンプトのリスト"))
