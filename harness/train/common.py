"""Helpers any trainer can share: device choice, checkpoints, a PNG line chart, torchrun ranks.

Nothing here knows about a particular model. Trainers (harness/train/<model>.py) import what they
need:

    device = resolve_device(args.device)          # "auto" -> cuda, else mps, else cpu
    save_checkpoint(args.out / "ckpt.pt", {...})  # atomic: a Ctrl-C never leaves half a file
    save_line_chart(args.out / "loss.png", {"train": [(0, 4.2), ...], "val": [...]})
    dist = init_distributed(device)               # rank / world size under torchrun
"""
from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch


# --- errors the user can fix -----------------------------------------------------------------

class TrainerError(Exception):
    """A problem the user can fix (no checkpoint yet, a prompt the model cannot read, too little
    data): the CLI prints the message alone, without a traceback."""


class MissingCheckpoint(TrainerError, FileNotFoundError):
    """No checkpoint where one is needed (sampling before training, --resume with nothing saved)."""


class BadInput(TrainerError, ValueError):
    """Input the model cannot take (a prompt with unseen characters, too little text)."""


# --- devices ----------------------------------------------------------------------------------

def resolve_device(name: str | None) -> torch.device:
    """"auto" (or None) -> cuda if available, else mps, else cpu; anything else is checked."""
    if name in (None, "", "auto"):
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"--device {name}: this machine has no CUDA GPU (try --device cpu)")
    if device.type == "mps" and not (getattr(torch.backends, "mps", None)
                                     and torch.backends.mps.is_available()):
        raise ValueError(f"--device {name}: MPS is not available here (try --device cpu)")
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
        t = state_dict[name]
        if torch.is_tensor(t) and t.is_floating_point():
            flat = t.detach().double().flatten().cpu()
            weights = torch.arange(1, flat.numel() + 1, dtype=torch.float64) / flat.numel()
            total += (i + 1) * float((flat * weights).sum())
    return total


# --- PNG line chart (no matplotlib) -----------------------------------------------------------

def write_png(path: Path, pixels) -> Path:
    """Write an RGB image (uint8 array [H, W, 3]) as a PNG with zlib and struct only."""
    arr = np.ascontiguousarray(np.asarray(pixels, dtype=np.uint8))
    if arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"pixels must be [H, W, 3] uint8, got shape {arr.shape}")
    h, w, _ = arr.shape
    # Each scanline starts with its filter type (0 = none).
    raw = np.concatenate([np.zeros((h, 1), np.uint8), arr.reshape(h, w * 3)], axis=1).tobytes()

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))  # 8-bit RGB
           + chunk(b"IDAT", zlib.compress(raw, 9))
           + chunk(b"IEND", b""))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path


# A 3x5 pixel font: enough for tick labels, titles and legends.
_FONT = {
    "0": "111/101/101/101/111", "1": "010/110/010/010/111", "2": "110/001/010/100/111",
    "3": "110/001/010/001/110", "4": "101/101/111/001/001", "5": "111/100/110/001/110",
    "6": "011/100/111/101/111", "7": "111/001/010/010/010", "8": "111/101/111/101/111",
    "9": "111/101/111/001/110", "A": "010/101/111/101/101", "B": "110/101/110/101/110",
    "C": "011/100/100/100/011", "D": "110/101/101/101/110", "E": "111/100/110/100/111",
    "F": "111/100/110/100/100", "G": "011/100/101/101/011", "H": "101/101/111/101/101",
    "I": "111/010/010/010/111", "J": "001/001/001/101/010", "K": "101/101/110/101/101",
    "L": "100/100/100/100/111", "M": "101/111/111/101/101", "N": "110/101/101/101/101",
    "O": "010/101/101/101/010", "P": "110/101/110/100/100", "Q": "010/101/101/110/011",
    "R": "110/101/110/101/101", "S": "011/100/010/001/110", "T": "111/010/010/010/010",
    "U": "101/101/101/101/111", "V": "101/101/101/101/010", "W": "101/101/111/111/101",
    "X": "101/101/010/101/101", "Y": "101/101/010/010/010", "Z": "111/001/010/100/111",
    ".": "000/000/000/000/010", "-": "000/000/111/000/000", ":": "000/010/000/010/000",
    "/": "001/001/010/100/100", "(": "010/100/100/100/010", ")": "010/001/001/001/010",
    "=": "000/111/000/111/000", "%": "101/001/010/100/101", "+": "000/010/111/010/000",
    "_": "000/000/000/000/111", ",": "000/000/000/010/100", " ": "000/000/000/000/000",
}
_PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189)]


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


def _text(img: np.ndarray, x: int, y: int, s: str, color=(0, 0, 0), scale: int = 2) -> None:
    """Draw s with its top-left corner at (x, y); unknown characters are drawn as blanks."""
    h, w, _ = img.shape
    for ch in s.upper():
        rows = _FONT.get(ch, _FONT[" "]).split("/")
        for r, row in enumerate(rows):
            for c, bit in enumerate(row):
                if bit == "1":
                    y0, x0 = y + r * scale, x + c * scale
                    if 0 <= y0 < h and 0 <= x0 < w:
                        img[y0:y0 + scale, x0:x0 + scale] = color
        x += 4 * scale


def _text_width(s: str, scale: int = 2) -> int:
    return 4 * scale * len(s) - scale


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About n round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _fmt(v: float) -> str:
    return f"{v:.4g}" if abs(v) < 1e5 else f"{v:.0e}"


def save_line_chart(path: Path, series: dict[str, list[tuple[float, float]]], *, title: str = "",
                    x_label: str = "", width: int = 800, height: int = 480) -> Path:
    """Rasterise line series {name: [(x, y), ...]} with axes, ticks and a legend into a PNG."""
    img = np.full((height, width, 3), 255, np.uint8)
    left, right, top, bottom = 70, 20, 40, 50
    pw, ph = width - left - right, height - top - bottom
    points = [(x, y) for pts in series.values() for x, y in pts if math.isfinite(y)]
    if points:
        xs, ys = zip(*points)
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
    else:
        x0, x1, y0, y1 = 0.0, 1.0, 0.0, 1.0
    if x1 == x0:
        x1 = x0 + 1
    pad = 0.05 * (y1 - y0) or 0.5
    y0, y1 = y0 - pad, y1 + pad

    def px(x, y):
        return (left + (x - x0) / (x1 - x0) * (pw - 1), top + (y1 - y) / (y1 - y0) * (ph - 1))

    # Grid and tick labels.
    for ty in _nice_ticks(y0, y1):
        _, yy = px(x0, ty)
        img[int(round(yy)), left:left + pw] = (225, 225, 225)
        label = _fmt(ty)
        _text(img, left - 6 - _text_width(label), int(round(yy)) - 5, label)
    for tx in _nice_ticks(x0, x1, 6):
        xx, _ = px(tx, y0)
        img[top:top + ph, int(round(xx))] = (225, 225, 225)
        label = _fmt(tx)
        _text(img, int(round(xx)) - _text_width(label) // 2, top + ph + 8, label)
    img[top:top + ph, left] = 0
    img[top + ph - 1, left:left + pw] = 0
    if title:
        _text(img, left + (pw - _text_width(title)) // 2, 12, title)
    if x_label:
        _text(img, left + (pw - _text_width(x_label)) // 2, height - 20, x_label)

    # Lines: sample each segment densely enough to leave no gaps, 2 px thick.
    for k, (name, pts) in enumerate(series.items()):
        color = _PALETTE[k % len(_PALETTE)]
        pts = [(x, y) for x, y in pts if math.isfinite(y)]
        coords = np.array([px(x, y) for x, y in pts], dtype=float).reshape(-1, 2)
        if len(coords) == 1:
            coords = np.repeat(coords, 2, axis=0)
        for (ax, ay), (bx, by) in zip(coords[:-1], coords[1:]):
            n = int(max(abs(bx - ax), abs(by - ay))) + 2
            xx = np.clip(np.rint(np.linspace(ax, bx, n)).astype(int), left, left + pw - 2)
            yy = np.clip(np.rint(np.linspace(ay, by, n)).astype(int), top, top + ph - 2)
            for dy in (0, 1):
                for dx in (0, 1):
                    img[yy + dy, xx + dx] = color
        # Legend, top right.
        ly = top + 8 + 16 * k
        lx = left + pw - 10 - _text_width(name) - 24
        img[ly + 3:ly + 7, lx:lx + 16] = color
        _text(img, lx + 22, ly, name)
    return write_png(path, img)


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


def init_distributed(device: torch.device) -> tuple[Dist, torch.device]:
    """Join the process group torchrun prepared (nccl on CUDA, gloo on CPU); pick this rank's GPU."""
    dist = dist_from_env()
    if not dist.enabled:
        return dist, device
    import torch.distributed as td

    if device.type == "cuda":
        device = torch.device("cuda", dist.local_rank)
        torch.cuda.set_device(device)
    if not td.is_initialized():
        td.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")
    return dist, device


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
