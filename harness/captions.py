"""Captions for MNIST, derived from each image's label and from what its pixels measure.

Text conditioning should mean more than a class id, so every digit gets three attributes read off
its pixels, each split at a threshold that divides MNIST's training set roughly in half:

    stroke    thick | thin          stroke width ≈ 2 · ink area / ink boundary length
                                    (a stroke of width w and length L has area w·L, boundary ≈ 2L)
    slant     slanted | upright     |shear| from the second moments of the intensity:
                                    cov(x, y) / var(y), with y pointing up
    size      large | small         bounding-box area of the ink, against the median of its own
                                    digit (a "large one" is large for a one)

and becomes a sentence through one of several phrasings (templates), in English or Japanese:

    >>> caption(Attributes(digit=7, thick=True, slanted=True, large=False), template=0)
    'a thick, slanted seven'
    >>> caption(Attributes(digit=7, thick=True, slanted=True, large=False), template=0, lang="ja")
    '太くて傾いた7'

Everything is deterministic: the thresholds are constants (measured once on MNIST's training set
by `calibrate`, tests/harness/test_captions.py checks them on the real data when it is there) and
the template of image i is a fixed function of i. Templates TRAIN_TEMPLATES are for training;
HELD_OUT_TEMPLATES are never used in training, so evaluation can ask about phrasings a model has
not seen. CLIP (s09) and the text-to-image pipeline (s11) reuse these captions.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

INK = 128  # a pixel (0..255) counts as ink from here on

# Measured on MNIST's 60,000 training images by calibrate(); each splits them roughly in half.
THICK_WIDTH = 2.83                    # stroke width (pixels) above which a digit is "thick"
SLANT_SHEAR = 0.193                   # |shear| above which a digit is "slanted"
LARGE_BOX = (340, 160, 340, 320, 304, 323, 285, 300, 300, 260)  # per digit: box area >= is "large"

DIGITS = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "ja": tuple("0123456789"),
}

# English: {stroke} thick|thin, {slant} slanted|upright, {size} large|small, {digit} seven,
# {numeral} 7. An article before a word is written {a} and chosen by the word that follows.
# Japanese: {stroke_te} 太くて|細くて, {stroke} 太い|細い, {slant} 傾いた|まっすぐな,
# {size} 大きな|小さな, {size_te} 大きくて|小さくて, {slant_noun} 傾きあり|傾きなし, {size_noun} 大きめ|小さめ, {numeral} 7.
TEMPLATES = {
    "en": (
        "{a} {stroke}, {slant} {digit}",
        "{a} {size} {stroke} {digit}, {slant}",
        "the digit {numeral}: {stroke}, {slant} and {size}",
        "{a} {slant} {digit} with {a} {stroke} stroke",
        "{a} {size}, {slant} {digit} drawn with {a} {stroke} pen",   # held out
        "{numeral}, {size}, {stroke} and {slant}",                 # held out
    ),
    "ja": (
        "{stroke_te}{slant}{numeral}",
        "{size}{slant}{numeral}、線は{stroke}",
        "数字の{numeral}：{stroke}線、{slant_noun}、{size_noun}",
        "{stroke}線で書かれた{slant}{numeral}",
        "{size_te}{stroke_te}{slant}{numeral}",                    # held out
        "{slant}{numeral}、{stroke}線で{size_noun}",                # held out
    ),
}
LANGS = tuple(TEMPLATES)  # ("en", "ja")
TRAIN_TEMPLATES = (0, 1, 2, 3)
HELD_OUT_TEMPLATES = (4, 5)

WORDS = {
    "en": {"stroke": ("thin", "thick"), "slant": ("upright", "slanted"), "size": ("small", "large")},
    "ja": {"stroke": ("細い", "太い"), "stroke_te": ("細くて", "太くて"),
           "slant": ("まっすぐな", "傾いた"), "slant_noun": ("傾きなし", "傾きあり"),
           "size": ("小さな", "大きな"), "size_te": ("小さくて", "大きくて"),
           "size_noun": ("小さめ", "大きめ")},
}


@dataclass(frozen=True)
class Attributes:
    digit: int
    thick: bool
    slanted: bool
    large: bool


# --- measuring the pixels ---------------------------------------------------------------------

def _as_images(images) -> torch.Tensor:
    images = torch.as_tensor(images)
    if images.dim() == 2:
        images = images[None]
    if images.dim() == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.dim() != 3:
        raise ValueError(f"images must be [N, H, W] (or [N, 1, H, W]), got shape {tuple(images.shape)}")
    if images.is_floating_point():  # accept [0, 1] floats too
        images = (images.clamp(0, 1) * 255).round()
    return images.float()


def measure(images) -> dict[str, torch.Tensor]:
    """Stroke width, shear and bounding-box area of each image: uint8 [N, H, W] (0..255) or
    float in [0, 1] -> three float tensors [N]. An empty image measures 0 everywhere."""
    x = _as_images(images)
    ink = (x >= INK).float()
    area = ink.sum((1, 2))
    # Boundary: ink pixels with at least one empty 4-neighbour (the padding counts as empty).
    padded = torch.nn.functional.pad(ink, (1, 1, 1, 1))
    inner = torch.stack([padded[:, :-2, 1:-1], padded[:, 2:, 1:-1],
                         padded[:, 1:-1, :-2], padded[:, 1:-1, 2:]]).amin(0)
    boundary = (ink * (1 - inner)).sum((1, 2))
    width = 2 * area / boundary.clamp(min=1)

    w = x / 255
    n, h, wd = w.shape
    rows = torch.arange(h, dtype=w.dtype).view(1, h, 1)
    cols = torch.arange(wd, dtype=w.dtype).view(1, 1, wd)
    mass = w.sum((1, 2)).clamp(min=1e-8)
    cy = (w * rows).sum((1, 2)) / mass
    cx = (w * cols).sum((1, 2)) / mass
    dy = -(rows - cy.view(-1, 1, 1))  # y up: a digit whose top leans right has positive shear
    dx = cols - cx.view(-1, 1, 1)
    shear = (w * dx * dy).sum((1, 2)) / (w * dy * dy).sum((1, 2)).clamp(min=1e-8)

    def extent(any_ink: torch.Tensor) -> torch.Tensor:
        index = torch.arange(any_ink.shape[1])
        first = torch.where(any_ink, index, any_ink.shape[1]).amin(1)
        last = torch.where(any_ink, index, -1).amax(1)
        return (last - first + 1).clamp(min=0).float()

    box = extent(ink.bool().any(2)) * extent(ink.bool().any(1))
    return {"width": width, "shear": shear, "box": box}


def describe(images, labels) -> list[Attributes]:
    """The attributes of each image, read against the thresholds above."""
    labels = torch.as_tensor(labels).long().view(-1)
    m = measure(images)
    if len(labels) != len(m["width"]):
        raise ValueError(f"{len(m['width'])} images but {len(labels)} labels")
    if len(labels) and (labels.min() < 0 or labels.max() > 9):
        raise ValueError("labels must be digits 0..9")
    large_at = torch.tensor(LARGE_BOX, dtype=torch.float32)[labels]
    thick = m["width"] > THICK_WIDTH
    slanted = m["shear"].abs() > SLANT_SHEAR
    large = m["box"] >= large_at
    return [Attributes(int(d), bool(t), bool(s), bool(g))
            for d, t, s, g in zip(labels.tolist(), thick, slanted, large)]


# --- words ------------------------------------------------------------------------------------

def _article(text: str) -> str:
    """Replace each {a} placeholder ("\x00") by a or an, chosen by the next word."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if word == "\x00":
            following = words[i + 1] if i + 1 < len(words) else ""
            words[i] = "an" if following[:1].lower() in "aeiou" and following else "a"
    return " ".join(words)


def caption(attrs: Attributes, template: int = 0, lang: str = "en") -> str:
    """One caption of the attributes in the given template (0..5) and language (en | ja)."""
    if lang not in TEMPLATES:
        raise ValueError(f"lang must be 'en' or 'ja', got {lang!r}")
    if not 0 <= template < len(TEMPLATES[lang]):
        raise ValueError(f"template must be 0..{len(TEMPLATES[lang]) - 1}, got {template}")
    chosen = {"stroke": attrs.thick, "stroke_te": attrs.thick, "slant": attrs.slanted,
              "slant_noun": attrs.slanted, "size": attrs.large, "size_te": attrs.large,
              "size_noun": attrs.large}
    values = {key: pair[int(chosen[key])] for key, pair in WORDS[lang].items()}
    values |= {"digit": DIGITS[lang][attrs.digit], "numeral": str(attrs.digit), "a": "\x00"}
    text = TEMPLATES[lang][template].format(**values)
    return _article(text) if lang == "en" else text


def template_for(index: int, split: str = "train") -> int:
    """The template of image `index`: cycles through the training templates, or through the
    held-out ones for split="held_out"."""
    pool = {"train": TRAIN_TEMPLATES, "held_out": HELD_OUT_TEMPLATES}.get(split)
    if pool is None:
        raise ValueError(f"split must be 'train' or 'held_out', got {split!r}")
    return pool[index % len(pool)]


def captions(images, labels, *, lang: str = "en", split: str = "train") -> list[str]:
    """A caption for every image: caption(describe(...)[i], template_for(i, split), lang)."""
    return [caption(a, template_for(i, split), lang) for i, a in enumerate(describe(images, labels))]


def all_captions(attrs: Attributes, lang: str = "en", split: str = "train") -> list[str]:
    """Every phrasing of one image's attributes in the split's templates."""
    pool = TRAIN_TEMPLATES if split == "train" else HELD_OUT_TEMPLATES
    return [caption(attrs, t, lang) for t in pool]


# --- every caption of a phrasing -----------------------------------------------------------------

COMBOS = [(thick, slanted, large) for thick in (0, 1) for slanted in (0, 1) for large in (0, 1)]  # 8 per digit


def combo_index(attrs: torch.Tensor) -> torch.Tensor:
    """[N, 4] digit, thick, slanted, large -> [N] in 0..79: digit · 8 + thick · 4 + slanted · 2 + large."""
    return attrs[:, 0] * 8 + attrs[:, 1] * 4 + attrs[:, 2] * 2 + attrs[:, 3]


def every_caption(lang: str, phrasing: int) -> list[str]:
    """The 80 captions of one phrasing (10 digits × COMBOS), in combo_index order."""
    return [caption(Attributes(d, *map(bool, c)), phrasing, lang) for d in range(10) for c in COMBOS]


def distinct(lang: str, phrasing: int, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """(first [U], which [80]): the distinct captions of a phrasing, each named by the first
    combination it describes, and which of them each combination gets. U = 80, or 40 where the
    phrasing names no size ("a thick, slanted seven")."""
    texts = every_caption(lang, phrasing)
    unique = list(dict.fromkeys(texts))
    first = [texts.index(u) for u in unique]
    return (torch.tensor(first, device=device), torch.tensor([unique.index(t) for t in texts], device=device))


# --- calibration ------------------------------------------------------------------------------

def calibrate(images, labels) -> dict:
    """Thresholds that split these images roughly in half: the medians of stroke width and
    |shear|, and per digit the box area whose ">=" split is nearest one half (box areas are
    whole numbers with many ties). How THICK_WIDTH, SLANT_SHEAR and LARGE_BOX were found."""
    labels = torch.as_tensor(labels).long()
    m = measure(images)
    large = []
    for digit in range(10):
        box = m["box"][labels == digit]
        candidates = box.unique()
        share = torch.stack([(box >= c).float().mean() for c in candidates])
        large.append(int(candidates[(share - 0.5).abs().argmin()]))
    return {"THICK_WIDTH": round(float(m["width"].median()), 2),
            "SLANT_SHEAR": round(float(m["shear"].abs().median()), 3),
            "LARGE_BOX": tuple(large)}


if __name__ == "__main__":  # python -m harness.captions: re-measure the thresholds on MNIST
    from .data import mnist

    print(calibrate(*mnist("train")))
