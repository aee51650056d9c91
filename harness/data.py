"""Real data sets for training: MNIST and tiny Shakespeare.

Where the files come from, in order:
1. $KATA_DATA_DIR, for offline machines: `MNIST/raw/*-ubyte.gz` and `tinyshakespeare/input.txt`;
2. the download cache `<repo>/data/` (git-ignored), filled by
3. the ordinary download: torchvision's MNIST downloader, and the usual tiny Shakespeare URL.

Unit tests never call this module; they build small synthetic data.
"""
from __future__ import annotations

import gzip
import os
import urllib.request
from pathlib import Path

import numpy as np

from .i18n import current_lang, t
from .paths import repo_root

DATA_ENV = "KATA_DATA_DIR"
SHAKESPEARE_URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class DataUnavailable(RuntimeError):
    """Neither a local copy nor the download worked. Carries the message in English and Japanese:
    str(e) is the one of the running command's language (i18n.current_lang), e.text(lang) either."""

    def __init__(self, en: str, ja: str | None = None):
        super().__init__(en)
        self.en, self.ja = en, ja or en

    def text(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def __str__(self) -> str:
        return self.text(current_lang())


def _folders() -> list[Path]:
    folders = []
    if os.environ.get(DATA_ENV):
        folders.append(Path(os.environ[DATA_ENV]).expanduser())
    folders.append(cache_dir())
    return folders


def cache_dir() -> Path:
    return repo_root() / "data"


def _find(relative: str) -> Path | None:
    """The first existing `relative` (or `relative.gz`) under the data folders."""
    for folder in _folders():
        for candidate in (folder / relative, folder / (relative + ".gz")):
            if candidate.is_file():
                return candidate
    return None


def _unavailable(what: str, relative: str, error: Exception) -> DataUnavailable:
    values = dict(what=what, error=f"{type(error).__name__}: {error}", env=DATA_ENV, relative=relative)
    return DataUnavailable(t("data_download_failed", "en", **values), t("data_download_failed", "ja", **values))


# --- tiny Shakespeare -------------------------------------------------------------------------

def shakespeare_text() -> str:
    """The whole tiny Shakespeare corpus (about 1.1 M characters)."""
    relative = "tinyshakespeare/input.txt"
    path = _find(relative)
    if path is None:
        path = cache_dir() / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with urllib.request.urlopen(SHAKESPEARE_URL, timeout=30) as response:
                data = response.read()
            path.write_bytes(data)
        except Exception as e:  # no network, proxy, HTTP error...
            raise _unavailable("tiny Shakespeare", relative, e) from None
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read()


# --- MNIST ------------------------------------------------------------------------------------

def _read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (the MNIST format): a big-endian header of dims, then uint8 data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _download_mnist() -> None:
    import torchvision  # imported here: only the download needs it

    try:
        torchvision.datasets.MNIST(root=str(cache_dir()), train=True, download=True)
        torchvision.datasets.MNIST(root=str(cache_dir()), train=False, download=True)
    except Exception as e:
        raise _unavailable("MNIST", "MNIST/raw/train-images-idx3-ubyte.gz", e) from None


def mnist(split: str = "train"):
    """MNIST as tensors: images uint8 [N, 28, 28], labels int64 [N] (N = 60000 train, 10000 test)."""
    import torch

    if split not in MNIST_FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    names = MNIST_FILES[split]
    paths = [_find(f"MNIST/raw/{n}") for n in names]
    if None in paths:
        _download_mnist()
        paths = [_find(f"MNIST/raw/{n}") for n in names]
        if None in paths:
            raise _unavailable("MNIST", f"MNIST/raw/{names[0]}.gz", FileNotFoundError(names[0]))
    images, labels = (_read_idx(p) for p in paths)
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))
