"""Time per training step: the latent UNet of s10 (CrossAttnUNet on 4×8×8 latents, reading a text
context by cross-attention, latent_eps_loss) against the pixel UNet of s06 (UNet on the digits,
ddpm_loss), one AdamW step each, on the reference pieces and random data of the right shapes
(the time of a step does not depend on the values).

The two alternate, --steps steps of one then --steps of the other, --pairs times, and every pair
is printed as it comes: a machine that other programs keep busy slows both sides of a pair alike,
so the ratio of a pair is worth more than any single time. Two comparisons (--compare):

    width    the same widths: latent base 32, levels ×1 ×2 on 8×8 against pixel base 32, levels
             ×1 ×2 ×2 on 32×32 (the design the s10 kata's docstring compares)
    presets  the trainers' cpu presets (read from harness/train/ldm.py and ddpm.py): `kata train
             ldm` (base 32, ×1 ×2 on 8×8, context 19 × 64) against `kata train ddpm` (base 16,
             ×1 ×2 ×4 on 28×28 when this was written), at the same batch

    python benchmarks/latent_vs_pixel_unet.py                       # both, batch 128, 1 thread
    python benchmarks/latent_vs_pixel_unet.py --compare width --pairs 8 --threads 2

Target (issue 11): the latent UNet is ≥ 3× faster per training step than the pixel UNet.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reference.s06_ddpm.alpha_bars import alpha_bars as make_alpha_bars  # noqa: E402
from reference.s06_ddpm.ddpm_loss import ddpm_loss  # noqa: E402
from reference.s06_ddpm.linear_betas import linear_betas  # noqa: E402
from reference.s06_ddpm.unet import UNet  # noqa: E402
from reference.s10_latent_diffusion.cross_attention_unet import CrossAttnUNet  # noqa: E402
from reference.s10_latent_diffusion.latent_loss import latent_eps_loss  # noqa: E402

from harness.train.ddpm import PRESETS as DDPM  # noqa: E402
from harness.train.ldm import PRESETS as LDM  # noqa: E402


def shape(hp: dict, *keys) -> dict:
    return {k: tuple(hp[k]) if isinstance(hp[k], list) else hp[k] for k in keys}


COMPARISONS = {  # name -> (latent UNet kwargs, pixel UNet kwargs, pixel side)
    "width": (dict(base_channels=32, channel_mults=(1, 2), time_dim=128),
              dict(base_channels=32, channel_mults=(1, 2, 2)), 32),
    "presets": (shape(LDM["cpu"], "base_channels", "channel_mults", "time_dim"),
                shape(DDPM["cpu"], "base_channels", "channel_mults"), DDPM["cpu"]["image_size"]),
}
CONTEXT = (19, 64)  # `kata train clip`'s cpu preset: captions of up to 19 tokens, width 64


def stepper(kind: str, config: dict, side: int, batch: int, alpha_bars: torch.Tensor):
    """(model, one training step) for the latent or the pixel UNet."""
    g = torch.Generator().manual_seed(0)
    if kind == "latent":
        model = CrossAttnUNet(4, context_dim=CONTEXT[1], n_heads=4, **config)
        z0, ctx = torch.randn(batch, 4, 8, 8, generator=g), torch.randn(batch, *CONTEXT, generator=g)
        mask = torch.ones(batch, CONTEXT[0], dtype=torch.bool)
        mask[:, 12:] = False  # padding, as in a real batch of captions
        loss_fn = lambda: latent_eps_loss(model, z0, ctx, alpha_bars, context_mask=mask, generator=g)  # noqa: E731
    else:
        model = UNet(1, **config)
        x0 = torch.rand(batch, 1, side, side, generator=g) * 2 - 1
        loss_fn = lambda: ddpm_loss(model, x0, alpha_bars, generator=g)  # noqa: E731
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)

    def step():
        loss = loss_fn()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return model, step


def timed(step, n: int) -> float:
    """Seconds per step over n steps."""
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t0) / n


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compare", choices=[*COMPARISONS, "both"], default="both")
    parser.add_argument("--pairs", type=int, default=5, help="alternations of the two")
    parser.add_argument("--steps", type=int, default=5, help="training steps per side of a pair")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    alpha_bars = make_alpha_bars(linear_betas(1000))
    results = {}
    for name in (COMPARISONS if args.compare == "both" else [args.compare]):
        latent_cfg, pixel_cfg, side = COMPARISONS[name]
        models = {kind: stepper(kind, cfg, side, args.batch, alpha_bars)
                  for kind, cfg in (("latent", latent_cfg), ("pixel", pixel_cfg))}
        params = {kind: sum(p.numel() for p in m.parameters()) for kind, (m, _) in models.items()}
        print(f"\n{name}: latent UNet {latent_cfg} on 4×8×8 ({params['latent']:,} parameters) vs pixel UNet "
              f"{pixel_cfg} on 1×{side}×{side} ({params['pixel']:,}); batch {args.batch}, {args.threads} thread(s), "
              f"load {os.getloadavg()[0]:.2f}")
        for _, step in models.values():  # warm-up: allocator, first-call costs
            timed(step, 2)
        ratios, times = [], {"latent": [], "pixel": []}
        for k in range(args.pairs):
            lat = timed(models["latent"][1], args.steps)
            pix = timed(models["pixel"][1], args.steps)
            times["latent"].append(lat)
            times["pixel"].append(pix)
            ratios.append(pix / lat)
            print(f"  pair {k + 1}: latent {1000 * lat:7.1f} ms/step   pixel {1000 * pix:7.1f} ms/step   "
                  f"pixel/latent ×{pix / lat:.2f}   (load {os.getloadavg()[0]:.2f})", flush=True)
        median = statistics.median(ratios)
        print(f"  median: latent {1000 * statistics.median(times['latent']):.1f} ms/step, pixel "
              f"{1000 * statistics.median(times['pixel']):.1f} ms/step; the latent UNet is ×{median:.2f} faster "
              f"(target ≥ ×3: {'met' if median >= 3 else 'NOT met'})")
        results[name] = {"ratios": ratios, "median_ratio": median, "params": params,
                         **{f"{k}_s": v for k, v in times.items()}}
    return results


if __name__ == "__main__":
    main()
