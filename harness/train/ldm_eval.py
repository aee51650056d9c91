"""What `kata eval ldm` measures besides the judge (harness/judge.py), for digits asked for in
held-out phrasings: does our own CLIP (`kata train clip`) read the drawn digit as the prompt that
asked for it, and do the pixels show the attributes the prompt named? Both land in eval.json (or
sweep.json) beside the judge's figures."""
from __future__ import annotations

import torch

from ..captions import HELD_OUT_TEMPLATES, LANGS, Attributes, caption, describe
from . import clip as CLIP


def held_out_prompts(n: int, seed: int, prompt_lang: str = "both"):
    """(asked attributes, phrasings, languages, prompts), n of each: the ten digits in turn, random
    attributes from the seed, the held-out phrasings in turn every 20, English and Japanese
    alternating every 10 with prompt_lang "both" (else that language only)."""
    g = torch.Generator().manual_seed(seed)
    asked = [Attributes(i % 10, *(bool(b) for b in torch.randint(0, 2, (3,), generator=g).tolist()))
             for i in range(n)]
    langs = [prompt_lang if prompt_lang != "both" else LANGS[(i // 10) % 2] for i in range(n)]
    phrasings = [HELD_OUT_TEMPLATES[(i // 20) % len(HELD_OUT_TEMPLATES)] for i in range(n)]
    prompts = [caption(at, k, lang) for at, k, lang in zip(asked, phrasings, langs)]
    return asked, phrasings, langs, prompts


@torch.no_grad()
def clip_rank(run, m, images, asked, phrasings, langs) -> dict:
    """How often our CLIP puts the asked prompt first among the ten that differ only in the digit."""
    x = ((images.to(run.device) - m.stats[0]) / m.stats[1])
    image_emb = CLIP.embed_images(m.clip, x)
    texts = [caption(Attributes(d, at.thick, at.slanted, at.large), k, lang)
             for at, k, lang in zip(asked, phrasings, langs) for d in range(10)]
    ids = torch.tensor([m.tok.encode(s, m.config["max_len"]) for s in texts], device=run.device)
    text_emb = CLIP.embed_texts(m.clip, ids).view(len(asked), 10, -1)
    ranked = (text_emb @ image_emb.unsqueeze(-1)).squeeze(-1).argmax(-1).cpu()
    right = ranked == torch.tensor([at.digit for at in asked])
    out = {"clip_rank1": float(right.float().mean())}
    for lang in LANGS:
        pick = torch.tensor([lg == lang for lg in langs])
        if pick.any():
            out[f"clip_rank1_{lang}"] = float(right[pick].float().mean())
    run.say("ldm_clip_rank", n=len(asked), acc=out["clip_rank1"])
    return out


def attributes_kept(run, images, asked) -> dict:
    """How often the drawn digit's pixels show the asked attribute (harness.captions; chance ≈ 50 %)."""
    got = describe(images[:, 0], torch.tensor([at.digit for at in asked]))
    out = {f"attribute_{name}": sum(getattr(g, name) == getattr(at, name) for g, at in zip(got, asked)) / len(asked)
           for name in ("thick", "slanted", "large")}
    run.say("ldm_attributes", thick=out["attribute_thick"], slanted=out["attribute_slanted"],
            large=out["attribute_large"])
    return out
