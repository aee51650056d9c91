"""Helpers any trainer (and the loop, harness/train/loop.py) can share: errors the learner can fix,
device choice, CPU threads, checkpoints and torchrun ranks. Nothing here knows about a model.

    device = resolve_device(args.device, lang)        # "auto" -> cuda, else mps, else cpu
    threads, why = choose_threads(args.threads)       # the cores that are free, at least 1
    save_checkpoint(out / "ckpt.pt", {...})           # atomic: a Ctrl-C never leaves half a file
    dist, device, owned = init_distributed(device)    # rank / world size under torchrun
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..i18n import t


# --- errors the user can fix -----------------------------------------------------------------

class TrainerError(Exception):
    """A problem the user can fix (no checkpoint yet, a prompt the model cannot read, too little
    data): the CLI prints the message alone, without a traceback."""


class MissingCheckpoint(TrainerError, FileNotFoundError):
    """No checkpoint where one is needed (sampling before training, --resume with nothing saved)."""


class BadInput(TrainerError, ValueError):
    """Input the model cannot take (a prompt with unseen characters, too little text)."""


# --- devices and threads ----------------------------------------------------------------------

def resolve_device(name: str | None, lang: str = "en") -> torch.device:
    """"auto" (or None) -> cuda if available, else mps, else cpu; anything else is checked."""
    mps = getattr(torch.backends, "mps", None)
    mps_ok = mps is not None and mps.is_available()
    if name in (None, "", "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if mps_ok else "cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise BadInput(t("train_bad_device", lang, name=name)) from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise BadInput(t("train_no_cuda", lang, name=name))
    if device.type == "mps" and not mps_ok:
        raise BadInput(t("train_no_mps", lang, name=name))
    return device


def autocast_dtype_for(device: torch.device) -> torch.dtype | None:
    """bfloat16 mixed precision where the GPU supports it (Ampere and later), else None (fp32)."""
    if device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return None


def enable_tf32() -> None:
    """Let fp32 matmuls and convolutions use TF32 tensor cores (a free speed-up on Ampere+)."""
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True


def cpu_cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def load_average() -> float:
    """How many cores other programs keep busy: the machine's CPU time over the last 0.25 s less
    this process's own, as a count of cores (Linux /proc). Elsewhere, the 1-minute load average,
    which also counts this process's own recent work and programs that ended a minute ago.

    Not the load average on Linux: right after `kata train clip` ends, it still reads about one
    core busy for a minute or two, so the autoencoder `kata train txt2img` trains next, or a
    command typed right after, would leave a free core idle and say another program holds it."""
    try:
        (total0, idle0, own0), _, (total1, idle1, own1) = _cpu_ticks(), time.sleep(0.25), _cpu_ticks()
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    elapsed = max(1, total1 - total0)
    others = (elapsed - (idle1 - idle0)) - (own1 - own0)  # busy ticks, this process's taken out
    return max(0.0, cpu_cores() * others / elapsed)


def _cpu_ticks() -> tuple[int, int, int]:
    """(all CPU ticks of the machine, idle + iowait ticks, this process's ticks, its threads' too)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()  # after "(name)": state is [0]
    return sum(fields[:8]), fields[3] + fields[4], int(own[11]) + int(own[12])  # utime + stime


def choose_threads(requested: int | None, nproc: int = 1, *, cores: int | None = None,
                   load: float | None = None) -> tuple[int, dict]:
    """(threads for torch, why): the number asked for, else the free cores (the core count less
    load_average(), rounded, at least 1), shared among nproc processes.

    On a busy machine torch's default (one thread per core) makes every op wait for the thread
    another program is holding: 306 ms/iter against 109 ms with one thread on 2 cores."""
    if requested:
        return int(requested), {"given": True}
    cores = cpu_cores() if cores is None else cores
    load = load_average() if load is None else load
    free = max(1, min(cores, int(cores - load + 0.5)))
    return max(1, free // max(1, nproc)), {"given": False, "cores": cores, "load": load}


@contextmanager
def torch_threads(n: int):
    """torch.set_num_threads(n) for the block; the setting is process-wide, so it is restored."""
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield n
    finally:
        torch.set_num_threads(before)


def fast_optimizer(optimizer: torch.optim.Optimizer, device: torch.device):
    """The optimizer, switched to torch's fused kernel when it is an Adam/AdamW on the CPU (the
    same update, one kernel for all parameters: about 1 ms less per GPT step than the loop over
    parameters that torch uses on the CPU by default)."""
    if device.type == "cpu" and isinstance(optimizer, (torch.optim.Adam, torch.optim.AdamW)) \
            and _cpu_fused_adam():
        for group in optimizer.param_groups:
            group["fused"], group["foreach"] = True, False
        optimizer.defaults["fused"], optimizer.defaults["foreach"] = True, False
    return optimizer


def _cpu_fused_adam(cache: dict = {}) -> bool:  # noqa: B006 (a cache on purpose)
    if "ok" not in cache:
        try:  # torch >= 2.4 has fused Adam kernels for the CPU
            p = torch.zeros(1, requires_grad=True)
            p.grad = torch.zeros(1)
            torch.optim.AdamW([p], fused=True).step()
            cache["ok"] = True
        except (RuntimeError, TypeError):
            cache["ok"] = False
    return cache["ok"]


# --- checkpoints ------------------------------------------------------------------------------

def save_checkpoint(path: Path, state: dict) -> Path:
    """torch.save to a temporary file, then rename: the old checkpoint survives a crash mid-write."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)
    return path


def load_checkpoint(path: Path, map_location="cpu") -> dict:
    """Load a checkpoint written by save_checkpoint (plain tensors, numbers, strings, lists)."""
    return torch.load(Path(path), map_location=map_location, weights_only=True)


def plain(value):
    """A value torch.load(weights_only=True) accepts: Paths and other objects become strings."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def state_checksum(state_dict: dict) -> float:
    """One number that changes when any weight changes (sum of |w| weighted by position, fp64)."""
    total = 0.0
    for i, name in enumerate(sorted(state_dict)):
        w = state_dict[name]
        if torch.is_tensor(w) and w.is_floating_point():
            flat = w.detach().double().flatten().cpu()
            weights = torch.arange(1, flat.numel() + 1, dtype=torch.float64) / flat.numel()
            total += (i + 1) * float((flat * weights).sum())
    return total


def warmup_cosine(step: int, total: int, peak: float, warmup: int, floor: float = 0.0) -> float:
    """Learning rate: linear warm-up over `warmup` steps, then a cosine decay from `peak` to
    `floor` at step `total` (and `floor` after it)."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def moving_average(points: list, window: int) -> list:
    """Moving average of (x, y) points over the last `window` values (fewer at the start): per-step
    losses are noisy."""
    if window <= 1 or len(points) < 2:
        return [tuple(p) for p in points]
    ys = np.array([y for _, y in points], dtype=float)
    c = np.cumsum(np.concatenate([[0.0], ys]))
    lo = np.maximum(0, np.arange(len(ys)) - window + 1)
    means = (c[1:] - c[lo]) / (np.arange(len(ys)) - lo + 1)
    return [(x, float(m)) for (x, _), m in zip(points, means)]


# --- torchrun ---------------------------------------------------------------------------------

@dataclass
class Dist:
    """Where this process stands under torchrun (rank 0 of 1 when run plainly)."""
    rank: int = 0
    local_rank: int = 0
    world_size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1


def dist_from_env() -> Dist:
    """Read RANK / LOCAL_RANK / WORLD_SIZE, which torch.distributed.run sets for each worker."""
    return Dist(int(os.environ.get("RANK", 0)), int(os.environ.get("LOCAL_RANK", 0)),
                int(os.environ.get("WORLD_SIZE", 1)))


def init_distributed(device: torch.device) -> tuple[Dist, torch.device, bool]:
    """Join the process group torchrun prepared (nccl on CUDA, gloo on CPU); pick this rank's GPU.
    Returns (dist, device, owned): owned is True when this call created the group (so the caller
    closes it); a group someone else opened (a test running several trainers) is left open."""
    dist = dist_from_env()
    if not dist.enabled:
        return dist, device, False
    import torch.distributed as td

    if device.type == "cuda":
        device = torch.device("cuda", dist.local_rank)
        torch.cuda.set_device(device)
    if td.is_initialized():
        return dist, device, False
    td.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")
    return dist, device, True


def close_distributed() -> None:
    import torch.distributed as td

    if td.is_available() and td.is_initialized():
        td.destroy_process_group()


def strip_option(argv: list[str], option: str) -> list[str]:
    """argv without `option VALUE` / `option=VALUE` (e.g. drop --nproc before relaunching)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == option:
            skip = True
        elif not a.startswith(option + "="):
            out.append(a)
    return out


def has_option(argv: list[str], option: str) -> bool:
    return any(a == option or a.startswith(option + "=") for a in argv)


def torchrun_command(nproc: int, cli_args: list[str]) -> list[str]:
    """`python -m torch.distributed.run --standalone --nproc_per_node N -m harness <cli_args>`."""
    return [sys.executable, "-m", "torch.distributed.run", "--standalone",
            "--nproc_per_node", str(nproc), "-m", "harness", *cli_args]


def run_torchrun(command: list[str]) -> int:
    """Run torch's launcher with KATA_ASSEMBLED=1 (ranks reuse the package this process assembled)
    and wait for it. Ctrl-C reaches the ranks directly (same terminal); we keep waiting while they
    save their checkpoint and exit."""
    env = {**os.environ, "KATA_ASSEMBLED": "1"}
    proc = subprocess.Popen(command, env=env)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue
