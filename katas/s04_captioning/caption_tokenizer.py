"""Kata: a caption tokenizer with special tokens (pad, bos, eos, unk).

A captioner writes a sentence one token at a time, so every caption must become a row of ids of
one common length. Four special tokens make that work: BOS ("begin") is the first input, from
which the decoder starts writing; EOS ("end") is the token with which the model says "done"; PAD
fills every row up to the same length and is ignored by the masks and the loss; UNK stands for
a token the vocabulary never saw. The captions come in English and Japanese, so a token is an
English word (lower-cased), a single digit, or any other single non-space character: a
Japanese character or a punctuation mark.

    tokens("A thick, slanted seven")  = ["a", "thick", ",", "slanted", "seven"]
    tokens("太くて傾いた7")            = ["太", "く", "て", "傾", "い", "た", "7"]
    (a regular expression that does it: [A-Za-z]+ | [0-9] | \\S, tried in that order)

    vocabulary = ["<pad>", "<bos>", "<eos>", "<unk>"] + sorted(distinct tokens of the captions)
    PAD = 0, BOS = 1, EOS = 2, UNK = 3        id = position in the vocabulary
    encode(text, max_len) = [BOS, id(t1), …, id(tn), EOS, PAD, …, PAD]   (length max_len)
    decode(ids) = the tokens up to the first EOS, without PAD and BOS, joined with a space
                  between two tokens only where BOTH are ASCII and the second is a word or a
                  digit ("the digit 7: thick, …"), and with nothing in between everywhere else
                  (Japanese has no spaces: "数字の7：太い線、…")

Parts: `CaptionTokenizer(vocab)` (given: keeps `.itos` (the vocabulary, a list) and `.stoi`
(token -> id)); the class constants PAD, BOS, EOS, UNK and SPECIALS; `build(captions)` (a
classmethod), `tokens(text)` (a staticmethod), the property `vocab_size`, `encode`, `decode`.
Shapes: encode -> a list of max_len ints (max_len=None: no padding, n + 2 ints); decode takes a
list of ints or a 1-D tensor and returns a str. A token that is not in the vocabulary encodes as
UNK; UNK decodes as "<unk>".
Bad input: build([]) -> ValueError; a caption that does not fit, n + 2 > max_len -> ValueError
(never cut a caption silently: its EOS would be lost); an id outside 0..vocab_size-1 in decode
-> ValueError.

【日本語】
カタ: 特殊トークン（pad, bos, eos, unk）付きのキャプション用トークナイザ。

キャプション生成モデルは文を 1 トークンずつ書くので、どのキャプションも同じ長さの ID の列に
しなければなりません。そのために 4 つの特殊トークンを使います。BOS（begin）は最初の入力で、
デコーダはここから書き始めます。EOS（end）はモデルが「書き終わった」と伝えるトークンです。PAD は
各行を同じ長さまで埋めるもので、マスクと損失では無視されます。UNK は語彙にないトークンの代わりです。
キャプションは英語と日本語の両方なので、トークンは英単語（小文字にする）、1 桁の数字、またはそれ以外の
空白でない 1 文字（日本語の文字や句読点）のどれかです。

    tokens("A thick, slanted seven")  = ["a", "thick", ",", "slanted", "seven"]
    tokens("太くて傾いた7")            = ["太", "く", "て", "傾", "い", "た", "7"]
    （これを行う正規表現: [A-Za-z]+ | [0-9] | \\S をこの順に試します）

    語彙 = ["<pad>", "<bos>", "<eos>", "<unk>"] + sorted(キャプションに現れる異なるトークン)
    PAD = 0, BOS = 1, EOS = 2, UNK = 3        ID = 語彙の中での位置
    encode(text, max_len) = [BOS, id(t1), …, id(tn), EOS, PAD, …, PAD]   （長さ max_len）
    decode(ids) = 最初の EOS までのトークンから PAD と BOS を除き、連結したもの。空白を入れるのは、
                  隣り合う 2 つのトークンが「どちらも ASCII で、後ろが単語か数字」のときだけです
                  （"the digit 7: thick, …"）。それ以外は何も挟みません（日本語には空白がありません:
                  "数字の7：太い線、…"）

部品: `CaptionTokenizer(vocab)`（与えられています: `.itos`（語彙のリスト）と `.stoi`（トークン -> ID）を
保持します）、クラス定数 PAD, BOS, EOS, UNK と SPECIALS、`build(captions)`（クラスメソッド）、
`tokens(text)`（スタティックメソッド）、プロパティ `vocab_size`、`encode`、`decode`。
形状: encode は max_len 個の int のリストを返します（max_len=None ならパディングなしで n + 2 個）。
decode は int のリストか 1 次元テンソルを受け取り、str を返します。語彙にないトークンは UNK に
エンコードし、UNK は "<unk>" にデコードします。
不正な入力: build([]) は ValueError。収まらないキャプション（n + 2 > max_len）は ValueError です
（黙って切り詰めてはいけません。EOS が失われます）。decode に 0..vocab_size-1 の外の ID があれば
ValueError です。
"""
from __future__ import annotations

import re

import torch


class CaptionTokenizer:
    """Caption text <-> ids, with PAD, BOS, EOS and UNK in front of the vocabulary."""

    PAD, BOS, EOS, UNK = 0, 1, 2, 3
    SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")

    def __init__(self, vocab: list[str]):
        if tuple(vocab[:4]) != self.SPECIALS:
            raise ValueError(f"the vocabulary must start with {self.SPECIALS}, got {list(vocab[:4])}")
        self.itos = list(vocab)
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    @classmethod
    def build(cls, captions: list[str]) -> CaptionTokenizer:
        """The tokenizer whose vocabulary is the specials + the sorted distinct tokens of captions."""
        # TODO: ValueError for no captions; collect the distinct tokens of every caption
        #       (cls.tokens); return cls(specials + the sorted distinct tokens).
        raise NotImplementedError("CaptionTokenizer.build: specials first, then the sorted distinct tokens"
                                  " ‖ CaptionTokenizer.build: 特殊トークンを先に、その後にソートした異なるトークンを")

    @staticmethod
    def tokens(text: str) -> list[str]:
        """English words (lower-cased), single digits and single other characters, in order."""
        # TODO: re.findall with the pattern of the docstring, then lower-case every token.
        raise NotImplementedError("CaptionTokenizer.tokens: split into words, digits and single characters"
                                  " ‖ CaptionTokenizer.tokens: 単語、数字、1 文字ずつに分けましょう")

    @property
    def vocab_size(self) -> int:
        """The number of tokens, the specials included."""
        # TODO: the length of the vocabulary.
        raise NotImplementedError("CaptionTokenizer.vocab_size: the size of the vocabulary"
                                  " ‖ CaptionTokenizer.vocab_size: 語彙の大きさです")

    def encode(self, text: str, max_len: int | None = None) -> list[int]:
        """[BOS, ids…, EOS], padded with PAD to max_len (no padding when max_len is None)."""
        # TODO: look every token up (UNK when unknown), wrap in BOS … EOS, then ValueError if it
        #       does not fit in max_len, else pad with PAD up to max_len.
        raise NotImplementedError("CaptionTokenizer.encode: [BOS, ids…, EOS, PAD…]"
                                  " ‖ CaptionTokenizer.encode: [BOS, ID…, EOS, PAD…] にしましょう")

    def decode(self, ids) -> str:
        """The text of ids: stops at the first EOS, skips PAD and BOS."""
        # TODO: tensor -> list; ValueError for an id outside the vocabulary; stop at EOS; skip PAD
        #       and BOS; join the tokens, with a space only between two ASCII tokens when the
        #       second is a word or a digit.
        raise NotImplementedError("CaptionTokenizer.decode: tokens up to EOS, joined by the spacing rule"
                                  " ‖ CaptionTokenizer.decode: EOS までのトークンを空白の規則に従ってつなぎましょう")
