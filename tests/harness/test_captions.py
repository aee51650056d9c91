"""MNIST captions: each attribute moves the right way on synthetic images, the phrasings are
deterministic in both languages, and on the real MNIST (when KATA_DATA_DIR holds it) the
thresholds split the digits roughly in half."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from harness import captions as C


def _bar(width: int, height: int = 20, shear: float = 0.0, size: int = 28) -> torch.Tensor:
    """A vertical stroke `width` pixels wide and `height` tall, centred; with `shear` its top
    leans right by shear·(height up from the centre) pixels. uint8 [28, 28]."""
    img = torch.zeros(size, size, dtype=torch.uint8)
    top = (size - height) // 2
    for r in range(top, top + height):
        up = (size / 2) - r  # y points up
        left = int(round(size / 2 - width / 2 + shear * up))
        img[r, max(left, 0):max(left + width, 0)] = 255
    return img


def test_a_thicker_stroke_reads_thick():
    thin, thick = C.describe(torch.stack([_bar(2), _bar(5)]), [1, 1])
    assert (thin.thick, thick.thick) == (False, True)
    m = C.measure(torch.stack([_bar(2), _bar(3), _bar(4), _bar(5)]))
    assert torch.all(m["width"][1:] > m["width"][:-1]), m["width"]  # width grows with the stroke


def test_a_sheared_stroke_reads_slanted_either_way():
    upright, right, left = C.describe(torch.stack([_bar(3), _bar(3, shear=0.4), _bar(3, shear=-0.4)]),
                                      [1, 1, 1])
    assert (upright.slanted, right.slanted, left.slanted) == (False, True, True)
    shear = C.measure(torch.stack([_bar(3, shear=0.4), _bar(3, shear=-0.4)]))["shear"]
    assert shear[0] > 0 > shear[1], shear  # y up: a top leaning right is positive


def test_a_shorter_stroke_reads_small():
    small, large = C.describe(torch.stack([_bar(9, height=8), _bar(9, height=20)]), [1, 1])  # 72 vs 180 px²
    assert (small.large, large.large) == (False, True)


def test_phrasings_in_both_languages():
    a = C.Attributes(digit=7, thick=True, slanted=True, large=False)
    assert C.caption(a, 0) == "a thick, slanted seven"
    assert C.caption(a, 0, "ja") == "太くて傾いた7"
    upright = C.Attributes(digit=8, thick=False, slanted=False, large=True)
    assert C.caption(upright, 3) == "an upright eight with a thin stroke"  # a / an
    for attrs in (a, upright):
        for lang in ("en", "ja"):
            texts = [C.caption(attrs, t, lang) for t in range(len(C.TEMPLATES[lang]))]
            assert len(set(texts)) == len(texts), texts  # every template reads differently
            assert all("{" not in t and "\x00" not in t for t in texts), texts
    assert set(C.TRAIN_TEMPLATES).isdisjoint(C.HELD_OUT_TEMPLATES)


def test_captions_are_deterministic_and_held_out_templates_differ():
    images = torch.stack([_bar(2), _bar(5, shear=0.4), _bar(3, height=8)] * 2)
    labels = [1, 7, 4] * 2
    first = C.captions(images, labels)
    assert first == C.captions(images, labels)
    held = C.captions(images, labels, split="held_out")
    templates = {C.template_for(i, "held_out") for i in range(6)}
    assert templates == set(C.HELD_OUT_TEMPLATES)
    assert not set(first) & set(held)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="labels"):
        C.describe(torch.stack([_bar(2)]), [1, 2])
    with pytest.raises(ValueError, match="digits"):
        C.describe(torch.stack([_bar(2)]), [10])
    with pytest.raises(ValueError, match="shape"):
        C.measure(torch.zeros(2, 3, 4, 5))
    with pytest.raises(ValueError, match="lang"):
        C.caption(C.Attributes(1, True, True, True), 0, "fr")


def _local_mnist() -> bool:
    folder = os.environ.get("KATA_DATA_DIR")
    return bool(folder) and (Path(folder) / "MNIST/raw/train-images-idx3-ubyte.gz").is_file()


@pytest.mark.skipif(not _local_mnist(), reason="needs MNIST in $KATA_DATA_DIR (no download in tests)")
def test_thresholds_split_real_mnist_roughly_in_half():
    from harness.data import mnist

    images, labels = mnist("train")
    assert C.calibrate(images, labels) == {"THICK_WIDTH": C.THICK_WIDTH, "SLANT_SHEAR": C.SLANT_SHEAR,
                                           "LARGE_BOX": C.LARGE_BOX}
    test_images, test_labels = mnist("test")
    attrs = C.describe(test_images, test_labels)
    for name in ("thick", "slanted", "large"):
        share = sum(getattr(a, name) for a in attrs) / len(attrs)
        assert 0.4 <= share <= 0.6, f"{name}: {share:.3f} of MNIST test digits"
        for digit in range(10):
            mine = [getattr(a, name) for a in attrs if a.digit == digit]
            assert 0.25 <= sum(mine) / len(mine) <= 0.75, f"{name}, digit {digit}: {sum(mine) / len(mine):.3f}"
