"""Fixtures for tests of the harness: a throw-away copy of the repo and two ways to run `kata` in it.

    kata_run("check", "normal_pdf")   in this process (fast: no interpreter, no torch import)
    kata_cmd("check", "normal_pdf")   in a real `python -m harness` process (the console script,
                                      Ctrl-C, torchrun: whatever needs a process of its own)

Both return an object with .returncode, .stdout and .stderr.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import pristine

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the repo (no git, no progress, unsolved stubs) that a test may break at will."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("harness", "katas", "reference", "tests"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".kata"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    # Start from the stubs as shipped, whatever the learner has done to katas/ here.
    for path, text in pristine.load().items():
        (target / path).write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def kata_cmd(repo):
    """kata_cmd("check", "normal_pdf") runs `kata check normal_pdf` in the copy."""
    def run(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
        full_env = {**os.environ, "KATA_ROOT": str(repo), "COLUMNS": "200", "PYTHONIOENCODING": "utf-8",
                    **(env or {})}
        for key in ("KATA_LANG", "KATA_IMPL"):
            if key not in (env or {}):
                full_env.pop(key, None)
        return subprocess.run([sys.executable, "-m", "harness", *args], cwd=repo, env=full_env,
                              capture_output=True, text=True, timeout=timeout)
    return run


@dataclass
class Result:
    """What one `kata` call printed and returned (the shape of subprocess.CompletedProcess)."""
    returncode: int
    stdout: str
    stderr: str = ""


@pytest.fixture
def kata_run(repo, monkeypatch):
    """kata_run("check", "normal_pdf") runs `kata check normal_pdf` on the copy, in this process:
    harness.cli.main with KATA_ROOT at the copy, COLUMNS=200 (or env={"COLUMNS": "80"}),
    KATA_LANG and KATA_IMPL unset unless given in env; everything printed is captured."""
    from harness import cli

    def run(*args: str, env: dict | None = None, timeout: float | None = None) -> Result:
        env = {"KATA_ROOT": str(repo), "COLUMNS": "200", **(env or {})}
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as mp:
            for key in ("KATA_LANG", "KATA_IMPL", "LINES"):
                mp.delenv(key, raising=False)
            for key, value in env.items():
                mp.setenv(key, value)
            mp.chdir(repo)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = cli.main([str(a) for a in args])
                except SystemExit as e:  # argparse: --help, a usage error
                    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        return Result(int(code or 0), out.getvalue(), err.getvalue())
    return run


@pytest.fixture
def solve(repo):
    """solve(kata, ...) puts the reference solution in the learner's place for each kata."""
    def put(*katas) -> None:
        for kata in katas:
            shutil.copy(repo / kata.reference_path, repo / kata.stub_path)
    return put


def play_text(size: int = 6000) -> str:
    """About `size` characters of play-shaped text (speaker names, short lines) from a fixed seed."""
    import random

    rng = random.Random(0)
    words = "the king queen lord love death night day sweet fair heart thou thee my and of".split()
    lines: list[str] = []
    while sum(map(len, lines)) < size:
        lines.append(rng.choice(["ROMEO:", "JULIET:", "KING HENRY:"]))
        for _ in range(rng.randint(1, 3)):
            line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 9)))
            lines.append(line.capitalize() + rng.choice(".,!?;"))
        lines.append("")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def synthetic_data_dir(tmp_path_factory) -> Path:
    """A KATA_DATA_DIR with a small synthetic tiny-Shakespeare (no download, no real data)."""
    root = tmp_path_factory.mktemp("data")
    (root / "tinyshakespeare").mkdir()
    (root / "tinyshakespeare" / "input.txt").write_text(play_text(), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def write_idx():
    """write_idx(path, array) writes an MNIST-format IDX file, gzipped: 0x00 0x00, type 0x08
    (uint8), ndim, big-endian int32 dims, then the bytes. Takes a numpy array or a tensor."""
    import gzip

    import numpy as np

    def write(path: Path, array) -> None:
        data = np.asarray(array).astype(np.uint8)
        header = bytes([0, 0, 8, data.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in data.shape)
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wb") as f:
            f.write(header + data.tobytes())
    return write


def fake_digits(n: int, g):
    """Learnable fake digits: class k lights up a 4-pixel-tall band at row 2k+4, plus faint noise."""
    import torch

    labels = torch.randint(0, 10, (n,), generator=g)
    images = (torch.rand(n, 28, 28, generator=g) * 60).round()
    for i, k in enumerate(labels.tolist()):
        images[i, 2 * k + 4: 2 * k + 8, 4:24] = 255
    return images, labels


@pytest.fixture(scope="session")
def fake_mnist_dir(tmp_path_factory, write_idx) -> Path:
    """A KATA_DATA_DIR with fake MNIST files: 600 training and 200 test digits (fake_digits)."""
    import torch

    root = tmp_path_factory.mktemp("fake_mnist")
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 600), ("t10k", 200)):
        images, labels = fake_digits(n, g)
        write_idx(root / "MNIST" / "raw" / f"{split}-images-idx3-ubyte.gz", images)
        write_idx(root / "MNIST" / "raw" / f"{split}-labels-idx1-ubyte.gz", labels)
    return root


@pytest.fixture
def mnist_kata(kata_run, fake_mnist_dir, monkeypatch):
    """mnist_kata("train", "vae", ...) -> (exit code, what it printed): the CLI in this process on the
    copy, with the fake MNIST files; afterwards the copy's assembled packages are forgotten (they must
    not shadow the real repo's) and torch's thread count is as it was."""
    import torch

    for name in ("KATA_ASSEMBLED", "RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    path, threads = list(sys.path), torch.get_num_threads()

    def run(*argv: str) -> tuple[int, str]:
        result = kata_run(*argv, env={"KATA_DATA_DIR": str(fake_mnist_dir)})
        return result.returncode, result.stdout + result.stderr

    yield run
    sys.path[:] = path
    for name in [m for m in sys.modules if m.startswith("assembled_")]:
        del sys.modules[name]
    assert torch.get_num_threads() == threads


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG, after decoding every pixel (a broken file fails here)."""
    from PIL import Image

    with Image.open(path) as image:
        assert image.format == "PNG", f"{path.name} is not a PNG"
        image.load()
        return image.size


@pytest.fixture(scope="session")
def png():
    """png(path) -> (width, height), see png_size."""
    return png_size
