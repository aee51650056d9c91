"""`kata train vit` / `kata sample vit`: `kata train mlp`'s MNIST classifier, now a Vision Transformer
made of the learner's s03 pieces (ViT, ViTConfig). It inherits the MLP trainer's data (normalised
MNIST, here shaped [N, 1, 28, 28]), warm-up + cosine schedule and messages; AdamW; each training
digit shifted by up to `shift` pixels (a digit moved a little is the same digit).

Presets: cpu, 7×7 patches (16 tokens + the class token: 3× cheaper than 4×4 patches), width 64,
4 blocks, 4 epochs: 98.4 % test accuracy after about 2 minutes of training on 2 busy cores (one
thread); gpu: 4×4 patches, width 128, 6 blocks, 30 epochs. Besides the loop's files:
attention.png and mistakes.png show where the class token looks (attention rollout over the
blocks); `kata sample vit` classifies random test digits into samples.png the same way."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from . import common, loop
from .mlp import MLPTrainer, load_data
from .vision import logits_of, save_attention, shift

STAGE = "s03_vit"
PRESETS = {"cpu": dict(epochs=4, batch_size=128, lr=2e-3, warmup=200, weight_decay=0.05, shift=2,
                       patch_size=7, dim=64, depth=4, n_head=4, dropout=0.0),
           "gpu": dict(epochs=30, batch_size=256, lr=1e-3, warmup=1000, weight_decay=0.05, shift=2,
                       patch_size=4, dim=128, depth=6, n_head=8, dropout=0.1)}
SHAPE = ("patch_size", "dim", "depth", "n_head", "dropout")  # the ViTConfig fields a run sets


class ViTTrainer(MLPTrainer):  # inherits epochs, lr (warm-up + cosine), eval_line and summary
    name, best, items, presets, model_keys = "vit", "test_loss", "images", PRESETS, SHAPE[:4]
    device_presets, chart, sample_flags = {"cuda": "gpu"}, ("test_loss",), {"count": (int, 16)}
    flags = {**{k: type(v) for k, v in PRESETS["cpu"].items()}, "epochs": float}  # --lr 1e-3 sets hp["lr"]

    def load(self, run):
        """MNIST as for the MLP, shaped [N, 1, 28, 28]: (x_train, y_train, x_test, y_test)."""
        xtr, ytr, xte, yte, run.own.stats = load_data(run.device, run.saved and tuple(run.saved["stats"]))
        run.own.background = -run.own.stats[0] / run.own.stats[1]  # a blank pixel, normalised
        return xtr.view(-1, 1, 28, 28), ytr, xte.view(-1, 1, 28, 28), yte

    def schedule(self, run, n: int) -> None:
        """Steps per epoch over n examples, the run's steps, an evaluation every epoch."""
        o, hp, args = run.own, run.hp, run.args
        o.per_epoch = math.ceil(n / (hp["batch_size"] * run.dist.world_size))
        hp["max_iters"] = getattr(args, "max_iters", None) or round(hp["epochs"] * o.per_epoch)
        hp["eval_interval"] = getattr(args, "eval_interval", None) or o.per_epoch

    def setup(self, run):
        o, hp = run.own, run.hp
        o.P = loop.pieces(run.assembly, STAGE, {"vit": ["ViT", "ViTConfig"]})
        o.xtr, o.ytr, o.xte, o.yte = self.load(run)
        self.schedule(run, len(o.xtr))
        o.config = {k: hp[k] for k in SHAPE}
        run.say("vit_setup", patch=hp["patch_size"], tokens=(28 // hp["patch_size"]) ** 2,
                dim=hp["dim"], depth=hp["depth"], heads=hp["n_head"], batch=hp["batch_size"],
                epochs=self.epochs(run, hp["max_iters"] / o.per_epoch), batches=o.per_epoch)
        return o.P.ViT(o.P.ViTConfig(**o.config)).to(run.device)

    def optimizer(self, run, model):
        opt = torch.optim.AdamW(model.parameters(), lr=run.hp["lr"], weight_decay=run.hp["weight_decay"])
        return common.fast_optimizer(opt, run.device)

    def update(self, run, loss) -> float:
        """Backpropagate, clip the gradient norm at 1, step; the loss as a number."""
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(run.raw.parameters(), 1.0)
        run.optimizer.step()
        return loss.item()

    def step(self, run, it):
        """One AdamW step on a batch of (shifted) training digits; the ViT returns its own loss."""
        o = run.own
        idx = run.epoch_batch(it, len(o.xtr), o.per_epoch)
        x = o.xtr[idx]
        if run.hp["shift"]:
            x = shift(x, run.hp["shift"], o.background, run.generator(it))
        with run.autocast():
            _, loss = run.model(x, o.ytr[idx])
        return self.update(run, loss.float())

    def evaluate(self, run):
        o, logits = run.own, logits_of(run.eval_model, run.own.xte)
        recent = [v for it, v in run.history["train"] if it >= (run.history["eval"] or [[-1]])[-1][0]]
        return {"train_loss": sum(recent) / max(1, len(recent)),
                "test_loss": F.cross_entropy(logits, o.yte).item(),
                "test_accuracy": (logits.argmax(-1) == o.yte).float().mean().item()}

    def state(self, run):
        return {"config": run.own.config, "stats": list(run.own.stats)}

    def figures(self, run):
        return {"steps": run.it, "epochs": run.it / run.own.per_epoch, **run.own.config}

    def finish(self, run):
        o = run.own
        pred = logits_of(run.raw, o.xte).argmax(-1)
        save_attention(run.wrote("attention.png", "vit_file_attention", n=16), run.raw, o.xte[:16],
                       o.stats, pred[:16].tolist(), o.yte[:16].tolist())
        wrong = (pred != o.yte).nonzero().flatten()[:32]  # and where it looked when it got them wrong
        if len(wrong):
            save_attention(run.wrote("mistakes.png", "vit_file_mistakes", n=len(wrong)), run.raw, o.xte[wrong],
                           o.stats, pred[wrong].tolist(), o.yte[wrong].tolist())

    def sample(self, run, assembly, ckpt):
        P = loop.pieces(assembly, STAGE, {"vit": ["ViT", "ViTConfig"]})
        model = P.ViT(P.ViTConfig(**ckpt["config"])).to(run.device)
        model.load_state_dict(ckpt["model"])
        _, _, xte, yte, stats = load_data(run.device, tuple(ckpt["stats"]), train=False)
        g = torch.Generator().manual_seed(run.seed)
        idx = torch.randperm(len(xte), generator=g)[:max(1, run.args.count)]
        x, true = xte[idx].view(-1, 1, 28, 28), yte[idx].tolist()
        pred = logits_of(model, x).argmax(-1).tolist()
        path = save_attention(run.out / "samples.png", model, x, stats, pred, true)
        run.say("mlp_sample_row", guesses=" ".join(map(str, pred)), truth=" ".join(map(str, true)))
        right = sum(p == y for p, y in zip(pred, true))
        run.say("mlp_sampled", right=right, n=len(pred), seed=run.seed, path=path)
        return {"predicted": pred, "true": true, "path": str(path)}


add_arguments, add_sample_arguments, train, sample = loop.entry_points(ViTTrainer())
