"""`kata train gpt` beside nanoGPT, in one invocation: tokens/s of each and their ratio.

Both train nanoGPT's CPU "baby" config (4 layers × 4 heads × 128 wide, context 64, batch 12, lr
1e-3 decaying to 1e-4, no dropout, an evaluation of 20 batches every 250 iters) with the same
number of torch threads, each in its own process, alternating (nanoGPT first in odd pairs, ours
first in even ones) so that a machine that gets busier or quieter meanwhile hurts both alike.
A run's speed is its mean time per training iteration, leaving out the first 5 (warm-up) and
every iteration that includes an evaluation: nanoGPT's `iter` lines, our figures.json.

    KATA_DATA_DIR=/work/shared/data python benchmarks/gpt_vs_nanogpt.py               # 3 pairs × 300 iters
    KATA_DATA_DIR=/work/shared/data python benchmarks/gpt_vs_nanogpt.py --threads 1 --pairs 5
    KATA_DATA_DIR=/work/shared/data python benchmarks/gpt_vs_nanogpt.py --iters 2000 --pairs 1  # + val loss

nanoGPT comes unmodified from ../shared/anchors/nanogpt (--nanogpt), copied into a scratch folder;
its own prepare.py encodes the same input.txt our trainer reads ($KATA_DATA_DIR/tinyshakespeare).
Extra flags for our trainer go after `--`, e.g. `-- --attention manual`.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.train import common  # noqa: E402

BABY = ["--device=cpu", "--compile=False", "--eval_iters=20", "--log_interval=1", "--block_size=64",
        "--batch_size=12", "--n_layer=4", "--n_head=4", "--n_embd=128", "--dropout=0.0"]
TOKENS_PER_ITER = 12 * 64
EVAL_INTERVAL = 250  # nanoGPT's config/train_shakespeare_char.py; our cpu preset's too


def prepare_nanogpt(source: Path, text: Path, scratch: Path) -> Path:
    """An unmodified copy of nanoGPT with data/shakespeare_char prepared from `text`."""
    copy = scratch / "nanogpt"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("out*", "__pycache__"))
    data = copy / "data" / "shakespeare_char"
    shutil.copy(text, data / "input.txt")
    # prepare.py imports requests only to download a missing input.txt: a stub will do offline.
    stub = ("import sys, types; sys.modules.setdefault('requests', types.ModuleType('requests'));"
            "exec(compile(open('prepare.py').read(), 'prepare.py', 'exec'),"
            "{'__file__': 'prepare.py', '__name__': '__main__'})")
    subprocess.run([sys.executable, "-c", stub], cwd=data, check=True, capture_output=True)
    return copy


def steady_ms(times: dict[int, float]) -> float:
    """Mean ms of the iterations after the first 5 that include no evaluation."""
    kept = [ms for it, ms in times.items() if it >= 5 and it % EVAL_INTERVAL != 0]
    return statistics.fmean(kept) if kept else math.nan


def run_nanogpt(copy: Path, iters: int, threads: int, out: Path) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "train.py", "config/train_shakespeare_char.py", *BABY,
                           f"--max_iters={iters}", f"--lr_decay_iters={iters}", f"--out_dir={out}"],
                          cwd=copy, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"nanoGPT failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    times = {int(i): float(ms) for i, ms in re.findall(r"iter (\d+): loss [\d.]+, time ([\d.]+)ms", done.stdout)}
    vals = [float(v) for v in re.findall(r"step \d+: train loss [\d.]+, val loss ([\d.]+)", done.stdout)]
    return {"ms": steady_ms(times), "best_val": min(vals) if vals else math.nan, "wall": wall}


def run_ours(iters: int, threads: int, out: Path, extra: list[str]) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "harness", "train", "gpt", "--preset", "cpu",
                           "--fill-reference", "--max-iters", str(iters), "--lr", "1e-3",
                           "--threads", str(threads), "--out", str(out), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"kata train gpt failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    figures = json.loads((out / "figures.json").read_text())
    return {"ms": figures["ms_per_iter"], "best_val": figures["best_val_loss"], "wall": wall,
            "attention": figures.get("attention")}


def main(argv: list[str] | None = None) -> list[dict]:
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=3, help="nanoGPT/ours pairs (alternating)")
    parser.add_argument("--iters", type=int, default=300, help="training iterations per run")
    parser.add_argument("--threads", type=int, default=None, help="torch threads for both (default: free cores)")
    parser.add_argument("--nanogpt", type=Path, default=ROOT.parent / "shared" / "anchors" / "nanogpt")
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    data = Path(os.environ.get("KATA_DATA_DIR", ROOT / "data")) / "tinyshakespeare" / "input.txt"
    if not data.exists():
        raise SystemExit(f"{data} is missing: set KATA_DATA_DIR to a folder with tinyshakespeare/input.txt")
    threads = common.choose_threads(args.threads)[0]
    print(f"nanoGPT baby config, {args.iters} iters per run, {threads} thread(s) each, "
          f"{args.pairs} alternating pairs; ours: kata train gpt --preset cpu --lr 1e-3 {' '.join(extra)}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="nanogpt_bench_") as scratch:
        copy = prepare_nanogpt(args.nanogpt, data, Path(scratch))
        for pair in range(args.pairs):
            order = ["nanogpt", "ours"] if pair % 2 == 0 else ["ours", "nanogpt"]
            row = {"pair": pair + 1, "first": order[0]}
            for who in order:
                load = os.getloadavg()[0]
                out = Path(scratch) / f"{who}{pair}"
                row[who] = (run_nanogpt(copy, args.iters, threads, out) if who == "nanogpt"
                            else run_ours(args.iters, threads, out, extra))
                row[who]["load"] = load
            row["ratio"] = row["nanogpt"]["ms"] / row["ours"]["ms"]  # ours/nanoGPT in tokens/s
            rows.append(row)
            n, o = row["nanogpt"], row["ours"]
            print(f"pair {pair + 1} ({order[0]} first): nanoGPT {n['ms']:.1f} ms/iter "
                  f"= {TOKENS_PER_ITER / n['ms'] * 1000:,.0f} tok/s (load {n['load']:.1f}), "
                  f"ours {o['ms']:.1f} ms/iter = {TOKENS_PER_ITER / o['ms'] * 1000:,.0f} tok/s "
                  f"(load {o['load']:.1f}, {o['attention']} attention); ratio ours/nanoGPT {row['ratio']:.3f}"
                  f"; best val {n['best_val']:.4f} / {o['best_val']:.4f}; wall {n['wall']:.0f} s / {o['wall']:.0f} s",
                  flush=True)
    ratios = [r["ratio"] for r in rows]
    print(f"ratio ours/nanoGPT tokens/s: median {statistics.median(ratios):.3f}, geometric mean "
          f"{math.exp(statistics.fmean(map(math.log, ratios))):.3f} over {len(ratios)} pairs "
          f"({', '.join(f'{r:.3f}' for r in ratios)})")
    return rows


if __name__ == "__main__":
    main()
