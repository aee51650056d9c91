"""Import a kata's module from `katas/` (the learner's files) or `reference/` (the solutions).

Specs never import `katas` directly: they ask this loader (through the `kata` fixture in
tests/conftest.py), so one suite checks either tree. Choose the tree with KATA_IMPL=katas|reference
(default: katas) or `pytest --impl ...`.
"""
from __future__ import annotations

import importlib
import os
import sys
import traceback
from types import ModuleType

from .paths import IMPLS, repo_root


class KataImportError(ImportError):
    """The learner's file could not be imported; the message says where and why."""


def current_impl() -> str:
    impl = os.environ.get("KATA_IMPL", "katas")
    if impl not in IMPLS:
        raise ValueError(f"KATA_IMPL must be one of {', '.join(IMPLS)}, got {impl!r}")
    return impl


def ensure_on_path() -> None:
    """Make sure `katas` and `reference` are imported from the learner's checkout."""
    root = str(repo_root())
    if not sys.path or sys.path[0] != root:
        if root in sys.path:
            sys.path.remove(root)
        sys.path.insert(0, root)


def load_kata(stage: str, kata: str, impl: str | None = None) -> ModuleType:
    """Return the module `<impl>.<stage>.<kata>`, e.g. `katas.s02_gpt.attention_head`."""
    impl = impl or current_impl()
    if impl not in IMPLS:
        raise ValueError(f"impl must be one of {', '.join(IMPLS)}, got {impl!r}")
    ensure_on_path()
    name = f"{impl}.{stage}.{kata}"
    try:
        return importlib.import_module(name)
    except SyntaxError as e:
        where = f"{e.filename}:{e.lineno}" if e.filename else name
        line = (e.text or "").rstrip()
        raise KataImportError(
            f"{impl}/{stage}/{kata}.py has a syntax error at {where}: {e.msg}\n    {line}"
        ) from None
    except Exception as e:  # an import error or an exception at import time
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f"{impl}" in f.filename]
        where = f" (at {frames[-1].filename}:{frames[-1].lineno}: {frames[-1].line})" if frames else ""
        raise KataImportError(
            f"{impl}/{stage}/{kata}.py failed to import: {type(e).__name__}: {e}{where}"
        ) from None
