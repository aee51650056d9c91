"""The training loop every `kata train <model>` shares, and `kata sample <model>`'s frame.

A trainer (harness/train/<model>.py) says only what is its own: its data and presets, how it builds
the model from the learner's pieces, one training step, one evaluation, its pictures and its
sampler. The loop owns everything else, for every model:

    device (--device auto|cpu|cuda|mps), bf16 autocast and TF32 on CUDA, opt-in --compile;
    CPU threads (--threads N; by default the cores that are free, printed);
    data parallelism (--nproc N: torch.distributed.run relaunches the command, DDP with gloo on the
    CPU, NCCL on GPUs; rank 0 evaluates, writes and prints);
    a progress bar; an evaluation every --eval-interval steps; ckpt.pt (the best evaluation) and
    last.pt (the latest state), both written atomically; --resume; Ctrl-C saves and says how to
    resume; --max-iters and --max-seconds; loss.png; figures.json; the list of files written.

    class Toy(loop.Trainer):
        name, best = "toy", "val_loss"           # ckpt.pt keeps the lowest val_loss
        presets = {"default": dict(max_iters=100, eval_interval=20, lr=0.1)}
        flags = {"lr": float}                    # --lr sets hp["lr"]; help: i18n key help_toy_lr
        def setup(self, run): ...                # data (in run.own); returns the model on run.device
        def optimizer(self, run, model): ...
        def step(self, run, it): ...             # one step on run.model; returns the loss (float)
        def evaluate(self, run): ...             # {"val_loss": ...}, measured on run.eval_model
        # optional: lr(run, it), eval_line, items_per_step, state, figures, finish, summary, sample
    add_arguments, add_sample_arguments, train, sample = loop.entry_points(Toy())

Every message is an i18n key (harness/i18n.py, English and Japanese); run.say(key, ...) prints on
rank 0 only.

Batches are reproducible: `run.generator(it)` is seeded by (seed, rank, step), and a checkpoint
holds the model, the optimizer, the step and torch's RNG state, so a resumed run takes the same
steps as one that was never interrupted.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import signal
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn

from ..i18n import MESSAGES, t
from . import common

BEST, LAST, FIGURES, CHART = "ckpt.pt", "last.pt", "figures.json", "loss.png"
LOOP_OVERRIDES = ("max_iters", "eval_interval")


class Trainer:
    """What a model's trainer says; every method but the marked ones has a sensible default."""
    name = "model"
    best = "val_loss"           # the evaluation figure whose lowest value ckpt.pt keeps
    items = "samples"           # what one step consumes: "{items}_per_s" in figures.json
    presets: dict[str, dict] = {"default": {}}
    # Flags that set the hyperparameter of the same name (default: the preset's value): a type,
    # a tuple of choices, or [type] for a list. Their help is the i18n key help_<name>_<flag>.
    flags: dict[str, object] = {}
    sample_flags: dict[str, tuple] = {}  # flags of `kata sample`: name -> (kind, default)
    model_keys: tuple[str, ...] = ()  # hyperparameters a checkpoint fixes (the model's shape)
    eval_at_start = False        # also evaluate before the first step
    chart: tuple[str, ...] | None = None  # evaluation figures on loss.png (None: every "*loss")
    sweep_flag: str | None = None  # `kata eval MODEL --sweep v1 v2 …` sets this sample flag in turn

    def add_arguments(self, group, lang: str) -> None:
        for flag, kind in self.flags.items():
            _flag(group, f"help_{self.name}_{flag}", flag, kind, None, lang)

    def add_sample_arguments(self, parser, lang: str) -> None:
        for flag, (kind, default) in self.sample_flags.items():
            _flag(parser, f"help_{self.name}_{flag}", flag, kind, default, lang)

    device_presets: dict[str, str] = {}  # device type -> its preset (e.g. {"cuda": "gpu"})

    def default_preset(self, device: torch.device) -> str:
        return self.device_presets.get(device.type) or next(iter(self.presets))

    def adjust(self, hp: dict, given: dict) -> None:
        """Hyperparameters derived from others (e.g. a minimum learning rate from --lr)."""

    def setup(self, run: Run) -> nn.Module:  # required
        raise NotImplementedError

    def optimizer(self, run: Run, model: nn.Module) -> torch.optim.Optimizer:  # required
        raise NotImplementedError

    def lr(self, run: Run, it: int) -> float | None:
        return None  # None: leave the optimizer's learning rate alone

    def step(self, run: Run, it: int) -> float:  # required
        raise NotImplementedError

    def evaluate(self, run: Run) -> dict[str, float]:  # required
        raise NotImplementedError

    def eval_line(self, run: Run, it: int, metrics: dict) -> str:
        return t("loop_eval", run.lang, it=it, figures=t("loop_list_sep", run.lang).join(
            f"{metric_name(k, run.lang)} {v:.4f}" for k, v in metrics.items()))

    def items_per_step(self, run: Run) -> int:
        return 0

    def state(self, run: Run) -> dict:
        """Entries of the checkpoint that are the trainer's own (config, vocabulary...)."""
        return {}

    def finish(self, run: Run) -> None:
        """Pictures and samples at the end (rank 0; run.raw holds the best weights): name every
        file with run.wrote()."""

    def figures(self, run: Run) -> dict:
        return {}

    def summary(self, run: Run, figures: dict) -> str:
        return t("loop_summary", run.lang, best=metric_name(self.best, run.lang), value=run.best_value,
                 it=run.it, speed=figures[f"{self.items}_per_s"], items=metric_name(self.items, run.lang))

    def sample(self, run: Run, assembly, ckpt: dict):
        raise common.TrainerError(t("loop_no_sampler", run.lang, name=self.name))


def metric_name(key: str, lang: str) -> str:
    """"val_loss" -> "val loss" (検証損失 in Japanese, where harness/i18n.py has loop_metric_<key>)."""
    return t(f"loop_metric_{key}", lang) if f"loop_metric_{key}" in MESSAGES else key.replace("_", " ")


@dataclass
class Run:
    """One run's state, handed to every trainer method."""
    trainer: Trainer
    args: argparse.Namespace
    console: object
    lang: str
    out: Path
    device: torch.device
    dist: common.Dist = field(default_factory=common.Dist)
    seed: int = 1337
    threads: int = 1
    hp: dict = field(default_factory=dict)
    preset: str = ""
    saved: dict | None = None        # the checkpoint being resumed (or sampled from)
    assembly: object = None
    raw: nn.Module | None = None     # the model itself
    model: nn.Module | None = None   # what a step calls: raw, compiled and/or wrapped in DDP
    eval_model: nn.Module | None = None  # raw or compiled, never DDP (rank 0 evaluates alone)
    optimizer: torch.optim.Optimizer | None = None
    it: int = 0
    best_value: float = math.inf
    history: dict = field(default_factory=lambda: {"train": [], "eval": []})
    files: dict = field(default_factory=dict)  # name -> what it is
    autocast_dtype: torch.dtype | None = None
    own: SimpleNamespace = field(default_factory=SimpleNamespace)  # the trainer's data, pieces...

    @property
    def main(self) -> bool:
        return self.dist.is_main

    def text(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    def say(self, key: str, **kw) -> None:
        if self.main:
            self.console.print(t(key, self.lang, **kw), markup=False, highlight=False)

    def autocast(self):
        if self.autocast_dtype is None:
            return nullcontext()
        return torch.autocast(self.device.type, dtype=self.autocast_dtype)

    def generator(self, it: int, stream: int = 0) -> torch.Generator:
        """A CPU generator seeded by (seed, rank, step, stream): step `it` draws the same batch
        whether or not the run was interrupted and resumed before it."""
        key = ((self.seed * 1_000_003 + self.dist.rank) * 1_000_033 + it) * 31 + stream
        return torch.Generator().manual_seed(key % (2**63))

    def device_generator(self, it: int, stream: int = 0) -> torch.Generator:
        """generator(it, stream), or on a GPU a generator on the run's device seeded from it (a
        learner's piece that draws on its input's device takes this one)."""
        g = self.generator(it, stream)
        if self.device.type == "cpu":
            return g
        return torch.Generator(device=self.device).manual_seed(int(torch.randint(2**62, (1,), generator=g)))

    def epoch_batch(self, it: int, n: int, per_epoch: int) -> torch.Tensor:
        """Indices (on the device) of step `it`'s examples out of n: batch it % per_epoch of a shuffle
        of range(n) that depends on the seed and the epoch only (a resumed run draws the same
        batches); under DDP each rank takes its own batch of hp["batch_size"]."""
        epoch, i = divmod(it, per_epoch)
        if getattr(self, "_order", (None,))[0] != epoch:
            self._order = (epoch, torch.randperm(n, generator=torch.Generator().manual_seed(
                self.seed * 1000 + epoch)))
        B, k = self.hp["batch_size"], i * self.dist.world_size + self.dist.rank
        order = self._order[1]
        return (order[k * B:(k + 1) * B] if k * B < n else order[:B]).to(self.device)

    def to_device(self, *tensors: torch.Tensor):
        if self.device.type == "cuda":
            return tuple(x.pin_memory().to(self.device, non_blocking=True) for x in tensors)
        return tuple(x.to(self.device) for x in tensors)

    def show(self, text: str, title: str) -> None:
        """Print text in a box (rank 0), markup-free."""
        from rich.panel import Panel
        from rich.text import Text

        if self.main:
            self.console.print(Panel(Text(text), title=Text(title)))

    def wrote(self, name: str, key: str, **kw) -> Path:
        """Record a file written in out (listed at the end with what it is)."""
        self.files[name] = t(key, self.lang, **kw)
        return self.out / name


def pieces(assembly, stage: str, table: dict[str, list[str]]) -> SimpleNamespace:
    """The learner's pieces a trainer uses: {kata: [name, ...]} -> P.name, from the assembled
    package (the learner's file where that kata has passed, else the reference)."""
    return SimpleNamespace(**{name: getattr(assembly.load(stage, kata), name)
                              for kata, names in table.items() for name in names})


def stage_pieces(assembly, tables: dict[str, dict[str, list[str]]]) -> SimpleNamespace:
    """pieces() of several stages, {stage: {kata: [name, ...]}}, as one namespace (P.cfg_eps, P.EMA, ...)."""
    return SimpleNamespace(**{name: piece for stage, table in tables.items()
                              for name, piece in vars(pieces(assembly, stage, table)).items()})


# --- command line -----------------------------------------------------------------------------

def _flag(parser, help_key: str, flag: str, kind, default, lang: str) -> None:
    if isinstance(kind, tuple):
        spec = {"choices": kind}
    elif isinstance(kind, list):
        spec = {"type": kind[0], "nargs": "*"}
    else:
        spec = {"type": kind}
    parser.add_argument(f"--{flag.replace('_', '-')}", default=default, help=t(help_key, lang), **spec)


def add_arguments(trainer: Trainer, parser: argparse.ArgumentParser, lang: str = "en") -> None:
    """The trainer's flags, then the loop's."""
    trainer.add_arguments(parser.add_argument_group(trainer.name), lang)
    g = parser.add_argument_group(t("help_loop_group", lang))
    if len(trainer.presets) > 1:
        g.add_argument("--preset", choices=sorted(trainer.presets), default=None,
                       help=t(f"help_{trainer.name}_preset", lang))
    g.add_argument("--max-iters", type=int, default=None, help=t("help_loop_max_iters", lang))
    g.add_argument("--max-seconds", type=float, default=None, help=t("help_loop_max_seconds", lang))
    g.add_argument("--eval-interval", type=int, default=None, help=t("help_loop_eval_interval", lang))
    g.add_argument("--resume", action="store_true", help=t("help_loop_resume", lang))
    g.add_argument("--nproc", type=int, default=1, help=t("help_loop_nproc", lang))
    g.add_argument("--compile", action="store_true", help=t("help_loop_compile", lang))
    _device_arguments(g, lang)


def add_sample_arguments(trainer: Trainer, parser: argparse.ArgumentParser, lang: str = "en") -> None:
    trainer.add_sample_arguments(parser, lang)
    _device_arguments(parser, lang)


def _device_arguments(parser, lang: str) -> None:
    if not any("--threads" in a.option_strings for a in parser._actions):
        parser.add_argument("--threads", type=int, default=None, help=t("help_loop_threads", lang))
    if not any("--device" in a.option_strings for a in parser._actions):
        parser.add_argument("--device", default="auto", help=t("help_loop_device", lang))


def entry_points(trainer: Trainer):
    """(add_arguments, add_sample_arguments, train, sample) for a trainer module: what the CLI calls."""
    return (lambda parser, lang="en": add_arguments(trainer, parser, lang),
            lambda parser, lang="en": add_sample_arguments(trainer, parser, lang),
            lambda args, assembly, console: train(trainer, args, assembly, console),
            lambda args, assembly, console: sample(trainer, args, assembly, console))


def hyperparameters(trainer: Trainer, args, device, saved: dict | None) -> tuple[str, dict, dict]:
    """(preset, hp, given): a preset (or the checkpoint's values) with the flags given applied."""
    flags = [*trainer.flags, *LOOP_OVERRIDES]
    given = {f: getattr(args, f) for f in flags if getattr(args, f, None) is not None}
    if saved is not None:  # resuming: the model's shape is fixed by the checkpoint
        hp = dict(saved["hparams"])
        hp.update({k: v for k, v in given.items() if k not in trainer.model_keys})
        return saved["preset"], hp, given
    preset = getattr(args, "preset", None) or trainer.default_preset(device)
    hp = {**trainer.presets[preset], **given}
    trainer.adjust(hp, given)
    return preset, hp, given


# --- train ------------------------------------------------------------------------------------

def train(trainer: Trainer, args, assembly, console) -> dict:
    """Train; returns the figures (also written to figures.json)."""
    lang = getattr(args, "lang", "en")
    nproc = int(getattr(args, "nproc", 1) or 1)
    if nproc > 1 and not common.dist_from_env().enabled:
        return _relaunch(trainer, args, nproc, console, lang)
    device = common.resolve_device(getattr(args, "device", "auto"), lang)
    dist, device, owned = common.init_distributed(device)
    threads, why = common.choose_threads(getattr(args, "threads", None), dist.world_size)
    try:
        with common.torch_threads(threads):
            run = Run(trainer, args, console, lang, Path(args.out), device, dist,
                      seed=_seed(args, 1337), threads=threads, assembly=assembly)
            _say_threads(run, why)
            figures = _train(run)
            if dist.enabled:
                # Every rank arrives before any goes on (to tear down, or to the caller's next
                # run): one that exits while another is still writing the last files can abort
                # gloo's threads ("terminate called without an active exception").
                torch.distributed.barrier()
            return figures
    finally:
        if owned:
            common.close_distributed()


def _seed(args, default: int | None) -> int | None:
    seed = getattr(args, "seed", None)
    return default if seed is None else int(seed)


def _say_threads(run: Run, why: dict) -> None:
    if why["given"]:
        run.say("loop_threads_given", n=run.threads)
    else:
        run.say("loop_threads_free", n=run.threads, cores=why["cores"], load=why["load"])


def _relaunch(trainer: Trainer, args, nproc: int, console, lang: str) -> dict:
    """Run this same command under torch.distributed.run with nproc ranks; read rank 0's figures.
    Each rank gets its share of the free cores (--threads) unless --threads was given."""
    argv = common.strip_option(list(getattr(args, "argv", None) or sys.argv[1:]), "--nproc")
    if not common.has_option(argv, "--threads") and not getattr(args, "threads", None):
        argv += ["--threads", str(common.choose_threads(None, nproc)[0])]
    figures_path = Path(args.out) / FIGURES
    figures_path.unlink(missing_ok=True)
    console.print(t("loop_launch", lang, n=nproc), markup=False)
    rc = common.run_torchrun(common.torchrun_command(nproc, argv))
    figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
    # After Ctrl-C the launcher itself exits non-zero, but rank 0 has saved and said how to resume.
    if not figures or (rc != 0 and not figures.get("interrupted")):
        raise common.TrainerError(t("loop_launch_failed", lang, rc=rc))
    return figures


def _resume_point(run: Run) -> dict | None:
    out, name = run.out, run.trainer.name
    if getattr(run.args, "resume", False):
        path = next((out / n for n in (LAST, BEST) if (out / n).exists()), None)
        if path is None:
            raise common.MissingCheckpoint(run.text("loop_no_resume", name=name, best=BEST,
                                                    last=LAST, out=out))
        saved = common.load_checkpoint(path)
        if "best_value" not in saved or "hparams" not in saved:  # written before the shared loop
            raise common.TrainerError(run.text("loop_old_checkpoint", path=path, name=name))
        ignored = [f"--{f.replace('_', '-')}" for f in run.trainer.model_keys
                   if getattr(run.args, f, None) not in (None, saved["hparams"].get(f))]
        if ignored:
            run.say("loop_model_flags_ignored", flags=", ".join(ignored))
        run.say("loop_resume", path=path, it=saved["iter"])
        return saved
    if (out / BEST).exists() or (out / LAST).exists():
        run.say("loop_fresh", out=out, name=name)
    return None


def _train(run: Run) -> dict:
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    t_begin = time.perf_counter()
    trainer, args, dist = run.trainer, run.args, run.dist
    run.saved = _resume_point(run)
    run.preset, run.hp, _ = hyperparameters(trainer, args, run.device, run.saved)
    if run.device.type == "cuda":
        common.enable_tf32()
    run.autocast_dtype = common.autocast_dtype_for(run.device)

    torch.manual_seed(run.seed)  # the same initial weights on every rank
    run.raw = trainer.setup(run)
    run.optimizer = trainer.optimizer(run, run.raw)
    if run.saved is not None:
        run.raw.load_state_dict(run.saved["model"])
        run.optimizer.load_state_dict(run.saved["optimizer"])
        run.it, run.best_value = run.saved["iter"], run.saved["best_value"]
        run.history = run.saved["history"]
        if "rng" in run.saved:
            torch.set_rng_state(run.saved["rng"])
        run.saved = None
    start = run.it
    run.model = run.eval_model = run.raw
    if getattr(args, "compile", False):
        run.model = run.eval_model = torch.compile(run.raw)
    if dist.enabled:
        from torch.nn.parallel import DistributedDataParallel as DDP

        ids = [run.device.index] if run.device.type == "cuda" else None
        run.model = DDP(run.model, device_ids=ids)
    hp = run.hp
    max_iters, every = int(hp["max_iters"]), max(1, int(hp["eval_interval"]))
    run.say("loop_setup", name=trainer.name, params=sum(p.numel() for p in run.raw.parameters()),
            device=run.device, ddp=f" × {dist.world_size} (DDP)" if dist.enabled else "",
            steps=max_iters, every=every)

    def checkpoint(kind: str) -> dict:
        return {"kind": kind, "model": run.raw.state_dict(), "optimizer": run.optimizer.state_dict(),
                "iter": run.it, "best_value": run.best_value, "best_metric": trainer.best,
                f"best_{trainer.best}": run.best_value, "preset": run.preset,
                "hparams": common.plain(hp), "history": common.plain(run.history),
                "rng": torch.get_rng_state(), "owners": dict(getattr(run.assembly, "owners", {})),
                "args": common.plain(vars(args)), **trainer.state(run)}

    stop_request = _StopRequest()
    max_seconds = getattr(args, "max_seconds", None)
    step_times: list[float] = []
    eval_seconds, interrupted, stop, drawn = 0.0, False, False, 0.0
    last_eval = start if (start > 0 or not trainer.eval_at_start) else None
    progress = Progress(TextColumn(f"[bold]{trainer.name}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn(run.text("loop_bar_loss") + " {task.fields[loss]:.4f}"), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=run.console, disable=not run.main,
                        auto_refresh=False)  # no drawing thread: redrawn below, 4 times a second
    try:
        with progress, stop_request:
            task = progress.add_task(trainer.name, total=max_iters, completed=run.it, loss=math.nan)
            while True:
                if (run.it % every == 0 or run.it >= max_iters or stop) and run.it != last_eval:
                    last_eval, t0 = run.it, time.perf_counter()
                    if run.main:
                        with run.autocast():
                            metrics = trainer.evaluate(run)
                        run.history["eval"].append([run.it, metrics])
                        improved = metrics[trainer.best] < run.best_value
                        if improved:
                            run.best_value = metrics[trainer.best]
                            common.save_checkpoint(run.out / BEST, checkpoint("best"))
                        common.save_checkpoint(run.out / LAST, checkpoint("last"))
                        note = run.text("loop_best") if improved else ""
                        progress.console.print(trainer.eval_line(run, run.it, metrics) + note,
                                               markup=False, highlight=False)
                    eval_seconds += time.perf_counter() - t0
                if run.it >= max_iters or stop:
                    break
                t0 = time.perf_counter()
                lr = trainer.lr(run, run.it)
                if lr is not None:
                    for group in run.optimizer.param_groups:
                        group["lr"] = lr
                try:
                    loss = float(trainer.step(run, run.it))
                except FloatingPointError:
                    loss = math.nan
                if not math.isfinite(loss):
                    raise common.TrainerError(run.text("loop_not_finite", loss=loss, it=run.it,
                                                       lr=lr or run.optimizer.param_groups[0]["lr"]))
                run.history["train"].append([run.it, loss])
                run.it += 1
                progress.update(task, completed=run.it, loss=loss)
                if t0 - drawn > 0.25:
                    progress.refresh()
                    drawn = t0
                want = stop_request.pressed or (max_seconds is not None
                                                and time.perf_counter() - t_begin > max_seconds)
                stop, interrupted = _agree([want, stop_request.pressed], dist, run.device)
                step_times.append(time.perf_counter() - t0)
                if interrupted:
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        interrupted = True
        if run.main:
            path = common.save_checkpoint(run.out / LAST, checkpoint("last"))
            run.say("loop_interrupted", it=run.it, path=path, name=trainer.name)
    train_seconds = sum(step_times)

    steady = step_times[min(5, len(step_times) // 2):] or [math.nan]
    sec_per_step = sum(steady) / len(steady)
    per_step = trainer.items_per_step(run)
    last_metrics = run.history["eval"][-1][1] if run.history["eval"] else {}
    figures = {
        "iters": run.it, f"best_{trainer.best}": run.best_value, **last_metrics,
        "final_train_loss": run.history["train"][-1][1] if run.history["train"] else math.nan,
        "ms_per_iter": 1000 * sec_per_step, f"{trainer.items}_per_iter": per_step,
        f"{trainer.items}_per_s": per_step / sec_per_step if per_step else math.nan,
        "train_seconds": train_seconds, "eval_seconds": eval_seconds,
        "params": sum(p.numel() for p in run.raw.parameters()), "preset": run.preset,
        "device": str(run.device), "threads": run.threads, "world_size": dist.world_size,
        "interrupted": interrupted,
    }
    if dist.enabled and not interrupted:  # DDP keeps every replica identical; check it
        import torch.distributed as td

        sums = [None] * dist.world_size
        td.all_gather_object(sums, common.state_checksum(run.raw.state_dict()))
        figures["rank_checksums"] = sums
        figures["ranks_in_sync"] = all(s == sums[0] for s in sums)
    if run.main:
        run.files[LAST] = run.text("loop_file_last", name=trainer.name)
        if (run.out / BEST).exists():
            run.files = {BEST: run.text("loop_file_best", name=trainer.name), **run.files}
        if run.history["train"] or run.history["eval"]:
            from .pictures import save_loss_chart

            save_loss_chart(run.wrote(CHART, "loop_file_chart"), run.history, names=trainer.chart,
                            title=run.text("loop_chart_title", name=trainer.name))
        if not interrupted and (run.out / BEST).exists():
            run.raw.load_state_dict(common.load_checkpoint(run.out / BEST, run.device)["model"])
            with run.autocast():
                trainer.finish(run)
        figures.update(trainer.figures(run))
        run.wrote(FIGURES, "loop_file_figures")
        figures["seconds"] = time.perf_counter() - t_begin
        figures["files"] = list(run.files)
        (run.out / FIGURES).write_text(json.dumps(figures, indent=1))
        if not interrupted:
            run.say("loop_done", secs=_duration(figures["seconds"], run.lang),
                    train=_duration(train_seconds, run.lang),
                    eval=_duration(eval_seconds, run.lang), summary=trainer.summary(run, figures))
        run.say("loop_files", out=run.out)
        width = max(len(n) for n in run.files)
        for name, what in run.files.items():
            run.console.print(f"  {name:<{width}}  {what}", markup=False, highlight=False)
    return figures


def _duration(seconds: float, lang: str) -> str:
    if seconds < 60:
        return t("loop_seconds", lang, s=seconds)
    return t("loop_minutes", lang, m=int(seconds // 60), s=int(seconds % 60))


def _agree(flags: list[bool], dist: common.Dist, device: torch.device) -> list[bool]:
    """Each flag True on every rank if it is True on any (so all ranks stop at the same step):
    one small all-reduce per step, only under DDP."""
    if not dist.enabled:
        return flags
    import torch.distributed as td

    flags_t = torch.tensor([1.0 if f else 0.0 for f in flags], device=device)
    td.all_reduce(flags_t, op=td.ReduceOp.MAX)
    return [bool(f) for f in flags_t.tolist()]


class _StopRequest:
    """Ctrl-C while training: finish the step, save, stop (a second Ctrl-C, some seconds later,
    interrupts at once). Only in the main thread; elsewhere Ctrl-C raises as usual."""

    def __init__(self):
        self.pressed, self._at, self._before = False, 0.0, None

    def _handle(self, signum, frame):
        if self.pressed and time.monotonic() - self._at > 2.0:
            raise KeyboardInterrupt
        if not self.pressed:
            self.pressed, self._at = True, time.monotonic()

    def __enter__(self):
        try:
            self._before = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread
            self._before = None
        return self

    def __exit__(self, *exc):
        if self._before is not None:
            signal.signal(signal.SIGINT, self._before)
        return False


# --- sample -----------------------------------------------------------------------------------

def _sampling_run(trainer: Trainer, args, assembly, console, threads: int, why: dict):
    """A Run around the best checkpoint in args.out, for sampling or judging. Without --seed the
    seed is new each time (and printed, so that --seed repeats it)."""
    lang, out = getattr(args, "lang", "en"), Path(args.out)
    if not (out / BEST).exists():
        raise common.MissingCheckpoint(t("loop_no_ckpt", lang, name=trainer.name, out=out,
                                         best=BEST))
    device = common.resolve_device(getattr(args, "device", "auto"), lang)
    seed = _seed(args, None)
    run = Run(trainer, args, console, lang, out, device, threads=threads, assembly=assembly,
              seed=seed if seed is not None else random.SystemRandom().randrange(2**31))
    _say_threads(run, why)
    if seed is None:
        run.say("loop_sample_seed", seed=run.seed)
    ckpt = common.load_checkpoint(out / BEST, device)
    run.hp, run.preset, run.it = ckpt.get("hparams", {}), ckpt.get("preset", ""), ckpt.get("iter", 0)
    run.best_value = ckpt.setdefault("best_value", ckpt.get(f"best_{trainer.best}", math.nan))
    return run, ckpt


def sample(trainer: Trainer, args, assembly, console):
    """Load the best checkpoint in args.out and let the trainer sample from it."""
    threads, why = common.choose_threads(getattr(args, "threads", None))
    with common.torch_threads(threads):
        run, ckpt = _sampling_run(trainer, args, assembly, console, threads, why)
        return trainer.sample(run, assembly, ckpt)


# --- eval: the judge reads generated digits ----------------------------------------------------

def eval_entry_points(trainer: Trainer):
    """(add_eval_arguments, evaluate_samples) for a trainer whose model draws MNIST digits: `kata
    eval MODEL` generates --n digits with trainer.generate(run, assembly, ckpt, n) -> (images in
    [0, 1], the digits asked for or None[, a dict of the trainer's own figures]) and prints the
    judge's numbers (harness/judge.py); eval.json (sweep.json) holds both."""
    def add(parser, lang="en"):
        parser.add_argument("--n", type=int, default=256, help=t("help_eval_n", lang))
        if trainer.sweep_flag:
            parser.add_argument("--sweep", type=float, nargs="+", default=None,
                                help=t("help_eval_sweep", lang, flag=trainer.sweep_flag.replace("_", "-")))
        add_sample_arguments(trainer, parser, lang)
    return add, lambda args, assembly, console: judge_samples(trainer, args, assembly, console)


def judge_samples(trainer: Trainer, args, assembly, console) -> dict:
    threads, why = common.choose_threads(getattr(args, "threads", None))
    with common.torch_threads(threads):
        run, ckpt = _sampling_run(trainer, args, assembly, console, threads, why)
        if not 2 <= args.n <= 10_000:
            raise common.TrainerError(run.text("eval_bad_n", n=args.n))
        judge = judge_for(run)
        run.say("eval_judge", acc=judge.test_accuracy)
        sweep = getattr(args, "sweep", None)
        if not sweep:
            m = _judge_once(run, assembly, ckpt, judge)
            (run.out / "eval.json").write_text(json.dumps(m, indent=2))
            return m
        flag, rows = trainer.sweep_flag, []
        for value in sweep:  # the same seed at every value: only the swept setting differs
            setattr(args, flag, value)
            rows.append({flag: value, **_judge_once(run, assembly, ckpt, judge)})
        _show_sweep(run, flag, rows)
        from .pictures import save_sweep_chart

        chart = save_sweep_chart(run.out / "sweep.png", rows, flag, title=run.text("eval_sweep_title",
                                 name=trainer.name, n=args.n))
        (run.out / "sweep.json").write_text(json.dumps(rows, indent=2))
        run.say("eval_sweep_files", chart=chart, table=run.out / "sweep.json")
        return {"sweep": rows}


def judge_for(run: Run):
    """The cached judge (harness/judge.py); where there is none yet it is trained first, and the
    run's console says so, epoch by epoch."""
    from .. import judge as J

    return J.load_judge(lambda e, n, s: run.say("eval_judge_epoch", epoch=e, epochs=n, seconds=s),
                        announce=lambda: run.say("eval_judge_training"))


def _judge_once(run: Run, assembly, ckpt: dict, judge) -> dict:
    from .. import judge as J

    start = time.time()
    images, intended, *own = run.trainer.generate(run, assembly, ckpt, run.args.n)
    seconds = time.time() - start
    run.say("eval_generated", n=len(images), seconds=seconds, rate=len(images) / max(seconds, 1e-9))
    m = J.measure(judge, images, intended, seed=run.seed)
    m.update(seconds=seconds, seed=run.seed, judge_test_accuracy=judge.test_accuracy)
    if own:  # e.g. ldm: how often our CLIP ranks the asked prompt first, the attributes kept
        m.update(own[0])
    _show_judgement(run, m)
    return m


def _show_sweep(run: Run, flag: str, rows: list[dict]) -> None:
    from rich.table import Table

    table = Table(title=run.text("eval_sweep_title", name=run.trainer.name, n=rows[0]["n"]))
    for key in (None, "eval_accuracy", "eval_confidence", "eval_entropy", "eval_frechet", "eval_ratio"):
        table.add_column(flag if key is None else run.text(key))
    for r in rows:
        acc = f"{100 * r['accuracy']:.1f} %" if "accuracy" in r else "—"
        table.add_row(f"{r[flag]:g}", acc, f"{r['confidence']:.3f}", f"{r['class_entropy']:.3f}",
                      f"{r['frechet']:.2f}", f"×{r['frechet_ratio']:.2f}")
    if run.main:
        run.console.print(table)


def _show_judgement(run: Run, m: dict) -> None:
    from rich.table import Table

    table = Table(title=run.text("eval_title", name=run.trainer.name, n=m["n"]), show_header=True)
    for key in ("eval_col_metric", "eval_col_value", "eval_col_note"):
        table.add_column(run.text(key))
    if "accuracy" in m:
        table.add_row(run.text("eval_accuracy"), f"{100 * m['accuracy']:.1f} %", run.text("eval_accuracy_note"))
    table.add_row(run.text("eval_confidence"), f"{m['confidence']:.3f}", run.text("eval_confidence_note"))
    table.add_row(run.text("eval_entropy"), f"{m['class_entropy']:.3f}", run.text("eval_entropy_note"))
    table.add_row(run.text("eval_frechet"), f"{m['frechet']:.2f}",
                  run.text("eval_frechet_note", floor=m["frechet_floor"], ratio=m["frechet_ratio"]))
    if run.main:
        run.console.print(table)
    run.say("eval_histogram", counts="  ".join(f"{d}:{c}" for d, c in enumerate(m["histogram"])))
