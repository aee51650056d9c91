"""Specs for katas/s09_clip/text_encoder.py."""
import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

V, BS, C, NH, NL = 12, 8, 16, 4, 2
# Three captions of different lengths, as CaptionTokenizer.encode writes them: BOS=1 … EOS=2, PAD=0.
TOKENS = torch.tensor([[1, 5, 6, 7, 8, 2, 0, 0],    # EOS at 5
                       [1, 9, 2, 0, 0, 0, 0, 0],    # EOS at 2
                       [1, 4, 5, 6, 7, 8, 9, 2]])   # EOS at 7, the last position
EOS_AT = [5, 2, 7]


def make_encoder(kata):
    enc = kata.TextEncoder(V, BS, C, NH, NL)
    with torch.no_grad():   # a final LayerNorm that is not the identity, so its use is visible
        enc.ln_f.weight.copy_(1 + 0.5 * torch.randn(C))
        enc.ln_f.bias.copy_(0.5 * torch.randn(C))
    return enc.eval()


def states(enc, tokens):
    """The oracle: every position's state from the encoder's own parts."""
    x = enc.embed(tokens)
    for block in enc.blocks:
        x = block(x)
    return enc.ln_f(x)


def test_parts(kata):
    enc = kata.TextEncoder(V, BS, C, NH, NL, dropout=0.1)
    expect(isinstance(getattr(enc, "embed", None), kata.GPTEmbedding),
           ("encoder.embed should be a GPTEmbedding(vocab_size, block_size, n_embd, dropout) (s02)",
            "encoder.embed は GPTEmbedding(vocab_size, block_size, n_embd, dropout)（s02）のはずです"))
    blocks = getattr(enc, "blocks", None)
    ok = isinstance(blocks, nn.ModuleList) and len(blocks) == NL and all(isinstance(b, kata.Block) for b in blocks)
    expect(ok, (f"encoder.blocks should be an nn.ModuleList of n_layer = {NL} causal Blocks (s02)",
                f"encoder.blocks は n_layer = {NL} 個の因果的 Block（s02）の nn.ModuleList のはずです"))
    expect(isinstance(getattr(enc, "ln_f", None), kata.LayerNorm),
           ("encoder.ln_f should be a LayerNorm(n_embd) (s02)", "encoder.ln_f は LayerNorm(n_embd)（s02）のはずです"))
    ids = (getattr(enc, "eos_id", None), getattr(enc, "pad_id", None))
    expect(ids == (kata.CaptionTokenizer.EOS, kata.CaptionTokenizer.PAD),
           (f"(eos_id, pad_id) should default to CaptionTokenizer's (EOS, PAD) = (2, 0), got {ids}",
            f"(eos_id, pad_id) の既定値は CaptionTokenizer の (EOS, PAD) = (2, 0) のはずですが、{ids} でした"))


def test_tokens_are_every_final_state(kata):
    enc = make_encoder(kata)
    with torch.no_grad():
        got = enc.tokens(TOKENS)
        want = states(enc, TOKENS)
    if expect_shape(got, (3, BS, C), ("encoder.tokens(tokens [3, 8])", "encoder.tokens(tokens [3, 8]) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("encoder.tokens vs ln_f(blocks(embed(tokens))) (every block in order, then ln_f)",
                           "encoder.tokens と ln_f(blocks(embed(tokens))) の比較（ブロックを順にすべて、最後に ln_f）"))


def test_pooled_at_each_rows_eos(kata):
    enc = make_encoder(kata)
    with torch.no_grad():
        got = enc(TOKENS)
        h = states(enc, TOKENS)
    if not expect_shape(got, (3, C), ("encoder(tokens [3, 8]) -> pooled [B, n_embd]",
                                      "encoder(tokens [3, 8]) の出力 pooled [B, n_embd]")):
        return
    got = got.detach()
    want = h[torch.arange(3), torch.tensor(EOS_AT)]
    if torch.allclose(got, h[:, -1], atol=1e-5):
        expect(False, ("you pooled at the LAST position for every row: in the shorter rows that is padding; "
                       "read each row at its own EOS (rows 0, 1 end at positions 5 and 2)",
                       "どの行も「最後の」位置で読み出しています。短い行ではそこはパディングです。各行を"
                       "その行の EOS で読み出しましょう（0 行目と 1 行目は位置 5 と 2 で終わります）"))
    elif torch.allclose(got, h[:, 0], atol=1e-5):
        expect(False, ("you pooled at the first token (BOS): with causal attention it has read nothing of the "
                       "caption; read each row at its EOS",
                       "最初のトークン（BOS）で読み出しています。因果的注意ではそこはキャプションを何も読んで"
                       "いません。各行を EOS で読み出しましょう"))
    elif torch.allclose(got, h.mean(1), atol=1e-5):
        expect(False, ("you averaged over all T positions, padding included; read the single state at each "
                       "row's EOS", "パディングを含む T 個の位置すべてで平均しています。各行の EOS の状態 1 つを"
                       "読み出しましょう"))
    else:
        expect_close(got, want, atol=1e-5,
                     what=("pooled[b] vs tokens(tokens)[b, position of row b's first EOS] (EOS at 5, 2, 7)",
                           "pooled[b] と tokens(tokens)[b, 行 b で最初の EOS の位置] の比較（EOS は 5, 2, 7）"))


def test_padding_after_eos_changes_nothing(kata):
    enc = make_encoder(kata)
    other = TOKENS.clone()
    other[0, 6:] = torch.tensor([7, 9])            # overwrite the padding behind row 0's EOS
    other[1, 3:] = torch.tensor([4, 5, 6, 7, 8])   # and behind row 1's
    changed = TOKENS.clone()
    changed[1, 1] = 4                              # a real token of row 1
    with torch.no_grad():
        base, moved, real = enc(TOKENS), enc(other), enc(changed)
    if not expect_shape(base, (3, C), ("encoder(tokens) -> [B, n_embd]", "encoder(tokens) の出力 [B, n_embd]")):
        return
    expect_close(moved, base, atol=1e-5,
                 what=("pooled vectors after changing the tokens behind each EOS (causal blocks: the EOS state "
                       "never sees them, so nothing may change)",
                       "各 EOS より後ろのトークンを変えた後の pooled（因果的ブロックでは EOS の状態から見えないので、"
                       "何も変わらないはずです）"))
    diff = float((real - base)[1].abs().max())
    expect(diff > 1e-4, (f"changing a real token of row 1 (before its EOS) changed its pooled vector by only "
                         f"{fmt(diff)}: the pooled vector must depend on the caption",
                         f"1 行目の本物のトークン（EOS より前）を変えても pooled が {fmt(diff)} しか変わりません。"
                         f"pooled はキャプションに依存するはずです"))


def test_eos_positions(kata):
    tokens = torch.tensor([[1, 5, 2, 6, 2, 0], [1, 2, 0, 0, 0, 0], [1, 3, 4, 5, 6, 2]])
    got = kata.eos_positions(tokens, 2)
    ok = isinstance(got, torch.Tensor) and got.tolist() == [2, 1, 5]
    expect(ok, (f"eos_positions of rows whose first EOS is at 2, 1, 5 (row 0 has a second EOS at 4) should be "
                f"[2, 1, 5], got {got.tolist() if isinstance(got, torch.Tensor) else got}",
                f"最初の EOS が 2, 1, 5 にある行の eos_positions（0 行目には 4 にも EOS があります）は [2, 1, 5] の"
                f"はずですが、{got.tolist() if isinstance(got, torch.Tensor) else got} でした"))
    mask = torch.tensor([[True, True, True, True, False, False], [True] * 6, [True, False, False, False, False, False]])
    got = kata.eos_positions(torch.full((3, 6), 7), 2, mask)
    ok = isinstance(got, torch.Tensor) and got.tolist() == [3, 5, 0]
    expect(ok, (f"eos_positions with a mask should give each row's last True, [3, 5, 0], got "
                f"{got.tolist() if isinstance(got, torch.Tensor) else got}",
                f"mask を与えた eos_positions は各行の最後の True、[3, 5, 0] になるはずですが、"
                f"{got.tolist() if isinstance(got, torch.Tensor) else got} でした"))


def test_mask_chooses_the_last_real_token(kata):
    enc = make_encoder(kata)
    tokens = torch.tensor([[1, 5, 6, 7, 0, 0, 0, 0], [1, 4, 4, 4, 4, 4, 3, 0]])   # no EOS id at all
    mask = tokens != 0
    with torch.no_grad():
        got = enc(tokens, mask)
        h = states(enc, tokens)
    if expect_shape(got, (2, C), ("encoder(tokens, mask) -> [B, n_embd]", "encoder(tokens, mask) の出力 [B, n_embd]")):
        expect_close(got, h[torch.arange(2), torch.tensor([3, 6])], atol=1e-5,
                     what=("encoder(tokens, mask): pooled at each row's last real token (positions 3 and 6)",
                           "encoder(tokens, mask): 各行の最後の本物のトークン（位置 3 と 6）で読み出したもの"))


def test_gradients_reach_every_part(kata):
    enc = kata.TextEncoder(V, BS, C, NH, NL)
    out = enc(TOKENS)
    if not expect_shape(out, (3, C), ("encoder(tokens)", "encoder(tokens) の出力")):
        return
    (out * torch.randn_like(out)).sum().backward()
    for name, p in (("embed (token table)", enc.embed.tok.weight),
                    ("the first block", next(enc.blocks[0].parameters())),
                    ("the last block", next(enc.blocks[-1].parameters())), ("ln_f.weight", enc.ln_f.weight)):
        expect_grad(p, (f"TextEncoder: {name}", f"TextEncoder の {name}"))


def test_bad_input(kata):
    enc = kata.TextEncoder(V, BS, C, NH, NL)
    expect_raises(ValueError, enc, TOKENS[None],
                  what=("tokens of shape [1, 3, 8] (not [B, T])", "形状 [1, 3, 8] の tokens（[B, T] ではない）"))
    expect_raises(ValueError, enc, torch.tensor([[1, 5, 6, 2], [1, 5, 6, 7]]),
                  what=("a row without an EOS token", "EOS トークンのない行"))
    expect_raises(ValueError, enc, torch.tensor([[1] * 8 + [2]]),
                  what=(f"T = 9 > block_size = {BS}", f"block_size = {BS} より長い T = 9"))
    expect_raises(ValueError, enc, TOKENS, torch.ones(3, 7, dtype=torch.bool),
                  what=("a mask of shape [3, 7] for tokens [3, 8]", "tokens [3, 8] に対する形状 [3, 7] の mask"))
