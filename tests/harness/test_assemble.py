"""The assembled package of a model (.kata/assembled/assembled_<model>/) is written by one process at a
time and only when what it is built from has changed, so two commands that assemble the same model at
once (`kata train gpt` in one terminal, `kata sample gpt` in another) neither crash nor see a package
vanish or half-copied under them."""
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
    assert (root / ".kata" / "assembled" / a.package / "owners.json").exists(), "owners.json missing"
    a.load("s02_gpt", "gpt_model")
"""

# Assembles "gpt" three times: unchanged, then after an edit to a piece it is built from.
REBUILD = """
import sys
from pathlib import Path
from harness.assemble import assemble
root = Path(sys.argv[1])
package = root / ".kata" / "assembled" / "assembled_gpt"
(root / ".kata" / "assembled").mkdir(parents=True)
(root / ".kata" / "assembled" / "assembled_gpt.building.killed").mkdir()  # a crash mid-copy
assemble("gpt", only_reference=True, root=root)
first = package.stat().st_ino
assemble("gpt", only_reference=True, root=root)
print("unchanged kept", package.stat().st_ino == first)
piece = root / "reference" / "s02_gpt" / "gpt_model.py"
piece.write_text(piece.read_text() + "\\nEDITED = True\\n")
a = assemble("gpt", only_reference=True, root=root)
print("edit rebuilt", package.stat().st_ino != first, getattr(a.load("s02_gpt", "gpt_model"), "EDITED", False))
print("left", sorted(p.name for p in package.parent.iterdir()))
"""


def test_two_processes_assembling_the_same_model_at_once_both_succeed(repo):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(repo)], cwd=repo, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    for w in workers:
        printed, _ = w.communicate(timeout=120)
        assert w.returncode == 0, printed
    left = sorted(p.name for p in (repo / ".kata" / "assembled").iterdir())
    assert left == ["assembled_gpt"], f"only the package itself stays behind, found {left}"


def test_the_package_is_rebuilt_only_when_a_piece_changed(repo):
    done = subprocess.run([sys.executable, "-c", REBUILD, str(repo)], cwd=repo, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unchanged kept True" in done.stdout, done.stdout
    assert "edit rebuilt True True" in done.stdout, done.stdout
    assert "left ['assembled_gpt']" in done.stdout, done.stdout
