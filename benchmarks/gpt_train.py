"""Benchmark the GPT trainer on the real tiny Shakespeare with the reference pieces.

Reports the best validation loss, wall time, ms/iter, tokens/s and MFU (model FLOPs utilisation):

    FLOPs per token = 6·N + 12·L·H·Q·T        (N non-embedding parameters, L layers, H heads,
                                               Q head size, T context; PaLM appendix B / nanoGPT)
    MFU             = tokens/s · FLOPs per token / peak FLOP/s

Peak: --peak-flops, else 989e12 on CUDA (H100 SXM, dense bf16), else the fp32 matmul throughput
measured on this CPU (so a CPU "MFU" says how close training gets to the best matmul speed here).

    KATA_DATA_DIR=/work/shared/data python benchmarks/gpt_train.py                 # cpu preset
    KATA_DATA_DIR=/work/shared/data python benchmarks/gpt_train.py --max-seconds 180
    python benchmarks/gpt_train.py --preset gpu --compile                         # on a GPU
    python benchmarks/gpt_train.py --preset gpu --max-iters 500 --eval-interval 500 --compile

Target on a 2-core CPU: the cpu preset reaches best val loss <= 1.88 within 3 minutes.
Every trainer flag (harness/train/gpt.py) works here too.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.assemble import assemble  # noqa: E402
from harness.train import common, gpt  # noqa: E402

H100_BF16_PEAK = 989e12


def measured_matmul_peak(device: torch.device, seconds: float = 1.0, n: int = 1024) -> float:
    """FLOP/s of a square fp32 matmul repeated for about `seconds` on this device."""
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    for _ in range(3):
        a @ b  # warm-up
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a @ b
        count += 1
    if device.type == "cuda":
        torch.cuda.synchronize()
    return 2 * n**3 * count / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    gpt.add_arguments(parser)  # the trainer's flags and the loop's (--device, --threads, ...)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--peak-flops", type=float, default=None,
                        help="peak FLOP/s for MFU (default: 989e12 on CUDA, measured matmul on CPU)")
    parser.add_argument("--target-loss", type=float, default=1.88)
    parser.add_argument("--target-seconds", type=float, default=180.0)
    args = parser.parse_args(argv)
    args.lang, args.fill_reference = "en", True

    from rich.console import Console
    from rich.table import Table

    console = Console()
    device = common.resolve_device(args.device)
    if args.peak_flops:
        peak, peak_what = args.peak_flops, "given"
    elif device.type == "cuda":
        peak, peak_what = H100_BF16_PEAK, "H100 bf16 dense"
    else:
        peak, peak_what = measured_matmul_peak(device), "measured fp32 matmul"

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    tmp = None
    if args.out is None:
        tmp = tempfile.TemporaryDirectory(prefix="gpt_bench_")
        args.out = Path(tmp.name)
    figures = gpt.train(args, assemble("gpt", only_reference=True), console)
    if tmp is not None:
        tmp.cleanup()
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    flops_per_s = figures["tokens_per_s"] * figures["flops_per_token"]
    mfu = flops_per_s / peak
    table = Table(title="GPT training benchmark (reference pieces)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("preset / device", f"{figures['preset']} / {figures['device']}"
                            + (f" ({torch.cuda.get_device_name()})" if device.type == "cuda" else
                               f" ({figures['threads']} threads, {figures['attention']} attention)")),
        ("iters", f"{figures['iters']}"),
        ("best val loss", f"{figures['best_val_loss']:.4f}"),
        ("final train loss", f"{figures['final_train_loss']:.4f}"),
        ("seconds (whole run / training steps)", f"{figures['seconds']:.1f} / {figures['train_seconds']:.1f}"),
        ("ms / iter (train step)", f"{figures['ms_per_iter']:.2f}"),
        ("tokens / s", f"{figures['tokens_per_s']:,.0f}"),
        ("parameters N (num_params())", f"{figures['params']:,}"),
        ("FLOPs / token", f"{figures['flops_per_token']:,.0f}"),
        ("achieved FLOP/s", f"{flops_per_s:.3e}"),
        (f"peak FLOP/s ({peak_what})", f"{peak:.3e}"),
        ("MFU", f"{100 * mfu:.1f} %"),
        # Other processes on the machine slow a CPU run down (badly with >1 thread): say so.
        ("load average, 1 min (start / end)", f"{load_before:.2f} / {load_after:.2f}"),
    ]
    if figures["preset"] == "cpu":
        ok = figures["best_val_loss"] <= args.target_loss and figures["seconds"] <= args.target_seconds
        rows.append((f"target: val <= {args.target_loss} in {args.target_seconds:.0f} s",
                     "met" if ok else "NOT met"))
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return {**figures, "mfu": mfu, "peak_flops": peak}


if __name__ == "__main__":
    main()
