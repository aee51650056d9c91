"""`kata train mlp`: an MNIST digit classifier built from the learner's s01_pytorch pieces.

The pieces: `MLP` (the model), `cross_entropy` (the loss), `train_one_epoch` (the loop) and
`evaluate` (test loss and accuracy). Everything else lives here: the data, the optimizer (Adam,
with a short warm-up and a cosine decay of the learning rate, set before each batch), the progress
bar, checkpoints and pictures.

Data: MNIST images flattened to 784 values, scaled to [0, 1], then normalised with the mean and
standard deviation of the training pixels (about 0.1307 and 0.3081). The 10,000 test images are
only measured, never trained on.
The default (784 -> 256 -> 128 -> 10, 4 epochs, batch 128, lr 2e-3) reaches about 98 % test
accuracy in about 15 seconds on a 2-core CPU. It uses one CPU thread (--threads): for matrices
this small a second thread gains nothing, and when other programs share the cores, torch's
threads wait on each other and the run can take ten times longer.

What lands in args.out (default runs/mlp):
    ckpt.pt        model, optimizer, epochs done, config, normalisation, history (after every
                   epoch, on Ctrl-C and at the end). `--resume` continues from it.
    loss.png       training loss per step (smoothed) and test loss per epoch.
    mistakes.png   up to 64 test digits the model got wrong.
    figures.json   the figures train() returns.
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch

from ..curriculum import text as _lang_text
from . import common

STAGE = "s01_pytorch"
CKPT = "ckpt.pt"
N_CLASSES = 10

MSG = {
    "setup": ("MLP {dims}: {params:,} parameters on {device}; {epochs} epochs of {batches} batches "
              "({n_train:,} training images, {n_test:,} test images).",
              "MLP {dims}: パラメータ数 {params:,}、デバイス {device}。{epochs} エポック × {batches} バッチ"
              "（訓練画像 {n_train:,} 枚、テスト画像 {n_test:,} 枚）。"),
    "fresh": ("A checkpoint exists in {out}; this run starts afresh and will replace it "
              "(use --resume to continue it instead).",
              "{out} にチェックポイントがあります。この実行は最初から学習し、上書きします"
              "（続きから学習するには --resume を付けてください）。"),
    "resume": ("Resuming from {path} after epoch {epoch} (hidden sizes {hidden} from the checkpoint).",
               "{path} のエポック {epoch} の後から再開します（隠れ層のサイズ {hidden} はチェックポイントのものです）。"),
    "no_resume": ("Nothing to resume: no {ckpt} in {out}. Run `kata train mlp` first.",
                  "再開できません: {out} に {ckpt} がありません。まず `kata train mlp` を実行してください。"),
    "epoch": ("epoch {epoch}/{epochs}: train loss {train:.4f}, test loss {test:.4f}, "
              "test accuracy {acc:.2%}",
              "エポック {epoch}/{epochs}: 訓練損失 {train:.4f}、テスト損失 {test:.4f}、"
              "テスト正解率 {acc:.2%}"),
    "interrupted": ("Interrupted during epoch {epoch}. Saved {path} (after {done} full epochs; the "
                    "interrupted epoch starts over). Continue with: kata train mlp --resume",
                    "エポック {epoch} の途中で中断しました。{path} に保存しました（完了したのは {done} "
                    "エポックで、中断したエポックは最初からやり直します）。"
                    "続きは kata train mlp --resume で再開できます。"),
    "not_finite": ("The training loss became {loss} at step {step}: the learning rate is probably "
                   "too large (try --lr {suggest:g}).",
                   "ステップ {step} で訓練損失が {loss} になりました。学習率が大きすぎる可能性があります"
                   "（--lr {suggest:g} を試してください）。"),
    "done": ("Done: test accuracy {acc:.2%} (test loss {loss:.4f}) after {epochs} epochs, "
             "{secs:.0f} s. Files in {out}: {files}.",
             "完了: {epochs} エポック、{secs:.0f} 秒でテスト正解率 {acc:.2%}（テスト損失 {loss:.4f}）。"
             "{out} に保存: {files}。"),
}


def _t(key: str, lang: str, **kw) -> str:
    return _lang_text(MSG[key], lang).format(**kw)


# --- command line -----------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `kata train mlp` (the CLI adds --out, --device, --seed, --lang, --fill-reference)."""
    g = parser.add_argument_group("mlp")
    g.add_argument("--epochs", type=int, default=4, help="passes over the 60,000 training images")
    g.add_argument("--batch-size", type=int, default=128, help="images per optimizer step")
    g.add_argument("--lr", type=float, default=2e-3,
                   help="peak learning rate of Adam (warm-up, then cosine decay to 0)")
    g.add_argument("--warmup", type=int, default=100, help="steps of linear learning-rate warm-up")
    g.add_argument("--hidden", type=int, nargs="*", default=[256, 128],
                   help="hidden layer sizes, e.g. --hidden 512 256 (none: logistic regression)")
    g.add_argument("--resume", action="store_true", help=f"continue from {CKPT} in --out")
    g.add_argument("--threads", type=int, default=1,
                   help="CPU threads for torch (0: torch's default). A model this small gains nothing "
                        "from more, and loses a lot when other programs share the cores")


# --- the pieces and the data ------------------------------------------------------------------

def pieces(assembly) -> SimpleNamespace:
    """The learner's four pieces, from the assembled s01_pytorch package."""
    def load(kata):
        return assembly.load(STAGE, kata)

    return SimpleNamespace(
        MLP=load("mlp").MLP, cross_entropy=load("cross_entropy").cross_entropy,
        train_one_epoch=load("training_loop").train_one_epoch, evaluate=load("accuracy").evaluate,
    )


class Batches:
    """(x, y) batches of in-memory tensors; shuffled by a seeded generator when one is given."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor, batch_size: int,
                 generator: torch.Generator | None = None):
        self.x, self.y, self.batch_size, self.generator = x, y, batch_size, generator

    def __len__(self) -> int:
        return math.ceil(len(self.x) / self.batch_size)

    def __iter__(self):
        n = len(self.x)
        order = torch.randperm(n, generator=self.generator) if self.generator is not None else None
        for i in range(0, n, self.batch_size):
            if order is None:
                yield self.x[i:i + self.batch_size], self.y[i:i + self.batch_size]
            else:
                idx = order[i:i + self.batch_size].to(self.x.device)
                yield self.x[idx], self.y[idx]


def load_data(device: torch.device, stats: tuple[float, float] | None = None):
    """MNIST as flat, normalised float tensors on `device`: (x_train, y_train, x_test, y_test, stats)."""
    from ..data import mnist

    (xtr, ytr), (xte, yte) = mnist("train"), mnist("test")
    xtr = xtr.reshape(len(xtr), -1).float() / 255  # [N, 784] in [0, 1]
    xte = xte.reshape(len(xte), -1).float() / 255
    if stats is None:  # the training pixels' mean and std (the test set is never looked at)
        stats = (float(xtr.mean()), float(xtr.std()))
    mean, std = stats
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    return xtr.to(device), ytr.to(device), xte.to(device), yte.to(device), stats


def lr_at(step: int, total: int, peak: float, warmup: int) -> float:
    """Linear warm-up over `warmup` steps, then a cosine decay from `peak` to 0 at `total`."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def save_mistakes(path: Path, images: torch.Tensor, columns: int = 8, scale: int = 2) -> Path:
    """A grid of digit images (uint8 [N, 28, 28]), white on black, as a PNG."""
    n = len(images)
    rows = max(1, math.ceil(n / columns))
    cell = 28 + 2
    grid = np.full((rows * cell + 2, columns * cell + 2), 60, np.uint8)  # grey borders
    for k, img in enumerate(images.cpu().numpy()):
        r, c = divmod(k, columns)
        grid[2 + r * cell: 2 + r * cell + 28, 2 + c * cell: 2 + c * cell + 28] = img
    grid = grid.repeat(scale, 0).repeat(scale, 1)
    return common.write_png(path, np.stack([grid] * 3, axis=-1))


# --- train ------------------------------------------------------------------------------------

def train(args: argparse.Namespace, assembly, console) -> dict:
    """Train the MLP on MNIST; returns {"test_accuracy", "test_loss", "seconds", ...}."""
    device = common.resolve_device(getattr(args, "device", "auto"))
    threads = torch.get_num_threads()
    if device.type == "cpu" and getattr(args, "threads", 0):
        torch.set_num_threads(args.threads)
    try:
        return _train(args, assembly, console, device)
    finally:
        torch.set_num_threads(threads)  # the setting is process-wide: leave it as we found it


def _train(args: argparse.Namespace, assembly, console, device: torch.device) -> dict:
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    t_begin = time.perf_counter()
    lang, out, seed = getattr(args, "lang", "en"), Path(args.out), int(getattr(args, "seed", 1337))
    out.mkdir(parents=True, exist_ok=True)
    P = pieces(assembly)

    # A checkpoint to continue, or a fresh start.
    saved = None
    if getattr(args, "resume", False):
        if not (out / CKPT).exists():
            raise FileNotFoundError(_t("no_resume", lang, ckpt=CKPT, out=out))
        saved = common.load_checkpoint(out / CKPT)
        console.print(_t("resume", lang, path=out / CKPT, epoch=saved["epoch"],
                         hidden=saved["config"]["hidden"]))
    elif (out / CKPT).exists():
        console.print(_t("fresh", lang, out=out))

    xtr, ytr, xte, yte, stats = load_data(device, tuple(saved["stats"]) if saved else None)
    config = saved["config"] if saved else {"in_dim": xtr.shape[1], "hidden": list(args.hidden),
                                            "out_dim": N_CLASSES}

    torch.manual_seed(seed)
    model = P.MLP(config["in_dim"], list(config["hidden"]), config["out_dim"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    epoch, history = 0, {"train": [], "test": []}  # train: [step, loss]; test: [step, loss, acc]
    if saved is not None:
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        epoch, history = saved["epoch"], saved["history"]
        del saved

    epochs, batch_size = args.epochs, args.batch_size
    per_epoch = math.ceil(len(xtr) / batch_size)
    total_steps = epochs * per_epoch
    n_params = sum(p.numel() for p in model.parameters())
    dims = " -> ".join(str(d) for d in [config["in_dim"], *config["hidden"], config["out_dim"]])
    console.print(_t("setup", lang, dims=dims, params=n_params, device=device, epochs=epochs,
                     batches=per_epoch, n_train=len(xtr), n_test=len(xte)))

    def state() -> dict:
        return {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch,
                "config": common.plain(config), "stats": list(stats),
                "history": common.plain(history), "owners": dict(assembly.owners),
                "args": common.plain(vars(args))}

    # The learner's loss, recording each batch's value for the loss curve and the progress bar.
    batch_losses: list[torch.Tensor] = []

    def loss_fn(logits, targets):
        loss = P.cross_entropy(logits, targets)
        batch_losses.append(loss.detach())
        return loss

    progress = Progress(TextColumn("[bold]mlp[/] epoch {task.fields[epoch]}"), BarColumn(),
                        MofNCompleteColumn(), TextColumn("loss {task.fields[loss]:.4f}"),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=console)

    def feed(loader, task):
        """The training batches, with the learning rate set before each and the bar moved after."""
        for i, (x, y) in enumerate(loader):
            for group in optimizer.param_groups:
                group["lr"] = lr_at(epoch * per_epoch + i, total_steps, args.lr, args.warmup)
            yield x, y  # train_one_epoch runs this batch before asking for the next one
            if batch_losses and (i % 20 == 0 or i + 1 == per_epoch):  # .item() now and then only
                progress.update(task, completed=i + 1, loss=float(batch_losses[-1]))
            else:
                progress.update(task, completed=i + 1)

    interrupted = False
    test_loss = test_acc = math.nan
    try:
        with progress:
            while epoch < epochs:
                task = progress.add_task("train", total=per_epoch, epoch=f"{epoch + 1}/{epochs}",
                                         loss=math.nan)
                batch_losses.clear()
                shuffle = torch.Generator().manual_seed(seed * 1000 + epoch)  # same order on resume
                train_loss = P.train_one_epoch(model, feed(Batches(xtr, ytr, batch_size, shuffle), task),
                                               optimizer, loss_fn)
                losses = torch.stack(batch_losses).tolist() if batch_losses else []
                first = epoch * per_epoch
                history["train"] += [[first + i, v] for i, v in enumerate(losses)]
                if not math.isfinite(train_loss):
                    bad = next((i for i, v in enumerate(losses) if not math.isfinite(v)), 0)
                    raise FloatingPointError(_t("not_finite", lang, loss=train_loss, step=first + bad,
                                                suggest=args.lr / 10))
                test_loss, test_acc = P.evaluate(model, Batches(xte, yte, 1000), P.cross_entropy)
                epoch += 1
                history["test"].append([epoch * per_epoch, test_loss, test_acc])
                common.save_checkpoint(out / CKPT, state())
                progress.console.print(_t("epoch", lang, epoch=epoch, epochs=epochs, train=train_loss,
                                          test=test_loss, acc=test_acc))
    except KeyboardInterrupt:
        interrupted = True
        path = common.save_checkpoint(out / CKPT, state())
        console.print(_t("interrupted", lang, epoch=epoch + 1, path=path, done=epoch))

    if not math.isfinite(test_acc):  # nothing trained in this session (resumed when already done)
        test_loss, test_acc = P.evaluate(model, Batches(xte, yte, 1000), P.cross_entropy)
    train_seconds = time.perf_counter() - t_begin

    files = [CKPT]
    if not interrupted:
        common.save_checkpoint(out / CKPT, state())
    if history["train"] or history["test"]:
        train_points = [tuple(p) for p in history["train"]]
        common.save_line_chart(out / "loss.png", {
            "train": common.moving_average(train_points, max(1, len(train_points) // 100)),
            "test": [(s, loss) for s, loss, _ in history["test"]],
        }, title="MLP LOSS ON MNIST", x_label="STEP")
        files.append("loss.png")
    # The digits it still gets wrong.
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(x).argmax(-1) for x, _ in Batches(xte, yte, 1000)])
    wrong = (pred != yte).nonzero().flatten()[:64].cpu()
    if len(wrong):
        raw = (xte[wrong.to(device)].cpu() * stats[1] + stats[0]).clamp(0, 1)
        save_mistakes(out / "mistakes.png", (raw * 255).round().to(torch.uint8).reshape(-1, 28, 28))
        files.append("mistakes.png")

    last_train = [v for _, v in history["train"][-per_epoch:]]
    figures = {
        "test_accuracy": test_acc, "test_loss": test_loss,
        "final_train_loss": float(np.mean(last_train)) if last_train else math.nan,
        "epochs": epoch, "steps": epoch * per_epoch, "seconds": train_seconds,
        "params": n_params, "hidden": list(config["hidden"]), "batch_size": batch_size,
        "lr": args.lr, "device": str(device), "threads": torch.get_num_threads(),
        "interrupted": interrupted,
    }
    (out / "figures.json").write_text(json.dumps(figures, indent=1))
    files.append("figures.json")
    if not interrupted:
        console.print(_t("done", lang, acc=test_acc, loss=test_loss, epochs=epoch,
                         secs=train_seconds, out=out, files=", ".join(files)))
    return figures
