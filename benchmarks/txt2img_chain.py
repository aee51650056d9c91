"""The whole text-to-image chain from nothing, timed and judged (issue 11's targets):

    1. `kata train txt2img --fill-reference`: clip, autoencoder and ldm in turn, each on its cpu
       (or gpu) preset, in a scratch checkout under benchmarks/out/txt2img_chain/ (links to this
       checkout's harness/, katas/ and reference/, its own runs/ and .kata/); the wall time of each
       part and of the whole
    2. `kata eval ldm --n N --sweep …`: N digits asked for in the HELD-OUT phrasings (never
       trained; English and Japanese; random attributes) at each guidance weight: the judge's
       accuracy and Fréchet distance ÷ the real-vs-real floor, how often our CLIP ranks the asked
       prompt first among the ten that differ only in the digit, and the attributes kept
    3. with --ddpm RUN: `kata eval ddpm --n N` on a trained pixel DDPM (`kata train ddpm`), the
       same seed and N, for the latent model's Fréchet distance ÷ the pixel one's

    KATA_DATA_DIR=../shared/data python benchmarks/txt2img_chain.py --ddpm runs/ddpm

The judge is trained once per checkout and cached in .kata/judge/ (about 2 minutes): it is copied
into the scratch checkout when there, so that its training is not counted as the chain's. Targets
(CPU): the chain in ≤ 30 min with the judge reading the intended digit ≥ 80 %; on held-out
phrasings judge ≥ 95 % and CLIP rank-1 ≥ 90 %; Fréchet ≤ 1.5× the pixel DDPM's. Writes
benchmarks/out/txt2img_chain.json. Step time of the two UNets: benchmarks/latent_vs_pixel_unet.py.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def scratch_checkout(where: Path) -> Path:
    """A checkout that shares this one's code but has its own runs/ and .kata/ (judge copied)."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for name in ("harness", "katas", "reference"):
        (where / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    if (ROOT / ".kata" / "judge").is_dir():
        shutil.copytree(ROOT / ".kata" / "judge", where / ".kata" / "judge")
    return where


def kata(root: Path, *argv: str) -> float:
    """Run one kata command in the scratch checkout (its output goes to the terminal); seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "harness", *argv], cwd=root, check=True)
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=500, help="digits judged per guidance weight")
    p.add_argument("--sweep", type=float, nargs="+", default=[1, 2, 3, 5], help="guidance weights")
    p.add_argument("--ddpm", type=Path, default=None, help="a `kata train ddpm` run folder to compare with")
    p.add_argument("--threads", type=int, default=None, help="passed to every command (default: the harness's rule)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if not os.environ.get("KATA_DATA_DIR"):
        print("note: KATA_DATA_DIR is not set; MNIST is downloaded where the harness keeps data", flush=True)
    threads = ["--threads", str(args.threads)] if args.threads else []
    root = scratch_checkout(OUT / "txt2img_chain")
    print(f"scratch checkout {root}; load {os.getloadavg()[0]:.2f}", flush=True)

    chain_s = kata(root, "train", "txt2img", "--fill-reference", *threads)
    parts = {m: json.loads((root / "runs" / m / "figures.json").read_text()) for m in ("clip", "autoencoder", "ldm")}
    kata(root, "eval", "ldm", "--n", str(args.n), "--seed", str(args.seed), *threads,
         "--sweep", *map(str, args.sweep))
    sweep = json.loads((root / "runs" / "ldm" / "sweep.json").read_text())
    result = {"chain_seconds": chain_s, "load_after": os.getloadavg()[0],
              "parts_seconds": {m: f.get("seconds") for m, f in parts.items()}, "sweep": sweep}
    if args.ddpm:
        kata(root, "eval", "ddpm", "--out", str(args.ddpm.resolve()), "--n", str(args.n), "--seed", str(args.seed),
             *threads)
        result["ddpm"] = json.loads((args.ddpm / "eval.json").read_text())

    print(f"\nthe chain trained in {chain_s / 60:.1f} min (target ≤ 30 on a CPU)")
    for r in sweep:
        line = (f"  guidance {r['guidance']:g}: judge {100 * r['accuracy']:.1f} %, CLIP rank-1 {100 * r['clip_rank1']:.1f} %,"
                f" Fréchet {r['frechet']:.2f} (×{r['frechet_ratio']:.2f} the floor)")
        if "ddpm" in result:
            line += f", ÷ pixel DDPM's {r['frechet'] / result['ddpm']['frechet']:.2f}"
        print(line)
    if "ddpm" in result:
        d = result["ddpm"]
        print(f"  pixel DDPM: Fréchet {d['frechet']:.2f} (×{d['frechet_ratio']:.2f} the floor), {d['seconds']:.0f} s to draw")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "txt2img_chain.json").write_text(json.dumps(result, indent=2))
    print(f"-> {OUT / 'txt2img_chain.json'}")


if __name__ == "__main__":
    main()
