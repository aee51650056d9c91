"""Specs for katas/s11_pipeline/encode_prompt.py."""
import re

import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_raises, expect_shape

WORDS = [",", "a", "seven", "slanted", "thick", "thin", "upright"]
L, D = 6, 4


class ToyTokenizer:
    """A word-level stand-in for s04's CaptionTokenizer (PAD 0, BOS 1, EOS 2, UNK 3)."""
    PAD, BOS, EOS, UNK = 0, 1, 2, 3

    def __init__(self):
        self.stoi = {w: i + 4 for i, w in enumerate(WORDS)}

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


class ToyTextEncoder(nn.Module):
    """A stand-in for s09's TextEncoder: tokens(ids [B, T]) -> [B, T, D], a causal running mean of
    fixed random embeddings (so every state, padding included, depends on the prompt). It records
    the ids of every call."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(len(WORDS) + 4, D)
        with torch.no_grad():
            self.emb.weight.copy_(torch.randn(len(WORDS) + 4, D, generator=torch.Generator().manual_seed(1)))
        self.calls = []

    def states(self, ids):
        x = self.emb(ids)
        return x.cumsum(1) / torch.arange(1, ids.shape[1] + 1)[None, :, None]

    def tokens(self, ids):
        self.calls.append(ids.detach().clone())
        return self.states(ids)


def oracle(enc, tok, texts):
    """The token states of texts, each encoded alone with the tokenizer's own padding."""
    with torch.no_grad():
        return enc.states(torch.tensor([tok.encode(t, L) for t in texts]))


def test_unconditional_first_then_conditional(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    out = kata.encode_prompt(enc, tok, "a thick seven", L)
    if not expect(isinstance(out, tuple) and len(out) == 4,
                  ("encode_prompt should return a tuple (uncond, cond, uncond_mask, cond_mask)",
                   "encode_prompt はタプル (uncond, cond, uncond_mask, cond_mask) を返すはずです")):
        return
    uncond, cond = out[0], out[1]
    if not (expect_shape(uncond, (1, L, D), ("uncond for one prompt: [1, max_len, D] (all token states)",
                                             "1 つのプロンプトの uncond: [1, max_len, D]（すべてのトークンの状態）"))
            and expect_shape(cond, (1, L, D), ("cond for one prompt: [1, max_len, D]",
                                               "1 つのプロンプトの cond: [1, max_len, D]"))):
        return
    want_u, want_c = oracle(enc, tok, [""]), oracle(enc, tok, ["a thick seven"])
    if torch.allclose(uncond, want_c, atol=1e-6) and torch.allclose(cond, want_u, atol=1e-6):
        expect(False, ("uncond and cond are swapped: return the UNconditional states (of the negative prompt "
                       "\"\") first, then the prompt's",
                       "uncond と cond が入れ替わっています。「無条件」の状態（ネガティブプロンプト \"\" のもの）を"
                       "先に、プロンプトの状態を後に返しましょう"))
        return
    expect_close(uncond, want_u, atol=1e-6,
                 what=("uncond vs text_encoder.tokens of the padded ids of \"\" (the default negative prompt)",
                       "uncond と、\"\"（既定のネガティブプロンプト）をパディングした ID の text_encoder.tokens の比較"))
    expect_close(cond, want_c, atol=1e-6,
                 what=("cond vs text_encoder.tokens of the padded ids of 'a thick seven'",
                       "cond と、'a thick seven' をパディングした ID の text_encoder.tokens の比較"))


def test_negative_prompt_is_the_unconditional_context(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    uncond, cond, _, _ = kata.encode_prompt(enc, tok, "a thick seven", L, negative_prompt="thin")
    if not expect_shape(uncond, (1, L, D), ("uncond with a negative prompt", "ネガティブプロンプト付きの uncond")):
        return
    if torch.allclose(uncond, oracle(enc, tok, [""]), atol=1e-6):
        expect(False, ("negative_prompt='thin' was ignored: uncond is still the encoding of \"\"; the negative "
                       "prompt IS the unconditional prompt",
                       "negative_prompt='thin' が無視されています。uncond が \"\" のエンコードのままです。ネガティブ"
                       "プロンプトこそが無条件のプロンプトです"))
        return
    expect_close(uncond, oracle(enc, tok, ["thin"]), atol=1e-6,
                 what=("uncond vs text_encoder.tokens of the padded ids of the negative prompt 'thin'",
                       "uncond と、ネガティブプロンプト 'thin' をパディングした ID の text_encoder.tokens の比較"))
    expect_close(cond, oracle(enc, tok, ["a thick seven"]), atol=1e-6,
                 what=("cond (the prompt's states) with a negative prompt",
                       "ネガティブプロンプト付きでの cond（プロンプトの状態）"))


def test_masks(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    _, _, um, cm = kata.encode_prompt(enc, tok, "a thick seven", L, negative_prompt="thin")
    want_u = torch.tensor([[1, 1, 1, 0, 0, 0]])   # BOS thin EOS PAD PAD PAD
    want_c = torch.tensor([[1, 1, 1, 1, 1, 0]])   # BOS a thick seven EOS PAD
    for got, want, name in ((um, want_u, "uncond_mask"), (cm, want_c, "cond_mask")):
        if expect_shape(got, (1, L), (f"{name}: [B, max_len]", f"{name} の形状: [B, max_len]")):
            expect(got.dtype == torch.bool, (f"{name} should be bool, got {got.dtype}",
                                             f"{name} は bool のはずですが、{got.dtype} でした"))
            expect_close(got.long(), want, atol=0,
                         what=(f"{name} as 1 = True / 0 = False (True = a real token, up to and with EOS)",
                               f"{name}。1 = True、0 = False で表示（True = 本物のトークン、EOS まで）"))


def test_a_batch_of_prompts(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    prompts = ["a thick seven", "a thin seven"]
    uncond, cond, um, cm = kata.encode_prompt(enc, tok, prompts, L, negative_prompt="slanted")
    if expect_shape(uncond, (2, L, D), ("uncond of 2 prompts", "2 つのプロンプトの uncond")) \
            and expect_shape(cond, (2, L, D), ("cond of 2 prompts", "2 つのプロンプトの cond")):
        expect_close(uncond, oracle(enc, tok, ["slanted", "slanted"]), atol=1e-6,
                     what=("uncond of 2 prompts with one negative prompt (a str is used for every prompt)",
                           "ネガティブプロンプト 1 つでの 2 つのプロンプトの uncond（str はすべてのプロンプトに使います）"))
        expect_close(cond, oracle(enc, tok, prompts), atol=1e-6,
                     what=("cond of 2 prompts, in their order", "2 つのプロンプトの cond（順番どおり）"))
    uncond, _, _, _ = kata.encode_prompt(enc, tok, prompts, L, negative_prompt=["thin", "thick"])
    if expect_shape(uncond, (2, L, D), ("uncond with a list of 2 negative prompts",
                                        "2 つのネガティブプロンプトのリストでの uncond")):
        expect_close(uncond, oracle(enc, tok, ["thin", "thick"]), atol=1e-6,
                     what=("uncond with negative prompts ['thin', 'thick']: one per prompt, in order",
                           "ネガティブプロンプト ['thin', 'thick'] での uncond: プロンプトごとに 1 つ、順番どおり"))


def test_the_encoder_reads_padded_long_ids(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    kata.encode_prompt(enc, tok, ["a seven", "thin"], L, negative_prompt="upright")
    if not expect(len(enc.calls) > 0, ("text_encoder.tokens was never called", "text_encoder.tokens が一度も呼ばれていません")):
        return
    for ids in enc.calls:
        expect(ids.dtype == torch.long and ids.dim() == 2 and ids.shape[1] == L,
               (f"text_encoder.tokens got ids {tuple(ids.shape)} of {ids.dtype}; expected long ids [rows, max_len={L}]",
                f"text_encoder.tokens が受け取った ID は {tuple(ids.shape)} の {ids.dtype} でした。long の "
                f"[行数, max_len={L}] のはずです"))
    rows = sum(int(ids.shape[0]) for ids in enc.calls)
    expect(rows == 4, (f"2 prompts and their 2 negative prompts are 4 rows to encode, the encoder saw {rows}",
                       f"2 つのプロンプトと 2 つのネガティブプロンプトで 4 行をエンコードするはずですが、"
                       f"エンコーダが受け取ったのは {rows} 行でした"))


def test_bad_input(kata):
    tok, enc = ToyTokenizer(), ToyTextEncoder()
    expect_raises(ValueError, kata.encode_prompt, enc, tok, ["a seven", "thin"], L,
                  negative_prompt=["thin", "thick", "slanted"],
                  what=("3 negative prompts for 2 prompts", "2 つのプロンプトに 3 つのネガティブプロンプト"))
    expect_raises(ValueError, kata.encode_prompt, enc, tok, "a thick, slanted, upright seven", L,
                  what=("a prompt that needs 9 ids with max_len 6", "max_len 6 で 9 個の ID が必要なプロンプト"))
