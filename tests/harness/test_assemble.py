"""The assembled package of a model (.kata/assembled/assembled_<model>/) is swapped in whole, so two
commands that assemble the same model at once (`kata train gpt` in one terminal, `kata sample gpt`
in another) neither crash nor see a half-copied package."""
from __future__ import annotations

import subprocess
import sys

# Each process assembles "gpt" again and again and imports a piece from what it got.
WORKER = """
import sys
from pathlib import Path
from harness.assemble import assemble
root = Path(sys.argv[1])
for _ in range(15):
    a = assemble("gpt", only_reference=True, root=root)
    assert (root / ".kata" / "assembled" / a.package / "owners.json").exists()
    a.load("s02_gpt", "gpt_model")
"""


def test_two_processes_assembling_the_same_model_at_once_both_succeed(repo):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(repo)], cwd=repo, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    for w in workers:
        printed, _ = w.communicate(timeout=120)
        assert w.returncode == 0, printed
    left = sorted(p.name for p in (repo / ".kata" / "assembled").iterdir())
    assert left == ["assembled_gpt"], f"only the package itself stays behind, found {left}"
