"""The stubs as shipped, so `kata reset` can restore one after the learner has edited it.

harness/pristine_stubs.json maps each stub's path to its text. Regenerate it after changing a
stub: `python -m harness.pristine` (tests/harness/test_lint.py fails while it is out of date).
"""
from __future__ import annotations

import json
from pathlib import Path

from . import curriculum as C
from .paths import repo_root

SNAPSHOT = Path(__file__).with_name("pristine_stubs.json")


def load() -> dict[str, str]:
    try:
        return json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stub_text(kata: C.Kata) -> str | None:
    return load().get(kata.stub_path)


def snapshot(root: Path | None = None) -> dict[str, str]:
    root = root or repo_root()
    stubs = {k.stub_path: (root / k.stub_path).read_text(encoding="utf-8")
             for k in C.all_katas() if (root / k.stub_path).exists()}
    SNAPSHOT.write_text(json.dumps(stubs, indent=0, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    return stubs


if __name__ == "__main__":
    print(f"recorded {len(snapshot())} stubs in {SNAPSHOT}")
