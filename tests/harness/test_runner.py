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
