"""`kata train` / `kata sample` through the CLI, in-process (harness.cli.main) on a copy of the repo
and synthetic data: whose pieces were used, the files written, `--lang ja`, and `--nproc 2`, which
really launches torch.distributed.run (the only part that needs other processes).
"""
from __future__ import annotations

import json
import sys

import pytest
import torch

from harness import cli
from harness import curriculum as C

pytestmark = pytest.mark.slow
SHORT = ["--preset", "cpu", "--max-iters", "20", "--eval-iters", "2", "--eval-interval", "10",
         "--n-layer", "2", "--threads", "1", "--sample-tokens", "50"]


@pytest.fixture
def kata(repo, monkeypatch, synthetic_data_dir, capsys):
    """kata("train", "gpt", ...) -> (exit code, what it printed), run in this process."""
    monkeypatch.setenv("KATA_ROOT", str(repo))
    monkeypatch.setenv("KATA_DATA_DIR", str(synthetic_data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("KATA_LANG", "KATA_IMPL", "KATA_ASSEMBLED", "RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    path, threads = list(sys.path), torch.get_num_threads()

    def run(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(list(argv))
        return code, capsys.readouterr().out

    yield run
    # The copy's assembled packages must not shadow the real repo's in later tests.
    sys.path[:] = path
    for name in [m for m in sys.modules if m.startswith("assembled_")]:
        del sys.modules[name]
    assert torch.get_num_threads() == threads


def test_fill_reference_trains_and_says_whose_pieces(repo, kata):
    out = repo / "run"
    code, printed = kata("train", "gpt", "--fill-reference", *SHORT, "--out", str(out))
    assert code == 0, printed
    assert "reference (filled in)" in printed and "yours" not in printed
    assert (out / "sample.txt").exists() and (out / "loss.png").exists()
    assert "Files in" in printed and "sample.txt" in printed

    code, printed = kata("sample", "gpt", "--out", str(out), "--tokens", "20", "--threads", "1")
    assert code == 0 and "--seed" in printed, printed
    code, printed = kata("sample", "gpt", "--out", str(repo / "nothing"))
    assert code == 2 and "kata train gpt" in printed


def test_messages_in_japanese(repo, kata):
    code, printed = kata("train", "gpt", "--fill-reference", *SHORT, "--max-iters", "10",
                         "--out", str(repo / "run"), "--lang", "ja")
    assert code == 0, printed
    assert "CPU スレッド数" in printed and "書き出したファイル" in printed and "完了しました" in printed
    code, printed = kata("sample", "gpt", "--out", str(repo / "none"), "--lang", "ja")
    assert code == 2 and "学習済み" in printed


def test_a_learner_who_solved_every_gpt_kata_trains_without_fill(repo, kata, solve):
    solve(*C.find_stage("s02").katas)
    kata("skip", "s01")  # jump ahead to the GPT stage
    code, printed = kata("train", "gpt", *SHORT, "--out", str(repo / "run"))
    assert code == 2 and "--fill-reference" in printed, "unchecked pieces are not yet passed"
    code, checked = kata("check", "--stage", "s02")
    assert "Stage s02_gpt complete" in checked, checked
    code, printed = kata("train", "gpt", *SHORT, "--out", str(repo / "run"))
    assert code == 0, printed
    assert "yours" in printed and "reference (filled in)" not in printed
    assert (repo / "run" / "sample.txt").exists()


def test_nproc_2_trains_mlp_with_two_gloo_ranks(repo, kata, tmp_path, write_idx, monkeypatch):
    data = tmp_path / "mnist"
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 256), ("t10k", 64)):
        write_idx(data / "MNIST" / "raw" / f"{split}-images-idx3-ubyte.gz",
                  (torch.rand(n, 28, 28, generator=g) * 255).round())
        write_idx(data / "MNIST" / "raw" / f"{split}-labels-idx1-ubyte.gz",
                  torch.randint(0, 10, (n,), generator=g))
    monkeypatch.setenv("KATA_DATA_DIR", str(data))
    monkeypatch.setenv("PYTHONPATH", str(repo))
    out = repo / "ddp"
    code, printed = kata("train", "mlp", "--fill-reference", "--nproc", "2", "--hidden", "16",
                         "--epochs", "1", "--batch-size", "32", "--out", str(out))
    assert code == 0, printed
    figures = json.loads((out / "figures.json").read_text())
    assert figures["world_size"] == 2 and figures["ranks_in_sync"], figures
    assert figures["steps"] == 4, "256 images / (32 per rank × 2 ranks)"
    code, printed = kata("sample", "mlp", "--out", str(out), "--count", "8", "--threads", "1")
    assert code == 0 and (out / "samples.png").exists(), printed
