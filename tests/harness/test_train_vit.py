"""`kata train vit` / `kata sample vit` (harness/train/vit.py) through the CLI, in this process
(conftest's kata_run: harness.cli.main on a copy of the repo), on tiny synthetic MNIST files: CPU
only, a few seconds each.

Covers: with --fill-reference a tiny run writes the checkpoints, figures.json and every picture it
names (opened with Pillow, sizes checked); `kata sample vit` classifies test digits from the
checkpoint into samples.png; a learner whose own files pass trains without --fill-reference (the
pieces are "yours"), with the messages in Japanese; the attention rollout is a distribution over
the patches. The loop's own promises (--resume, Ctrl-C, --nproc) are proven in test_loop.py.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
import torch
from PIL import Image

from harness import curriculum as C
from harness import progress

pytestmark = pytest.mark.slow

TINY = ["--max-iters", "4", "--eval-interval", "2", "--batch-size", "32", "--dim", "16", "--depth", "1",
        "--n-head", "2", "--threads", "1"]


def fake_digits(n: int, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Learnable fake digits: class k lights up a 4-pixel-tall band at row 2k+4, plus noise."""
    labels = torch.randint(0, 10, (n,), generator=g)
    images = (torch.rand(n, 28, 28, generator=g) * 60).round()
    for i, k in enumerate(labels.tolist()):
        images[i, 2 * k + 4: 2 * k + 8, 4:24] = 255
    return images, labels


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, write_idx) -> Path:
    """600 training and 200 test digits; 20 test digits mislabelled, so mistakes.png has some."""
    root = tmp_path_factory.mktemp("mnist")
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 600), ("t10k", 200)):
        images, labels = fake_digits(n, g)
        if split == "t10k":
            labels[:20] = (labels[:20] + 1) % 10
        write_idx(root / "MNIST" / "raw" / f"{split}-images-idx3-ubyte.gz", images)
        write_idx(root / "MNIST" / "raw" / f"{split}-labels-idx1-ubyte.gz", labels)
    return root


@pytest.fixture
def kata(kata_run, data_dir, monkeypatch):
    """kata("train", "vit", ...) -> (exit code, what it printed), in this process on the copy."""
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


def pass_with_reference_files(repo: Path, model: str) -> None:
    """The learner's files are the reference's, and their checks have passed."""
    state = progress.load(repo)
    for kata in (C.find_kata(k) for k in C.MODELS[model].needs):
        (repo / kata.stub_path).write_text((repo / kata.reference_path).read_text(encoding="utf-8"),
                                           encoding="utf-8")
        progress.record(state, kata, 1, 1)
    progress.save(state, repo)


def test_fill_reference_writes_checkpoint_figures_pictures_and_samples(repo, kata):
    out = repo / "runs" / "vit"
    code, printed = kata("train", "vit", "--fill-reference", *TINY, "--out", str(out))
    assert code == 0, printed
    assert "reference (filled in)" in printed and "16 patches of 7×7 pixels" in printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["steps"] == figures["iters"] == 4 and figures["preset"] == "cpu"
    assert 0.0 <= figures["test_accuracy"] <= 1.0 and math.isfinite(figures["test_loss"])
    assert figures["train_seconds"] > 0 and figures["seconds"] > figures["train_seconds"]
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "attention.png", "mistakes.png",
                                "figures.json"]
    for name in figures["files"]:
        assert (out / name).is_file() and f"  {name} " in printed, f"{name} not written or not named"
    assert png_size(out / "loss.png") == (800, 480)
    assert png_size(out / "attention.png") == (8 * 120, 2 * 135 + 40)  # 16 digits, 8 a row
    wrong = min(32, round((1 - figures["test_accuracy"]) * 200))  # >= 20: mislabelled digits
    assert png_size(out / "mistakes.png") == (8 * 120, math.ceil(wrong / 8) * 135 + 40)
    ckpt = torch.load(out / "ckpt.pt", weights_only=True)
    assert ckpt["config"] == {"patch_size": 7, "dim": 16, "depth": 1, "n_head": 2, "dropout": 0.0}

    code, printed = kata("sample", "vit", "--out", str(out), "--count", "5", "--seed", "3", "--threads", "1")
    assert code == 0, printed
    assert "of 5 test digits classified right (seed 3)" in printed
    assert png_size(out / "samples.png") == (5 * 120, 135 + 40)
    code, printed = kata("sample", "vit", "--out", str(repo / "nothing"))
    assert code == 2 and "kata train vit" in printed


def test_a_learner_whose_pieces_pass_trains_without_fill_in_japanese(repo, kata):
    out = repo / "runs" / "mine"
    code, printed = kata("train", "vit", *TINY, "--out", str(out))
    assert code == 2 and "--fill-reference" in printed, "the pieces have not passed yet"
    pass_with_reference_files(repo, "vit")
    code, printed = kata("train", "vit", *TINY, "--out", str(out), "--lang", "ja")
    assert code == 0, printed
    assert "あなたの実装" in printed and "模範解答で補完" not in printed
    assert "パッチ 16 個" in printed and "書き出したファイル" in printed and "完了しました" in printed
    assert (out / "attention.png").is_file() and (out / "ckpt.pt").is_file()
    code, printed = kata("sample", "vit", "--out", str(out), "--count", "3", "--lang", "ja", "--threads", "1")
    assert code == 0 and "正しく分類しました" in printed, printed


def test_attention_rollout_is_a_distribution_over_the_patches():
    from harness.assemble import assemble
    from harness.train.vision import rollout

    P = assemble("vit", only_reference=True).load("s03_vit", "vit")
    model = P.ViT(P.ViTConfig(patch_size=7, dim=16, depth=2, n_head=2))
    heat = rollout(model, torch.randn(3, 1, 28, 28))
    assert heat.shape == (3, 4, 4) and bool((heat >= 0).all())
    assert torch.allclose(heat.amax((1, 2)), torch.ones(3)), "each map is scaled to a maximum of 1"
    assert model.training, "the model is left in the mode it was in"


def test_every_vit_message_has_both_languages_and_help_for_every_flag(kata):
    import string

    from harness.i18n import MESSAGES
    from harness.train import vit

    keys = [k for k in MESSAGES if k.startswith(("vit_", "help_vit_"))]
    assert {f"help_vit_{f}" for f in [*vit.ViTTrainer.flags, *vit.ViTTrainer.sample_flags, "preset"]} <= set(keys)
    for key in keys:
        en, ja = MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1] and en != ja, key
        assert not key.startswith("help_") or "%" not in en + ja, f"{key}: argparse reads % as a format"
    for lang, words in (("en", "training loop"), ("ja", "学習ループ")):
        code, printed = kata("train", "vit", "--help", "--lang", lang)
        assert code == 0 and "--patch-size" in printed and words in printed, printed
