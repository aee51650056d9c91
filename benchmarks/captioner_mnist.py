"""Benchmark the captioner trainer (harness/train/captioner.py) on the real MNIST with the reference
pieces.

Prints, on all 10,000 test images, how often the greedy captions (the image only: the model's own
phrasing, parsed) and the teacher-forced choices (in each training phrasing) get the digit and each
attribute right; the training time; and the machine's load while it ran.

    KATA_DATA_DIR=/work/shared/data python benchmarks/captioner_mnist.py                  # cpu preset
    KATA_DATA_DIR=/work/shared/data python benchmarks/captioner_mnist.py --caption-lang ja
    python benchmarks/captioner_mnist.py --preset gpu                                     # on a GPU

Targets: the digit right on >= 98 % of the test images and each attribute on >= 90 %, greedy (where
the caption names it: two of the four training phrasings name no size) and teacher-forced.
Every trainer flag (harness/train/captioner.py) works here too.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.train import captioner  # noqa: E402
from vit_mnist import run  # noqa: E402

FAMILIES = ("digit", "stroke", "slant", "size")
TARGETS = {"digit": 0.98, "stroke": 0.90, "slant": 0.90, "size": 0.90}


def main(argv: list[str] | None = None) -> dict:
    f, args, load = run(captioner, "captioner", argv, __doc__.split("\n")[0])
    ok = all(f[f"{p}{k}_right"] >= TARGETS[k] for k in FAMILIES for p in ("", "forced_"))
    print(f"\nCaptioner on MNIST ({f['caption_lang']} captions), preset {f['preset']} on {f['device']} "
          f"({f['threads']} threads), {f['params']:,} parameters, {f['steps']} steps ({f['epochs']:.2f} epochs)")
    print(f"{'right on ' + format(f['test_images'], ',') + ' test images':<32}" + "".join(f"{k:>9}" for k in FAMILIES))
    for name, key in (("greedy, right where named", "{}_right"), ("greedy, named", "{}_named"),
                      ("teacher-forced, right", "forced_{}_right")):
        print(f"{name:<32}" + "".join(f"{100 * f[key.format(k)]:8.2f}%" for k in FAMILIES))
    print(f"val loss        {f['best_val_loss']:.4f}")
    print(f"training        {f['train_seconds']:.1f} s ({f['captions_per_s']:,.0f} captions/s); "
          f"evaluating {f['eval_seconds']:.1f} s; whole run {f['seconds']:.1f} s")
    print(f"load average    {load.line()} ({os.cpu_count()} cores)")
    print("targets         digit >= 98 %, each attribute >= 90 % (greedy and teacher-forced): "
          + ("met" if ok else "NOT met"))
    return {**f, "load": load.values, "target_met": ok}


if __name__ == "__main__":
    main()
