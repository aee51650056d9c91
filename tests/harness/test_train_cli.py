"""`kata train gpt` end to end through the CLI, on a copy of the repo and synthetic text."""
from __future__ import annotations

import pytest

from harness import curriculum as C

pytestmark = pytest.mark.slow
SHORT = ["--preset", "cpu", "--max-iters", "20", "--eval-iters", "2", "--eval-interval", "10"]


def test_fill_reference_trains_and_says_whose_pieces(repo, kata_cmd, synthetic_data_dir):
    out = repo / "run"
    result = kata_cmd("train", "gpt", "--fill-reference", *SHORT, "--out", str(out),
                      env={"KATA_DATA_DIR": str(synthetic_data_dir)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reference (filled in)" in result.stdout and "yours" not in result.stdout
    assert list(out.glob("*.txt")), f"no text sample in {sorted(p.name for p in out.iterdir())}"
    assert list(out.glob("*.png")), "no loss curve"


def test_a_learner_who_solved_every_gpt_kata_trains_without_fill(repo, kata_cmd, solve,
                                                                  synthetic_data_dir):
    solve(*C.find_stage("s02").katas)
    kata_cmd("skip", "s01")  # jump ahead to the GPT stage
    checked = kata_cmd("check", "--stage", "s02", timeout=300)
    assert "Stage s02_gpt complete" in checked.stdout, checked.stdout
    out = repo / "run"
    result = kata_cmd("train", "gpt", *SHORT, "--out", str(out),
                      env={"KATA_DATA_DIR": str(synthetic_data_dir)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "yours" in result.stdout and "reference (filled in)" not in result.stdout
    assert list(out.glob("*.txt"))
