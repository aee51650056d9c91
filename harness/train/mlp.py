"""`kata train mlp` / `kata sample mlp`: an MNIST digit classifier from the learner's s01_pytorch
pieces: `MLP`, `cross_entropy`, `train_one_epoch` (given one batch per step) and `evaluate`; the
loop (loop.py) does the rest. Data: MNIST flattened to 784 values in [0, 1], normalised with the
training pixels' mean and std (about 0.1307 and 0.3081); the test images are only measured. Adam
with a warm-up and a cosine decay. The default (784 -> 256 -> 128 -> 10, 4 epochs, batch 128, lr
2e-3) reaches about 98 % test accuracy in about 15 s on 2 cores. Besides the loop's files:
mistakes.png (test digits it gets wrong, labelled); `kata sample mlp` writes samples.png."""
from __future__ import annotations

import math
from types import SimpleNamespace

import torch

from ..data import mnist
from . import common, loop
from .pictures import save_labelled_grid

STAGE = "s01_pytorch"
PRESETS = {"default": dict(epochs=4, batch_size=128, lr=2e-3, warmup=100, hidden=[256, 128])}
PIECES = {"mlp": ["MLP"], "cross_entropy": ["cross_entropy"], "training_loop": ["train_one_epoch"],
          "accuracy": ["evaluate"]}


def pieces(assembly) -> SimpleNamespace:  # the learner's four pieces
    return loop.pieces(assembly, STAGE, PIECES)


def load_data(device: torch.device, stats: tuple[float, float] | None = None, train: bool = True):
    """MNIST as flat, normalised float tensors on `device`: (x_train, y_train, x_test, y_test,
    stats). With stats given and train False, the training split is not read (None, None)."""
    def flat(x):
        return x.reshape(len(x), -1).float() / 255  # [N, 784] in [0, 1]

    (xte, yte), (xtr, ytr) = mnist("test"), mnist("train") if train or stats is None else (None, None)
    if stats is None:  # the training pixels' mean and std (the test set is never looked at)
        stats = (float(flat(xtr).mean()), float(flat(xtr).std()))
    xtr, xte = [None if x is None else ((flat(x) - stats[0]) / stats[1]).to(device) for x in (xtr, xte)]
    return xtr, None if ytr is None else ytr.to(device), xte, yte.to(device), stats


def predict(model, x) -> torch.Tensor:
    with torch.no_grad():
        return torch.cat([model.eval()(xb).argmax(-1) for xb in x.split(1000)])


def digits(x, stats) -> torch.Tensor:
    """Normalised flat images back to [N, 1, 28, 28] in [0, 1]."""
    return (x.cpu() * stats[1] + stats[0]).clamp(0, 1).reshape(-1, 1, 28, 28)


class MLPTrainer(loop.Trainer):
    name, best, items, presets, model_keys = "mlp", "test_loss", "images", PRESETS, ("hidden",)
    flags = {"epochs": int, "batch_size": int, "lr": float, "warmup": int, "hidden": [int]}
    sample_flags, chart = {"count": (int, 32)}, ("test_loss",)  # (train loss: the steps' curve)

    def epochs(self, run, n) -> str:  # "1 epoch", "2 epochs"
        return run.text("mlp_epoch_one" if n == 1 else "mlp_epoch_many", n=f"{n:g}")

    def setup(self, run):
        o, hp, args = run.own, run.hp, run.args
        o.P = pieces(run.assembly)
        o.xtr, o.ytr, o.xte, o.yte, o.stats = load_data(run.device, run.saved and tuple(run.saved["stats"]))
        o.per_epoch = math.ceil(len(o.xtr) / (hp["batch_size"] * run.dist.world_size))
        hp["max_iters"] = getattr(args, "max_iters", None) or hp["epochs"] * o.per_epoch  # per run:
        hp["eval_interval"] = getattr(args, "eval_interval", None) or o.per_epoch  # --epochs may grow
        o.config = {"in_dim": o.xtr.shape[1], "hidden": list(hp["hidden"]), "out_dim": 10}
        run.say("mlp_setup", dims=" -> ".join(map(str, [784, *o.config["hidden"], 10])),
                epochs=self.epochs(run, hp["max_iters"] / o.per_epoch), batches=o.per_epoch,
                n_train=len(o.xtr), n_test=len(o.xte), batch=hp["batch_size"])
        return o.P.MLP(o.config["in_dim"], o.config["hidden"], o.config["out_dim"]).to(run.device)

    def optimizer(self, run, model):
        return common.fast_optimizer(torch.optim.Adam(model.parameters(), lr=run.hp["lr"]), run.device)

    def lr(self, run, it):
        return common.warmup_cosine(it, run.hp["max_iters"], run.hp["lr"], run.hp["warmup"])

    def step(self, run, it):
        o = run.own
        idx = run.epoch_batch(it, len(o.xtr), o.per_epoch)  # one epoch's shuffle; each rank its own
        with run.autocast():
            return o.P.train_one_epoch(run.model, [(o.xtr[idx], o.ytr[idx])], run.optimizer,
                                       o.P.cross_entropy)

    def evaluate(self, run):
        o = run.own
        test_loss, acc = o.P.evaluate(run.eval_model, list(zip(o.xte.split(1000), o.yte.split(1000))),
                                      o.P.cross_entropy)
        recent = [v for it, v in run.history["train"] if it >= (run.history["eval"] or [[-1]])[-1][0]]
        return {"train_loss": sum(recent) / len(recent) if recent else math.nan,
                "test_loss": test_loss, "test_accuracy": acc}

    def eval_line(self, run, it, m):
        return run.text("mlp_eval", epoch=f"{it / run.own.per_epoch:g}", train=m["train_loss"],
                        epochs=f"{run.hp['max_iters'] / run.own.per_epoch:g}",
                        test=m["test_loss"], acc=m["test_accuracy"])

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.dist.world_size

    def state(self, run):
        o = run.own
        return {"config": o.config, "stats": list(o.stats), "epoch": run.it // o.per_epoch}

    def figures(self, run):
        last = [v for _, v in run.history["train"][-run.own.per_epoch:]]
        return {"epochs": run.it / run.own.per_epoch, "steps": run.it, "final_train_loss":
                sum(last) / len(last) if last else math.nan, "hidden": run.own.config["hidden"]}

    def summary(self, run, figures):
        return run.text("mlp_summary", acc=figures["test_accuracy"], loss=figures["test_loss"],
                        epochs=self.epochs(run, run.it / run.own.per_epoch))

    def finish(self, run):
        o = run.own
        wrong = (predict(run.raw, o.xte) != o.yte).nonzero().flatten()[:64]
        if len(wrong):
            pairs = zip(predict(run.raw, o.xte[wrong]).tolist(), o.yte[wrong].tolist())
            save_labelled_grid(run.wrote("mistakes.png", "mlp_file_mistakes", n=len(wrong)),
                               digits(o.xte[wrong], o.stats), [f"pred {p} · true {y}" for p, y in pairs],
                               colors=["firebrick"] * len(wrong),
                               title="Test digits the model gets wrong: its guess (pred), the label (true)")

    def sample(self, run, assembly, ckpt):
        P, cfg = pieces(assembly), ckpt["config"]
        model = P.MLP(cfg["in_dim"], list(cfg["hidden"]), cfg["out_dim"]).to(run.device)
        model.load_state_dict(ckpt["model"])
        _, _, xte, yte, stats = load_data(run.device, tuple(ckpt["stats"]), train=False)
        g = torch.Generator().manual_seed(run.seed)
        idx = torch.randperm(len(xte), generator=g)[:max(1, run.args.count)]
        pred, true = predict(model, xte[idx]).tolist(), yte[idx].tolist()
        ok = [p == y for p, y in zip(pred, true)]
        path = save_labelled_grid(run.out / "samples.png", digits(xte[idx], stats),
                                  [f"{p}" if r else f"{p} (true {y})" for p, y, r in zip(pred, true, ok)],
                                  colors=["forestgreen" if r else "firebrick" for r in ok],
                                  title="Random test digits: the model's guess (red: wrong, with the label)")
        run.console.print(run.text("mlp_sample_row", guesses=" ".join(map(str, pred)),
                                   truth=" ".join(map(str, true))), markup=False, highlight=False)
        run.say("mlp_sampled", right=sum(ok), n=len(idx), seed=run.seed, path=path)
        return {"predicted": pred, "true": true, "path": str(path)}


add_arguments, add_sample_arguments, train, sample = loop.entry_points(MLPTrainer())
