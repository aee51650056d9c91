"""`kata train clip` / `kata sample clip`: the learner's s09 CLIP (a small CNN and a causal text
encoder, each projected into one shared space) learns which caption goes with which MNIST digit,
the captions harness/captions.py derives from the pixels ("a thick, slanted seven"; 太くて傾いた7).
Each step pairs a batch of training digits with captions drawn anew: a training phrasing, in
Japanese with probability --lang-mix (default 0.5, so that s11's text-to-image pipeline can be
prompted in either language), else in English, each word left out with probability
--word-dropout (0.1: the words then sit at other positions, which is what lets a phrasing never
trained be read; without it held-out phrasings lose 4 points). The tokenizer's vocabulary holds
every caption of both languages in every phrasing, held-out ones included (no UNK). The loss is
the learner's symmetric contrastive loss; AdamW (no decay on biases, norms and the temperature)
with a short warm-up: for the first few dozen steps the loss sits at ln(batch) while the towers
find each other; it floors near 2.5, as a batch holds the same caption several times.

Evaluation (the last 5,000 training digits validate; ckpt.pt keeps the lowest val_loss):
  zero-shot  each test digit gets the digit whose class vector is nearest: ensemble_prompts over
             the prompts prompt_grid writes for every attribute combination (thick/thin ×
             slanted/upright × large/small) in the training phrasings, and separately in the
             held-out ones; in English and in Japanese (accuracy_en, accuracy_en_held_out, ...);
  retrieval  on a test subset (--retrieval-images), among the distinct captions of one phrasing
             (80, or 40 where it names no size): image -> caption, right when the caption its
             pixels give is among the k best (recall_at_k; chance 1/80 at k = 1); caption ->
             image, right when one of its k best digits is described by it (retrieve_topk); each
             averaged over the phrasings of a group: i2t_r1_en, t2i_r5_ja_held_out, ...

Presets: cpu (CNN 32/64 channels -> 128, text encoder 2 blocks of width 64 with 4 heads, shared
space 64; batch 256, AdamW 2e-3, 600 steps: about 98.5 % zero-shot accuracy in both languages,
on training and held-out phrasings alike, in about 2 minutes of training on one thread); gpu
(wider, deeper, 3,000 steps of 512). At the end: a table of every figure, retrieval.png (test
digits, each with its three best captions in a held-out phrasing) and the loop's files.
`kata sample clip` classifies random test digits and ranks their captions (samples.png), or with
--captions finds the test digits that best fit captions of your own.

load_clip(assembly, ckpt) and load_text_encoder(assembly, ckpt) rebuild the trained model (the
checkpoint keeps its config and the tokenizer's vocabulary) for the stages that prompt it."""
from __future__ import annotations

import math

import torch

from ..captions import (COMBOS, DIGITS, HELD_OUT_TEMPLATES, LANGS, TEMPLATES, TRAIN_TEMPLATES, WORDS, Attributes, caption,
                        combo_index, distinct, every_caption)
from . import common, loop
from .clip_pictures import draw_ranked, draw_search
from .mlp import digits, load_data
from .vision import attributes, cjk_font, shift

STAGE = "s09_clip"
TOKENIZER = ("s04_captioning", "caption_tokenizer", "CaptionTokenizer")
MODEL = {"text_encoder": ["TextEncoder"], "clip_image_encoder": ["CLIPImageEncoder"], "clip_model": ["CLIP"]}
PIECES = {**MODEL, "contrastive_loss": ["clip_loss"], "zero_shot": ["zero_shot_classify"],
          "prompt_ensemble": ["ensemble_prompts"], "retrieval": ["retrieve_topk", "recall_at_k"],
          "prompt_templates": ["prompt_grid"]}
GROUPS = {"": TRAIN_TEMPLATES, "_held_out": HELD_OUT_TEMPLATES}  # figure suffix -> phrasings
PICTURE_PHRASING = HELD_OUT_TEMPLATES[0]  # retrieval.png ranks captions in a phrasing never trained

CPU = dict(steps=600, batch_size=256, lr=2e-3, warmup=50, weight_decay=0.05, lang_mix=0.5, word_dropout=0.1, shift=0,
           channels=32, image_dim=128, n_embd=64, n_head=4, n_layer=2, embed_dim=64, dropout=0.0,
           eval_interval=100, eval_images=2000, retrieval_images=1000)
PRESETS = {"cpu": CPU, "gpu": {**CPU, "steps": 3000, "batch_size": 512, "lr": 1e-3, "warmup": 200, "shift": 1,
                               "channels": 64, "image_dim": 256, "n_embd": 128, "n_head": 4, "n_layer": 4,
                               "embed_dim": 128, "eval_interval": 250, "eval_images": 10000}}
SHAPE = ("channels", "image_dim", "n_embd", "n_head", "n_layer", "embed_dim", "dropout")


# --- captions as ids ---------------------------------------------------------------------------

def build_tokenizer(Tokenizer, vocab=None):
    """The saved vocabulary's tokenizer, or one of every caption: both languages, every phrasing."""
    if vocab:
        return Tokenizer(list(vocab))
    return Tokenizer.build([s for lang in LANGS for k in range(len(TEMPLATES[lang])) for s in every_caption(lang, k)])


def caption_table(tok) -> torch.Tensor:
    """ids [2 (en, ja), 80 (combo_index), 6 (phrasing), max_len]: [BOS, …, EOS, PAD, …]."""
    texts = [every_caption(lang, k) for lang in LANGS for k in range(len(TEMPLATES[lang]))]
    n = max(len(tok.encode(s)) for rows in texts for s in rows)
    ids = torch.tensor([[tok.encode(s, n) for s in rows] for rows in texts])  # [2·6, 80, n]
    return ids.view(len(LANGS), -1, 80, n).transpose(1, 2).contiguous()


def drop_words(ids, p: float, tok, g) -> torch.Tensor:
    """ids [B, T] with each token between BOS and EOS left out with probability p (the rest move up,
    PAD fills the end): the same caption, its words at other positions, now and then one missing."""
    special = (ids == tok.BOS) | (ids == tok.EOS) | (ids == tok.PAD)
    keep = special | (torch.rand(ids.shape, generator=g) >= p).to(ids.device)
    order = torch.argsort((~keep).int(), dim=1, stable=True)  # kept tokens first, in their order
    return torch.where(keep.gather(1, order), ids.gather(1, order), torch.full_like(ids, tok.PAD))


def class_prompts(P, lang: str, phrasings) -> list[list[str]]:
    """[10][8·K]: each digit's prompts, written by the learner's prompt_grid, in every attribute
    combination (a field per attribute word) × each phrasing."""
    rows: list[list[str]] = [[] for _ in range(10)]
    for combo in COMBOS:
        fields = {key: pair[combo[("stroke", "slant", "size").index(key.split("_")[0])]]
                  for key, pair in WORDS[lang].items()}
        for digit, prompts in enumerate(P.prompt_grid([TEMPLATES[lang][k] for k in phrasings], DIGITS[lang], **fields)):
            rows[digit] += prompts
    return rows


# --- the model ---------------------------------------------------------------------------------

def build(P, config: dict, device):
    image = P.CLIPImageEncoder(1, 28, config["channels"], config["image_dim"])
    return P.CLIP(image, text_encoder(P, config), config["image_dim"], config["n_embd"],
                  config["embed_dim"]).to(device)


def text_encoder(P, config: dict):
    return P.TextEncoder(config["vocab_size"], config["max_len"], config["n_embd"], config["n_head"],
                         config["n_layer"], config["dropout"], eos_id=config["eos_id"], pad_id=config["pad_id"])


def _checkpoint(ckpt, device) -> dict:
    return ckpt if isinstance(ckpt, dict) else common.load_checkpoint(ckpt, device)


def load_clip(assembly, ckpt, device="cpu"):
    """(model in eval mode, tokenizer, config) of a `kata train clip` checkpoint (ckpt.pt's path or
    its loaded dict). config has the model's shape and max_len, the text encoder's block size:
    prompts are encoded with tokenizer.encode(text, config["max_len"]). The assembly must hold
    s09's text_encoder, clip_image_encoder, projection_head, clip_model and s04's caption_tokenizer."""
    ckpt = _checkpoint(ckpt, device)
    P = loop.pieces(assembly, STAGE, MODEL)
    model = build(P, ckpt["config"], device)
    model.load_state_dict(ckpt["model"])
    return model.eval(), tokenizer_of(assembly, ckpt), dict(ckpt["config"])


def load_text_encoder(assembly, ckpt, device="cpu"):
    """(text encoder in eval mode, tokenizer, config): only the text tower of a `kata train clip`
    checkpoint (its .tokens(ids) gives every token's state [B, max_len, n_embd]); the assembly needs
    s09's text_encoder and s04's caption_tokenizer only."""
    ckpt = _checkpoint(ckpt, device)
    encoder = text_encoder(loop.pieces(assembly, STAGE, {"text_encoder": ["TextEncoder"]}), ckpt["config"])
    prefix = "text_encoder."
    encoder.load_state_dict({k[len(prefix):]: v for k, v in ckpt["model"].items() if k.startswith(prefix)})
    return encoder.to(device).eval(), tokenizer_of(assembly, ckpt), dict(ckpt["config"])


def tokenizer_of(assembly, ckpt: dict):
    return build_tokenizer(getattr(assembly.load(*TOKENIZER[:2]), TOKENIZER[2]), ckpt["vocab"])


@torch.no_grad()
def embed_images(model, x) -> torch.Tensor:
    return torch.cat([model.encode_image(xb).float() for xb in x.split(1000)])


@torch.no_grad()
def embed_texts(model, ids) -> torch.Tensor:
    """ids [..., T] -> unit vectors [..., E]."""
    flat = ids.reshape(-1, ids.shape[-1])
    return torch.cat([model.encode_text(b).float() for b in flat.split(2000)]).view(*ids.shape[:-1], -1)


# --- the trainer -------------------------------------------------------------------------------

class CLIPTrainer(loop.Trainer):
    name, best, items, presets, model_keys = "clip", "val_loss", "images", PRESETS, SHAPE
    device_presets, chart = {"cuda": "gpu"}, ("val_loss",)
    flags = {"steps": int, "batch_size": int, "lr": float, "warmup": int, "weight_decay": float,
             "lang_mix": float, "word_dropout": float, "shift": int, **{k: type(CPU[k]) for k in SHAPE},
             "eval_images": int, "retrieval_images": int}
    sample_flags = {"count": (int, 8), "caption_lang": (LANGS, "en"), "phrasing": (int, PICTURE_PHRASING),
                    "captions": ([str], None)}

    def setup(self, run):
        o, hp, args = run.own, run.hp, run.args
        if not 0.0 <= hp["lang_mix"] <= 1.0:
            raise common.TrainerError(run.text("clip_bad_lang_mix", mix=hp["lang_mix"]))
        o.P = loop.pieces(run.assembly, STAGE, PIECES)
        Tokenizer = getattr(run.assembly.load(*TOKENIZER[:2]), TOKENIZER[2])
        o.tok = build_tokenizer(Tokenizer, run.saved and run.saved["vocab"])
        o.table = caption_table(o.tok).to(run.device)
        xtr, ytr, xte, yte, o.stats = load_data(run.device, run.saved and tuple(run.saved["stats"]))
        o.background = -o.stats[0] / o.stats[1]
        xtr, o.xte = xtr.view(-1, 1, 28, 28), xte.view(-1, 1, 28, 28)
        ctr, o.yte = combo_index(attributes(xtr, ytr, o.stats)), yte
        o.cte = combo_index(attributes(o.xte, yte, o.stats))
        n = len(xtr) - min(5000, len(xtr) // 10)  # the last 5,000 validate
        o.xtr, o.ctr, o.xva, o.cva = xtr[:n], ctr[:n], xtr[n:], ctr[n:]
        # Validation captions: the training phrasings in turn, Japanese spread evenly at lang_mix.
        i = torch.arange(len(o.xva))
        ja = (torch.floor((i + 1) * hp["lang_mix"]) > torch.floor(i * hp["lang_mix"])).long()
        phrasing = torch.tensor(TRAIN_TEMPLATES)[i % len(TRAIN_TEMPLATES)]
        o.va_ids = o.table[ja.to(run.device), o.cva, phrasing.to(run.device)]
        o.per_epoch = math.ceil(len(o.xtr) / (hp["batch_size"] * run.dist.world_size))
        hp["max_iters"] = getattr(args, "max_iters", None) or hp["steps"]
        o.prompts = {(lang, group): torch.tensor([[o.tok.encode(s, o.table.shape[-1]) for s in row]
                                                  for row in class_prompts(o.P, lang, phrasings)]).to(run.device)
                     for lang in LANGS for group, phrasings in GROUPS.items()}  # [10, 8·K, max_len]
        o.config = {"vocab_size": o.tok.vocab_size, "max_len": o.table.shape[-1], "eos_id": o.tok.EOS,
                    "pad_id": o.tok.PAD, **{k: hp[k] for k in SHAPE}}
        run.say("clip_setup", channels=hp["channels"], channels2=2 * hp["channels"], image_dim=hp["image_dim"],
                layers=hp["n_layer"], n_embd=hp["n_embd"], heads=hp["n_head"], max_len=o.config["max_len"],
                embed_dim=hp["embed_dim"], vocab=o.tok.vocab_size, n_train=len(o.xtr), n_val=len(o.xva),
                steps=hp["max_iters"], batch=hp["batch_size"], epochs=f"{hp['max_iters'] / o.per_epoch:.3g}",
                ja=round(100 * hp["lang_mix"]), example_en=caption(Attributes(7, True, True, False), 0, "en"),
                example_ja=caption(Attributes(7, True, True, False), 0, "ja"))
        return build(o.P, o.config, run.device)

    def optimizer(self, run, model):
        decay = [p for p in model.parameters() if p.dim() >= 2]  # matrices; not biases, norms, the scale
        rest = [p for p in model.parameters() if p.dim() < 2]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": run.hp["weight_decay"]},
                                 {"params": rest, "weight_decay": 0.0}], lr=run.hp["lr"])
        return common.fast_optimizer(opt, run.device)

    def lr(self, run, it):
        return common.warmup_cosine(it, run.hp["max_iters"], run.hp["lr"], run.hp["warmup"])

    def step(self, run, it):
        """A batch of training digits, each with a caption drawn anew (phrasing and language)."""
        o, hp, g = run.own, run.hp, run.generator(it)
        idx = run.epoch_batch(it, len(o.xtr), o.per_epoch)
        phrasing = torch.tensor(TRAIN_TEMPLATES)[torch.randint(len(TRAIN_TEMPLATES), (len(idx),), generator=g)]
        ja = (torch.rand(len(idx), generator=g) < hp["lang_mix"]).long()
        ids = o.table[ja.to(run.device), o.ctr[idx], phrasing.to(run.device)]
        if hp["word_dropout"]:
            ids = drop_words(ids, hp["word_dropout"], o.tok, g)
        x = shift(o.xtr[idx], hp["shift"], o.background, g) if hp["shift"] else o.xtr[idx]
        with run.autocast():
            loss = o.P.clip_loss(run.model(x, ids).float())
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(run.raw.parameters(), 1.0)
        run.optimizer.step()
        return loss.item()

    def zero_shot(self, run, model, image_emb, digits_true) -> dict:
        """Accuracy of the ensembled digit prompts, per language and group of phrasings."""
        o, out = run.own, {}
        for (lang, group), ids in o.prompts.items():
            classes = o.P.ensemble_prompts(embed_texts(model, ids))  # [10, E]
            right = o.P.zero_shot_classify(image_emb, classes) == digits_true
            out[f"accuracy_{lang}{group}"] = right.float().mean().item()
        return out

    def retrieval(self, run, model, image_emb, combos) -> dict:
        """recall@1 and @5, image -> caption and caption -> image, per language and group, among the
        distinct captions of each phrasing (two phrasings name no size: 40 captions, not 80)."""
        o, out = run.own, {}
        text_emb = embed_texts(model, o.table)  # [2, 80, 6, E]
        for li, lang in enumerate(LANGS):
            for group, phrasings in GROUPS.items():
                for k in (1, 5):
                    i2t, t2i = [], []
                    for p in phrasings:
                        first, which = distinct(lang, p, combos.device)
                        keys, targets = text_emb[li, first, p], which[combos]
                        i2t.append(o.P.recall_at_k(image_emb, keys, k, targets))
                        _, found = o.P.retrieve_topk(keys, image_emb, min(k, len(image_emb)))
                        hit = (which[combos[found]] == torch.arange(len(first), device=found.device)[:, None]).any(1)
                        t2i.append(hit[torch.isin(torch.arange(len(first), device=found.device), targets)]
                                   .float().mean().item())  # the captions some digit of the subset has
                    out[f"i2t_r{k}_{lang}{group}"] = sum(i2t) / len(i2t)
                    out[f"t2i_r{k}_{lang}{group}"] = sum(t2i) / len(t2i)
        return out

    def evaluate(self, run):
        o, model, hp = run.own, run.eval_model, run.hp
        was, _ = model.training, model.eval()
        with torch.no_grad():
            B = 256  # a fixed batch, so that val_loss compares across runs (ln 256 = 5.55 at chance)
            val = [(o.P.clip_loss(model(xb, ib).float()).item(), len(xb))
                   for xb, ib in zip(o.xva.split(B), o.va_ids.split(B)) if len(xb) > 1]
            n = min(hp["eval_images"], len(o.xte))
            scores = self.zero_shot(run, model, embed_images(model, o.xte[:n]), o.yte[:n])
        model.train(was)
        recent = [v for it, v in run.history["train"] if it >= (run.history["eval"] or [[-1]])[-1][0]]
        return {"train_loss": sum(recent) / max(1, len(recent)),
                "val_loss": sum(v * m for v, m in val) / sum(m for _, m in val),
                "logit_scale": float(run.raw.logit_scale.detach().float().exp()), **scores}

    def eval_line(self, run, it, m):
        n = min(run.hp["eval_images"], len(run.own.xte))
        return run.text("clip_eval", it=it, steps=run.hp["max_iters"], loss=m["val_loss"], scale=m["logit_scale"],
                        n=n, en=m["accuracy_en"], en_held=m["accuracy_en_held_out"], ja=m["accuracy_ja"],
                        ja_held=m["accuracy_ja_held_out"])

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.dist.world_size

    def state(self, run):
        return {"config": run.own.config, "vocab": run.own.tok.itos, "stats": list(run.own.stats)}

    def figures(self, run):
        return {"steps": run.it, "epochs": run.it / run.own.per_epoch, "lang_mix": run.hp["lang_mix"],
                **run.own.config, **getattr(run.own, "final", {})}

    def summary(self, run, f):
        if "i2t_r1_en" not in f:
            return run.text("clip_summary_short", loss=f["best_val_loss"])
        return run.text("clip_summary", n=f["test_images"], en=f["accuracy_en"], en_held=f["accuracy_en_held_out"],
                        ja=f["accuracy_ja"], ja_held=f["accuracy_ja_held_out"])

    def finish(self, run):
        o, model, hp = run.own, run.raw.eval(), run.hp
        m = min(hp["retrieval_images"], len(o.xte))
        image_emb = embed_images(model, o.xte)
        o.final = {**self.zero_shot(run, model, image_emb, o.yte),
                   **self.retrieval(run, model, image_emb[:m], o.cte[:m]),
                   "test_images": len(o.xte), "retrieval_images": m}
        show_table(run, o.final)
        ranked = rank_captions(run, model, o.table, image_emb[:12], "en", PICTURE_PHRASING)
        draw_ranked(run.wrote("retrieval.png", "clip_file_retrieval", n=min(12, len(o.xte))),
                    digits(o.xte[:12].flatten(1), o.stats), o.cte[:12], ranked, "en", PICTURE_PHRASING)

    def sample(self, run, assembly, ckpt):
        o, args = run.own, run.args
        o.P = loop.pieces(assembly, STAGE, PIECES)
        model, o.tok, config = load_clip(assembly, ckpt, run.device)
        table = caption_table(o.tok).to(run.device)
        _, _, xte, yte, stats = load_data(run.device, tuple(ckpt["stats"]), train=False)
        xte, g = xte.view(-1, 1, 28, 28), torch.Generator().manual_seed(run.seed)
        lang, count = args.caption_lang, max(1, args.count)
        if args.captions:
            return self.search(run, model, config["max_len"], xte, stats, [str(c) for c in args.captions], count, g)
        if not 0 <= args.phrasing < len(TEMPLATES[lang]):
            raise common.TrainerError(run.text("clip_bad_phrasing", k=args.phrasing, last=len(TEMPLATES[lang]) - 1))
        idx = torch.randperm(len(xte), generator=g)[:count].to(run.device)
        x, true = xte[idx], yte[idx]
        combos = combo_index(attributes(x, true, stats))
        image_emb = embed_images(model, x)
        prompts = torch.tensor([[o.tok.encode(s, config["max_len"]) for s in row]
                                for row in class_prompts(o.P, lang, TRAIN_TEMPLATES)]).to(run.device)
        pred = o.P.zero_shot_classify(image_emb, o.P.ensemble_prompts(embed_texts(model, prompts)))
        ranked = rank_captions(run, model, table, image_emb, lang, args.phrasing)
        for p, y, (scores, found) in zip(pred.tolist(), true.tolist(), zip(*ranked)):
            best = every_caption(lang, args.phrasing)[int(found[0])]
            run.say("clip_sample_row", mark="✓" if p == y else "✗", pred=p, true=y, caption=best,
                    score=float(scores[0]))
        path = draw_ranked(run.out / "samples.png", digits(x.flatten(1), stats), combos, ranked, lang, args.phrasing,
                           say=run.say)
        right = int((pred == true).sum())
        run.say("clip_sampled", right=right, n=len(idx), seed=run.seed, path=path)
        return {"predicted": pred.tolist(), "true": true.tolist(), "path": str(path)}

    def search(self, run, model, max_len, xte, stats, captions, count, g):
        """Each caption of the learner's ranks 2,000 random test digits; its `count` best are drawn."""
        tok = run.own.tok
        try:
            ids = torch.tensor([tok.encode(c, max_len) for c in captions]).to(run.device)
        except ValueError as e:
            raise common.TrainerError(run.text("clip_caption_too_long", error=str(e))) from None
        pool = torch.randperm(len(xte), generator=g)[:2000].to(run.device)
        scores, found = run.own.P.retrieve_topk(embed_texts(model, ids), embed_images(model, xte[pool]),
                                                min(count, len(pool)))
        unknown = sorted({w for c in captions for w in tok.tokens(c) if w not in tok.stoi})
        if unknown:
            run.say("clip_unknown_words", words=" ".join(unknown))
        images = digits(xte[pool][found.flatten()].flatten(1), stats).view(len(captions), -1, 1, 28, 28)
        for i, (c, s) in enumerate(zip(captions, scores.tolist())):
            run.say("clip_search_row", i=i + 1, caption=c, best=s[0], worst=s[-1])
        if cjk_font() is None and not all(c.isascii() for c in captions):
            run.say("clip_no_font_search")
        path = draw_search(run.out / "samples.png", captions, images)
        run.say("clip_searched", n=len(captions), k=found.shape[1], seed=run.seed, path=path)
        return {"captions": captions, "path": str(path)}


# --- what a run shows ----------------------------------------------------------------------------

def rank_captions(run, model, table, image_emb, lang: str, phrasing: int, k: int = 3):
    """(cosines [N, k], combo indices [N, k]): each image's k best of the distinct captions of a
    phrasing (each named by the first combination that it describes)."""
    first, _ = distinct(lang, phrasing, image_emb.device)
    scores, found = run.own.P.retrieve_topk(image_emb, embed_texts(model, table[LANGS.index(lang), first, phrasing]), k)
    return scores, first[found]


def show_table(run, f: dict) -> None:
    """Every figure of the finished run in one table: rows the figures, columns the languages."""
    from rich.table import Table

    table = Table(title=run.text("clip_table_title", n=f["test_images"], m=f["retrieval_images"]))
    for key in ("clip_col_figure", "clip_col_phrasings", "clip_col_en", "clip_col_ja"):
        table.add_column(run.text(key), justify="left" if key in ("clip_col_figure", "clip_col_phrasings") else "right")
    for group in GROUPS:
        for figure_key, row in (("accuracy", "clip_row_accuracy"), ("i2t_r1", "clip_row_i2t_r1"),
                                ("i2t_r5", "clip_row_i2t_r5"), ("t2i_r1", "clip_row_t2i_r1"),
                                ("t2i_r5", "clip_row_t2i_r5")):
            table.add_row(run.text(row), run.text(f"clip_group{group or '_train'}"),
                          *(f"{100 * f[f'{figure_key}_{lang}{group}']:.1f} %" for lang in LANGS),
                          end_section=figure_key == "t2i_r5")
    if run.main:
        run.console.print(table)
        run.say("clip_table_caption")


add_arguments, add_sample_arguments, train, sample = loop.entry_points(CLIPTrainer())
