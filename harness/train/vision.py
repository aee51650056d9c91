"""Helpers of the image trainers (vit.py, captioner.py), so that those show only a model's own
story: epoch-shuffled batches and randomly shifted digits; the captions of digits as ids and how a
caption is scored (parse: which words it says; forced: teacher-forced choices); and pictures: where
a ViT's class token looks (attention rollout), digits titled with their captions (with a Japanese
font where the captions are Japanese and the machine has one; matplotlib's own would draw boxes)."""
from __future__ import annotations

import itertools
import math
import re
import textwrap
from functools import cache

import torch
import torch.nn.functional as F

from ..captions import DIGITS, TRAIN_TEMPLATES, WORDS, Attributes, caption, describe
from .mlp import digits
from .pictures import figure, save


# --- batches ---------------------------------------------------------------------------------

def shift(x, pixels: int, background: float, g: torch.Generator) -> torch.Tensor:
    """Each image [N, 1, H, W] moved by a random whole number of pixels (-pixels..pixels) along x
    and y; what comes in at the edges is background."""
    t = torch.randint(-pixels, pixels + 1, (len(x), 2), generator=g).float() * 2 / x.shape[-1]
    theta = torch.cat([torch.eye(2).expand(len(x), 2, 2), t[:, :, None]], 2).to(x)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x - background, grid, align_corners=False) + background


def logits_of(model, x) -> torch.Tensor:
    """A ViT's logits of images x [N, 1, 28, 28], 1000 at a time, in eval mode (then restored)."""
    was, _ = model.training, model.eval()
    with torch.no_grad():
        out = torch.cat([model(xb)[0].float() for xb in x.split(1000)])
    model.train(was)
    return out


# --- captions --------------------------------------------------------------------------------

FAMILIES = ("digit", "stroke", "slant", "size")  # the columns of an attributes tensor [N, 4]


def attributes(x, y, stats) -> torch.Tensor:
    """harness.captions' attributes of normalised images [N, 1, 28, 28]: [N, 4] digit, thick,
    slanted, large (measured 10,000 images at a time)."""
    pieces = zip(x.cpu().split(10000), y.cpu().split(10000))
    got = [a for xs, ys in pieces for a in describe(digits(xs, stats), ys)]
    return torch.tensor([[a.digit, a.thick, a.slanted, a.large] for a in got], device=x.device)


def tokenizer_and_table(P, lang: str, vocab=None):
    """The tokenizer of every training phrasing (or of a saved vocabulary) and the ids of each:
    table[digit, thick, slanted, large, phrasing] = [BOS, …, EOS, PAD, …] ([max_len])."""
    combos = itertools.product(range(10), (0, 1), (0, 1), (0, 1), TRAIN_TEMPLATES)
    texts = [caption(Attributes(d, *map(bool, a)), k, lang) for d, *a, k in combos]
    tok = P.CaptionTokenizer(list(vocab)) if vocab else P.CaptionTokenizer.build(texts)
    n = max(len(tok.encode(s)) for s in texts)
    return tok, torch.tensor([tok.encode(s, n) for s in texts]).view(10, 2, 2, 2, len(TRAIN_TEMPLATES), n)


def parse(text: str, lang: str) -> list[set]:
    """The digits, then the values (0/1) of each attribute, a caption mentions: one each if right."""
    has = (lambda w: w in text) if lang == "ja" else (lambda w: w in re.findall(r"[a-z]+|\d", text.lower()))
    return [{d for d in range(10) if has(DIGITS[lang][d]) or has(str(d))}] + [
        {v for key, pair in WORDS[lang].items() if key.startswith(f) for v in (0, 1) if has(pair[v])}
        for f in FAMILIES[1:]]


def judge(texts: list[str], attrs: torch.Tensor, lang: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(named, right), each [N, 4] bool: a caption names the digit (an attribute) when it says
    some digit (some word of it); it is right when it says exactly the true one."""
    found = [parse(s, lang) for s in texts]
    named = torch.tensor([[bool(f) for f in fs] for fs in found]).view(-1, 4)
    right = [[f == {v} for f, v in zip(fs, a)] for fs, a in zip(found, attrs.tolist())]
    return named, torch.tensor(right).view(-1, 4)


def forced(model, x, attrs, table, pad: int, articles=()) -> torch.Tensor:
    """[N, 4] bool: reading each training phrasing of its caption (teacher forcing), the model
    prefers the true token to the other one wherever another digit (or the other value of an
    attribute) would first change the caption. The phrasing is not to be guessed, so a choice
    between two `articles` ("a slanted" / "an upright") is not scored: it also picks a phrasing."""
    right = torch.ones(len(x), 4, dtype=torch.bool, device=x.device)
    articles = torch.tensor(list(articles), dtype=torch.long, device=x.device)
    for k in range(table.shape[4]):
        ids = table[(*attrs.T, k)]
        logits = model(x, ids[:, :-1], pad).float()
        for f, other in [(0, d) for d in range(1, 10)] + [(1, 1), (2, 1), (3, 1)]:
            alt = attrs.clone()
            alt[:, f] = (alt[:, f] + other) % (10 if f == 0 else 2)
            alt_ids = table[(*alt.T, k)]
            differ = alt_ids != ids  # (phrasings without the size never differ in it)
            first = differ.int().argmax(1, keepdim=True).clamp(min=1)  # BOS always agrees
            at = logits.gather(1, (first - 1)[:, :, None].expand(-1, -1, logits.shape[-1]))[:, 0]
            mine, theirs = ids.gather(1, first), alt_ids.gather(1, first)
            moot = ~differ.any(1, keepdim=True) | (torch.isin(mine, articles) & torch.isin(theirs, articles))
            right[:, f] &= ((at.gather(1, mine) > at.gather(1, theirs)) | moot)[:, 0]
    return right


# --- pictures --------------------------------------------------------------------------------

def rollout(model, x) -> torch.Tensor:
    """Attention rollout [B, g, g]: how much each patch reaches the class token through all the
    blocks (heads averaged; a block also passes its input on unchanged, so A becomes (A + I) / 2)."""
    maps = model.attention_maps(x).float().mean(2)  # [depth, B, N+1, N+1]
    r = eye = torch.eye(maps.shape[-1], device=maps.device)
    for a in maps:
        r = (a + eye) / 2 @ r
    heat = r[:, 0, 1:].reshape(len(x), math.isqrt(maps.shape[-1] - 1), -1)
    return heat / heat.amax((1, 2), keepdim=True)


def save_attention(path, model, x, stats, pred, true):
    """Digits (grey) under their attention rollout (colour), titled with the guess (red: wrong,
    with the label). 8 columns of 120 × 135 pixels, 40 more for the title."""
    heat, imgs, cols = rollout(model, x).cpu(), digits(x.flatten(1), stats), min(8, len(x))
    rows = math.ceil(len(x) / cols)
    fig = figure(cols * 120, rows * 135 + 40)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 50 / (rows * 135 + 40), hspace=0.25)
    for k, (p, y) in enumerate(zip(pred, true)):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(imgs[k, 0].numpy(), cmap="gray", vmin=0, vmax=1)
        ax.imshow(heat[k].numpy(), cmap="inferno", alpha=0.5, extent=(-0.5, 27.5, 27.5, -0.5))
        ax.set_title(f"{p}" if p == y else f"{p} (true {y})", color="C2" if p == y else "C3", fontsize=9)
        ax.set_axis_off()
    fig.suptitle("Where the class token looks (attention rollout: bright = much); title: the guess")
    return save(fig, path)


@cache
def cjk_font() -> str | None:
    """The name of a font with Japanese glyphs, or None (matplotlib's DejaVu would draw boxes)."""
    from matplotlib import font_manager, ft2font

    for f in font_manager.fontManager.ttflist:
        try:
            if "Last Resort" not in f.name and ft2font.FT2Font(f.fname).get_char_index(ord("数")):
                return f.name
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def save_captions(path, x, stats, texts, derived, ok):
    """Digits titled with their generated captions (green: every word right, else red), each with
    the caption derived from its pixels below in grey. 4 columns of 250 × 230 pixels + 40."""
    rows, imgs, height = math.ceil(len(x) / 4), digits(x, stats), math.ceil(len(x) / 4) * 230 + 40
    fig = figure(1000, height)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=50 / height, top=1 - 60 / height, hspace=0.6)
    for i, (text, below) in enumerate(zip(texts, derived)):
        ax = fig.add_subplot(rows, 4, i + 1)
        ax.imshow(imgs[i, 0].numpy(), cmap="gray", vmin=0, vmax=1)
        ax.set_title(text, fontsize=9, color="C2" if ok[i] else "C3", **_font(text))
        ax.text(13.5, 29, textwrap.fill(below, 34), ha="center", va="top", fontsize=8, color="0.4", **_font(below))
        ax.set_axis_off()
    fig.suptitle("The model's captions of test digits (green: every word right); grey: from the pixels")
    return save(fig, path)


def _font(text: str) -> dict:
    return {} if text.isascii() or cjk_font() is None else {"family": cjk_font()}
