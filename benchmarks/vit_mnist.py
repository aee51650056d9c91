"""Benchmark the ViT trainer (harness/train/vit.py) on the real MNIST with the reference pieces.

Prints the test accuracy, the training time (the steps alone) and the whole run's time, steps,
images/s, and the machine's load while it ran (other programs slow a CPU run down: say so).

    KATA_DATA_DIR=/work/shared/data python benchmarks/vit_mnist.py               # cpu preset
    KATA_DATA_DIR=/work/shared/data python benchmarks/vit_mnist.py --threads 1   # a busy machine
    python benchmarks/vit_mnist.py --preset gpu                                  # on a GPU

Target on a 2-core CPU: the cpu preset reaches >= 98.0 % test accuracy in <= 5 minutes of training.
Every trainer flag (harness/train/vit.py) works here too.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.assemble import assemble  # noqa: E402
from harness.train import vit  # noqa: E402


class LoadWatch:
    """The 1-minute load average, read every 5 s while the block runs: (start, mean, max)."""

    def __enter__(self):
        self.values, self._stop = [os.getloadavg()[0]], threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(5.0):
            self.values.append(os.getloadavg()[0])

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.values.append(os.getloadavg()[0])

    def line(self) -> str:
        v = self.values
        return f"{v[0]:.2f} at the start, {sum(v) / len(v):.2f} on average, {max(v):.2f} at most"


def run(trainer, model: str, argv: list[str] | None, description: str,
        targets: dict[str, float] | None = None) -> tuple[dict, argparse.Namespace, LoadWatch]:
    """Parse the trainer's flags (and --target-<name> for each target), train with the reference
    pieces, return (figures, args, load)."""
    parser = argparse.ArgumentParser(description=description)
    trainer.add_arguments(parser)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1337)
    for name, default in (targets or {}).items():
        parser.add_argument(f"--target-{name}", type=float, default=default)
    args = parser.parse_args(argv)
    args.lang, args.fill_reference = "en", True
    from rich.console import Console

    with tempfile.TemporaryDirectory(prefix=f"{model}_bench_") as tmp:
        args.out = args.out or Path(tmp)
        with LoadWatch() as load:
            figures = trainer.train(args, assemble(model, only_reference=True), Console())
    return figures, args, load


def main(argv: list[str] | None = None) -> dict:
    f, args, load = run(vit, "vit", argv, __doc__.split("\n")[0], {"accuracy": 0.98, "seconds": 300.0})
    ok = f["test_accuracy"] >= args.target_accuracy and f["train_seconds"] <= args.target_seconds
    print(f"\nViT on MNIST, preset {f['preset']} on {f['device']} ({f['threads']} threads): "
          f"patch {f['patch_size']}, dim {f['dim']}, depth {f['depth']}, {f['params']:,} parameters")
    print(f"test accuracy   {100 * f['test_accuracy']:.2f} %   (test loss {f['test_loss']:.4f})")
    print(f"training        {f['train_seconds']:.1f} s for {f['steps']} steps ({f['epochs']:.2f} epochs, "
          f"{f['images_per_s']:,.0f} images/s); whole run {f['seconds']:.1f} s")
    print(f"load average    {load.line()} ({os.cpu_count()} cores)")
    print(f"target          >= {100 * args.target_accuracy:.1f} % in <= {args.target_seconds:.0f} s of "
          f"training: {'met' if ok else 'NOT met'}")
    return {**f, "load": load.values, "target_met": ok}


if __name__ == "__main__":
    main()
