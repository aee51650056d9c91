"""A broken learner file is reported clearly; the harness keeps working and loses no progress."""
from __future__ import annotations

import json

import pytest

from harness import curriculum as C

NORMAL = C.find_kata("normal_pdf")
SECOND = C.find_stage("s00").katas[1]

BODY = "    raise NotImplementedError"

BROKEN = {
    "syntax_error": ("def normal_pdf(x, mu=0.0, sigma=1.0)\n    return x\n", ["syntax error", "normal_pdf.py:"]),
    "import_error": ("import numpy_does_not_exist\n", ["failed to import", "numpy_does_not_exist"]),
    "exception": ("def normal_pdf(x, mu=0.0, sigma=1.0):\n    return 1 / 0\n",
                  ["ZeroDivisionError", "your code: katas/s00_probability/normal_pdf.py:2: return 1 / 0"]),
    "nan": ("import numpy as np\ndef normal_pdf(x, mu=0.0, sigma=1.0):\n"
            "    return np.full_like(np.asarray(x, dtype=float), np.nan)\n", ["NaN"]),
    "wrong_shape": ("import numpy as np\ndef normal_pdf(x, mu=0.0, sigma=1.0):\n"
                    "    return np.asarray(x, dtype=float).sum()\n", ["expected shape (4,), got ()"]),
}


@pytest.fixture
def with_progress(repo, kata_run, solve):
    """A learner who has already passed one kata."""
    solve(SECOND)
    assert kata_run("check", SECOND.id).returncode == 0
    return repo


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_is_reported_and_nothing_is_lost(with_progress, kata_run, case):
    source, expected = BROKEN[case]
    (with_progress / NORMAL.stub_path).write_text(source)
    result = kata_run("check", "normal_pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    for text in expected:
        assert text in result.stdout, f"{case}: {text!r} not in\n{result.stdout}"
    assert "Traceback" not in result.stdout + result.stderr
    state = json.loads((with_progress / ".kata" / "progress.json").read_text())
    assert state["katas"][SECOND.key]["status"] == "passed"
    assert state["katas"][NORMAL.key]["status"] == "failed"
    assert kata_run("status").returncode == 0  # still working


def test_infinite_loop_times_out_and_names_the_line(with_progress, kata_run):
    (with_progress / NORMAL.stub_path).write_text(
        "def normal_pdf(x, mu=0.0, sigma=1.0):\n    while True:\n        x = x\n")
    result = kata_run("check", "normal_pdf", "--timeout", "6")
    assert result.returncode == 1
    assert "did not finish within 6 s" in result.stdout
    assert "katas/s00_probability/normal_pdf.py:" in result.stdout
    state = json.loads((with_progress / ".kata" / "progress.json").read_text())
    assert state["katas"][SECOND.key]["status"] == "passed"


def test_corrupt_progress_is_rebuilt_by_check_all(with_progress, kata_run):
    path = with_progress / ".kata" / "progress.json"
    path.write_text("{ this is not json")
    assert "kata check --all" in kata_run("status").stdout
    kata_run("check", "--all", timeout=300)
    state = json.loads(path.read_text())
    assert state["katas"][SECOND.key]["status"] == "passed"
    assert state["katas"][NORMAL.key]["status"] == "failed"
