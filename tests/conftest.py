"""Shared spec machinery.

- `kata` fixture: the module under test, from `katas/` or `reference/`
  (`pytest --impl reference`, or KATA_IMPL=reference; default katas).
- `pytest --honesty`: every spec runs twice, on the reference (must pass) and on the stub
  (must fail: a strict xfail, so a spec that passes on an unsolved stub turns the run red).
- Every test starts from the same seeds (torch, numpy, random = 0).
"""
from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from harness.loader import KataImportError, load_kata

SPECS_DIR = Path(__file__).parent
STUB_MUST_FAIL = "a spec must fail on the unsolved stub; this one passed, so it checks nothing the learner writes"


def pytest_addoption(parser):
    group = parser.getgroup("gen-katas")
    group.addoption("--impl", choices=["katas", "reference"], default=None,
                    help="which tree the specs check (default: $KATA_IMPL or katas)")
    group.addoption("--honesty", action="store_true",
                    help="run every spec on the reference (must pass) and on the stub (must fail)")


def pytest_configure(config):
    impl = config.getoption("--impl")
    if impl:
        os.environ["KATA_IMPL"] = impl  # subprocesses started by tests see it too
    try:  # specs use tiny tensors: one thread is faster than several fighting over two cores
        import torch
        torch.set_num_threads(1)
    except ImportError:
        pass


def _kata_of(path: Path) -> tuple[str, str] | None:
    """tests/<stage>/test_<kata>.py -> (stage, kata); None for tests of the harness."""
    path = Path(path)
    if path.parent.parent == SPECS_DIR and path.parent.name[:1] == "s" and path.name.startswith("test_"):
        return path.parent.name, path.stem[len("test_"):]
    return None


def pytest_generate_tests(metafunc):
    if metafunc.config.getoption("--honesty") and "kata" in metafunc.fixturenames \
            and _kata_of(metafunc.definition.path):
        metafunc.parametrize("kata", ["reference", "katas"], indirect=True, ids=["reference", "stub"])


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--honesty"):
        return
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("kata") == "katas":
            item.add_marker(pytest.mark.xfail(strict=True, reason=STUB_MUST_FAIL))


@pytest.fixture
def kata(request):
    """The module under test: tests/s02_gpt/test_attention_head.py -> <impl>.s02_gpt.attention_head."""
    where = _kata_of(request.node.path)
    if where is None:
        pytest.fail("the `kata` fixture only works in tests/<stage>/test_<kata>.py", pytrace=False)
    impl = getattr(request, "param", None) or os.environ.get("KATA_IMPL", "katas")
    try:
        return load_kata(*where, impl=impl)
    except KataImportError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(autouse=True)
def _fixed_seeds():
    random.seed(0)
    np.random.seed(0)
    try:
        import torch
        torch.manual_seed(0)
    except ImportError:
        pass
    yield
