"""`kata train clip` / `kata sample clip` (harness/train/clip.py) through the CLI, in this process, on
fake MNIST files (conftest's fake_mnist_dir): CPU only, a tiny CLIP, a few seconds each.

Covers: with --fill-reference a tiny run writes the checkpoints, figures.json (the zero-shot
accuracies and the retrieval recalls, English and Japanese, training and held-out phrasings) and
retrieval.png (opened with Pillow, sizes checked), and prints the table of figures; the checkpoint
rebuilds the model and its text tower alone (load_clip, load_text_encoder) for the stages that
prompt it; `kata sample clip` classifies test digits and ranks their captions, or finds the digits
that fit captions of your own; the captions the trainer encodes are harness.captions' own and
every one of them tokenizes without UNK; a learner whose own files pass trains without
--fill-reference, in Japanese; every message and flag has both languages.
"""
from __future__ import annotations

import json
import math
import string

import pytest
import torch

from harness import curriculum as C
from harness import progress

pytestmark = pytest.mark.slow

TINY = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "32", "--channels", "4", "--image-dim", "16",
        "--n-embd", "16", "--n-head", "2", "--n-layer", "1", "--embed-dim", "8", "--eval-images", "100",
        "--retrieval-images", "60", "--threads", "1"]


@pytest.fixture
def kata(mnist_kata):
    """kata("train", "clip", ...) -> (exit code, what it printed), in this process on the copy."""
    return mnist_kata


def test_clip_trains_rebuilds_and_samples(repo, kata, png):
    from harness.assemble import assemble
    from harness.train import clip

    out = repo / "runs" / "clip"
    code, printed = kata("train", "clip", "--fill-reference", *TINY, "--out", str(out))
    assert code == 0, printed
    assert "reference (filled in)" in printed and "Vocabulary: 72 tokens, English and Japanese" in printed
    assert "50 % of the captions in Japanese" in printed and "zero-shot on 100 test digits" in printed
    assert "image → caption recall@1" in printed and "caption → image recall@5" in printed, "the table"
    figures = json.loads((out / "figures.json").read_text())
    assert figures["iters"] == figures["steps"] == 4 and figures["preset"] == "cpu" and figures["lang_mix"] == 0.5
    assert figures["test_images"] == 200 and figures["retrieval_images"] == 60
    for lang in ("en", "ja"):
        for group in ("", "_held_out"):
            for name in ("accuracy", "i2t_r1", "i2t_r5", "t2i_r1", "t2i_r5"):
                assert 0.0 <= figures[f"{name}_{lang}{group}"] <= 1.0, f"{name}_{lang}{group}"
            assert figures[f"i2t_r1_{lang}{group}"] <= figures[f"i2t_r5_{lang}{group}"]
    assert math.isfinite(figures["val_loss"]) and figures["logit_scale"] > 0
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "retrieval.png", "figures.json"]
    for name in figures["files"]:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png(out / "loss.png") == (800, 480)
    assert png(out / "retrieval.png") == (1000, 4 * 200 + 50), "12 digits, 3 a row"

    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["config"]["max_len"] == 19 and ckpt["config"]["n_embd"] == 16 and len(ckpt["vocab"]) == 72
    assembly = assemble("clip", only_reference=True, root=repo)
    model, tok, config = clip.load_clip(assembly, out / "ckpt.pt")
    ids = torch.tensor([tok.encode(s, config["max_len"]) for s in ("a thick, slanted seven", "太くて傾いた7")])
    assert model.encode_text(ids).shape == (2, 8) and not model.training
    encoder, tok2, _ = clip.load_text_encoder(assembly, ckpt)
    assert tok2.itos == tok.itos
    assert torch.allclose(encoder.tokens(ids), model.text_encoder.tokens(ids)), "the same text tower"

    code, printed = kata("sample", "clip", "--out", str(out), "--count", "5", "--seed", "3", "--threads", "1")
    assert code == 0, printed
    assert "of 5 test digits classified right (seed 3)" in printed and "best caption: " in printed
    assert png(out / "samples.png") == (1000, 2 * 200 + 50)
    code, printed = kata("sample", "clip", "--out", str(out), "--captions", "a thick seven", "a pink seven",
                         "--count", "4", "--seed", "1", "--threads", "1")
    assert code == 0, printed
    assert "the 4 best of 2,000 test digits for each of 2 captions" in printed
    assert "not in the vocabulary (read as <unk>): pink" in printed
    assert png(out / "samples.png") == (300 + 4 * 64 + 10, 2 * 80 + 50)
    code, printed = kata("sample", "clip", "--out", str(out), "--phrasing", "6", "--threads", "1")
    assert code == 2 and "--phrasing" in printed
    code, printed = kata("sample", "clip", "--out", str(repo / "nothing"))
    assert code == 2 and "kata train clip" in printed
    code, printed = kata("train", "clip", "--fill-reference", *TINY, "--lang-mix", "1.5", "--out", str(out))
    assert code == 2 and "--lang-mix" in printed


def test_the_captions_are_harness_captions_and_tokenize_without_unk(repo, kata):
    from harness import captions
    from harness.assemble import assemble
    from harness.captions import HELD_OUT_TEMPLATES, TRAIN_TEMPLATES, Attributes, caption
    from harness.train import clip

    assembly = assemble("clip", only_reference=True, root=repo)
    P = clip.loop.pieces(assembly, clip.STAGE, clip.PIECES)
    tok = clip.build_tokenizer(getattr(assembly.load(*clip.TOKENIZER[:2]), clip.TOKENIZER[2]))
    table = clip.caption_table(tok)
    assert table.shape == (2, 80, 6, 19) and not bool((table == tok.UNK).any())
    attrs = torch.tensor([[7, 1, 1, 0], [0, 0, 0, 1]])
    assert captions.combo_index(attrs).tolist() == [7 * 8 + 4 + 2, 1]
    assert tok.decode(table[0, 7 * 8 + 6, 0]) == caption(Attributes(7, True, True, False), 0, "en") \
        == "a thick, slanted seven"
    assert tok.decode(table[1, 7 * 8 + 6, 0]) == "太くて傾いた7"
    for lang in ("en", "ja"):  # the learner's prompt_grid writes the very captions the model trains on
        for phrasings in (TRAIN_TEMPLATES, HELD_OUT_TEMPLATES):
            rows = clip.class_prompts(P, lang, phrasings)
            assert len(rows) == 10 and {len(r) for r in rows} == {8 * len(phrasings)}
            want = {d: {caption(Attributes(d, *map(bool, c)), k, lang) for c in captions.COMBOS for k in phrasings}
                    for d in range(10)}
            assert all(set(r) == want[d] for d, r in enumerate(rows)), lang


def test_a_learner_whose_pieces_pass_trains_clip_without_fill_in_japanese(repo, kata):
    out = repo / "runs" / "mine"
    code, printed = kata("train", "clip", *TINY, "--out", str(out))
    assert code == 2 and "--fill-reference" in printed, "the pieces have not passed yet"
    state = progress.load(repo)
    for k in (C.find_kata(k) for k in C.MODELS["clip"].needs):
        (repo / k.stub_path).write_text((repo / k.reference_path).read_text(encoding="utf-8"), encoding="utf-8")
        progress.record(state, k, 1, 1)
    progress.save(state, repo)
    code, printed = kata("train", "clip", *TINY, "--lang-mix", "0.25", "--out", str(out), "--lang", "ja")
    assert code == 0, printed
    assert "あなたの実装" in printed and "模範解答で補完" not in printed
    flat = printed.replace("\n", "")  # Japanese wraps anywhere
    assert "キャプションの 25 % は日本語" in flat and "ゼロショット正解率" in flat and "完了しました" in flat
    code, printed = kata("sample", "clip", "--out", str(out), "--count", "3", "--caption-lang", "ja", "--lang", "ja",
                         "--threads", "1")
    assert code == 0 and "正しく分類しました" in printed and "最も合うキャプション" in printed, printed


def test_every_clip_message_has_both_languages_and_help_for_every_flag(kata):
    from harness.i18n import MESSAGES
    from harness.messages import clip as messages
    from harness.train import clip

    keys = list(messages.MESSAGES)
    assert all(k.startswith(("clip_", "help_clip_", "loop_metric_")) for k in keys)
    assert {f"help_clip_{f}" for f in [*clip.CLIPTrainer.flags, *clip.CLIPTrainer.sample_flags, "preset"]} <= set(keys)
    for key in keys:
        en, ja = MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1] and en != ja, key
        assert not key.startswith("help_") or "%" not in en + ja, f"{key}: argparse reads % as a format"
    for lang, words in (("en", "training loop"), ("ja", "学習ループ")):
        code, printed = kata("train", "clip", "--help", "--lang", lang)
        assert code == 0 and "--lang-mix" in printed and words in printed, printed
    code, printed = kata("sample", "clip", "--help", "--lang", "ja")
    assert code == 0 and "--captions" in printed and "言い回し" in printed, printed
