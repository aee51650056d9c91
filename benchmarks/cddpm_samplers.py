"""One trained `kata train cddpm` checkpoint, three ways of drawing from it, judged alike:

    DDIM (--ddim-steps, default 50) with the EMA weights     the default
    DDPM (all T steps of the schedule) with the EMA weights  DDIM's Fréchet distance ÷ this, and its speed-up
    DDIM with the raw (last trained) weights                 EMA's Fréchet distance ÷ this

    python benchmarks/cddpm_samplers.py --out runs/cddpm --n 500 --guidance 2 --repeats 2

Each variant is `kata eval cddpm` with the same seed and guidance; the variants alternate and the
whole round repeats (--repeats), every pair is printed, and the medians. Writes
benchmarks/out/cddpm_samplers.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {"ddim_ema": ["--sampler", "ddim", "--weights", "ema"],
            "ddpm_ema": ["--sampler", "ddpm", "--weights", "ema"],
            "ddim_raw": ["--sampler", "ddim", "--weights", "raw"]}


def judge(out: Path, args, extra: list[str]) -> dict:
    cmd = [sys.executable, "-m", "harness", "eval", "cddpm", "--out", str(out), "--n", str(args.n), "--seed",
           str(args.seed), "--guidance", str(args.guidance), "--ddim-steps", str(args.ddim_steps),
           "--threads", str(args.threads), *extra]
    subprocess.run(cmd, check=True, env={**os.environ, "KATA_ROOT": str(ROOT)})
    return json.loads((out / "eval.json").read_text())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=ROOT / "runs" / "cddpm", help="the trained run's folder")
    p.add_argument("--n", type=int, default=500)
    p.add_argument("--guidance", type=float, default=2.0)
    p.add_argument("--ddim-steps", type=int, default=50)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=1)
    args = p.parse_args()
    rounds = []
    for r in range(args.repeats):
        row = {name: judge(args.out, args, extra) for name, extra in VARIANTS.items()}
        rounds.append(row)
        d, q, raw = row["ddim_ema"], row["ddpm_ema"], row["ddim_raw"]
        print(f"round {r + 1}: DDIM {d['seconds']:.1f} s FD {d['frechet']:.2f} (acc {d['accuracy']:.3f}) | "
              f"DDPM {q['seconds']:.1f} s FD {q['frechet']:.2f} (acc {q['accuracy']:.3f}) | "
              f"raw DDIM FD {raw['frechet']:.2f} (acc {raw['accuracy']:.3f}) | floor {d['frechet_floor']:.2f}")
        print(f"         DDIM÷DDPM Fréchet {d['frechet'] / q['frechet']:.3f}, speed-up {q['seconds'] / d['seconds']:.1f}×;"
              f" EMA÷raw Fréchet {d['frechet'] / raw['frechet']:.3f}")
    med = lambda f: statistics.median(f(row) for row in rounds)  # noqa: E731
    summary = {"ddim_over_ddpm_frechet": med(lambda r: r["ddim_ema"]["frechet"] / r["ddpm_ema"]["frechet"]),
               "ddpm_over_ddim_seconds": med(lambda r: r["ddpm_ema"]["seconds"] / r["ddim_ema"]["seconds"]),
               "ema_over_raw_frechet": med(lambda r: r["ddim_ema"]["frechet"] / r["ddim_raw"]["frechet"])}
    print("medians:", json.dumps(summary))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cddpm_samplers.json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                                         "rounds": rounds, "medians": summary}, indent=1))


if __name__ == "__main__":
    main()
