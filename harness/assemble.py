"""Assemble a trainable model from the learner's passing pieces.

`kata train <model>` needs the katas listed in curriculum.MODELS[<model>].needs. Each piece comes
from the learner's `katas/` file when that kata has passed; otherwise it is refused, or, with
`--fill-reference`, taken from `reference/`. The chosen files are copied into one package under
.kata/assembled/ so the kata files' relative imports (`from .block import Block`) resolve to the
same choice everywhere.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from . import curriculum as C
from . import progress
from .paths import repo_root, state_dir


class PiecesMissing(RuntimeError):
    def __init__(self, model: str, missing: list[str]):
        self.model, self.missing = model, missing
        super().__init__(f"{model} needs katas you have not passed yet: {', '.join(missing)}")


@dataclass
class Assembly:
    model: str
    package: str
    owners: dict[str, str] = field(default_factory=dict)  # kata key -> "yours" | "reference"

    def load(self, stage: str, kata: str) -> ModuleType:
        """The assembled module for one kata, e.g. load("s02_gpt", "gpt_model")."""
        name = f"{self.package}.{stage}.{kata}"
        for _ in range(5):
            try:
                return importlib.import_module(name)
            except ModuleNotFoundError:  # another command swapping in this package: it is back at once
                time.sleep(0.05)
                importlib.invalidate_caches()
        return importlib.import_module(name)


def assemble(model_id: str, *, fill_reference: bool = False, root: Path | None = None,
             only_reference: bool = False) -> Assembly:
    """Copy each needed piece (the learner's if passed, else the reference) into one package."""
    root = root or repo_root()
    package = f"assembled_{model_id}"
    target = state_dir(root) / "assembled" / package
    if os.environ.get("KATA_ASSEMBLED") == "1" and (target / "owners.json").exists():
        # A worker process (e.g. one torchrun rank): its parent already assembled the package.
        owners = json.loads((target / "owners.json").read_text())
        return _activate(Assembly(model_id, package, owners), target)
    model = C.MODELS[model_id]
    passed = progress.passed_keys(progress.load(root))
    needed = [C.find_kata(k) for k in model.needs]
    missing = [k.id for k in needed if k.key not in passed]
    if missing and not (fill_reference or only_reference):
        raise PiecesMissing(model_id, missing)

    # Built in a folder of its own, then swapped in whole: a second `kata train` or `kata sample`
    # of the same model, started meanwhile, never sees a half-copied package.
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f"{package}.building.", dir=target.parent))
    (building / "__init__.py").write_text("")
    owners: dict[str, str] = {}
    for stage in C.STAGES:
        if not stage.katas:
            continue
        (building / stage.id).mkdir()
        (building / stage.id / "__init__.py").write_text("")
        for kata in stage.katas:
            # Pieces the model needs: the learner's if passed. Others (imported only by the
            # reference, say) always come from the reference.
            mine = kata in needed and kata.key in passed and not only_reference
            source = root / (kata.stub_path if mine else kata.reference_path)
            if not source.exists() and kata not in needed:
                continue  # a kata still being written; nothing imports it
            shutil.copy(source, building / stage.id / f"{kata.id}.py")
            if kata in needed:
                owners[kata.key] = "yours" if mine else "reference"

    (building / "owners.json").write_text(json.dumps(owners, indent=1))
    _swap_in(building, target)
    return _activate(Assembly(model_id, package, owners), target)


def _swap_in(building: Path, target: Path, tries: int = 20) -> None:
    """Replace target by building with two renames (each atomic); the old package is removed after.
    Another process swapping in the same model at the same moment only makes this one try again."""
    for _ in range(tries):
        old = target.with_name(f"{target.name}.old.{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)  # left by a run of this process id that was killed
        try:
            os.rename(target, old)
        except FileNotFoundError:
            old = None
        except OSError:
            continue
        try:
            os.rename(building, target)
        except OSError:  # another process put its package there first
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            continue
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    shutil.rmtree(building, ignore_errors=True)
    raise RuntimeError(f"could not write {target}: other processes kept replacing it")


def _activate(assembly: Assembly, target: Path) -> Assembly:
    package = assembly.package
    parent = str(target.parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]  # a fresh import of the freshly copied files
    importlib.invalidate_caches()
    return assembly
