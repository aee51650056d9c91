"""`kata train captioner` / `kata sample captioner`: the learner's s04 pieces learn to write the
captions harness/captions.py derives from MNIST pixels ("a thick, slanted seven"; --caption-lang ja:
"太くて傾いた7"), each training image in a training phrasing drawn anew at each step: teacher
forcing, masked loss, AdamW as for the ViT. Val loss: the last 5,000 training images. Test digits:
  greedy  the image alone: the model's own phrasing, parsed, is right where it names a digit or an
          attribute (so any phrasing, a held-out one too, is judged by what it says);
  forced  reading each training phrasing, the model prefers the true word to another (vision.forced).
captions.png and `kata sample captioner` (greedy, or --temperature) draw digits under their captions."""
from __future__ import annotations

import torch

from ..captions import HELD_OUT_TEMPLATES, TRAIN_TEMPLATES, Attributes, caption
from . import loop
from .mlp import load_data
from .vision import (FAMILIES, attributes, cjk_font, forced, judge, parse, save_captions, shift,
                     tokenizer_and_table)
from .vit import ViTTrainer

STAGE = "s04_captioning"
PIECES = {"caption_tokenizer": ["CaptionTokenizer"], "teacher_forcing": ["shift_for_teacher_forcing"],
          "captioner": ["Captioner", "CaptionerConfig"], "caption_loss": ["masked_caption_loss"],
          "decode": ["greedy_decode", "sample_decode"]}
CPU = dict(caption_lang="en", epochs=6, batch_size=128, lr=2e-3, warmup=200, weight_decay=0.05, shift=1,
           patch_size=7, dim=64, enc_depth=4, dec_depth=2, n_head=4, dropout=0.0, eval_images=1000)
PRESETS = {"cpu": CPU, "gpu": {**CPU, "epochs": 20, "batch_size": 256, "lr": 1e-3, "warmup": 1000,
                               "patch_size": 4, "dim": 128, "dec_depth": 3, "n_head": 8, "dropout": 0.1}}
SHAPE = ("patch_size", "dim", "enc_depth", "dec_depth", "n_head", "dropout")


class CaptionerTrainer(ViTTrainer):  # the ViT's schedule, optimizer and update; the rest its own
    name, best, items, presets, chart = "captioner", "val_loss", "captions", PRESETS, ("val_loss",)
    model_keys = ("caption_lang", *SHAPE[:5])  # what a checkpoint fixes
    flags = {**{k: type(v) for k, v in CPU.items()}, "epochs": float, "caption_lang": ("en", "ja")}
    sample_flags = {"count": (int, 12), "temperature": (float, 0.0)}

    def setup(self, run):
        o, hp = run.own, run.hp
        o.P, lang = loop.pieces(run.assembly, STAGE, PIECES), hp["caption_lang"]
        o.tok, table = tokenizer_and_table(o.P, lang, run.saved and run.saved["vocab"])
        xtr, ytr, o.xte, yte = self.load(run)
        o.table, atr = table.to(run.device), attributes(xtr, ytr, o.stats)  # [N, 4]: digit, thick, ...
        o.ate = attributes(o.xte, yte, o.stats)
        n = len(xtr) - min(5000, len(xtr) // 10)  # the last 5,000 validate
        o.xtr, o.atr, o.xva, o.ava = xtr[:n], atr[:n], xtr[n:], atr[n:]
        self.schedule(run, len(o.xtr))
        o.config = {"vocab_size": o.tok.vocab_size, "max_len": table.shape[-1], **{k: hp[k] for k in SHAPE}}
        run.say("captioner_setup", vocab=o.tok.vocab_size, max_len=table.shape[-1],
                example=caption(Attributes(7, True, True, False), 0, lang), n_train=len(o.xtr),
                epochs=self.epochs(run, hp["max_iters"] / o.per_epoch), batches=o.per_epoch)
        return o.P.Captioner(o.P.CaptionerConfig(**o.config)).to(run.device)

    def loss(self, run, model, x, ids):
        inputs, targets = run.own.P.shift_for_teacher_forcing(ids)
        with run.autocast():
            logits = model(x, inputs, run.own.tok.PAD)
        return run.own.P.masked_caption_loss(logits.float(), targets, run.own.tok.PAD)

    def step(self, run, it):
        """Teacher forcing on a batch, each caption in a training phrasing drawn anew, each digit shifted."""
        o, idx, g = run.own, run.epoch_batch(it, len(run.own.xtr), run.own.per_epoch), run.generator(it)
        k = torch.randint(len(TRAIN_TEMPLATES), (len(idx),), generator=g).to(run.device)
        x = shift(o.xtr[idx], run.hp["shift"], o.background, g) if run.hp.get("shift") else o.xtr[idx]
        return self.update(run, self.loss(run, run.model, x, o.table[(*o.atr[idx].T, k)]))

    def scores(self, run, model, x, attrs) -> tuple[dict, list[str]]:
        """Greedy captions of x: how often each names the digit / an attribute, and is right where
        it does (two of the four phrasings name no size); the teacher-forced choices right."""
        o, t = run.own, run.own.tok
        texts = [t.decode(r) for xb in x.split(500) for r in o.P.greedy_decode(model, xb, t.BOS, t.EOS, t.PAD)]
        named, right = judge(texts, attrs.cpu(), run.hp["caption_lang"])
        articles = [t.stoi[w] for w in ("a", "an") if w in t.stoi]  # English only
        tf = torch.cat([forced(model, xb, ab, o.table, t.PAD, articles)
                        for xb, ab in zip(x.split(500), attrs.split(500))])
        greedy = (right.sum(0) / named.sum(0).clamp(min=1)).tolist()  # right where named
        return {**{f"{f}_right": v for f, v in zip(FAMILIES, greedy)},
                **{f"{f}_named": v for f, v in zip(FAMILIES, named.float().mean(0).tolist())},
                **{f"forced_{f}_right": v for f, v in zip(FAMILIES, tf.float().mean(0).cpu().tolist())}}, texts

    def evaluate(self, run):
        o, m, n = run.own, run.eval_model, run.hp["eval_images"]
        was, _ = m.training, m.eval()
        with torch.no_grad():
            ids = o.table[(*o.ava.T, torch.arange(len(o.ava), device=o.ava.device) % len(TRAIN_TEMPLATES))]
            val = [self.loss(run, m, xb, ib).item() for xb, ib in zip(o.xva.split(1000), ids.split(1000))]
            scores, _ = self.scores(run, m, o.xte[:n], o.ate[:n])
        m.train(was)
        recent = [v for it, v in run.history["train"] if it >= (run.history["eval"] or [[-1]])[-1][0]]
        return {"train_loss": sum(recent) / max(1, len(recent)), "val_loss": sum(val) / len(val), **scores}

    def eval_line(self, run, it, m):
        o, hp = run.own, run.hp
        return run.text("captioner_eval", epoch=f"{it / o.per_epoch:.3g}", n=min(hp["eval_images"], len(o.xte)),
                        epochs=f"{hp['max_iters'] / o.per_epoch:.3g}", **m)

    def state(self, run):
        return {**super().state(run), "vocab": run.own.tok.itos}

    def figures(self, run):
        return {"steps": run.it, "epochs": run.it / run.own.per_epoch, **getattr(run.own, "final", {}),
                "caption_lang": run.hp["caption_lang"]}

    def summary(self, run, f):
        return run.text("captioner_summary", n=f["test_images"],
                        **{k: v for k, v in f.items() if k.endswith(("_right", "_named"))})

    def finish(self, run):
        o, _ = run.own, run.raw.eval()
        with torch.no_grad():
            o.final, texts = self.scores(run, run.raw, o.xte, o.ate)
        o.final["test_images"] = len(o.xte)
        self.show(run, o.xte[:12], o.ate[:12], texts[:12], run.wrote("captions.png", "captioner_file_captions"))

    def show(self, run, x, attrs, texts, path):
        """Print the captions beside those derived from the pixels (in a held-out phrasing); draw them."""
        lang, said = run.hp["caption_lang"], attrs.tolist()

        def derived(lang):  # each digit's caption in a held-out phrasing
            return [caption(Attributes(a[0], *map(bool, a[1:])), HELD_OUT_TEMPLATES[i % 2], lang)
                    for i, a in enumerate(said)]

        named, right = judge(texts, attrs, lang)
        ok = (named[:, 0] & (right | ~named).all(1)).tolist()  # a digit, and every word said right
        run.show("\n".join(f"{'✓' if r else '✗'} {s}   ({d})" for s, d, r in zip(texts, derived(lang), ok)),
                 run.text("captioner_show_title"))
        if lang == "ja" and cjk_font() is None:  # English titles rather than boxes
            run.say("captioner_no_font")
            found = [[min(f, default=0) for f in parse(s, lang)] for s in texts]
            texts, lang = [caption(Attributes(f[0], *map(bool, f[1:]))) for f in found], "en"
        return save_captions(path, x, run.own.stats, texts, derived(lang), ok)

    def sample(self, run, assembly, ckpt):
        o, temp, g = run.own, run.args.temperature, torch.Generator(run.device).manual_seed(run.seed)
        o.P, o.stats = loop.pieces(assembly, STAGE, PIECES), tuple(ckpt["stats"])
        t = o.tok = tokenizer_and_table(o.P, run.hp["caption_lang"], ckpt["vocab"])[0]
        model = o.P.Captioner(o.P.CaptionerConfig(**ckpt["config"])).to(run.device)
        model.load_state_dict(ckpt["model"])
        _, _, xte, yte, _ = load_data(run.device, o.stats, train=False)
        idx = torch.randperm(len(xte), generator=g, device=run.device)[:max(1, run.args.count)]
        x = xte[idx].view(-1, 1, 28, 28)
        ids = (o.P.sample_decode(model, x, temp, g, t.BOS, t.EOS, t.PAD) if temp > 0
               else o.P.greedy_decode(model, x, t.BOS, t.EOS, t.PAD))
        texts = [t.decode(r) for r in ids]
        path = self.show(run, x, attributes(x, yte[idx], o.stats), texts, run.out / "samples.png")
        run.say("captioner_sampled", n=len(texts), seed=run.seed, path=path,
                how=run.text("captioner_temperature", t=temp) if temp > 0 else run.text("captioner_greedy"))
        return {"captions": texts, "path": str(path)}


add_arguments, add_sample_arguments, train, sample = loop.entry_points(CaptionerTrainer())
