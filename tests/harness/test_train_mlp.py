"""The MNIST MLP trainer (harness/train/mlp.py) on tiny synthetic MNIST files: CPU only, seconds.

Covers: a short run writes the checkpoint, figures.json, loss.png (and mistakes.png) with a finite
loss; --resume continues from the saved epoch; Ctrl-C saves a checkpoint and says how to resume.
"""
from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path

import pytest
import torch
from rich.console import Console

from harness.assemble import assemble
from harness.train import mlp

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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
    args = parser.parse_args(["--hidden", "32", "--batch-size", "64", "--warmup", "5", *flags])
    args.out, args.device, args.seed, args.lang, args.fill_reference = out, "cpu", 1337, "en", True
    return args


def _console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=120), buffer


def test_a_short_run_writes_checkpoint_figures_and_pictures(tmp_path, assembly):
    console, buffer = _console()
    threads = torch.get_num_threads()
    figures = mlp.train(make_args(tmp_path, "--epochs", "2"), assembly, console)
    assert figures["threads"] == 1, "the CPU default is one thread"
    assert torch.get_num_threads() == threads, "train() should restore torch's thread count"

    for name in ("ckpt.pt", "figures.json", "loss.png"):
        assert (tmp_path / name).is_file(), f"{name} was not written"
    assert (tmp_path / "loss.png").read_bytes()[:8] == PNG_MAGIC
    if (tmp_path / "mistakes.png").exists():
        assert (tmp_path / "mistakes.png").read_bytes()[:8] == PNG_MAGIC
    saved = json.loads((tmp_path / "figures.json").read_text())
    assert saved == json.loads(json.dumps(figures)), "figures.json should hold what train() returned"
    assert math.isfinite(figures["test_loss"]) and math.isfinite(figures["final_train_loss"])
    assert 0.0 <= figures["test_accuracy"] <= 1.0
    assert figures["epochs"] == 2 and figures["steps"] == 2 * 10  # 600 images / 64 -> 10 batches
    # The fake digits are easy: two epochs must beat chance by far.
    assert figures["test_accuracy"] > 0.5, figures

    ckpt = torch.load(tmp_path / "ckpt.pt", weights_only=True)
    assert ckpt["epoch"] == 2 and ckpt["config"] == {"in_dim": 784, "hidden": [32], "out_dim": 10}
    assert len(ckpt["history"]["train"]) == 20 and len(ckpt["history"]["test"]) == 2
    assert all(math.isfinite(v) for _, v in ckpt["history"]["train"])
    text = buffer.getvalue()
    assert "epoch 2/2" in text and "test accuracy" in text


def test_resume_continues_from_the_saved_epoch(tmp_path, assembly):
    mlp.train(make_args(tmp_path, "--epochs", "1"), assembly, _console()[0])
    first = torch.load(tmp_path / "ckpt.pt", weights_only=True)
    console, buffer = _console()
    # --hidden differs on purpose: a resumed run keeps the checkpoint's model shape.
    args = make_args(tmp_path, "--epochs", "2", "--resume")
    args.hidden = [8]
    figures = mlp.train(args, assembly, console)
    second = torch.load(tmp_path / "ckpt.pt", weights_only=True)
    assert "Resuming" in buffer.getvalue()
    assert figures["epochs"] == 2 and second["epoch"] == 2 and second["config"]["hidden"] == [32]
    assert second["history"]["train"][:10] == first["history"]["train"]
    assert len(second["history"]["test"]) == 2


def test_ctrl_c_saves_and_says_how_to_resume(tmp_path, assembly, monkeypatch):
    real_pieces = mlp.pieces

    def pieces_interrupted_in_epoch_2(a):
        P = real_pieces(a)
        train_one_epoch, calls = P.train_one_epoch, []

        def interrupted(*args):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt  # as if the learner pressed Ctrl-C during epoch 2
            return train_one_epoch(*args)

        P.train_one_epoch = interrupted
        return P

    monkeypatch.setattr(mlp, "pieces", pieces_interrupted_in_epoch_2)
    console, buffer = _console()
    figures = mlp.train(make_args(tmp_path, "--epochs", "3"), assembly, console)
    assert figures["interrupted"] and figures["epochs"] == 1
    assert torch.load(tmp_path / "ckpt.pt", weights_only=True)["epoch"] == 1
    assert "kata train mlp --resume" in buffer.getvalue()
