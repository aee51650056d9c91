"""`kata train|sample|eval autoencoder`, `kata train|sample|eval ldm`, `kata generate` and `kata train
txt2img` (harness/train/autoencoder.py, ldm.py, txt2img.py, harness/generate.py) through the CLI, in
this process, on fake MNIST files (conftest's fake_mnist_dir): CPU only, tiny models, seconds each.

Covers: a tiny autoencoder run writes its checkpoint (with the latent scale factor and the latent
shape), figures.json (with the judge's accuracy on reconstructions) and reconstructions.png;
`kata sample|eval autoencoder`; the learner's own pieces train it, in Japanese. The chain: a tiny
CLIP, autoencoder and latent UNet; `kata generate` in English and Japanese writes PNGs of the
promised sizes (a grid with --n), the same seed writes the same bytes and another seed another
image; `kata eval ldm` adds our CLIP's ranking and the attributes kept to the judge's figures;
`kata sample ldm` with and without prompts; `kata train txt2img` keeps the checkpoints it finds.
Missing checkpoints: exit code 2 and a message naming the `kata train ...` to run. Every message
has both languages and every flag has help.
"""
from __future__ import annotations

import json
import math
import string
import sys
from pathlib import Path

import pytest
import torch
from PIL import Image

from harness import curriculum as C
from harness import progress

pytestmark = pytest.mark.slow

TINY_CLIP = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "32", "--channels", "4", "--image-dim", "16",
             "--n-embd", "16", "--n-head", "2", "--n-layer", "1", "--embed-dim", "8", "--eval-images", "100",
             "--retrieval-images", "60", "--threads", "1"]
TINY_AE = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "16", "--channels", "8", "--eval-images", "50",
           "--judge-images", "100", "--threads", "1"]
TINY_LDM = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "16", "--base-channels", "8",
            "--channel-mults", "1", "2", "--n-heads", "2", "--time-dim", "16", "--timesteps", "20", "--threads", "1"]


@pytest.fixture
def kata(kata_run, fake_mnist_dir, monkeypatch):
    """kata("train", "ldm", ...) -> (exit code, what it printed), in this process on the copy."""
    for name in ("KATA_ASSEMBLED", "RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    path, threads = list(sys.path), torch.get_num_threads()

    def run(*argv: str) -> tuple[int, str]:
        result = kata_run(*argv, env={"KATA_DATA_DIR": str(fake_mnist_dir)})
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


def grid_size(n: int, columns: int, side: int) -> tuple[int, int]:
    """torchvision's save_image / make_grid with padding 2."""
    cols = min(n, columns)
    return cols * (side + 2) + 2, math.ceil(n / cols) * (side + 2) + 2


def test_autoencoder_trains_samples_and_is_judged(repo, kata):
    out = repo / "runs" / "autoencoder"
    code, printed = kata("train", "autoencoder", "--fill-reference", *TINY_AE, "--out", str(out))
    assert code == 0, printed
    assert "reference (filled in)" in printed and "latents 4×8×8" in printed and "latent scale factor" in printed
    assert "Training the judge" in printed and "reconstructed test digits" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["iters"] == 4 and figures["preset"] == "cpu" and figures["latent_shape"] == [4, 8, 8]
    assert figures["judge_images"] == 100 and 0 <= figures["judge_accuracy"] <= 1
    assert 0 <= figures["judge_accuracy_originals"] <= 1 and figures["scale_factor"] > 0
    assert math.isfinite(figures["val_loss"]) and 0 < figures["val_l1"] < 2
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "reconstructions.png", "figures.json"]
    for name in figures["files"]:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png_size(out / "reconstructions.png") == grid_size(8 * 6, 6, 32), "8 rows: digit, 4 channels, recon"
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["latent_shape"] == [4, 8, 8] and ckpt["scale_factor"] == pytest.approx(figures["scale_factor"])

    code, printed = kata("sample", "autoencoder", "--out", str(out), "--count", "3", "--seed", "2", "--threads", "1")
    assert code == 0 and "3 random test digits (seed 2)" in printed, printed
    assert png_size(out / "reconstructions.png") == grid_size(3 * 6, 6, 32)
    code, printed = kata("eval", "autoencoder", "--out", str(out), "--n", "20", "--seed", "1", "--threads", "1")
    assert code == 0 and "Fréchet distance" in printed and "the digit asked for" in printed, printed
    judged = json.loads((out / "eval.json").read_text())
    assert judged["n"] == 20 and 0 <= judged["accuracy"] <= 1
    code, printed = kata("eval", "autoencoder", "--out", str(out), "--n", "500", "--threads", "1")
    assert code == 2 and "200 test digits" in printed, "fake MNIST has 200 test digits"
    code, printed = kata("train", "autoencoder", "--fill-reference", *TINY_AE, "--levels", "5", "--out", str(out))
    assert code == 2 and "--levels" in printed


def test_a_learner_whose_pieces_pass_trains_the_autoencoder_in_japanese(repo, kata):
    out = repo / "runs" / "mine"
    code, printed = kata("train", "autoencoder", *TINY_AE, "--out", str(out))
    assert code == 2 and "--fill-reference" in printed, "the pieces have not passed yet"
    state = progress.load(repo)
    for k in (C.find_kata(k) for k in C.MODELS["autoencoder"].needs):
        (repo / k.stub_path).write_text((repo / k.reference_path).read_text(encoding="utf-8"), encoding="utf-8")
        progress.record(state, k, 1, 1)
    progress.save(state, repo)
    code, printed = kata("train", "autoencoder", *TINY_AE, "--judge-images", "0", "--out", str(out), "--lang", "ja")
    assert code == 0, printed
    assert "あなたの実装" in printed and "模範解答で補完" not in printed
    assert "潜在変数のスケール係数" in printed and "完了しました" in printed


def test_the_chain_trains_generates_and_is_judged(repo, kata):
    runs = repo / "runs"
    code, printed = kata("generate", "a thick slanted seven", "--out", str(repo / "img.png"))
    assert code == 2 and "kata train clip && kata train autoencoder && kata train ldm" in printed, printed
    code, printed = kata("train", "ldm", "--fill-reference", *TINY_LDM)
    assert code == 2 and "kata train autoencoder" in printed, printed

    for model, flags in (("clip", TINY_CLIP), ("autoencoder", [*TINY_AE, "--judge-images", "0"])):
        code, printed = kata("train", model, "--fill-reference", *flags)
        assert code == 0, printed
    code, printed = kata("train", "ldm", "--fill-reference", *TINY_LDM, "--lang", "ja")
    assert code == 0, printed
    assert "凍結した部品" in printed and "キャプション 960 個" in printed and "完了しました" in printed
    out = runs / "ldm"
    figures = json.loads((out / "figures.json").read_text())
    assert figures["iters"] == 4 and math.isfinite(figures["val_loss"]) and figures["latent_shape"] == [4, 8, 8]
    assert figures["context_dim"] == 16 and figures["max_len"] == 19
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "samples.png", "figures.json"]
    assert png_size(out / "samples.png") == grid_size(80, 8, 28), "one row per digit, 8 attribute combinations"
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["alpha_bars"].shape == (20,) and set(ckpt["parents"]) == {"autoencoder", "clip"}
    assert ckpt["parents"]["clip"]["path"] == str((runs / "clip" / "ckpt.pt").resolve())

    # kata generate: English, a grid of 2, the same seed -> the same bytes, another seed -> another image
    first, again, other = (repo / name for name in ("a.png", "b.png", "c.png"))
    code, printed = kata("generate", "a thick slanted seven", "--n", "2", "--steps", "10", "--seed", "0",
                         "--threads", "1", "--out", str(first))
    assert code == 0 and "2 × “a thick slanted seven” (seed 0, 10 DDIM steps, guidance 3.0)" in printed, printed
    assert "Pipeline: 0 of its 32 pieces are yours" in printed
    assert png_size(first) == tuple(4 * s for s in grid_size(2, 8, 28)), "two digits, each pixel 4×4"
    code, printed = kata("generate", "a thick slanted seven", "--n", "2", "--steps", "10", "--seed", "0",
                         "--threads", "1", "--out", str(again))
    assert code == 0 and first.read_bytes() == again.read_bytes(), "the same seed writes the same PNG"
    code, printed = kata("generate", "a thick slanted seven", "--n", "2", "--steps", "10", "--seed", "1",
                         "--threads", "1", "--out", str(other))
    assert code == 0 and first.read_bytes() != other.read_bytes(), "another seed, another image"
    # Japanese prompt and messages, one image, no grid; the default --steps 50 is cut to T = 20
    code, printed = kata("generate", "太くて傾いた7", "--seed", "3", "--scale", "2", "--threads", "1",
                         "--negative-prompt", "細い", "--out", str(repo / "ja.png"), "--lang", "ja")
    assert code == 0 and "「太くて傾いた7」を 1 枚" in printed and "DDIM は 20" in printed, printed
    assert png_size(repo / "ja.png") == (56, 56)
    code, printed = kata("generate", "a purple seven", "--steps", "5", "--threads", "1", "--out", str(repo / "p.png"))
    assert code == 0 and "(read as <unk>): purple" in printed, printed
    code, printed = kata("generate", " ".join(["seven"] * 18), "--threads", "1", "--out", str(repo / "x.png"))
    assert code == 2 and "at most 17" in printed, printed
    code, printed = kata("generate", "a seven", "--n", "0", "--out", str(repo / "x.png"))
    assert code == 2 and "--n" in printed
    code, printed = kata("generate", "a seven", "--clip", str(repo / "nowhere.pt"), "--out", str(repo / "x.png"))
    assert code == 2 and "kata train clip" in printed and "nowhere.pt" in printed, printed

    # kata eval ldm: the judge, our CLIP's ranking and the attributes, in eval.json
    code, printed = kata("eval", "ldm", "--n", "20", "--steps", "4", "--seed", "1", "--threads", "1")
    assert code == 0, printed
    assert "the digit asked for" in printed and "among the ten that differ only in the digit" in printed, printed
    judged = json.loads((out / "eval.json").read_text())
    assert judged["n"] == 20 and 0 <= judged["accuracy"] <= 1 and 0 <= judged["clip_rank1"] <= 1
    assert {"clip_rank1_en", "clip_rank1_ja", "attribute_thick", "attribute_slanted", "attribute_large"} <= set(judged)
    code, printed = kata("eval", "ldm", "--n", "10", "--steps", "2", "--sweep", "1", "3", "--threads", "1")
    assert code == 0, printed
    rows = json.loads((out / "sweep.json").read_text())
    assert [r["guidance"] for r in rows] == [1, 3] and all("clip_rank1" in r for r in rows)

    # kata sample ldm: one row per digit, or per prompt
    code, printed = kata("sample", "ldm", "--count", "3", "--steps", "4", "--seed", "2", "--threads", "1")
    assert code == 0 and "30 digits in 10 rows (seed 2)" in printed, printed
    assert png_size(out / "samples.png") == grid_size(30, 3, 28)
    code, printed = kata("sample", "ldm", "--prompt", "a thick seven", "細い1", "--count", "2", "--steps", "4",
                         "--threads", "1")
    assert code == 0 and "4 digits in 2 rows" in printed, printed

    # kata train txt2img: the chain is there, so nothing is trained again
    code, printed = kata("train", "txt2img", "--fill-reference")
    assert code == 0 and printed.count("kept") == 3 and "kata generate" in printed, printed


def test_a_missing_parent_is_named(repo, kata):
    code, printed = kata("train", "ldm", "--fill-reference", *TINY_LDM, "--lang", "ja")
    assert code == 2 and "kata train autoencoder" in printed and "学習済みの autoencoder がありません" in printed
    code, printed = kata("eval", "ldm", "--n", "10")
    assert code == 2 and "kata train ldm" in printed
    code, printed = kata("generate", "太くて傾いた7", "--lang", "ja")
    assert code == 2 and "先に学習してください" in printed and "kata train ldm" in printed, printed


@pytest.mark.parametrize("model", ["autoencoder", "ldm"])
def test_every_message_has_both_languages_and_help_for_every_flag(kata, model):
    from harness.i18n import MESSAGES

    module = __import__(f"harness.train.{model}", fromlist=["x"])
    messages = __import__(f"harness.messages.{model}", fromlist=["x"]).MESSAGES
    trainer = next(v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__
                   and issubclass(v, module.loop.Trainer))
    assert all(k.startswith((f"{model}_", f"help_{model}_")) for k in messages)
    sample = {"ddim_steps" if model == "ldm" and f == "steps" else f for f in trainer.sample_flags}  # see LDMTrainer
    assert {f"help_{model}_{f}" for f in [*trainer.flags, *sample, "preset"]} <= set(messages)
    _both_languages(MESSAGES, messages)
    for lang, words in (("en", "training loop"), ("ja", "学習ループ")):
        code, printed = kata("train", model, "--help", "--lang", lang)
        assert code == 0 and "--batch-size" in printed and words in printed, printed
    code, printed = kata("eval", model, "--help", "--lang", "ja")
    assert code == 0 and "--n" in printed and "評価する" in printed, printed


def test_generate_messages_and_help_in_both_languages(kata):
    from harness.i18n import MESSAGES
    from harness.messages import generate as messages

    assert all(k.startswith(("generate_", "help_generate", "txt2img_", "help_txt2img_")) for k in messages.MESSAGES)
    _both_languages(MESSAGES, messages.MESSAGES)
    for lang, words in (("en", "the same seed, the same image"), ("ja", "同じシードなら同じ画像")):
        code, printed = kata("generate", "--help", "--lang", lang)
        assert code == 0 and "--negative-prompt" in printed and "--guidance" in printed and words in printed, printed
    code, printed = kata("--help", "--lang", "ja")
    assert code == 0 and "kata generate TEXT" in printed and "テキストから画像" in printed


def _both_languages(merged: dict, keys) -> None:
    for key in keys:
        en, ja = merged[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1] and en != ja, key
        assert not key.startswith("help_") or "%" not in en + ja, f"{key}: argparse reads % as a format"
