"""Specs for katas/s04_captioning/captioner.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_raises, expect_shape, fmt

V = 11


def config(kata, **kw):
    base = dict(vocab_size=V, max_len=8, image_size=8, patch_size=2, in_channels=1, dim=16, enc_depth=1,
                dec_depth=2, n_head=4)
    return kata.CaptionerConfig(**{**base, **kw})


def make_model(kata, **kw):
    model = kata.Captioner(config(kata, **kw))
    with torch.no_grad():   # a final LayerNorm that is not the identity, so its use is visible
        model.ln_f.weight.copy_(1 + 0.5 * torch.randn(16))
        model.ln_f.bias.copy_(0.5 * torch.randn(16))
    return model


def test_config_and_parts(kata):
    c = kata.CaptionerConfig(vocab_size=V)
    defaults = (c.max_len, c.image_size, c.patch_size, c.in_channels, c.dim, c.enc_depth, c.dec_depth, c.n_head,
                c.dropout)
    want = (24, 28, 4, 1, 64, 2, 2, 4, 0.0)
    expect(defaults == want, (f"CaptionerConfig defaults (max_len … dropout) should be {want}, got {defaults}",
                              f"CaptionerConfig の既定値（max_len … dropout）は {want} のはずですが、{defaults} でした"))
    model = kata.Captioner(config(kata, dropout=0.1))
    expect(getattr(model, "config", None) is not None and model.config.vocab_size == V,
           ("the model should keep its config as .config", "モデルは設定を .config として持つはずです"))
    for name, cls in (("encoder", kata.ImageEncoder), ("tok_emb", kata.TokenEmbedding),
                      ("pos_emb", kata.PositionEmbedding), ("ln_f", kata.LayerNorm)):
        expect(isinstance(getattr(model, name, None), cls),
               (f"model.{name} should be a {cls.__name__} (your earlier kata)",
                f"model.{name} は {cls.__name__}（これまでのカタのもの）のはずです"))
    shapes = {n: tuple(getattr(getattr(model, n, None), "weight", torch.empty(0)).shape)
              for n in ("tok_emb", "pos_emb", "lm_head")}
    want = {"tok_emb": (V, 16), "pos_emb": (8, 16), "lm_head": (V, 16)}
    expect(shapes == want, (f"weight shapes should be {want} (vocab_size × dim, max_len × dim, vocab_size × dim), "
                            f"got {shapes}",
                            f"重みの形状は {want}（vocab_size × dim、max_len × dim、vocab_size × dim）のはずですが、"
                            f"{shapes} でした"))
    blocks = getattr(model, "blocks", None)
    ok = isinstance(blocks, torch.nn.ModuleList) and len(blocks) == 2 and \
        all(isinstance(b, kata.DecoderBlock) for b in blocks)
    expect(ok, ("model.blocks should be an nn.ModuleList of dec_depth = 2 DecoderBlocks",
                "model.blocks は dec_depth = 2 個の DecoderBlock の nn.ModuleList のはずです"))
    head = getattr(model, "lm_head", None)
    expect(isinstance(head, torch.nn.Linear) and head.bias is None,
           ("model.lm_head should be nn.Linear(dim, vocab_size, bias=False)",
            "model.lm_head は nn.Linear(dim, vocab_size, bias=False) のはずです"))


def test_matches_its_parts(kata):
    model = make_model(kata)
    images = torch.randn(2, 1, 8, 8)
    # pad_id = 7, and caption 0 has a PAD in the MIDDLE (position 2): only the padding mask keeps
    # positions 3.. from reading it.
    ids = torch.tensor([[1, 4, 7, 5, 6, 2], [1, 3, 9, 2, 7, 7]])
    with torch.no_grad():
        got = model(images, ids, pad_id=7)
        context = model.encoder(images)
        x = model.tok_emb(ids) + model.pos_emb(6)
        mask = torch.tril(torch.ones(6, 6, dtype=torch.bool)) & (ids != 7)[:, None, None, :]
        for block in model.blocks:
            x = block(x, context, mask)
        want = model.lm_head(model.ln_f(x))
    if expect_shape(got, (2, 6, V), ("Captioner logits for ids [2, 6]", "ids [2, 6] に対する Captioner のロジット")):
        expect_close(got, want, atol=1e-5,
                     what=("Captioner(images, ids, pad_id=7) vs lm_head(ln_f(blocks(tok_emb(ids) + pos_emb(T), "
                           "encoder(images), decoder_mask(ids, pad_id)))) with its own parts (is pad_id passed "
                           "on to decoder_mask? is ln_f applied?)",
                           "Captioner(images, ids, pad_id=7) と、自分の部品による lm_head(ln_f(blocks(tok_emb(ids) + "
                           "pos_emb(T), encoder(images), decoder_mask(ids, pad_id)))) の比較（pad_id を "
                           "decoder_mask に渡していますか？ ln_f をかけていますか？）"))


def test_causal_and_the_image_matters(kata):
    model = make_model(kata)
    images = torch.randn(2, 1, 8, 8)
    ids = torch.tensor([[1, 4, 5, 6, 2], [1, 3, 9, 8, 2]])
    later = ids.clone()
    later[:, 3:] = torch.tensor([[7, 7], [5, 10]])
    with torch.no_grad():
        a = model(images, ids)
        b = model(images, later)
        c = model(images + torch.randn(2, 1, 8, 8), ids)
    if not expect_shape(a, (2, 5, V), ("Captioner logits", "Captioner のロジット")):
        return
    leak = float((a - b)[:, :3].abs().max())
    expect(leak < 1e-5, (f"changing tokens 3, 4 changed the logits at positions 0..2 by {fmt(leak)}: the "
                         f"decoder must be causal (build the mask from the ids and pass it to every block)",
                         f"トークン 3, 4 を変えたら位置 0..2 のロジットが {fmt(leak)} 変わりました。デコーダは因果的で"
                         f"なければなりません（ids からマスクを作り、すべてのブロックに渡します）"))
    moved = (a - c).abs().amax(-1)
    expect(bool((moved > 1e-4).all()), (f"other images should change the logits at every position; smallest change "
                                        f"{fmt(moved.min())} (is the context passed to the blocks?)",
                                        f"画像が違えば、すべての位置でロジットが変わるはずです。最小の変化は "
                                        f"{fmt(moved.min())} でした（コンテキストをブロックに渡していますか？）"))


def test_learns_a_tiny_batch(kata):
    # Four images, four captions: a few steps of Adam must drive the teacher-forced loss down, and
    # gradients must reach the image encoder (the image is how the model tells the captions apart).
    model = kata.Captioner(config(kata))
    images = torch.randn(4, 1, 8, 8)
    ids = torch.tensor([[1, 4, 5, 2, 0, 0], [1, 6, 2, 0, 0, 0], [1, 7, 8, 9, 2, 0], [1, 10, 4, 6, 3, 2]])
    inputs, targets = ids[:, :-1], ids[:, 1:]
    params = list(model.parameters())
    m = [torch.zeros_like(p) for p in params]   # Adam, written out (torch.optim takes seconds to import)
    v = [torch.zeros_like(p) for p in params]
    losses = []
    for step in range(1, 26):
        logits = model(images, inputs)
        loss = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), ignore_index=0)
        model.zero_grad()
        loss.backward()
        if step == 1:
            expect_grad(model.encoder.patch_embed.proj.weight, ("the image encoder's patch embedding",
                                                                "画像エンコーダのパッチ埋め込み"))
            expect_grad(model.tok_emb.weight, ("the token embedding", "トークン埋め込み"))
        with torch.no_grad():
            for p, mp, vp in zip(params, m, v):
                if p.grad is None:
                    continue
                mp.mul_(0.9).add_(0.1 * p.grad)
                vp.mul_(0.999).add_(0.001 * p.grad ** 2)
                p -= 1e-2 * (mp / (1 - 0.9 ** step)) / ((vp / (1 - 0.999 ** step)).sqrt() + 1e-8)
        losses.append(loss.item())
    expect(losses[-1] < 0.3 * losses[0],
           (f"25 Adam steps on 4 captions should cut the loss below 30% of its start: {fmt(losses[0])} -> "
            f"{fmt(losses[-1])}",
            f"4 つのキャプションで Adam を 25 ステップ回せば、損失は最初の 30% 未満になるはずです: "
            f"{fmt(losses[0])} -> {fmt(losses[-1])}"))


def test_bad_input(kata):
    model = make_model(kata)
    images = torch.randn(2, 1, 8, 8)
    with torch.no_grad():
        out = model(images, torch.ones(2, 8, dtype=torch.long))
    expect_shape(out, (2, 8, V), ("logits for T = max_len = 8 (allowed)", "T = max_len = 8 のロジット（許される）"))
    expect_raises(ValueError, model, images, torch.ones(2, 9, dtype=torch.long),
                  what=("ids with T = 9 > max_len = 8", "T = 9 > max_len = 8 の ids"))
    expect_raises(ValueError, model, torch.randn(2, 1, 6, 6), torch.ones(2, 4, dtype=torch.long),
                  what=("6×6 images for a model of 8×8 images", "8×8 用のモデルに 6×6 の画像"))
    expect_raises(ValueError, model, torch.randn(3, 1, 8, 8), torch.ones(2, 4, dtype=torch.long),
                  what=("3 images but 2 captions", "画像 3 枚に対してキャプション 2 つ"))
