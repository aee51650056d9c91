"""Where things live. Every path the harness uses is derived from the repository root."""
from __future__ import annotations

import os
from pathlib import Path

IMPLS = ("katas", "reference")


def repo_root() -> Path:
    """The learner's checkout: $KATA_ROOT, else the nearest folder above the current directory that
    holds both `katas/` and `harness/`, else the folder this package was installed from."""
    env = os.environ.get("KATA_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "katas").is_dir() and (folder / "harness").is_dir():
            return folder
    return Path(__file__).resolve().parent.parent


def state_dir(root: Path | None = None) -> Path:
    """Hidden folder for progress state, backups and checkpoints (git-ignored)."""
    return (root or repo_root()) / ".kata"
