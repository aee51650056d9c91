"""The pictures of `kata train clip` and `kata sample clip` (matplotlib, through pictures.py):

    draw_ranked   retrieval.png / samples.png: test digits, each above its three best captions of
                  one phrasing, coloured by how right they are, and the caption its pixels give
    draw_search   samples.png of `kata sample clip --captions …`: a row of best-fitting test
                  digits per caption of the learner's

Japanese text needs a font with its glyphs (vision.cjk_font); without one the captions are drawn
in English, or numbered."""
from __future__ import annotations

import math

from ..captions import every_caption
from .pictures import figure, save
from .vision import cjk_font


def _font(texts) -> dict:
    return {"family": cjk_font()} if cjk_font() and not all(s.isascii() for s in texts) else {}


def draw_ranked(path, images, combos, ranked, lang: str, phrasing: int, say=None):
    """Digits, each above its three best captions of the 80 of one phrasing with their cosines
    (green: every word right; black: the right digit; red: a wrong digit) and, in grey, the caption
    its pixels give. 3 columns of 333 × 200 pixels, 50 more for the title. Japanese captions
    without a Japanese font: in English."""
    if lang == "ja" and cjk_font() is None:
        if say:
            say("clip_no_font")
        lang = "en"
    texts = every_caption(lang, phrasing)
    scores, found = (t.cpu() for t in ranked)
    rows, W, cell = math.ceil(len(images) / 3), 1000, 200
    H = rows * cell + 50
    fig = figure(W, H)
    fig.suptitle(f"Each test digit's 3 best captions of the {len(set(texts))} in phrasing {phrasing}, "
                 "with their cosines\n"
                 "green: every word right · red: a wrong digit · grey: what its pixels say", y=1 - 8 / H, fontsize=10,
                 va="top")
    for i, (img, true) in enumerate(zip(images, combos.tolist())):
        r, c = divmod(i, 3)
        middle, top = (c + 0.5) * W / 3, 50 + r * cell
        ax = fig.add_axes(((middle - 40) / W, 1 - (top + 80) / H, 80 / W, 80 / H))
        ax.imshow(img[0].numpy(), cmap="gray", vmin=0, vmax=1)
        ax.set_axis_off()
        lines = [(f"{texts[key]}  ({s:.2f})", "C2" if texts[key] == texts[true] else
                  "black" if key // 8 == true // 8 else "C3") for s, key in zip(scores[i].tolist(), found[i].tolist())]
        lines.append((texts[true], "0.5"))
        for j, (text, color) in enumerate(lines):
            fig.text(middle / W, 1 - (top + 97 + 19 * j) / H, text, ha="center", va="center", fontsize=8,
                     color=color, **_font([text]))
    return save(fig, path)


def draw_search(path, captions: list[str], images):
    """One row per caption: the caption (its number where no font has its glyphs), then its best
    test digits (best first). Each row 80 pixels, the caption 300 pixels wide, each digit 64; 50
    more for the title."""
    n, k = images.shape[:2]
    W, H = 300 + 64 * k + 10, 80 * n + 50
    fig = figure(W, H)
    fig.suptitle("Test digits that best fit each caption (best first)", y=1 - 15 / H, fontsize=11)
    for r, (text, row) in enumerate(zip(captions, images)):
        top = 50 + 80 * r
        label = f"{r + 1}. {text}" if text.isascii() or cjk_font() else f"{r + 1}."
        fig.text(290 / W, 1 - (top + 36) / H, label, ha="right", va="center", fontsize=9, **_font([label]))
        for j, img in enumerate(row):
            ax = fig.add_axes(((300 + 64 * j) / W, 1 - (top + 68) / H, 60 / W, 60 / H))
            ax.imshow(img[0].numpy(), cmap="gray", vmin=0, vmax=1)
            ax.set_axis_off()
    return save(fig, path)
