"""`kata train cddpm` beside TeaPearce's Conditional_Diffusion_MNIST, judged by the same MNIST CNN.

    python benchmarks/cddpm_vs_teapearce.py --anchor ../shared/anchors/teapearce/script.py \
        --per-class 20 --guidance 0.5 2          # CPU: ours with its cpu preset, theirs for as long
    python benchmarks/cddpm_vs_teapearce.py --anchor … --preset gpu --per-class 100 --tp-feat 128

1. Ours: `kata train cddpm --fill-reference` (the preset), then `kata eval cddpm --sweep` at the
   guidance weights asked for, translated to our convention: TeaPearce mixes (1 + w)·ε_c − w·ε_u,
   we mix ε_u + w'·(ε_c − ε_u), so their w is our w' = 1 + w.
2. Theirs: their ContextUnet and DDPM classes, imported unmodified from a scratch copy of script.py
   (never copied into this project), trained on the same MNIST tensors for the same training seconds
   ours took (their optimiser: Adam, linear learning-rate decay; their batch size and lr), then their
   own sampler (all n_T = 400 steps) at each w.
3. Both judged by harness/judge.py: accuracy of the digit asked for, confidence, class entropy, and
   the Fréchet distance beside the real-vs-real floor at the same N.
Prints one table and writes benchmarks/out/cddpm_vs_teapearce.json.
"""
from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import judge as J  # noqa: E402
from harness.data import mnist  # noqa: E402


def import_anchor(script: Path):
    """TeaPearce's script.py from a scratch copy; tqdm stubbed if it is not installed."""
    if importlib.util.find_spec("tqdm") is None:
        stub = types.ModuleType("tqdm")
        stub.tqdm = lambda it, *a, **k: it
        stub.__spec__ = importlib.machinery.ModuleSpec("tqdm", None)
        sys.modules["tqdm"] = stub
    scratch = Path(tempfile.mkdtemp()) / "teapearce_script.py"
    shutil.copy(script, scratch)
    spec = importlib.util.spec_from_file_location("teapearce_script", scratch)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours(args, out: Path) -> tuple[dict, list[dict]]:
    """Train with the preset, then the judge's sweep at our weights w' = 1 + w."""
    env = {**os.environ, "KATA_ROOT": str(ROOT)}
    train = [sys.executable, "-m", "harness", "train", "cddpm", "--fill-reference", "--out", str(out),
             "--threads", str(args.threads), *(["--preset", args.preset] if args.preset else []),
             *(["--steps", str(args.steps)] if args.steps else [])]
    subprocess.run(train, check=True, env=env)
    figures = json.loads((out / "figures.json").read_text())
    ws = [1 + w for w in args.guidance]
    sweep = [sys.executable, "-m", "harness", "eval", "cddpm", "--out", str(out), "--n", str(10 * args.per_class),
             "--seed", "0", "--threads", str(args.threads), "--ddim-steps", str(args.ddim_steps),
             "--sweep", *map(str, ws)]
    start = time.time()
    subprocess.run(sweep, check=True, env=env)
    rows = json.loads((out / "sweep.json").read_text())
    for r in rows:
        r["sample_seconds"] = r.pop("seconds")
    print(f"ours: sweep of {len(ws)} weights took {time.time() - start:.0f} s")
    return figures, rows


def theirs(args, seconds: float, device: torch.device, judge) -> tuple[dict, list[dict]]:
    tp = import_anchor(Path(args.anchor))
    torch.manual_seed(0)
    x = mnist("train")[0].float().div(255).unsqueeze(1)  # their transform: ToTensor, [0, 1]
    y = mnist("train")[1]
    model = tp.DDPM(nn_model=tp.ContextUnet(in_channels=1, n_feat=args.tp_feat, n_classes=10),
                    betas=(1e-4, 0.02), n_T=400, device=device, drop_prob=0.1).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.tp_lr)
    steps, start, g = 0, time.perf_counter(), torch.Generator().manual_seed(0)
    while time.perf_counter() - start < seconds:
        fraction = (time.perf_counter() - start) / seconds
        opt.param_groups[0]["lr"] = args.tp_lr * (1 - fraction)  # their linear decay, by time
        idx = torch.randint(0, len(x), (args.tp_batch,), generator=g)
        loss = model(x[idx].to(device), y[idx].to(device))
        opt.zero_grad()
        loss.backward()
        opt.step()
        steps += 1
    train_seconds = time.perf_counter() - start
    print(f"theirs: {steps} steps in {train_seconds:.0f} s")
    rows = []
    model.eval()
    for w in args.guidance:
        torch.manual_seed(0)
        t0, images = time.perf_counter(), []
        with torch.no_grad():
            for _ in range(args.per_class // 10 if args.per_class >= 10 else 1):
                n = 100 if args.per_class >= 10 else 10 * args.per_class
                images.append(model.sample(n, (1, 28, 28), device, guide_w=w)[0].cpu())
        images = torch.cat(images).clamp(0, 1)
        labels = torch.arange(len(images)) % 10
        m = J.measure(judge, images, labels, seed=0)
        m.update(w=w, sample_seconds=time.perf_counter() - t0)
        rows.append(m)
        print(f"theirs w={w}: accuracy {m['accuracy']:.3f}, Fréchet ×{m['frechet_ratio']:.2f}")
    return {"steps": steps, "train_seconds": train_seconds, "batch": args.tp_batch, "n_feat": args.tp_feat}, rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--anchor", required=True, help="path to TeaPearce's script.py")
    p.add_argument("--preset", default=None, help="our preset (default: the device's)")
    p.add_argument("--steps", type=int, default=None, help="our optimizer steps (default: the preset's)")
    p.add_argument("--per-class", type=int, default=20, help="samples per digit (the issue: 100)")
    p.add_argument("--guidance", type=float, nargs="+", default=[0.5, 2.0], help="TeaPearce's w values")
    p.add_argument("--ddim-steps", type=int, default=50)
    p.add_argument("--tp-feat", type=int, default=32, help="their n_feat (their script: 128)")
    p.add_argument("--tp-batch", type=int, default=128)
    p.add_argument("--tp-lr", type=float, default=2e-4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    judge = J.load_judge(lambda e, n, s: print(f"judge epoch {e}/{n} ({s:.0f} s)"))
    print(f"judge test accuracy {judge.test_accuracy:.4f}")
    our_figures, our_rows = ours(args, out / "cddpm_run")
    their_figures, their_rows = theirs(args, our_figures["train_seconds"], torch.device(args.device), judge)
    print(f"\ntraining: ours {our_figures['iters']} steps in {our_figures['train_seconds']:.0f} s; "
          f"theirs {their_figures['steps']} steps in {their_figures['train_seconds']:.0f} s; "
          f"{10 * args.per_class} samples per w; judge {judge.test_accuracy:.2%}")
    print(f"{'TeaPearce w':>11} {'our w':>6} | {'ours acc':>8} {'FD÷floor':>8} {'sample s':>8} | "
          f"{'theirs acc':>10} {'FD÷floor':>8} {'sample s':>8}")
    for w, a, b in zip(args.guidance, our_rows, their_rows):
        print(f"{w:>11g} {1 + w:>6g} | {a['accuracy']:>8.3f} {a['frechet_ratio']:>8.2f} {a['sample_seconds']:>8.0f} | "
              f"{b['accuracy']:>10.3f} {b['frechet_ratio']:>8.2f} {b['sample_seconds']:>8.0f}")
    (out / "cddpm_vs_teapearce.json").write_text(json.dumps(
        {"args": vars(args), "ours": {"figures": our_figures, "sweep": our_rows},
         "theirs": {"figures": their_figures, "sweep": their_rows}}, indent=1, default=str))
    if any(math.isnan(r["frechet"]) for r in our_rows + their_rows):
        sys.exit("a Fréchet distance is NaN")


if __name__ == "__main__":
    main()
