"""`kata train|sample|eval vae` and `kata train|sample|eval ddpm` (harness/train/vae.py, ddpm.py and
the judge, harness/judge.py) through the CLI, in this process, on fake MNIST files (conftest's
fake_mnist_dir): CPU only, tiny models, a few seconds each.

Covers: with --fill-reference a tiny run writes the checkpoints, figures.json and the pictures it
names (opened with Pillow, sizes checked); `kata sample` draws digits from the checkpoint; `kata
eval` trains the judge once on the files it finds (then reuses it), generates digits and prints its
numbers beside the real-vs-real floor; a DDPM run resumes with its weights' moving average; a
learner whose own files pass trains without --fill-reference, in Japanese; every message and flag
has both languages. The loop's own promises (--resume, Ctrl-C, --nproc) are proven in test_loop.py.
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

TINY_VAE = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "32", "--hidden-dim", "32",
            "--latent-dim", "4", "--threads", "1"]
TINY_DDPM = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "16", "--base-channels", "8",
             "--channel-mults", "1", "2", "--timesteps", "6", "--threads", "1"]


@pytest.fixture
def kata(mnist_kata):
    return mnist_kata


def grid_size(n: int, columns: int = 8, side: int = 28) -> tuple[int, int]:
    """torchvision's save_image with padding 2."""
    cols = min(n, columns)
    return cols * (side + 2) + 2, math.ceil(n / cols) * (side + 2) + 2


def test_vae_trains_samples_and_is_judged(repo, kata, png):
    out = repo / "runs" / "vae"
    code, printed = kata("train", "vae", "--fill-reference", *TINY_VAE, "--out", str(out))
    assert code == 0, printed
    assert "reference (filled in)" in printed and "z of 4" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["iters"] == 4 and figures["preset"] == "cpu"
    assert math.isfinite(figures["test_nelbo"]) and figures["test_nelbo"] > 0
    assert abs(figures["test_nelbo"] - figures["test_recon"] - figures["test_kl"]) < 1e-3
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "samples.png", "interpolation.png",
                                "figures.json"]
    for name in figures["files"]:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png(out / "samples.png") == grid_size(64)
    assert png(out / "interpolation.png") == grid_size(60, columns=10)  # 6 rows of 10

    code, printed = kata("sample", "vae", "--out", str(out), "--count", "5", "--seed", "3", "--threads", "1")
    assert code == 0 and "5 digits from the prior (seed 3)" in printed, printed
    assert png(out / "samples.png") == grid_size(5)

    code, printed = kata("eval", "vae", "--out", str(out), "--n", "20", "--seed", "1", "--threads", "1")
    assert code == 0, printed
    assert "Training the judge" in printed and "Fréchet distance" in printed and "real-vs-real floor" in printed
    assert "accuracy" not in printed.split("Fréchet")[0].split("metric")[1], "no digit was asked for"
    judged = json.loads((out / "eval.json").read_text())
    assert judged["n"] == 20 and sum(judged["histogram"]) == 20 and judged["frechet_floor"] > 0
    assert 0 <= judged["class_entropy"] <= math.log(10) + 1e-9 and 0.1 <= judged["confidence"] <= 1
    code, again = kata("eval", "vae", "--out", str(out), "--n", "20", "--seed", "1", "--threads", "1")
    assert code == 0 and "Training the judge" not in again, "the judge is trained once, then cached"
    assert json.loads((out / "eval.json").read_text())["frechet"] == judged["frechet"], "--seed repeats"


def test_ddpm_trains_resumes_samples_and_is_judged(repo, kata, png):
    out = repo / "runs" / "ddpm"
    code, printed = kata("train", "ddpm", "--fill-reference", *TINY_DDPM, "--out", str(out))
    assert code == 0, printed
    assert "UNet base 8 with levels ×1 ×2, T = 6" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["iters"] == 4 and math.isfinite(figures["val_loss"])
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "samples.png", "trajectory.png",
                                "figures.json"]
    for name in figures["files"]:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png(out / "samples.png") == grid_size(64)
    assert png(out / "trajectory.png") == grid_size(6, columns=6), "T = 6: every step is kept"
    ckpt = torch.load(out / "last.pt", weights_only=True)
    assert ckpt["ema"]["n_averaged"].item() == 4, "the moving average saw every step"

    code, printed = kata("train", "ddpm", "--fill-reference", "--resume", *TINY_DDPM[:1], "6", *TINY_DDPM[2:],
                         "--out", str(out))
    assert code == 0, printed
    ckpt = torch.load(out / "last.pt", weights_only=True)
    assert ckpt["iter"] == 6 and ckpt["ema"]["n_averaged"].item() == 6, "the average resumes too"

    code, printed = kata("sample", "ddpm", "--out", str(out), "--count", "3", "--seed", "2", "--threads", "1")
    assert code == 0 and "3 digits (seed 2)" in printed, printed
    assert png(out / "samples.png") == grid_size(3)

    code, printed = kata("eval", "ddpm", "--out", str(out), "--n", "12", "--threads", "1", "--lang", "ja")
    assert code == 0, printed
    assert "フレシェ距離" in printed and "本物同士の下限" in printed and "シード" in printed
    judged = json.loads((out / "eval.json").read_text())
    assert judged["n"] == 12 and math.isfinite(judged["frechet"]) and "accuracy" not in judged

    code, printed = kata("eval", "ddpm", "--out", str(out), "--n", "1")
    assert code == 2 and "--n" in printed
    code, printed = kata("eval", "mlp", "--out", str(out))
    assert code == 2 and "vae" in printed and "ddpm" in printed, printed
    code, printed = kata("eval", "ddpm", "--out", str(repo / "nothing"))
    assert code == 2 and "kata train ddpm" in printed


@pytest.mark.parametrize("model, tiny, words", [("vae", TINY_VAE, "ベルヌーイ"), ("ddpm", TINY_DDPM, "ノイズ除去")])
def test_a_learner_whose_pieces_pass_trains_without_fill_in_japanese(repo, kata, model, tiny, words):
    out = repo / "runs" / "mine"
    code, printed = kata("train", model, *tiny, "--out", str(out))
    assert code == 2 and "--fill-reference" in printed, "the pieces have not passed yet"
    state = progress.load(repo)
    for k in (C.find_kata(k) for k in C.MODELS[model].needs):
        (repo / k.stub_path).write_text((repo / k.reference_path).read_text(encoding="utf-8"), encoding="utf-8")
        progress.record(state, k, 1, 1)
    progress.save(state, repo)
    code, printed = kata("train", model, *tiny, "--out", str(out), "--lang", "ja")
    assert code == 0, printed
    assert "あなたの実装" in printed and "模範解答で補完" not in printed
    assert words in printed and "完了しました" in printed
    code, printed = kata("eval", model, "--out", str(out), "--n", "10", "--threads", "1", "--lang", "ja")
    assert code == 0 and "フレシェ距離" in printed, printed


def test_cddpm_draws_the_digit_asked_for_and_sweeps_the_guidance(repo, kata, png):
    out = repo / "runs" / "cddpm"
    code, printed = kata("train", "cddpm", "--fill-reference", *TINY_DDPM, "--timesteps", "12", "--out", str(out))
    assert code == 0, printed
    assert "null label with probability 0.1" in printed and "DDIM" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "samples.png", "figures.json"]
    assert png(out / "samples.png") == grid_size(80), "one row of 8 per digit"
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["ema_model"].keys() == ckpt["model"].keys(), "the EMA copy of the weights is saved"

    code, printed = kata("sample", "cddpm", "--out", str(out), "--digit", "7", "--guidance", "2", "--count", "3",
                         "--ddim-steps", "4", "--seed", "5", "--threads", "1")
    assert code == 0 and "w = 2.0, DDIM with 4 steps" in printed and "3 digits (seed 5)" in printed, printed
    assert png(out / "samples.png") == grid_size(3, columns=3)
    code, printed = kata("sample", "cddpm", "--out", str(out), "--digit", "12")
    assert code == 2 and "--digit" in printed
    code, printed = kata("sample", "cddpm", "--out", str(out), "--sampler", "ddpm", "--weights", "raw",
                         "--count", "1", "--threads", "1")
    assert code == 0 and "DDPM with 12 steps, raw weights" in printed, printed

    code, printed = kata("eval", "cddpm", "--out", str(out), "--n", "20", "--sweep", "0", "3", "--ddim-steps", "3",
                         "--seed", "0", "--threads", "1")
    assert code == 0, printed
    assert "at each value" in printed and "guidance" in printed
    rows = json.loads((out / "sweep.json").read_text())
    assert [r["guidance"] for r in rows] == [0.0, 3.0] and all(0 <= r["accuracy"] <= 1 for r in rows)
    assert png(out / "sweep.png") == (800, 480)


@pytest.mark.parametrize("model", ["vae", "ddpm", "cddpm"])
def test_every_message_has_both_languages_and_help_for_every_flag(kata, model):
    from harness.i18n import MESSAGES

    module = __import__(f"harness.train.{model}", fromlist=["x"])
    trainer = next(v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__)
    keys = [k for k in MESSAGES if k.startswith((f"{model}_", f"help_{model}_", "eval_", "help_eval"))]
    assert {f"help_{model}_{f}" for f in [*trainer.flags, *trainer.sample_flags, "preset"]} <= set(keys)
    for key in keys:
        en, ja = MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1] and en != ja, key
        assert not key.startswith("help_") or "%" not in en + ja, f"{key}: argparse reads % as a format"
    for lang, words in (("en", "training loop"), ("ja", "学習ループ")):
        code, printed = kata("train", model, "--help", "--lang", lang)
        assert code == 0 and "--batch-size" in printed and words in printed, printed
    code, printed = kata("eval", model, "--help", "--lang", "ja")
    assert code == 0 and "--n" in printed and "評価する" in printed, printed
