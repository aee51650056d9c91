"""The training loop (harness/train/loop.py) proves its promises once, on a tiny dummy model (a
two-layer regression with dropout, so the RNG state matters too): a resumed run takes exactly the
steps of an uninterrupted one; an interrupted run's checkpoint loads; Ctrl-C (the signal or a
KeyboardInterrupt) saves and says how to resume; --max-seconds and --max-iters stop; figures.json
and the list of files; the thread default; --nproc relaunches through torchrun; two gloo ranks end
with identical weights (the dummy, and the real mlp and gpt trainers, in one torchrun).
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from rich.console import Console
from torch import nn

from harness.i18n import MESSAGES
from harness.paths import repo_root
from harness.train import common, loop

pytestmark = pytest.mark.slow


class Toy(loop.Trainer):
    """y = x·w + noise, fitted by Linear -> ReLU -> Dropout -> Linear with Adam."""
    name, best, items = "toy", "val_loss", "samples"
    presets = {"default": dict(max_iters=8, eval_interval=4, lr=0.05, batch_size=8)}
    overrides = {"lr": "lr"}
    interrupt_at: int | None = None   # raise KeyboardInterrupt before this step
    signal_at: int | None = None      # send ourselves SIGINT during this step
    nan_at: int | None = None

    def add_arguments(self, g, lang):
        g.add_argument("--lr", type=float, default=None)

    def setup(self, run):
        g = torch.Generator().manual_seed(0)
        run.own.w = torch.randn(4, 1, generator=g)
        run.own.x_val = torch.randn(64, 4, generator=g)
        return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 1))

    def optimizer(self, run, model):
        return torch.optim.Adam(model.parameters(), lr=run.hp["lr"])

    def lr(self, run, it):
        return run.hp["lr"] * (1 - it / run.hp["max_iters"])

    def step(self, run, it):
        if it == self.interrupt_at:
            raise KeyboardInterrupt
        if it == self.signal_at:
            os.kill(os.getpid(), signal.SIGINT)
        g = run.generator(it)
        x = torch.randn(run.hp["batch_size"], 4, generator=g)
        y = x @ run.own.w + 0.1 * torch.randn(len(x), 1, generator=g)
        loss = F.mse_loss(run.model(x), y)
        run.optimizer.zero_grad()
        loss.backward()
        run.optimizer.step()
        return math.nan if it == self.nan_at else loss.item()

    def evaluate(self, run):
        with torch.no_grad():
            run.eval_model.eval()
            loss = F.mse_loss(run.eval_model(run.own.x_val), run.own.x_val @ run.own.w).item()
            run.eval_model.train()
        return {"val_loss": loss}

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.dist.world_size


def toy_args(out: Path, *flags: str, lang: str = "en") -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    loop.add_arguments(Toy(), parser)
    args = parser.parse_args(["--threads", "1", *flags])
    args.out, args.device, args.seed, args.lang = out, "cpu", 1337, lang
    return args


def train_toy(out: Path, *flags: str, trainer: Toy | None = None, lang: str = "en"):
    buffer = io.StringIO()
    figures = loop.train(trainer or Toy(), toy_args(out, *flags, lang=lang), None,
                         Console(file=buffer, width=120))
    return figures, buffer.getvalue()


def weights(path: Path) -> dict:
    return common.load_checkpoint(path)["model"]


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("how", ["keyboard_interrupt", "sigint"])
def test_resume_continues_exactly_where_it_stopped(tmp_path, how):
    straight, _ = train_toy(tmp_path / "straight")

    stopped = Toy()
    if how == "sigint":  # Ctrl-C in a terminal: the step finishes, then the loop saves and stops
        stopped.signal_at = 2
    else:                # Ctrl-C inside a step (or a second Ctrl-C): that step is not counted
        stopped.interrupt_at = 3
    handler = signal.getsignal(signal.SIGINT)
    figures, printed = train_toy(tmp_path / "run", trainer=stopped)
    assert signal.getsignal(signal.SIGINT) is handler, "the loop gives Ctrl-C back as it found it"
    assert figures["interrupted"] and figures["iters"] == 3
    assert "Interrupted at step 3" in printed and "kata train toy --resume" in printed
    assert common.load_checkpoint(tmp_path / "run" / loop.LAST)["iter"] == 3

    figures, printed = train_toy(tmp_path / "run", "--resume")
    assert "Resuming from" in printed and "step 3" in printed
    assert figures["iters"] == 8 and not figures["interrupted"]
    a = common.load_checkpoint(tmp_path / "straight" / loop.LAST)
    b = common.load_checkpoint(tmp_path / "run" / loop.LAST)
    assert same(a["model"], b["model"]), "the resumed run must end with the uninterrupted weights"
    assert a["history"]["train"] == b["history"]["train"]
    assert [it for it, _ in b["history"]["eval"]] == [4, 8]
    assert straight["best_val_loss"] == figures["best_val_loss"]


def test_an_interrupted_runs_checkpoint_loads(tmp_path):
    trainer = Toy()
    trainer.interrupt_at = 5
    train_toy(tmp_path, trainer=trainer)
    for name in (loop.LAST, loop.BEST):  # best: the evaluation at step 4
        ckpt = common.load_checkpoint(tmp_path / name)  # weights_only: plain data
        for key in ("model", "optimizer", "iter", "hparams", "history", "rng", "best_value"):
            assert key in ckpt, f"{name} lacks {key!r}"
        model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 1))
        model.load_state_dict(ckpt["model"])
        torch.optim.Adam(model.parameters()).load_state_dict(ckpt["optimizer"])
    assert common.load_checkpoint(tmp_path / loop.BEST)["iter"] == 4
    assert common.load_checkpoint(tmp_path / loop.LAST)["iter"] == 5


def test_ranks_share_gradients_of_different_batches(tmp_path):
    # One process with the same seed sees only rank 0's batches: it must end elsewhere than DDP
    # (checked in test_two_gloo_ranks_end_with_identical_weights); here: the generator differs.
    run0 = loop.Run(Toy(), None, None, "en", tmp_path, torch.device("cpu"), common.Dist(0, 0, 2))
    run1 = loop.Run(Toy(), None, None, "en", tmp_path, torch.device("cpu"), common.Dist(1, 1, 2))
    assert not torch.equal(torch.rand(4, generator=run0.generator(3)),
                           torch.rand(4, generator=run1.generator(3)))
    assert torch.equal(torch.rand(4, generator=run0.generator(3)),
                       torch.rand(4, generator=run0.generator(3)))


def test_max_iters_max_seconds_figures_and_files(tmp_path):
    figures, printed = train_toy(tmp_path / "a", "--max-iters", "6", "--eval-interval", "100")
    assert figures["iters"] == 6 and len(common.load_checkpoint(tmp_path / "a" / loop.LAST)
                                         ["history"]["eval"]) == 1, "one evaluation, at the end"
    saved = json.loads((tmp_path / "a" / loop.FIGURES).read_text())
    assert saved == json.loads(json.dumps(figures))
    for key in ("seconds", "train_seconds", "eval_seconds", "ms_per_iter", "samples_per_s",
                "threads", "device", "world_size", "best_val_loss", "files"):
        assert key in figures, key
    assert figures["seconds"] >= figures["train_seconds"] + figures["eval_seconds"]
    assert sorted(figures["files"]) == sorted(p.name for p in (tmp_path / "a").iterdir())
    for name in figures["files"]:
        assert f"  {name} " in printed, f"{name} is not named at the end"
    assert "Done in" in printed and "training" in printed
    with Image.open(tmp_path / "a" / loop.CHART) as chart:  # matplotlib, 800 × 480 pixels
        assert chart.format == "PNG" and chart.size == (800, 480)

    figures, _ = train_toy(tmp_path / "b", "--max-seconds", "0", "--max-iters", "1000")
    assert figures["iters"] == 1 and not figures["interrupted"], "stops after the first step"
    assert (tmp_path / "b" / loop.BEST).exists(), "a timed-out run still evaluates and saves"


def test_a_non_finite_loss_stops_with_advice(tmp_path):
    trainer = Toy()
    trainer.nan_at = 2
    with pytest.raises(common.TrainerError, match="learning rate"):
        train_toy(tmp_path, trainer=trainer)


def test_busy_cores_leave_out_this_process_and_the_load_of_a_minute_ago(monkeypatch):
    # Over the window: 100 ticks on 2 cores (50 each), 20 idle, so 80 busy, 50 of them ours:
    # other programs keep 30 of 100, i.e. 0.6 of the 2 cores busy (the load average may say 5).
    readings = iter([(1000, 400, 300), (1100, 420, 350)])  # (all ticks, idle + iowait, ours)
    monkeypatch.setattr(common, "_cpu_ticks", lambda: next(readings))
    monkeypatch.setattr(common, "cpu_cores", lambda: 2)
    monkeypatch.setattr(common.time, "sleep", lambda s: None)
    monkeypatch.setattr(common.os, "getloadavg", lambda: (5.0, 5.0, 5.0), raising=False)
    assert common.load_average() == pytest.approx(0.6)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
def test_this_process_keeping_a_core_busy_is_not_another_program():
    import threading

    stop = threading.Event()
    spinner = threading.Thread(target=lambda: [None for _ in iter(stop.is_set, True)])  # busy until set
    spinner.start()
    try:
        busy = [common.load_average() for _ in range(3)]
    finally:
        stop.set()
        spinner.join()
    # Another program may run on CI meanwhile; the spinner alone would add 1 to every reading.
    assert min(busy) < 0.75, f"this process's own busy thread was counted: {busy}"


def test_threads_default_to_the_free_cores_and_are_restored(tmp_path):
    assert common.choose_threads(None, cores=2, load=0.1)[0] == 2
    assert common.choose_threads(None, cores=2, load=1.0)[0] == 1  # beside one busy program
    assert common.choose_threads(None, cores=2, load=7.5)[0] == 1  # never fewer than one
    assert common.choose_threads(None, cores=16, load=3.2)[0] == 13
    assert common.choose_threads(None, 2, cores=16, load=0.0)[0] == 8  # shared among ranks
    assert common.choose_threads(3, cores=2, load=9.0)[0] == 3  # --threads wins
    before = torch.get_num_threads()
    args = toy_args(tmp_path)
    args.threads = None
    printed = io.StringIO()
    figures = loop.train(Toy(), args, None, Console(file=printed, width=200))
    assert "CPU threads: " in printed.getvalue() and "--threads N" in printed.getvalue()
    assert figures["threads"] >= 1 and torch.get_num_threads() == before


def test_japanese_messages(tmp_path):
    trainer = Toy()
    trainer.interrupt_at = 5
    _, printed = train_toy(tmp_path, trainer=trainer, lang="ja")
    assert "ステップ 4" in printed and "中断しました" in printed and "--resume" in printed


def test_every_trainer_message_has_both_languages_with_the_same_fields():
    import string

    prefixes = ("loop_", "gpt_", "mlp_", "train_", "help_loop_", "help_gpt_", "help_mlp_",
                "help_model_")
    keys = [k for k in MESSAGES if k.startswith(prefixes)]
    assert len(keys) > 60
    for key in keys:
        en, ja = MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, ja)]
        assert fields[0] == fields[1], f"{key}: {fields}"
        assert en != ja or key in ("loop_chart_title", "help_loop_device"), f"{key} is not translated"


def test_nproc_relaunches_through_torchrun(tmp_path, monkeypatch):
    seen = {}

    def fake_torchrun(command):
        seen["command"] = command
        (tmp_path / "figures.json").write_text(json.dumps({"iters": 8, "world_size": 2}))
        return 0

    monkeypatch.setattr(common, "run_torchrun", fake_torchrun)
    monkeypatch.setattr(common, "load_average", lambda: 0.0)
    monkeypatch.setattr(common, "cpu_cores", lambda: 4)
    args = toy_args(tmp_path, "--nproc", "2")
    args.threads = None
    args.argv = ["train", "toy", "--nproc", "2", "--max-iters", "8", "--nproc=2"]
    figures = loop.train(Toy(), args, None, Console(file=io.StringIO()))
    assert seen["command"] == [sys.executable, "-m", "torch.distributed.run", "--standalone",
                               "--nproc_per_node", "2", "-m", "harness", "train", "toy",
                               "--max-iters", "8", "--threads", "2"], "4 free cores, 2 each"
    assert figures == {"iters": 8, "world_size": 2}


WORKER = """
import argparse, importlib.util, json, sys
from pathlib import Path
import torch.distributed as td
from rich.console import Console
from harness.assemble import assemble
from harness.train import gpt, loop, mlp

spec = importlib.util.spec_from_file_location("toy_module", sys.argv[1])
toy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(toy)
td.init_process_group("gloo")  # one group for the three runs: the loop leaves it open
out = Path(sys.argv[2])
runs = [("toy", lambda p: loop.add_arguments(toy.Toy(), p),
         lambda a, c: loop.train(toy.Toy(), a, None, c), []),
        ("mlp", mlp.add_arguments, lambda a, c: mlp.train(a, assemble("mlp"), c),
         ["--hidden", "16", "--batch-size", "64", "--epochs", "1"]),
        ("gpt", gpt.add_arguments, lambda a, c: gpt.train(a, assemble("gpt"), c),
         ["--max-iters", "4", "--eval-interval", "2", "--eval-iters", "1", "--batch-size", "4",
          "--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "16",
          "--sample-tokens", "10"])]
for name, add, train, flags in runs:
    parser = argparse.ArgumentParser()
    add(parser)
    args = parser.parse_args(["--threads", "1", *flags])
    args.out, args.device, args.seed, args.lang = out / name, "cpu", 1337, "en"
    train(args, Console(file=sys.stdout, width=120))
td.barrier()
td.destroy_process_group()
"""


def test_two_gloo_ranks_end_with_identical_weights(tmp_path, synthetic_data_dir, write_idx):
    # The real trainers' packages, assembled here; the ranks reuse them (KATA_ASSEMBLED=1), as
    # after `kata train gpt --nproc 2`.
    from harness.assemble import assemble

    assemble("mlp", only_reference=True)
    assemble("gpt", only_reference=True)
    data = tmp_path / "data"
    (data / "tinyshakespeare").mkdir(parents=True)
    (data / "tinyshakespeare" / "input.txt").write_text(
        (synthetic_data_dir / "tinyshakespeare" / "input.txt").read_text())
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 256), ("t10k", 64)):
        labels = torch.randint(0, 10, (n,), generator=g)
        images = (torch.rand(n, 28, 28, generator=g) * 255).round()
        write_idx(data / "MNIST" / "raw" / f"{split}-images-idx3-ubyte.gz", images)
        write_idx(data / "MNIST" / "raw" / f"{split}-labels-idx1-ubyte.gz", labels)
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    env = {**os.environ, "KATA_ASSEMBLED": "1", "OMP_NUM_THREADS": "1", "KATA_DATA_DIR": str(data),
           "KATA_ROOT": str(repo_root()),
           "PYTHONPATH": os.pathsep.join([str(repo_root()), os.environ.get("PYTHONPATH", "")])}
    for name in ("RANK", "LOCAL_RANK", "WORLD_SIZE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
         str(script), __file__, str(tmp_path / "ddp")],
        env=env, capture_output=True, text=True, timeout=240, cwd=repo_root())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    for name, steps, per_step in (("toy", 8, 2 * 8), ("mlp", 2, 2 * 64), ("gpt", 4, 2 * 4 * 16)):
        figures = json.loads((tmp_path / "ddp" / name / "figures.json").read_text())
        assert figures["world_size"] == 2 and figures["iters"] == steps, (name, figures)
        items = {"toy": "samples", "mlp": "images", "gpt": "tokens"}[name]
        assert figures[f"{items}_per_iter"] == per_step, name
        sums = figures["rank_checksums"]
        assert len(sums) == 2 and sums[0] == sums[1], f"{name}: ranks drifted apart: {sums}"
        last = weights(tmp_path / "ddp" / name / loop.LAST)
        assert common.state_checksum(last) == sums[0], f"{name}: rank 0 saved what it trained"

    # The ranks really shared gradients of different batches: one process ends elsewhere.
    train_toy(tmp_path / "single")
    assert common.state_checksum(weights(tmp_path / "single" / loop.LAST)) != \
        json.loads((tmp_path / "ddp" / "toy" / "figures.json").read_text())["rank_checksums"][0]
