"""Text to image (the model "txt2img" of harness/curriculum/models.toml): the learner's s11 pipeline
around three trained checkpoints. It has no weights of its own:

    kata generate PROMPT       builds TextToImagePipeline (the learner's s11 pieces where they
                               pass, else the reference) from runs/clip, runs/autoencoder and
                               runs/ldm, and writes a PNG (harness/generate.py declares the options)
    kata train txt2img         trains the chain those checkpoints come from, in order: clip,
                               autoencoder, ldm (each with its own preset and its own pieces;
                               a model whose checkpoint exists is kept unless --retrain)

The pipeline is reproducible: get_latent draws z_T on the CPU from the seed alone and DDIM with
η = 0 draws nothing else, so the same prompt, settings and seed write the same PNG."""
from __future__ import annotations

import importlib
import time
from pathlib import Path

import torch

from ..i18n import t
from . import autoencoder as AE
from . import clip as CLIP
from . import common, ldm, loop

CHAIN = ("clip", "autoencoder", "ldm")  # the order they train in: ldm reads the other two
PIPELINE = {"pipeline": ["TextToImagePipeline"]}
MOST_IMAGES = 1024


# --- kata generate ------------------------------------------------------------------------------

def checkpoints(args, lang: str) -> dict[str, Path]:
    """The three checkpoints: the flags', else the ldm's parents (where they still are), else
    runs/<model>/ckpt.pt. Any missing: one message naming each, with the command that writes it."""
    root = Path(getattr(args, "root", None) or _root())
    default = {m: (root / "runs" / m / loop.BEST).resolve() for m in CHAIN}
    paths = {"ldm": Path(args.ldm).resolve() if args.ldm else default["ldm"]}
    recorded = {}
    if paths["ldm"].exists():
        recorded = {flag: Path(f["path"]) for flag, f in
                    common.load_checkpoint(paths["ldm"]).get("parents", {}).items()}
    for m in ("clip", "autoencoder"):
        given = getattr(args, m)
        paths[m] = Path(given).resolve() if given else (recorded[m] if m in recorded and recorded[m].exists()
                                                          else default[m])
    missing = [m for m in CHAIN if not paths[m].exists()]
    if missing:
        lines = "\n".join(t("generate_missing_one", lang, model=m, path=paths[m]) for m in missing)
        order = " && ".join(f"kata train {m}" for m in CHAIN if m in missing or (m == "ldm" and missing))
        raise common.MissingCheckpoint(t("generate_missing", lang, lines=lines, commands=order))
    return paths


def _root() -> Path:
    from ..paths import repo_root

    return repo_root()


def build_pipeline(assembly, paths: dict[str, Path], device, lang: str, say=None):
    """(TextToImagePipeline of the assembly's s11 pieces, its tokenizer) from the three checkpoints."""
    ckpts = {m: common.load_checkpoint(paths[m], device) for m in CHAIN}
    unet_ckpt = ckpts["ldm"]
    for flag, f in unet_ckpt.get("parents", {}).items():
        if say and not ldm.same_parent(f, ckpts[flag]):
            say("ldm_parent_changed", model=flag, path=paths[flag])
    encoder, tok, clip_config = CLIP.load_text_encoder(assembly, ckpts["clip"], device)
    ae, ae_config = AE.load_autoencoder(assembly, ckpts["autoencoder"], device)
    config = unet_ckpt["config"]
    if config["context_dim"] != clip_config["n_embd"] or list(config["latent_shape"]) != ae_config["latent_shape"]:
        raise common.TrainerError(t("generate_mismatch", lang, ldm=paths["ldm"]))
    P = loop.pieces(assembly, ldm.STAGE, {"cross_attention_unet": ["CrossAttnUNet"]})
    unet = ldm.trained_unet(P, unet_ckpt, device)
    Pipe = loop.pieces(assembly, "s11_pipeline", PIPELINE).TextToImagePipeline
    pipe = Pipe(tok, encoder, unet, ae, unet_ckpt["alpha_bars"], tuple(config["latent_shape"]),
                float(unet_ckpt["scale_factor"]), config["max_len"], crop_to=28, use_context_mask=True)
    return pipe, tok


def check_prompt(tok, text: str, max_len: int, lang: str, say) -> None:
    """A prompt the text encoder cannot read whole is an error; unknown words are read as <unk>."""
    words = tok.tokens(text)
    if len(words) + 2 > max_len:
        raise common.BadInput(t("ldm_prompt_too_long", lang, prompt=text, n=len(words), most=max_len - 2))
    unknown = sorted({w for w in words if w not in tok.stoi})
    if unknown:
        say("generate_unknown_words", words=" ".join(unknown))


def save_png(path: Path, images: torch.Tensor, scale: int, columns: int = 8) -> Path:
    """uint8 images [n, H, W] -> one greyscale PNG, each pixel a scale × scale square: the image
    itself for n = 1, else a grid of min(n, columns) columns with 2-pixel black borders."""
    from PIL import Image
    from torchvision.utils import make_grid

    x = images.unsqueeze(1)
    grid = x[0] if len(x) == 1 else make_grid(x, nrow=min(len(x), columns), padding=2, pad_value=0)[:1]
    grid = grid[0].repeat_interleave(scale, 0).repeat_interleave(scale, 1)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(grid.numpy(), mode="L").save(path, format="PNG")
    return path


def generate(args, console, lang: str) -> dict:
    """`kata generate PROMPT …`: the PNG and what it shows."""
    from ..assemble import assemble

    def say(key, **kw):
        console.print(t(key, lang, **kw), markup=False, highlight=False)

    if not 1 <= args.n <= MOST_IMAGES:
        raise common.BadInput(t("generate_bad_n", lang, n=args.n, most=MOST_IMAGES))
    if not 1 <= args.scale <= 32:
        raise common.BadInput(t("generate_bad_scale", lang, scale=args.scale))
    paths = checkpoints(args, lang)
    device = common.resolve_device(args.device, lang)
    threads, _ = common.choose_threads(args.threads)
    with common.torch_threads(threads):
        assembly = assemble("txt2img", fill_reference=True, root=getattr(args, "root", None))
        mine = sum(who == "yours" for who in assembly.owners.values())
        say("generate_pieces", mine=mine, total=len(assembly.owners))
        pipe, tok = build_pipeline(assembly, paths, device, lang, say)
        T = int(pipe.alpha_bars.shape[0])
        if args.steps < 1:
            raise common.BadInput(t("generate_bad_steps", lang, steps=args.steps))
        steps = min(args.steps, T)  # DDIM visits each timestep at most once
        if steps < args.steps:
            say("generate_fewer_steps", steps=steps, T=T)
        for text in (args.prompt, args.negative_prompt):
            check_prompt(tok, text, pipe.max_len, lang, say)
        start = time.perf_counter()
        try:
            images = pipe(args.prompt, steps=steps, guidance=args.guidance, seed=args.seed,
                          negative_prompt=args.negative_prompt, n=args.n)
        except ValueError as e:  # the learner's pipeline refused something: say what, plainly
            raise common.BadInput(t("generate_pipeline_refused", lang, error=e)) from None
        seconds = time.perf_counter() - start
    path = save_png(args.out, images, args.scale)
    say("generate_wrote", n=args.n, prompt=args.prompt, seed=args.seed, steps=steps, w=args.guidance,
        seconds=seconds, path=path)
    return {"path": str(path), "images": images}


# --- kata train txt2img: the chain -------------------------------------------------------------

def sample(opts, assembly, console):
    raise common.TrainerError(t("txt2img_use_generate", opts.lang))


def add_arguments(parser, lang: str = "en") -> None:
    parser.add_argument("--retrain", action="store_true", help=t("help_txt2img_retrain", lang))
    parser.add_argument("--threads", type=int, default=None, help=t("help_loop_threads", lang))
    parser.add_argument("--device", default="auto", help=t("help_loop_device", lang))


def train(opts, assembly, console) -> dict:
    """Train clip, autoencoder and ldm in turn (each as `kata train MODEL` would, into runs/MODEL),
    skipping those with a checkpoint unless --retrain; then say how to generate."""
    from ..assemble import PiecesMissing, assemble
    from ..cli import _model_parser

    lang, root = opts.lang, Path(opts.root)
    start, done = time.perf_counter(), {}
    for model in CHAIN:
        out = root / "runs" / model
        if (out / loop.BEST).exists() and not opts.retrain:
            console.print(t("txt2img_kept", lang, model=model, path=out / loop.BEST), markup=False, highlight=False)
            continue
        console.print(t("txt2img_training", lang, model=model, k=CHAIN.index(model) + 1, n=len(CHAIN)),
                      markup=False, highlight=False, style="bold")
        trainer = importlib.import_module(f"harness.train.{model}")
        parser = _model_parser(model, "train", lang)
        trainer.add_arguments(parser, lang)
        argv = [*(["--threads", str(opts.threads)] if opts.threads else []), "--device", opts.device]
        if opts.seed is not None:
            argv += ["--seed", str(opts.seed)]
        sub = parser.parse_args(argv)
        sub.lang, sub.root, sub.out, sub.argv = lang, root, out, ["train", model, *argv]
        try:
            part = assemble(model, fill_reference=opts.fill_reference, root=root)
        except PiecesMissing as e:
            raise common.TrainerError(t("pieces_missing", lang, model=e.model, missing=", ".join(e.missing))) from None
        t0 = time.perf_counter()
        figures = trainer.train(sub, part, console)
        done[model] = time.perf_counter() - t0
        if figures.get("interrupted"):
            raise common.TrainerError(t("txt2img_interrupted", lang, model=model))
    seconds = time.perf_counter() - start
    console.print(t("txt2img_done", lang, seconds=seconds, parts=", ".join(f"{m} {s:.0f} s" for m, s in done.items())
                    or "—"), markup=False, highlight=False)
    return {"seconds": seconds, "parts": done}
