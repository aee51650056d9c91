"""harness/runner.py directly: the forked child (Linux/macOS) and the subprocess fallback
(platforms without fork) give the same result."""
from __future__ import annotations

import os

import pytest

from harness import curriculum as C
from harness import runner

NORMAL = C.find_kata("normal_pdf")


@pytest.mark.parametrize("impl, passed", [("reference", 5), ("katas", 0)])
def test_fork_and_subprocess_paths_agree(monkeypatch, impl, passed):
    forked = runner.check_katas([NORMAL], impl=impl, timeout=60)[0]
    monkeypatch.delattr(os, "fork", raising=False)  # as on Windows
    spawned = runner.check_katas([NORMAL], impl=impl, timeout=60)[0]
    for result in (forked, spawned):
        assert (result["passed"], result["total"], result["error"]) == (passed, 5, None), result
    assert [t["messages"] for t in forked["tests"]] == [t["messages"] for t in spawned["tests"]]


def test_a_child_of_this_process_checks_the_copy_not_the_tree_already_imported(repo, kata_run):
    """This pytest process has imported katas/, reference/ and tests/ of the main checkout; the
    runner's child (forked from it) must import those of the checkout it is asked to check."""
    import importlib
    import sys

    from harness import paths

    sys.path.insert(0, str(paths.repo_root()))
    try:
        importlib.import_module(f"katas.{NORMAL.stage}.{NORMAL.id}")
        importlib.import_module(f"reference.{NORMAL.stage}.{NORMAL.id}")
    finally:
        sys.path.remove(str(paths.repo_root()))
    (repo / NORMAL.stub_path).write_text(
        "def normal_pdf(x, mu=0.0, sigma=1.0):\n    raise ArithmeticError('from-the-copy')\n")
    out = kata_run("check", NORMAL.id).stdout
    assert "from-the-copy" in out, out
    assert f"katas.{NORMAL.stage}.{NORMAL.id}" in sys.modules  # this process keeps its own


def test_messages_in_japanese_from_the_subprocess_path_too(monkeypatch):
    monkeypatch.delattr(os, "fork", raising=False)
    result = runner.check_katas([NORMAL], impl="katas", timeout=60, lang="ja")[0]
    assert all(m.startswith("まだ実装されていません") for t in result["tests"] for m in t["messages"]), result
