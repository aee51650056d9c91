"""`kata train captioner` / `kata sample captioner` (harness/train/captioner.py) through the CLI, in
this process (conftest's kata_run on a copy of the repo), on tiny synthetic MNIST files: CPU only,
a few seconds each; and the scoring it relies on (harness/train/vision.py).

Covers: with --fill-reference a tiny run writes the checkpoints, figures.json (the caption scores)
and captions.png (opened with Pillow, size checked), prints test captions beside the derived ones;
`kata sample captioner` captions test digits greedily and with --temperature; --caption-lang ja
(English titles, said so, where no font has Japanese glyphs); a learner whose own files pass trains
without --fill-reference; every phrasing, held-out ones included, parses back to its attributes;
the teacher-forced score is 100 % for a model that always predicts the caption and 0 % for one
that never does.
"""
from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from PIL import Image

from harness import curriculum as C
from harness import progress
from harness.captions import DIGITS, TEMPLATES, Attributes, caption

pytestmark = pytest.mark.slow

TINY = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "32", "--dim", "16", "--enc-depth", "1",
        "--dec-depth", "1", "--n-head", "2", "--eval-images", "40", "--threads", "1"]
FILES = ["ckpt.pt", "last.pt", "loss.png", "captions.png", "figures.json"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, write_idx) -> Path:
    """600 training and 200 test images: a digit-dependent band of varied width, size and slant."""
    root = tmp_path_factory.mktemp("mnist")
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 600), ("t10k", 200)):
        labels = torch.randint(0, 10, (n,), generator=g)
        images = torch.zeros(n, 28, 28)
        for i, k in enumerate(labels.tolist()):
            width, length, lean = (torch.randint(2, 6, (3,), generator=g)).tolist()
            for r in range(4, 4 + 4 * length):
                c = 6 + k + (r * lean) // 8
                images[i, r, c:c + width] = 255
        write_idx(root / "MNIST" / "raw" / f"{split}-images-idx3-ubyte.gz", images)
        write_idx(root / "MNIST" / "raw" / f"{split}-labels-idx1-ubyte.gz", labels)
    return root


@pytest.fixture
def kata(kata_run, data_dir, monkeypatch):
    """kata("train", "captioner", ...) -> (exit code, what it printed), in this process."""
    for name in ("KATA_ASSEMBLED", "RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    path, threads = list(sys.path), torch.get_num_threads()

    def run(*argv: str) -> tuple[int, str]:
        result = kata_run(*argv, env={"KATA_DATA_DIR": str(data_dir)})
        return result.returncode, result.stdout + result.stderr

    yield run
    sys.path[:] = path  # the copy's assembled packages must not shadow the real repo's later
    for name in [m for m in sys.modules if m.startswith("assembled_")]:
        del sys.modules[name]
    assert torch.get_num_threads() == threads


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG", f"{path.name} is not a PNG"
        image.load()  # decodes every pixel: a broken file fails here
        return image.size


def test_fill_reference_writes_checkpoint_scores_pictures_and_samples(repo, kata):
    out = repo / "runs" / "captioner"
    code, printed = kata("train", "captioner", "--fill-reference", *TINY, "--out", str(out))
    assert code == 0, printed
    assert 'captions such as "a thick, slanted seven"' in printed and "captions of 40 test digits right" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["steps"] == figures["iters"] == 4 and figures["test_images"] == 200
    assert math.isfinite(figures["best_val_loss"]) and figures["caption_lang"] == "en"
    for family in ("digit", "stroke", "slant", "size"):
        assert 0.0 <= figures[f"{family}_right"] <= 1.0 and 0.0 <= figures[f"forced_{family}_right"] <= 1.0
    assert figures["files"] == FILES
    for name in FILES:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png_size(out / "loss.png") == (800, 480)
    assert png_size(out / "captions.png") == (1000, 3 * 230 + 40)  # 12 digits, 4 a row
    assert "(derived from the pixels" in printed and "✗" in printed  # 4 steps: not yet right
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["vocab"][:4] == ["<pad>", "<bos>", "<eos>", "<unk>"] and "seven" in ckpt["vocab"]
    assert ckpt["config"]["vocab_size"] == len(ckpt["vocab"]) and ckpt["config"]["dim"] == 16

    code, printed = kata("sample", "captioner", "--out", str(out), "--count", "4", "--seed", "1", "--threads", "1")
    assert code == 0 and "4 test digits captioned (greedy, seed 1)" in printed, printed
    assert png_size(out / "samples.png") == (1000, 230 + 40)
    code, printed = kata("sample", "captioner", "--out", str(out), "--count", "5", "--temperature", "1.5",
                         "--seed", "1", "--threads", "1")
    assert code == 0 and "sampled at temperature 1.5, seed 1" in printed, printed
    assert png_size(out / "samples.png") == (1000, 2 * 230 + 40)


def test_japanese_captions_and_a_learner_whose_pieces_pass(repo, kata):
    from harness.train.vision import cjk_font

    out = repo / "runs" / "ja"
    code, printed = kata("train", "captioner", *TINY, "--out", str(out))
    assert code == 2 and "--fill-reference" in printed, "the pieces have not passed yet"
    state = progress.load(repo)
    for piece in (C.find_kata(k) for k in C.MODELS["captioner"].needs):
        (repo / piece.stub_path).write_text((repo / piece.reference_path).read_text(encoding="utf-8"),
                                            encoding="utf-8")
        progress.record(state, piece, 1, 1)
    progress.save(state, repo)
    code, printed = kata("train", "captioner", *TINY, "--caption-lang", "ja", "--out", str(out), "--lang", "ja")
    assert code == 0, printed
    assert "あなたの実装" in printed and "模範解答で補完" not in printed
    assert "「太くて傾いた7」のようなキャプション" in printed and "書き出したファイル" in printed
    assert ("日本語の文字を含むフォントが見つかりません" in printed) == (cjk_font() is None)
    assert png_size(out / "captions.png") == (1000, 3 * 230 + 40)
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["hparams"]["caption_lang"] == "ja" and "傾" in ckpt["vocab"]
    code, printed = kata("sample", "captioner", "--out", str(out), "--count", "2", "--lang", "ja", "--threads", "1")
    assert code == 0 and "キャプションを付けました（貪欲法" in printed, printed


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_phrasing_parses_back_to_its_attributes(lang):
    from harness.train.vision import parse

    for d, thick, slanted, large in itertools.product(range(10), (0, 1), (0, 1), (0, 1)):
        for template in range(len(TEMPLATES[lang])):  # the held-out phrasings too
            text = caption(Attributes(d, bool(thick), bool(slanted), bool(large)), template, lang)
            found = parse(text, lang)
            assert found[:3] == [{d}, {thick}, {slanted}], (text, found)
            assert found[3] == ({large} if "{size" in TEMPLATES[lang][template] else set()), (text, found)
    assert parse("a thin seven, or an eight", "en")[:2] == [{7, 8}, {0}], "two digits: not one right one"
    assert parse(DIGITS["en"][3], "en")[0] == {3}


def test_forced_scores_right_for_a_perfect_reader_and_wrong_for_a_blind_one():
    from harness.assemble import assemble
    from harness.train.vision import forced, tokenizer_and_table

    module = assemble("captioner", only_reference=True).load("s04_captioning", "caption_tokenizer")
    tok, table = tokenizer_and_table(SimpleNamespace(CaptionTokenizer=module.CaptionTokenizer), "en")
    attrs, images = torch.tensor([[7, 1, 1, 0], [1, 0, 0, 1], [8, 1, 0, 1]]), torch.zeros(3, 1, 28, 28)
    captions = table.flatten(0, 4)  # every caption's ids

    def perfect(x, inputs, pad):  # predicts the next token of the caption it reads, in any phrasing
        rows = [next(c for c in captions if torch.equal(c[:-1], i)) for i in inputs]
        return torch.nn.functional.one_hot(torch.stack(rows)[:, 1:], tok.vocab_size).float()

    def blind(x, inputs, pad):  # always says PAD
        return torch.nn.functional.one_hot(torch.zeros_like(inputs), tok.vocab_size).float()

    assert forced(perfect, images, attrs, table, tok.PAD).all()
    assert not forced(blind, images, attrs, table, tok.PAD).any()


def test_every_captioner_message_has_both_languages_and_help_for_every_flag(kata):
    import string

    from harness.i18n import MESSAGES
    from harness.train import captioner

    trainer = captioner.CaptionerTrainer
    keys = [k for k in MESSAGES if k.startswith(("captioner_", "help_captioner_"))]
    assert {f"help_captioner_{f}" for f in [*trainer.flags, *trainer.sample_flags, "preset"]} <= set(keys)
    for key in keys:
        en, ja = MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1] and en != ja, key
        assert not key.startswith("help_") or "%" not in en + ja, f"{key}: argparse reads % as a format"
    for lang, words in (("en", "training loop"), ("ja", "学習ループ")):
        code, printed = kata("train", "captioner", "--help", "--lang", lang)
        assert code == 0 and "--caption-lang" in printed and words in printed, printed


@pytest.mark.filterwarnings("ignore:Glyph")  # DejaVu plays the Japanese font: it has no glyphs
def test_japanese_titles_use_a_japanese_font_when_there_is_one(tmp_path, monkeypatch):
    from harness.train import vision

    fonts = []
    monkeypatch.setattr(vision, "cjk_font", lambda: fonts.append(1) or "DejaVu Sans")  # as if it had the glyphs
    path = vision.save_captions(tmp_path / "ja.png", torch.zeros(5, 784), (0.0, 1.0),
                                ["太くて傾いた7"] * 5, ["a thick, slanted seven"] * 5, [True, False] * 2 + [True])
    assert png_size(path) == (1000, 2 * 230 + 40) and fonts, "the Japanese titles asked for the font"
    assert vision._font("a thick seven") == {} and vision._font("太い7") == {"family": "DejaVu Sans"}
