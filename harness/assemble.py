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
        return importlib.import_module(f"{self.package}.{stage}.{kata}")


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

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    (target / "__init__.py").write_text("")
    owners: dict[str, str] = {}
    for stage in C.STAGES:
        if not stage.katas:
            continue
        (target / stage.id).mkdir()
        (target / stage.id / "__init__.py").write_text("")
        for kata in stage.katas:
            # Pieces the model needs: the learner's if passed. Others (imported only by the
            # reference, say) always come from the reference.
            mine = kata in needed and kata.key in passed and not only_reference
            source = root / (kata.stub_path if mine else kata.reference_path)
            if not source.exists() and kata not in needed:
                continue  # a kata still being written; nothing imports it
            shutil.copy(source, target / stage.id / f"{kata.id}.py")
            if kata in needed:
                owners[kata.key] = "yours" if mine else "reference"

    (target / "owners.json").write_text(json.dumps(owners, indent=1))
    return _activate(Assembly(model_id, package, owners), target)


def _activate(assembly: Assembly, target: Path) -> Assembly:
    package = assembly.package
    parent = str(target.parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]  # a fresh import of the freshly copied files
    importlib.invalidate_caches()
    return assembly
