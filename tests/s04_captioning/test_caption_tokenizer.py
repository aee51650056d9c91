"""Specs for katas/s04_captioning/caption_tokenizer.py."""
import itertools

import torch

from harness.captions import Attributes, caption
from harness.checks import expect, expect_raises

SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
EN, JA = "a thick, slanted seven", "太くて傾いた7"
# The tokens of EN and JA, written out by hand.
EN_TOKENS = ["a", "thick", ",", "slanted", "seven"]
JA_TOKENS = ["太", "く", "て", "傾", "い", "た", "7"]


def every_caption():
    """Every caption harness.captions can write: 10 digits × 8 attribute sets × 6 templates × 2 languages."""
    return [caption(Attributes(d, t, s, g), template, lang)
            for d in range(10) for t, s, g in itertools.product((False, True), repeat=3)
            for lang in ("en", "ja") for template in range(6)]


def test_tokens_split_words_digits_and_characters(kata):
    tok = kata.CaptionTokenizer.build([EN])
    cases = [
        (EN, EN_TOKENS),
        (JA, JA_TOKENS),
        ("The DIGIT 7: thick", ["the", "digit", "7", ":", "thick"]),
        ("数字の7：太い線、傾きあり", ["数", "字", "の", "7", "：", "太", "い", "線", "、", "傾", "き", "あ", "り"]),
        ("seven 77", ["seven", "7", "7"]),
    ]
    for text, want in cases:
        got = tok.tokens(text)
        expect(got == want,
               (f"tokens({text!r}) should be {want}, got {got} (English words lower-cased, each digit "
                f"alone, every other non-space character alone: [A-Za-z]+ | [0-9] | \\S)",
                f"tokens({text!r}) は {want} のはずですが、{got} でした（英単語は小文字に、数字は 1 桁ずつ、"
                f"それ以外の空白でない文字は 1 文字ずつ: [A-Za-z]+ | [0-9] | \\S）"))


def test_build_puts_the_specials_first_then_the_sorted_tokens(kata):
    T = kata.CaptionTokenizer
    consts = (T.PAD, T.BOS, T.EOS, T.UNK)
    expect(consts == (0, 1, 2, 3), (f"PAD, BOS, EOS, UNK should be 0, 1, 2, 3, got {consts}",
                                    f"PAD, BOS, EOS, UNK は 0, 1, 2, 3 のはずですが、{consts} でした"))
    tok = T.build([EN, JA, EN])
    want = SPECIALS + sorted(set(EN_TOKENS + JA_TOKENS))
    expect(tok.itos == want,
           (f"the vocabulary of [{EN!r}, {JA!r}] should be {want}, got {tok.itos} (the four specials, "
            f"then the distinct tokens in sorted order)",
            f"[{EN!r}, {JA!r}] の語彙は {want} のはずですが、{tok.itos} でした（4 つの特殊トークンの後に、"
            f"異なるトークンを sorted の順で並べます）"))
    expect(tok.vocab_size == len(want), (f"vocab_size should be {len(want)}, got {tok.vocab_size}",
                                         f"vocab_size は {len(want)} のはずですが、{tok.vocab_size} でした"))
    again = T.build([JA, EN])
    expect(again.itos == tok.itos,
           ("the order of the captions must not change the ids (sort the distinct tokens)",
            "キャプションの順番で ID が変わってはいけません（異なるトークンをソートしましょう）"))
    expect_raises(ValueError, T.build, [], what=("build([]) (no captions)", "build([])（キャプションがない）"))


def test_encode_wraps_in_bos_eos_and_pads(kata):
    tok = kata.CaptionTokenizer.build([EN, JA])
    vocab = SPECIALS + sorted(set(EN_TOKENS + JA_TOKENS))
    body = [vocab.index(t) for t in EN_TOKENS]
    for max_len in (7, 10):
        want = [1] + body + [2] + [0] * (max_len - 7)
        got = tok.encode(EN, max_len)
        expect(got == want,
               (f"encode({EN!r}, max_len={max_len}) should be [BOS, ids…, EOS, PAD…] = {want}, got {got}",
                f"encode({EN!r}, max_len={max_len}) は [BOS, ID…, EOS, PAD…] = {want} のはずですが、"
                f"{got} でした"))
    got = tok.encode(JA)
    want = [1] + [vocab.index(t) for t in JA_TOKENS] + [2]
    expect(got == want, (f"encode({JA!r}) with max_len=None should be {want} (no padding), got {got}",
                         f"max_len=None の encode({JA!r}) は {want}（パディングなし）のはずですが、{got} でした"))
    expect_raises(ValueError, tok.encode, EN, 6,
                  what=(f"encode({EN!r}, max_len=6) (5 tokens + BOS + EOS = 7 ids do not fit; never cut the "
                        f"EOS off)",
                        f"encode({EN!r}, max_len=6)（5 トークン + BOS + EOS = 7 個の ID が収まりません。EOS を"
                        f"切り落としてはいけません）"))


def test_unknown_tokens_become_unk(kata):
    tok = kata.CaptionTokenizer.build([EN, JA])
    vocab = SPECIALS + sorted(set(EN_TOKENS + JA_TOKENS))
    try:
        got = tok.encode("A Thin seven", 6)
        got_ja = tok.encode("細くて傾いた7", 9)
    except KeyError as e:
        expect(False, (f"encode raised KeyError {e}: a token outside the vocabulary should become UNK (3)",
                       f"encode で KeyError {e} が送出されました。語彙にないトークンは UNK (3) にします"))
        return
    want = [1, vocab.index("a"), 3, vocab.index("seven"), 2, 0]
    expect(got == want, (f"encode('A Thin seven', 6) should be {want} ('thin' is unknown -> UNK = 3), got {got}",
                         f"encode('A Thin seven', 6) は {want}（'thin' は未知なので UNK = 3）のはずですが、{got} でした"))
    want_ja = [1, 3] + [vocab.index(t) for t in JA_TOKENS[1:]] + [2]
    expect(got_ja == want_ja, (f"encode('細くて傾いた7', 9) should be {want_ja} ('細' is unknown), got {got_ja}",
                               f"encode('細くて傾いた7', 9) は {want_ja}（'細' は未知）のはずですが、{got_ja} でした"))
    text = tok.decode(want)
    expect(isinstance(text, str) and text.replace(" ", "") == "a<unk>seven",
           (f"decode({want}) should read 'a', '<unk>', 'seven' (UNK decodes as '<unk>'), got {text!r}",
            f"decode({want}) は 'a'、'<unk>'、'seven' と読めるはずです（UNK は '<unk>' にデコード）が、"
            f"{text!r} でした"))


def test_round_trip_on_every_harness_caption(kata):
    captions = every_caption()
    tok = kata.CaptionTokenizer.build(captions)
    wrong = []
    for text in captions:
        back = tok.decode(tok.encode(text, 24))
        if back != text:
            wrong.append((text, back))
    expect(not wrong,
           (f"decode(encode(c)) should give c back for every caption of harness.captions; {len(wrong)} of "
            f"{len(captions)} did not, e.g. {wrong[:3]} (a space only between two ASCII tokens when the "
            f"second is a word or digit; Japanese gets no spaces)",
            f"harness.captions のどのキャプション c でも decode(encode(c)) は c に戻るはずですが、"
            f"{len(captions)} 個中 {len(wrong)} 個が戻りませんでした。例: {wrong[:3]}（空白を入れるのは、"
            f"どちらも ASCII のトークンで後ろが単語か数字のときだけです。日本語には空白を入れません）"))
    ids = torch.tensor(tok.encode(captions[1], 24))
    back = tok.decode(ids)
    expect(back == captions[1], (f"decode should accept a 1-D tensor too: got {back!r}, expected {captions[1]!r}",
                                 f"decode は 1 次元テンソルも受け取れるはずです。{captions[1]!r} のはずが "
                                 f"{back!r} でした"))


def test_decode_stops_at_eos_and_skips_pad_and_bos(kata):
    tok = kata.CaptionTokenizer.build([EN])
    seven, thick = tok.stoi["seven"], tok.stoi["thick"]
    cases = [
        ([1, thick, seven, 2, thick, thick], "thick seven",
         ("everything after the first EOS is ignored", "最初の EOS より後はすべて無視します")),
        ([1, thick, 0, seven, 2, 0, 0], "thick seven", ("PAD and BOS are skipped", "PAD と BOS は飛ばします")),
        ([thick, seven], "thick seven", ("no EOS at all: decode every token", "EOS がなければすべてのトークンを"
                                                                               "デコードします")),
        ([1, 2, seven], "", ("EOS right after BOS: the empty caption", "BOS の直後に EOS: 空のキャプション")),
    ]
    for ids, want, why in cases:
        got = tok.decode(ids)
        expect(got == want, (f"decode({ids}) should be {want!r}, got {got!r} ({why[0]})",
                             f"decode({ids}) は {want!r} のはずですが、{got!r} でした（{why[1]}）"))
    expect_raises(ValueError, tok.decode, [1, tok.vocab_size, 2],
                  what=(f"decode with id {tok.vocab_size} (outside 0..vocab_size-1)",
                        f"ID {tok.vocab_size}（0..vocab_size-1 の外）を含む decode"))
