"""Specs for katas/s04_captioning/padding_mask.py."""
import torch

from harness.checks import expect, expect_raises, expect_shape

BOS, EOS, PAD = 1, 2, 0
IDS = torch.tensor([[BOS, 5, EOS, PAD, PAD],
                    [BOS, 5, 6, 7, EOS]])


def loop_decoder_mask(ids, pad_id):
    """The decoder mask element by element, in plain Python: query i may see key j <= i that is real."""
    B, T = ids.shape
    return torch.tensor([[[[j <= i and int(ids[b, j]) != pad_id for j in range(T)] for i in range(T)]]
                         for b in range(B)])


def test_padding_mask_marks_the_real_tokens(kata):
    got = kata.padding_mask(IDS)
    want = IDS != PAD
    if not expect_shape(got, (2, 5), ("padding_mask(ids [2, 5])", "padding_mask(ids [2, 5]) の出力")):
        return
    expect(got.dtype == torch.bool, (f"padding_mask should be a bool tensor, got {got.dtype}",
                                     f"padding_mask は bool のテンソルのはずですが、{got.dtype} でした"))
    if torch.equal(got.bool(), ~want):
        expect(False, ("padding_mask is inverted: here True means a REAL token (the convention of "
                       "F.scaled_dot_product_attention), False a PAD; nn.MultiheadAttention's "
                       "key_padding_mask is the opposite one",
                       "padding_mask が逆です。ここでは True が「本物の」トークン（F.scaled_dot_product_attention の"
                       "約束）、False が PAD です。nn.MultiheadAttention の key_padding_mask はその逆です"))
        return
    expect(torch.equal(got.bool(), want),
           (f"padding_mask({IDS.tolist()}) should be {want.tolist()} (True where ids != pad_id), got "
            f"{got.tolist()}",
            f"padding_mask({IDS.tolist()}) は {want.tolist()}（ids != pad_id の位置が True）のはずですが、"
            f"{got.tolist()} でした"))
    ids9 = torch.tensor([[BOS, 0, 4, 9, 9]])  # pad_id = 9: token 0 is a real token here
    got9 = kata.padding_mask(ids9, pad_id=9)
    expect(torch.is_tensor(got9) and got9.tolist() == [[True, True, True, False, False]],
           (f"padding_mask({ids9.tolist()}, pad_id=9) should be [[True, True, True, False, False]] (use the "
            f"pad_id argument), got {got9.tolist() if torch.is_tensor(got9) else got9}",
            f"padding_mask({ids9.tolist()}, pad_id=9) は [[True, True, True, False, False]]（引数 pad_id を"
            f"使う）のはずですが、{got9.tolist() if torch.is_tensor(got9) else got9} でした"))


def test_decoder_mask_hand_worked(kata):
    got = kata.decoder_mask(IDS)
    want = loop_decoder_mask(IDS, PAD)
    if not expect_shape(got, (2, 1, 5, 5), ("decoder_mask(ids [2, 5]) [B, 1, T, T]",
                                            "decoder_mask(ids [2, 5]) の出力 [B, 1, T, T]")):
        return
    expect(got.dtype == torch.bool, (f"decoder_mask should be a bool tensor, got {got.dtype}",
                                     f"decoder_mask は bool のテンソルのはずですが、{got.dtype} でした"))
    got = got.bool()
    if torch.equal(got, ~want):
        expect(False, ("decoder_mask is inverted: True should mean 'query i MAY attend to key j'",
                       "decoder_mask が逆です。True は「クエリ i がキー j に注意してよい」の意味です"))
        return
    real = IDS != PAD
    if torch.equal(got, torch.tril(torch.ones(5, 5, dtype=torch.bool)) & ~real[:, None, None, :]):
        expect(False, ("decoder_mask hides the REAL keys and lets the PADs through: its padding part is inverted "
                       "(True = a real token)",
                       "decoder_mask が本物のキーを隠し、PAD を通しています。パディングの部分が逆です"
                       "（True = 本物のトークン）"))
        return
    future = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)
    expect(not got[:, :, future].any(),
           ("decoder_mask lets a query see a LATER key (True above the diagonal): the causal part should be "
            "torch.tril, j <= i",
            "decoder_mask でクエリが「後ろの」キーを見られます（対角より上に True）。因果の部分は torch.tril、"
            "j <= i です"))
    diag = torch.arange(5)
    expect(bool(got[1, 0, diag, diag].all()),
           ("a token must see itself: the diagonal of caption 1 (no PADs) should be True (j <= i, not j < i)",
            "トークンは自分自身を見られるはずです。キャプション 1（PAD なし）の対角は True のはずです"
            "（j < i ではなく j <= i）"))
    expect(not got[0, 0, :, 3:].any(),
           (f"caption 0 has PADs at positions 3 and 4: no query may attend to those KEYS (columns), got "
            f"{got[0, 0].int().tolist()}",
            f"キャプション 0 は位置 3 と 4 が PAD です。どのクエリもその「キー」（列）に注意してはいけませんが、"
            f"{got[0, 0].int().tolist()} でした"))
    expect(bool(got[0, 0, 3:, :3].all()),
           ("the PAD queries (rows 3, 4 of caption 0) may still see the real keys before them: mask the key "
            "axis (last), not the query axis",
            "PAD のクエリ（キャプション 0 の 3, 4 行目）も前にある本物のキーは見てかまいません。マスクするのは"
            "キーの軸（最後の軸）で、クエリの軸ではありません"))
    expect(torch.equal(got, want),
           (f"decoder_mask should be tril(T, T) & padding_mask(ids)[:, None, None, :]: expected "
            f"{want[:, 0].int().tolist()}, got {got[:, 0].int().tolist()}",
            f"decoder_mask は tril(T, T) & padding_mask(ids)[:, None, None, :] のはずです。"
            f"{want[:, 0].int().tolist()} のはずが、{got[:, 0].int().tolist()} でした"))


def test_decoder_mask_random_batch_and_pad_id(kata):
    ids = torch.randint(0, 6, (3, 7))
    ids[:, 0] = BOS
    for pad_id in (0, 4):
        got = kata.decoder_mask(ids, pad_id=pad_id)
        want = loop_decoder_mask(ids, pad_id)
        if expect_shape(got, (3, 1, 7, 7), (f"decoder_mask(ids [3, 7], pad_id={pad_id})",
                                            f"decoder_mask(ids [3, 7], pad_id={pad_id}) の出力")):
            bad = int((got.bool() != want).sum())
            expect(bad == 0,
                   (f"decoder_mask(ids, pad_id={pad_id}) differs from (j <= i and ids[b, j] != pad_id) in "
                    f"{bad} of {want.numel()} entries",
                    f"decoder_mask(ids, pad_id={pad_id}) が (j <= i かつ ids[b, j] != pad_id) と "
                    f"{want.numel()} 個中 {bad} 個で違います"))
            rows = got.bool().any(-1)
            expect(bool(rows.all()),
                   ("with a real BOS first, every query row should allow at least one key (key 0)",
                    "先頭が本物の BOS なら、どのクエリの行にも注意できるキーが少なくとも 1 つ（キー 0）あるはずです"))


def test_bad_input(kata):
    flat = torch.tensor([BOS, 5, EOS, PAD])
    expect_raises(ValueError, kata.padding_mask, flat,
                  what=("padding_mask of 1-D ids (expects [B, T])", "1 次元の ids の padding_mask（[B, T] が必要）"))
    expect_raises(ValueError, kata.decoder_mask, flat,
                  what=("decoder_mask of 1-D ids (expects [B, T])", "1 次元の ids の decoder_mask（[B, T] が必要）"))
