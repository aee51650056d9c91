"""`kata train gpt` and `kata sample gpt` with the default threads, 1 thread and 2 threads, on the
machine as it is ("quiet") and beside a busy loop (`python -c "while True: pass"`, one core).

Prints ms per training iteration (figures.json, evaluations left out), the threads the default
chose, and the wall time of sampling 500 characters. On a 2-core machine torch's default (one
thread per core) is fast when the machine is quiet and several times slower beside another busy
program; the loop's default (the free cores) should be near the better of the two in both cases.

    KATA_DATA_DIR=/work/shared/data python benchmarks/threads_busy.py
    KATA_DATA_DIR=/work/shared/data python benchmarks/threads_busy.py --iters 100 --rounds 2
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kata(*args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OMP_NUM_THREADS", None)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "harness", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"kata {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - t0, done.stdout


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iters", type=int, default=60, help="training iterations per run")
    parser.add_argument("--rounds", type=int, default=1, help="repeat every setting this often")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="threads_bench_") as tmp:
        for busy in (False, True):
            loop = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
            try:
                time.sleep(2.0 if busy else 0.0)  # let the busy loop get going
                for rnd in range(args.rounds):
                    for threads in (None, 1, 2):
                        out = Path(tmp) / f"{busy}{threads}{rnd}"
                        flags = [] if threads is None else ["--threads", str(threads)]
                        load = os.getloadavg()[0]
                        _, _ = kata("train", "gpt", "--preset", "cpu", "--fill-reference",
                                    "--max-iters", str(args.iters), "--eval-interval", str(args.iters),
                                    "--sample-tokens", "1", "--out", str(out), *flags)
                        figures = json.loads((out / "figures.json").read_text())
                        secs, _ = kata("sample", "gpt", "--out", str(out), "--tokens", "500",
                                       "--seed", "1", *flags)
                        row = {"busy": busy, "asked": threads or "default", "threads": figures["threads"],
                               "ms_per_iter": figures["ms_per_iter"], "sample_s": secs, "load": load}
                        rows.append(row)
                        print(f"{'beside a busy loop' if busy else 'quiet':18s} threads {str(row['asked']):7s} "
                              f"(ran {row['threads']}): {row['ms_per_iter']:6.1f} ms/iter; "
                              f"kata sample gpt (500 chars) {secs:5.1f} s; load average {load:.1f}", flush=True)
            finally:
                if loop is not None:
                    loop.kill()
                    loop.wait()
    return rows


if __name__ == "__main__":
    main()
