"""`kata generate PROMPT`: text to image with the learner's s11 pipeline (TextToImagePipeline:
encode_prompt, get_latent, denoise_loop, vae_decode) around the three trained checkpoints:
CLIP's text encoder (`kata train clip`), the autoencoder (`kata train autoencoder`) and the latent
UNet (`kata train ldm`). English and Japanese prompts both work ("a thick slanted seven",
"太くて傾いた7"); the same prompt, settings and seed give the same PNG, byte for byte.

    kata generate "a thick slanted seven" --steps 50 --guidance 3 --seed 0 --out img.png
    kata generate "太くて傾いた7" --n 8 --negative-prompt "thin"        (a grid of 8)

This module only declares the options (the CLI builds its parser for every command, so nothing
heavy is imported here); harness/train/txt2img.py does the work."""
from __future__ import annotations

from pathlib import Path

from .i18n import t

DEFAULT_OUT = "generated.png"


def add_arguments(parser, lang: str = "en") -> None:
    parser.add_argument("prompt", help=t("help_generate_prompt", lang))
    parser.add_argument("--negative-prompt", default="", help=t("help_generate_negative_prompt", lang))
    parser.add_argument("--steps", type=int, default=50, help=t("help_generate_steps", lang))
    parser.add_argument("--guidance", type=float, default=3.0, help=t("help_generate_guidance", lang))
    parser.add_argument("--seed", type=int, default=0, help=t("help_generate_seed", lang))
    parser.add_argument("--n", type=int, default=1, help=t("help_generate_n", lang))
    parser.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), help=t("help_generate_out", lang))
    parser.add_argument("--scale", type=int, default=4, help=t("help_generate_scale", lang))
    for model in ("clip", "autoencoder", "ldm"):
        parser.add_argument(f"--{model}", type=Path, default=None, help=t(f"help_generate_{model}", lang))
    parser.add_argument("--device", default="auto", help=t("help_loop_device", lang))
    parser.add_argument("--threads", type=int, default=None, help=t("help_loop_threads", lang))


def run(args, console, lang: str) -> dict:
    """Generate and write the PNG; returns what was written (raises TrainerError for the learner)."""
    from .train import txt2img

    return txt2img.generate(args, console, lang)
