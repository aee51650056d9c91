"""Assemble a trainable model from the learner's passing pieces.

`kata train <model>` needs the katas listed in curriculum.MODELS[<model>].needs. Each piece comes
from the learner's `katas/` file when that kata has passed; otherwise it is refused, or, with
`--fill-reference`, taken from `reference/`. The chosen files are copied into one package under
.kata/assembled/ so the kata files' relative imports (`from .block import Block`) resolve to the
same choice everywhere.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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

    # What the package holds: {path inside it: the file it is copied from}.
    files: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for stage in C.STAGES:
        for kata in stage.katas:
            # Pieces the model needs: the learner's if passed. Others (imported only by the
            # reference, say) always come from the reference.
            mine = kata in needed and kata.key in passed and not only_reference
            source = root / (kata.stub_path if mine else kata.reference_path)
            if not source.exists() and kata not in needed:
                continue  # a kata still being written; nothing imports it
            files[f"{stage.id}/{kata.id}.py"] = source
            if kata in needed:
                owners[kata.key] = "yours" if mine else "reference"

    # One process at a time writes a model's package (`kata train gpt` in one terminal and
    # `kata sample gpt` in another): the second finds it up to date and leaves it alone, so a
    # package another process is importing from never disappears under it.
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(state_dir(root) / "locks" / f"{package}.lock"):
        for stale in target.parent.glob(f"{package}.building.*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a process killed mid-copy
        digest = _digest(files, owners)
        if _read(target / DIGEST) != digest:
            _swap_in(_build(target, files, owners, digest), target)
    return _activate(Assembly(model_id, package, owners), target)


DIGEST = "sources.sha256"  # inside the package: the hash of what it was built from


def _digest(files: dict[str, Path], owners: dict[str, str]) -> str:
    h = hashlib.sha256(json.dumps(owners, sort_keys=True).encode())
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name].read_bytes() + b"\0")
    return h.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def _build(target: Path, files: dict[str, Path], owners: dict[str, str], digest: str) -> Path:
    """The package, written in a folder beside target (so a crash mid-copy leaves target whole)."""
    building = Path(tempfile.mkdtemp(prefix=f"{target.name}.building.", dir=target.parent))
    (building / "__init__.py").write_text("")
    for name, source in files.items():
        dest = building / name
        if not dest.parent.exists():
            dest.parent.mkdir()
            (dest.parent / "__init__.py").write_text("")
        shutil.copy(source, dest)
    (building / "owners.json").write_text(json.dumps(owners, indent=1))
    (building / DIGEST).write_text(digest)  # written last: a package without it is rebuilt
    return building


def _swap_in(building: Path, target: Path) -> None:
    """Replace target by building with two renames; the old package is removed after."""
    old = target.with_name(f"{target.name}.old.{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)  # left by a run of this process id that was killed
    if target.exists():
        os.rename(target, old)
    os.rename(building, target)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on a file, held until the block ends (released by the OS if we die)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as f:
        if os.name == "nt":
            import msvcrt

            def lock():
                f.seek(0)  # msvcrt locks bytes from the file position
                while True:
                    try:
                        return msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)  # raises after 10 s
                    except OSError:
                        continue

            def unlock():
                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            def lock():
                fcntl.flock(f.fileno(), fcntl.LOCK_EX)

            def unlock():
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        lock()
        try:
            yield
        finally:
            unlock()


def _activate(assembly: Assembly, target: Path) -> Assembly:
    package = assembly.package
    parent = str(target.parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]  # a fresh import of the freshly copied files
    importlib.invalidate_caches()
    return assembly
