"""Pictures a run writes, drawn by well-kept libraries: matplotlib (Agg, no display needed) for
charts and labelled grids, torchvision's make_grid / save_image for plain image grids.

    save_loss_chart(out / "loss.png", history, title="GPT on tiny Shakespeare")
    save_labelled_grid(out / "mistakes.png", images, ["pred 3 · true 5", ...], colors=[...])
    save_grid(out / "samples.png", images)                  # no labels: torchvision alone

Charts use matplotlib's object API (Figure + FigureCanvasAgg), not pyplot: no global state, no
window, nothing to close. Sizes are fixed in pixels (figsize × dpi), so tests can check them.
"""
from __future__ import annotations

from pathlib import Path

import torch

from .common import moving_average

DPI = 100
CHART_SIZE = (800, 480)  # pixels


def figure(width_px: int, height_px: int):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def save_loss_chart(path: Path, history: dict, *, title: str = "", y_label: str = "loss",
                    names: tuple[str, ...] | None = None) -> Path:
    """Training loss per step (faint) and its moving average (solid); the evaluation figures
    `names` (default: those whose name ends in "loss") as markers only, one per evaluation (two
    evaluations are two points, not a line that would read as a curve far above the training
    loss). Step on x; the loss axis is logarithmic when the values span more than 10×."""
    fig = figure(*CHART_SIZE)
    ax = fig.add_subplot()
    train = [tuple(p) for p in history.get("train", [])]
    if train:
        xs, ys = zip(*train)
        ax.plot(xs, ys, color="C0", alpha=0.25, linewidth=0.8, label="train loss (each step)")
        smooth = moving_average(train, max(1, len(train) // 50))
        ax.plot(*zip(*smooth), color="C0", linewidth=1.8, label="train loss (moving average)")
    evals = history.get("eval", [])
    if names is None:
        names = tuple(k for k in (evals[0][1] if evals else {}) if k.endswith("loss"))
    values = [y for _, y in train]
    for k, name in enumerate(names, start=1):
        pts = [(it, m[name]) for it, m in evals if name in m]
        values += [y for _, y in pts]
        ax.plot(*zip(*pts), linestyle="none", marker="o", markersize=6, color=f"C{k}",
                label=f"{name.replace('_', ' ')} (evaluation)")
    finite = [y for y in values if y > 0 and y == y and y != float("inf")]
    if finite and max(finite) > 10 * min(finite):
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(y_label)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    if train or any(names):
        ax.legend(loc="upper right")
    fig.tight_layout()
    return save(fig, path)


def save_sweep_chart(path: Path, rows: list[dict], flag: str, *, title: str = "") -> Path:
    """The judge's accuracy (left axis, %) and Fréchet distance ÷ its real-vs-real floor (right axis)
    against the swept setting (e.g. the guidance weight w)."""
    fig = figure(*CHART_SIZE)
    ax = fig.add_subplot()
    xs = [r[flag] for r in rows]
    if all("accuracy" in r for r in rows):
        ax.plot(xs, [100 * r["accuracy"] for r in rows], marker="o", color="C0", label="judge accuracy (%)")
    ax.set_xlabel(flag)
    ax.set_ylabel("judge accuracy (%)", color="C0")
    right = ax.twinx()
    right.plot(xs, [r["frechet_ratio"] for r in rows], marker="s", color="C3",
               label="Fréchet distance ÷ real-vs-real floor")
    right.set_ylabel("Fréchet distance ÷ floor", color="C3")
    ax.grid(alpha=0.3)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], loc="center right")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return save(fig, path)


def save_labelled_grid(path: Path, images: torch.Tensor, labels: list[str], *,
                       colors: list[str] | None = None, columns: int = 8, title: str = "",
                       scale: int = 4) -> Path:
    """Images [N, 1 or 3, H, W] in [0, 1] laid out by torchvision's make_grid, each with its label
    written above it (a band of blank pixels is added on top of every image for it)."""
    from torchvision.utils import make_grid

    n, _, h, w = images.shape
    band, pad = max(10, h // 2), 2
    padded = torch.nn.functional.pad(images.float().clamp(0, 1), (0, 0, band, 0), value=1.0)
    columns = max(1, min(columns, n))
    grid = make_grid(padded, nrow=columns, padding=pad, pad_value=1.0)  # [3, H', W']
    gh, gw = grid.shape[1:]
    top = 40 if title else 0
    fig = figure(gw * scale, gh * scale + top)
    ax = fig.add_axes((0, 0, 1, gh * scale / (gh * scale + top)))
    ax.imshow(grid.permute(1, 2, 0).cpu().numpy(), interpolation="nearest")
    ax.set_axis_off()
    for k, label in enumerate(labels):
        r, c = divmod(k, columns)
        x = pad + c * (w + pad) + w / 2
        y = pad + r * (h + band + pad) + band / 2
        ax.text(x, y, label, ha="center", va="center", fontsize=max(6, 2.2 * scale),
                color=(colors[k] if colors else "black"))
    if title:
        fig.suptitle(title, y=1 - 0.5 * top / (gh * scale + top), fontsize=12)
    return save(fig, path)


def save_grid(path: Path, images: torch.Tensor, columns: int = 8) -> Path:
    """Images [N, C, H, W] in [0, 1] as one PNG grid (torchvision's save_image), no labels."""
    from torchvision.utils import save_image

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_image(images.float().clamp(0, 1), path, nrow=columns, padding=2)
    return path


def save(fig, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, format="png")
    return path
