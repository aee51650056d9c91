"""harness/data.py: local folders first, a clear error naming KATA_DATA_DIR when nothing works.
No test here touches the network: downloads are replaced by failures."""
from __future__ import annotations

import os
import urllib.request

import numpy as np
import pytest

from harness import data


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No network, an empty download cache, KATA_DATA_DIR pointing at an empty folder."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(data, "_download_mnist",
                        lambda: (_ for _ in ()).throw(data._unavailable("MNIST", "MNIST/raw/x", OSError("offline"))))
    monkeypatch.setattr(data, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def test_reads_mnist_idx_files_from_kata_data_dir(offline, write_idx):
    images = np.arange(3 * 28 * 28).reshape(3, 28, 28) % 256
    labels = np.array([7, 2, 1])
    write_idx(offline / "MNIST/raw/t10k-images-idx3-ubyte.gz", images)
    write_idx(offline / "MNIST/raw/t10k-labels-idx1-ubyte.gz", labels)
    x, y = data.mnist("test")
    assert tuple(x.shape) == (3, 28, 28) and str(x.dtype) == "torch.uint8"
    assert y.tolist() == [7, 2, 1] and (x.numpy() == images).all()


def test_reads_shakespeare_from_kata_data_dir(offline):
    (offline / "tinyshakespeare").mkdir(parents=True)
    (offline / "tinyshakespeare/input.txt").write_text("First Citizen:\nBefore we proceed")
    assert data.shakespeare_text().startswith("First Citizen:")


def test_clear_error_names_the_variable_when_nothing_works(offline):
    with pytest.raises(data.DataUnavailable, match="KATA_DATA_DIR"):
        data.shakespeare_text()
    with pytest.raises(data.DataUnavailable, match="KATA_DATA_DIR"):
        data.mnist("train")
    with pytest.raises(ValueError, match="split"):
        data.mnist("validation")


@pytest.mark.skipif(not os.environ.get("KATA_DATA_DIR"), reason="real data: set KATA_DATA_DIR")
def test_real_data_when_available():
    x, y = data.mnist("test")
    assert tuple(x.shape) == (10000, 28, 28) and y[:5].tolist() == [7, 2, 1, 0, 4]
    text = data.shakespeare_text()
    assert len(text) == 1115394 and text.startswith("First Citizen:")


def test_the_error_speaks_the_learners_language(offline):
    from harness.i18n import speaking

    with pytest.raises(data.DataUnavailable) as caught:
        data.shakespeare_text()
    error = caught.value
    assert "Offline?" in str(error) and "Offline?" in error.text("en")
    assert "オフライン" in error.text("ja") and data.DATA_ENV in error.text("ja")
    with speaking("ja"):
        assert str(error) == error.text("ja")
