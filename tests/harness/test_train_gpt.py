"""The GPT trainer (harness/train/gpt.py) on a tiny synthetic corpus: CPU only, a few seconds each.

Covers: a short run writes the checkpoint, the sample and the loss curve; --resume continues from
the saved iteration; Ctrl-C saves and says how to resume; sampling from the checkpoint is seeded;
--nproc relaunches through torch.distributed.run; two gloo ranks end with identical weights.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from rich.console import Console

from harness.assemble import assemble
from harness.paths import repo_root
from harness.train import common, gpt

pytestmark = pytest.mark.slow

# A tiny model: each run takes well under a second of compute.
TINY = ["--max-iters", "6", "--eval-interval", "3", "--eval-iters", "2", "--batch-size", "4",
        "--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "16",
        "--sample-tokens", "40"]


@pytest.fixture(autouse=True)
def _data_env(monkeypatch, synthetic_data_dir):
    # synthetic_data_dir (tests/harness/conftest.py): about 6 KB of play-shaped text.
    monkeypatch.setenv("KATA_DATA_DIR", str(synthetic_data_dir))
    monkeypatch.delenv("KATA_ASSEMBLED", raising=False)
    for name in ("RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    # Tiny matrices gain nothing from a thread pool, and on a busy machine its hand-offs cost
    # milliseconds per op.
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def assembly():
    return assemble("gpt", only_reference=True)


def make_args(out: Path, *flags: str, sample: bool = False) -> argparse.Namespace:
    """What the CLI hands a trainer: its own flags plus out, device, seed, lang, fill_reference."""
    parser = argparse.ArgumentParser()
    (gpt.add_sample_arguments if sample else gpt.add_arguments)(parser)
    args = parser.parse_args(list(flags))
    args.out, args.device, args.seed, args.lang, args.fill_reference = out, "cpu", 1337, "en", True
    return args


def run(args, assembly) -> tuple[dict, str]:
    buffer = io.StringIO()
    figures = gpt.train(args, assembly, Console(file=buffer, width=120))
    return figures, buffer.getvalue()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_short_run_writes_checkpoint_sample_and_curve(tmp_path, assembly):
    out = tmp_path / "run"
    figures, printed = run(make_args(out, *TINY), assembly)

    for key in ("best_val_loss", "iters", "seconds", "tokens_per_s", "ms_per_iter", "params",
                "flops_per_token"):
        assert key in figures, f"train() must return {key!r}; got {sorted(figures)}"
    assert figures["iters"] == 6
    assert math.isfinite(figures["best_val_loss"]) and figures["tokens_per_s"] > 0
    assert figures["tokens_per_iter"] == 4 * 16

    ckpt = common.load_checkpoint(out / gpt.BEST)
    for key in ("model", "optimizer", "iter", "config", "vocab", "hparams", "args"):
        assert key in ckpt, f"the checkpoint lacks {key!r}"
    assert ckpt["best_val_loss"] == pytest.approx(figures["best_val_loss"])
    assert ckpt["config"]["n_embd"] == 16 and ckpt["config"]["vocab_size"] == len(ckpt["vocab"])
    assert common.load_checkpoint(out / gpt.LAST)["iter"] == 6

    sample = (out / "sample.txt").read_text(encoding="utf-8")
    assert len(sample) == 1 + 40, "the sample is the prompt ('\\n') plus --sample-tokens characters"
    assert set(sample) <= set(ckpt["vocab"])
    assert sample.strip() and sample.strip()[:20] in printed, "the sample is printed too"
    assert png_size(out / "loss.png") == (800, 480)
    assert json.loads((out / "figures.json").read_text())["iters"] == 6
    assert "iter 3:" in printed and "val loss" in printed


def test_training_lowers_the_loss(tmp_path, assembly):
    # 40 steps at a high learning rate: the model must learn the letter frequencies at least.
    flags = [f for f in TINY] + ["--max-iters", "40", "--eval-interval", "40", "--lr", "1e-2"]
    figures, _ = run(make_args(tmp_path, *flags), assembly)
    history = common.load_checkpoint(tmp_path / gpt.LAST)["history"]
    first_val, last_val = history["val"][0][1], history["val"][-1][1]
    assert last_val < first_val - 0.5, f"val loss {first_val:.3f} -> {last_val:.3f}: not learning"


def test_resume_continues_from_the_saved_iteration(tmp_path, assembly):
    out = tmp_path / "run"
    run(make_args(out, *TINY, "--max-iters", "4", "--eval-interval", "2"), assembly)
    saved = common.load_checkpoint(out / gpt.LAST)
    assert saved["iter"] == 4

    figures, printed = run(make_args(out, *TINY, "--max-iters", "8", "--resume"), assembly)
    assert "Resuming" in printed and "iter 4" in printed
    assert figures["iters"] == 8
    last = common.load_checkpoint(out / gpt.LAST)
    assert [i for i, _ in last["history"]["train"]] == list(range(8)), \
        "resumed training must continue the saved history at iteration 4, not restart at 0"
    assert last["history"]["train"][:4] == saved["history"]["train"]
    assert last["hparams"]["max_iters"] == 8


def test_resume_without_checkpoint_says_what_to_do(tmp_path, assembly):
    # A TrainerError: the CLI prints its message without a traceback.
    with pytest.raises(common.MissingCheckpoint, match="kata train gpt"):
        run(make_args(tmp_path / "empty", *TINY, "--resume"), assembly)


def test_ctrl_c_saves_and_tells_how_to_resume(tmp_path, assembly):
    real = assembly.load("s02_gpt", "train_step").train_step
    calls = []

    def interrupted_step(*a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **kw)

    class Interrupting:  # the same assembly, with a train_step that is "Ctrl-C'd" on step 3
        owners = assembly.owners

        def load(self, stage, kata):
            module = assembly.load(stage, kata)
            if kata == "train_step":
                return SimpleNamespace(train_step=interrupted_step)
            return module

    out = tmp_path / "run"
    figures, printed = run(make_args(out, *TINY), Interrupting())
    assert figures["interrupted"] and figures["iters"] == 2
    assert common.load_checkpoint(out / gpt.LAST)["iter"] == 2
    assert "kata train gpt --resume" in printed
    assert not (out / "sample.txt").exists()

    figures, _ = run(make_args(out, *TINY, "--resume"), assembly)
    assert figures["iters"] == 6 and not figures["interrupted"]


def test_sample_is_reproducible_with_a_seed(tmp_path, assembly):
    out = tmp_path / "run"
    run(make_args(out, *TINY), assembly)
    console = Console(file=io.StringIO())

    args = make_args(out, "--prompt", "ROMEO:", "--tokens", "60", sample=True)
    first = gpt.sample(args, assembly, console)
    again = gpt.sample(args, assembly, console)
    assert first == again, "the same --seed must give the same text"
    assert first.startswith("ROMEO:") and len(first) == len("ROMEO:") + 60
    args.seed = 7
    assert gpt.sample(args, assembly, console) != first, "another seed, another text"


def test_sample_needs_a_checkpoint_and_known_characters(tmp_path, assembly):
    console = Console(file=io.StringIO())
    with pytest.raises(common.MissingCheckpoint, match="kata train gpt"):
        gpt.sample(make_args(tmp_path / "none", sample=True), assembly, console)
    run(make_args(tmp_path, *TINY), assembly)
    with pytest.raises(common.BadInput, match="never saw"):
        gpt.sample(make_args(tmp_path, "--prompt", "ROMEO@", sample=True), assembly, console)


def test_nproc_relaunches_through_torchrun(tmp_path, monkeypatch, assembly):
    seen = {}

    def fake_torchrun(command):
        seen["command"] = command
        (tmp_path / "figures.json").write_text(json.dumps({"iters": 6, "world_size": 2}))
        return 0

    monkeypatch.setattr(common, "run_torchrun", fake_torchrun)
    args = make_args(tmp_path, *TINY, "--nproc", "2")
    args.argv = ["train", "gpt", "--nproc", "2", "--max-iters", "6", "--nproc=2"]
    figures, _ = run(args, assembly)
    assert seen["command"] == [sys.executable, "-m", "torch.distributed.run", "--standalone",
                               "--nproc_per_node", "2", "-m", "harness", "train", "gpt",
                               "--max-iters", "6"]
    assert figures == {"iters": 6, "world_size": 2}


WORKER = """
import argparse, sys
from pathlib import Path
from rich.console import Console
from harness.assemble import assemble
from harness.train import gpt

parser = argparse.ArgumentParser()
gpt.add_arguments(parser)
args = parser.parse_args(sys.argv[2:])
args.out, args.device, args.seed, args.lang, args.fill_reference = Path(sys.argv[1]), "cpu", 1337, "en", True
gpt.train(args, assemble("gpt", only_reference=True), Console(file=sys.stdout))
"""


def test_two_gloo_ranks_end_with_identical_weights(tmp_path, assembly):
    # The parent assembled the package (fixture); ranks reuse it through KATA_ASSEMBLED=1, as
    # after `kata train gpt --nproc 2`.
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    out = tmp_path / "ddp"
    env = {**os.environ, "KATA_ASSEMBLED": "1", "OMP_NUM_THREADS": "1",
           "KATA_ROOT": str(repo_root()),
           "PYTHONPATH": os.pathsep.join([str(repo_root()), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
         str(script), str(out), *TINY],
        env=env, capture_output=True, text=True, timeout=120, cwd=repo_root())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    figures = json.loads((out / "figures.json").read_text())
    assert figures["world_size"] == 2 and figures["iters"] == 6
    assert figures["tokens_per_iter"] == 2 * 4 * 16
    sums = figures["rank_checksums"]
    assert len(sums) == 2 and sums[0] == sums[1], f"ranks drifted apart: checksums {sums}"
    saved = common.load_checkpoint(out / gpt.LAST)["model"]
    assert common.state_checksum(saved) == sums[0], "rank 0 saved the weights it trained"

    # The ranks really shared gradients of different batches: one process with the same seed
    # (rank 0's batches only) ends elsewhere.
    run(make_args(tmp_path / "single", *TINY), assembly)
    single = common.load_checkpoint(tmp_path / "single" / gpt.LAST)["model"]
    assert common.state_checksum(single) != sums[0]


def test_png_writer_round_trip(tmp_path):
    pixels = torch.randint(0, 256, (5, 7, 3), dtype=torch.uint8).numpy()
    path = common.write_png(tmp_path / "x.png", pixels)
    data = path.read_bytes()
    assert png_size(path) == (7, 5)
    # Walk the chunks: IHDR, IDAT, IEND, each with a valid CRC.
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        tag, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(tag + body)
        chunks[tag] = body
        pos += 12 + length
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[r * 22 + 1:(r + 1) * 22] for r in range(5)]  # filter byte + 7·3 bytes per row
    assert b"".join(rows) == pixels.tobytes()
