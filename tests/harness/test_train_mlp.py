"""The MNIST MLP trainer (harness/train/mlp.py) on tiny synthetic MNIST files: CPU only, seconds.

Covers: a short run writes the checkpoints, figures.json, loss.png and mistakes.png (opened with
Pillow, sizes checked) with a finite loss, and names every file; "1 epoch", not "1 epochs";
--resume continues from the saved step; Ctrl-C saves a checkpoint and says how to resume;
`kata sample mlp` classifies test digits into a labelled picture. The loop's own promises (and
--nproc 2) are proven in test_loop.py.
"""
from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path

import pytest
import torch
from PIL import Image
from rich.console import Console

from harness.assemble import assemble
from harness.train import common, mlp

pytestmark = pytest.mark.slow



def _digits(n: int, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Learnable fake digits: class k lights up a 4-pixel-tall band at row 2k+4, plus noise."""
    labels = torch.randint(0, 10, (n,), generator=g)
    images = (torch.rand(n, 28, 28, generator=g) * 60).round()
    for i, k in enumerate(labels.tolist()):
        images[i, 2 * k + 4: 2 * k + 8, 4:24] = 255
    return images, labels


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, write_idx) -> Path:
    root = tmp_path_factory.mktemp("data")
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 600), ("t10k", 200)):
        images, labels = _digits(n, g)
        if split == "t10k":  # 20 mislabelled test digits: mistakes.png is never empty
            labels[:20] = (labels[:20] + 1) % 10
        write_idx(raw / f"{split}-images-idx3-ubyte.gz", images)
        write_idx(raw / f"{split}-labels-idx1-ubyte.gz", labels)
    return root


@pytest.fixture(autouse=True)
def _data_env(monkeypatch, data_dir):
    monkeypatch.setenv("KATA_DATA_DIR", str(data_dir))
    monkeypatch.delenv("KATA_ASSEMBLED", raising=False)


@pytest.fixture(scope="module")
def assembly():
    return assemble("mlp", only_reference=True)


def make_args(out: Path, *flags: str) -> argparse.Namespace:
    """What the CLI hands a trainer: its own flags plus out, device, seed, lang, fill_reference."""
    parser = argparse.ArgumentParser()
    mlp.add_arguments(parser)
    args = parser.parse_args(["--hidden", "32", "--batch-size", "64", "--warmup", "5",
                              "--threads", "1", *flags])
    args.out, args.device, args.seed, args.lang, args.fill_reference = out, "cpu", 1337, "en", True
    return args


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=120), buffer


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG", f"{path.name} is not a PNG"
        image.load()  # decodes every pixel: a broken file fails here
        return image.size


def test_a_short_run_writes_checkpoint_figures_and_pictures(tmp_path, assembly):
    console, buffer = _console()
    threads = torch.get_num_threads()
    figures = mlp.train(make_args(tmp_path, "--epochs", "2"), assembly, console)
    assert figures["threads"] == 1
    assert torch.get_num_threads() == threads, "train() should restore torch's thread count"

    for name in ("ckpt.pt", "last.pt", "figures.json", "loss.png", "mistakes.png"):
        assert (tmp_path / name).is_file(), f"{name} was not written"
    assert png_size(tmp_path / "loss.png") == (800, 480)
    # 8 columns of 28-pixel digits (+ 2 px padding) drawn 4 times larger, 14-pixel label bands.
    n_wrong = round((1 - figures["test_accuracy"]) * 200)
    rows = math.ceil(min(64, n_wrong) / 8)
    assert png_size(tmp_path / "mistakes.png") == (4 * (2 + 8 * 30), 4 * (2 + rows * 44) + 40)
    saved = json.loads((tmp_path / "figures.json").read_text())
    assert saved == json.loads(json.dumps(figures)), "figures.json should hold what train() returned"
    assert math.isfinite(figures["test_loss"]) and math.isfinite(figures["final_train_loss"])
    assert 0.0 <= figures["test_accuracy"] <= 1.0
    assert figures["epochs"] == 2 and figures["steps"] == 2 * 10  # 600 images / 64 -> 10 batches
    # The fake digits are easy: two epochs must beat chance by far.
    assert figures["test_accuracy"] > 0.5, figures

    ckpt = torch.load(tmp_path / "last.pt", weights_only=True)
    assert ckpt["epoch"] == 2 and ckpt["config"] == {"in_dim": 784, "hidden": [32], "out_dim": 10}
    assert len(ckpt["history"]["train"]) == 20 and len(ckpt["history"]["eval"]) == 2
    assert all(math.isfinite(v) for _, v in ckpt["history"]["train"])
    text = buffer.getvalue()
    assert "epoch 2/2" in text and "test accuracy" in text and "after 2 epochs." in text
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "mistakes.png", "figures.json"]
    for name in figures["files"]:
        assert f"  {name} " in text, f"{name} is not named at the end of the run"


def test_one_epoch_is_singular_in_both_languages(tmp_path, assembly):
    console, buffer = _console()
    mlp.train(make_args(tmp_path, "--epochs", "1"), assembly, console)
    assert "after 1 epoch." in buffer.getvalue() and "1 epochs" not in buffer.getvalue()
    args = make_args(tmp_path / "ja", "--epochs", "1")
    args.lang = "ja"
    console, buffer = _console()
    mlp.train(args, assembly, console)
    assert "1 エポックでテスト正解率" in buffer.getvalue(), buffer.getvalue()


def test_resume_continues_from_the_saved_step(tmp_path, assembly):
    mlp.train(make_args(tmp_path, "--epochs", "1"), assembly, _console()[0])
    first = torch.load(tmp_path / "last.pt", weights_only=True)
    console, buffer = _console()
    # --hidden differs on purpose: a resumed run keeps the checkpoint's model shape.
    args = make_args(tmp_path, "--epochs", "2", "--resume")
    args.hidden = [8]
    figures = mlp.train(args, assembly, console)
    second = torch.load(tmp_path / "last.pt", weights_only=True)
    assert "Resuming" in buffer.getvalue() and "ignoring --hidden" in buffer.getvalue()
    assert figures["epochs"] == 2 and second["epoch"] == 2 and second["config"]["hidden"] == [32]
    assert second["history"]["train"][:10] == first["history"]["train"]
    assert len(second["history"]["eval"]) == 2


def test_ctrl_c_saves_and_says_how_to_resume(tmp_path, assembly, monkeypatch):
    real_pieces = mlp.pieces

    def pieces_interrupted_at_step_15(a):
        P = real_pieces(a)
        train_one_epoch, calls = P.train_one_epoch, []

        def interrupted(*args):
            calls.append(1)
            if len(calls) == 16:
                raise KeyboardInterrupt  # as if the learner pressed Ctrl-C during epoch 2
            return train_one_epoch(*args)

        P.train_one_epoch = interrupted
        return P

    monkeypatch.setattr(mlp, "pieces", pieces_interrupted_at_step_15)
    console, buffer = _console()
    figures = mlp.train(make_args(tmp_path, "--epochs", "3"), assembly, console)
    assert figures["interrupted"] and figures["steps"] == 15
    assert torch.load(tmp_path / "last.pt", weights_only=True)["iter"] == 15
    assert "kata train mlp --resume" in buffer.getvalue()
    monkeypatch.setattr(mlp, "pieces", real_pieces)
    figures = mlp.train(make_args(tmp_path, "--epochs", "3", "--resume"), assembly, _console()[0])
    assert figures["steps"] == 30 and not figures["interrupted"]


def test_sample_classifies_test_digits_into_a_labelled_picture(tmp_path, assembly):
    console = _console()[0]
    parser = argparse.ArgumentParser()
    mlp.add_sample_arguments(parser)
    args = parser.parse_args(["--count", "12", "--threads", "1"])
    args.out, args.device, args.seed, args.lang = tmp_path, "cpu", 5, "en"
    with pytest.raises(common.MissingCheckpoint, match="kata train mlp"):
        mlp.sample(args, assembly, console)
    mlp.train(make_args(tmp_path, "--epochs", "1"), assembly, console)
    console, buffer = _console()
    got = mlp.sample(args, assembly, console)
    assert len(got["predicted"]) == len(got["true"]) == 12
    assert png_size(tmp_path / "samples.png") == (4 * (2 + 8 * 30), 4 * (2 + 2 * 44) + 40)
    assert "of 12 test digits classified right" in buffer.getvalue()
    assert mlp.sample(args, assembly, console) == got, "the same --seed, the same digits"
    args.seed = None
    assert mlp.sample(args, assembly, console)["true"] != got["true"], "a new seed each time"
