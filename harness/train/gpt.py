"""`kata train gpt` and `kata sample gpt`: a character-level GPT on tiny Shakespeare, built from
the learner's s02_gpt pieces (nanoGPT's shakespeare_char recipe).

Presets (flags override single values):
    cpu  nanoGPT's CPU "baby" run: 4 layers, 4 heads, 128 wide, context 64, batch 12, 2000 iters,
         learning rate 2e-3 (a few minutes on a laptop; val loss about 1.8)
    gpu  nanoGPT's shakespeare_char: 6 layers, 6 heads, 384 wide, context 256, batch 64, dropout
         0.2, 5000 iters; bf16 autocast where the GPU has it, TF32, optional --compile
         (val loss about 1.47)
The default is gpu on a CUDA machine, cpu elsewhere.

What lands in args.out (default runs/gpt):
    ckpt.pt       the best validation loss so far: model, optimizer, iter, config, vocab, hparams.
                  `kata sample gpt` reads it.
    last.pt       the latest state (written at every evaluation, on Ctrl-C and at the end).
    sample.txt    500 characters generated at the end;  loss.png  the loss curves;
    figures.json  the figures train() returns.
Resuming is explicit: `kata train gpt --resume` continues from last.pt (else ckpt.pt) with the
hyperparameters saved there; flags given again override the training ones (e.g. --max-iters to
train longer). Without --resume a run starts afresh and replaces the old checkpoints.

Data parallel: `--nproc N` relaunches the same command through torch.distributed.run with N
ranks (one per GPU, or N CPU processes with gloo); every rank draws different batches, DDP averages
the gradients, and only rank 0 evaluates, prints and writes files.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace

import torch

from ..curriculum import text as _lang_text
from . import common

STAGE = "s02_gpt"
BEST, LAST = "ckpt.pt", "last.pt"

PRESETS: dict[str, dict] = {
    # nanoGPT README, "I only have a macbook": the shakespeare_char config shrunk for a CPU,
    # with twice its learning rate: at 1e-3 this small model ends near val 1.91 (measured over
    # three seeds, benchmarks/gpt_train.py); at 2e-3 it reaches about 1.79 in the same 2000 iters.
    "cpu": dict(n_layer=4, n_head=4, n_embd=128, block_size=64, dropout=0.0, bias=False,
                tie_weights=True, batch_size=12, max_iters=2000, lr_decay_iters=2000,
                learning_rate=2e-3, min_lr=2e-4, warmup_iters=100, beta1=0.9, beta2=0.99,
                weight_decay=0.1, grad_clip=1.0, eval_interval=250, eval_iters=20),
    # nanoGPT config/train_shakespeare_char.py.
    "gpu": dict(n_layer=6, n_head=6, n_embd=384, block_size=256, dropout=0.2, bias=False,
                tie_weights=True, batch_size=64, max_iters=5000, lr_decay_iters=5000,
                learning_rate=1e-3, min_lr=1e-4, warmup_iters=100, beta1=0.9, beta2=0.99,
                weight_decay=0.1, grad_clip=1.0, eval_interval=250, eval_iters=200),
}
MODEL_KEYS = ("n_layer", "n_head", "n_embd", "block_size", "dropout", "bias", "tie_weights")
# flag attribute -> hyperparameter it overrides (None = keep the preset's / the checkpoint's)
OVERRIDES = {"max_iters": "max_iters", "eval_interval": "eval_interval",
             "eval_iters": "eval_iters", "batch_size": "batch_size", "lr": "learning_rate",
             "block_size": "block_size", "n_layer": "n_layer", "n_head": "n_head",
             "n_embd": "n_embd", "dropout": "dropout"}

MSG = {
    "fresh": ("A checkpoint exists in {out}; this run starts afresh and will replace it "
              "(use --resume to continue it instead).",
              "{out} にチェックポイントがあります。この実行は最初から学習し、上書きします"
              "（続きから学習するには --resume を付けてください）。"),
    "resume": ("Resuming from {path} at iter {it} (best val loss {best:.4f}).",
               "{path} の iter {it} から再開します（最良の検証損失 {best:.4f}）。"),
    "no_resume": ("Nothing to resume: no {best} or {last} in {out}. Run `kata train gpt` first.",
                  "再開できません: {out} に {best} も {last} もありません。"
                  "まず `kata train gpt` を実行してください。"),
    "model_flags_ignored": ("--resume keeps the saved model shape; ignoring {flags}.",
                            "--resume では保存済みのモデル構成を使います。{flags} は無視します。"),
    "setup": ("GPT: {params:,} parameters, preset {preset}, {device}{ddp}, {iters} iters of "
              "{tokens:,} tokens.",
              "GPT: パラメータ数 {params:,}、プリセット {preset}、{device}{ddp}、"
              "{iters} イテレーション（1回 {tokens:,} トークン）。"),
    "compile_gpu": ("--compile is for CUDA GPUs; training without it on {device}.",
                    "--compile はCUDA GPU専用です。{device} ではコンパイルせずに学習します。"),
    "eval": ("iter {it}: train loss {train:.4f}, val loss {val:.4f}{note}",
             "iter {it}: 訓練損失 {train:.4f}、検証損失 {val:.4f}{note}"),
    "best": ("  (best so far, saved)", "  （これまでで最良、保存しました）"),
    "interrupted": ("Interrupted at iter {it}. Saved {path}. Continue with: kata train gpt --resume",
                    "iter {it} で中断しました。{path} に保存しました。"
                    "続きは kata train gpt --resume で再開できます。"),
    "done": ("Done: best val loss {best:.4f} after {it} iters in {secs:.0f} s "
             "({tps:,.0f} tokens/s). Files in {out}: {files}.",
             "完了: {it} イテレーション、{secs:.0f} 秒で最良の検証損失 {best:.4f}"
             "（{tps:,.0f} トークン/秒）。{out} に保存: {files}。"),
    "sample_title": ("Sample", "生成サンプル"),
    "launch": ("Launching {n} processes with torch.distributed.run ...",
               "torch.distributed.run で {n} プロセスを起動します..."),
    "launch_failed": ("torch.distributed.run exited with status {rc}; see the messages above.",
                      "torch.distributed.run が終了コード {rc} で終了しました。上のメッセージを確認してください。"),
    "no_ckpt": ("No trained GPT in {out} (no {best}). Run `kata train gpt` first.",
                "{out} に学習済みのGPTがありません（{best} がありません）。"
                "まず `kata train gpt` を実行してください。"),
    "bad_prompt": ("The prompt has characters the model never saw in training: {chars}.",
                   "プロンプトに、学習データにない文字が含まれています: {chars}"),
    "other_text": ("{path} was trained on a different text (its characters differ); train afresh "
                   "without --resume.",
                   "{path} は別のテキストで学習されています（文字の集合が違います）。"
                   "--resume を付けずに最初から学習してください。"),
    "short_data": ("The validation split has {n} tokens, not more than block_size {T}: use a "
                   "smaller --block-size or more text.",
                   "検証データが {n} トークンしかなく、block_size {T} 以下です。"
                   "--block-size を小さくするか、テキストを増やしてください。"),
}


def _t(key: str, lang: str, **kw) -> str:
    return _lang_text(MSG[key], lang).format(**kw)


# --- command line -----------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `kata train gpt` (the CLI adds --out, --device, --seed, --lang, --fill-reference)."""
    g = parser.add_argument_group("gpt")
    g.add_argument("--preset", choices=sorted(PRESETS), default=None,
                   help="cpu: nanoGPT's baby config; gpu: shakespeare_char (default: gpu on CUDA, else cpu)")
    g.add_argument("--max-iters", type=int, default=None, help="training iterations (cosine lr decays over them)")
    g.add_argument("--eval-interval", type=int, default=None, help="evaluate (and checkpoint) every N iters")
    g.add_argument("--eval-iters", type=int, default=None, help="batches per split in each evaluation")
    g.add_argument("--batch-size", type=int, default=None, help="sequences per batch (per process)")
    g.add_argument("--block-size", type=int, default=None, help="context length in characters")
    g.add_argument("--n-layer", type=int, default=None, help="transformer blocks")
    g.add_argument("--n-head", type=int, default=None, help="attention heads")
    g.add_argument("--n-embd", type=int, default=None, help="embedding width")
    g.add_argument("--dropout", type=float, default=None, help="dropout probability")
    g.add_argument("--lr", type=float, default=None, help="peak learning rate (min lr = lr/10)")
    g.add_argument("--compile", action="store_true", help="torch.compile the model (CUDA only)")
    g.add_argument("--nproc", type=int, default=1, help="data-parallel processes (torchrun)")
    g.add_argument("--resume", action="store_true", help=f"continue from {LAST} (else {BEST}) in --out")
    g.add_argument("--max-seconds", type=float, default=None,
                   help="stop (evaluate, save, sample) after this many seconds")
    g.add_argument("--sample-tokens", type=int, default=500, help="characters sampled at the end")


def add_sample_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `kata sample gpt`."""
    parser.add_argument("--prompt", default="ROMEO:", help="text to continue")
    parser.add_argument("--tokens", type=int, default=500, help="characters to generate")
    parser.add_argument("--temperature", type=float, default=0.8, help="< 1 sharper, > 1 wilder")
    parser.add_argument("--top-k", type=int, default=200, help="sample among the k likeliest (0: all)")


# --- the pieces -------------------------------------------------------------------------------

def pieces(assembly) -> SimpleNamespace:
    """Everything the trainer uses, taken from the assembled s02_gpt package."""
    def load(kata):
        return assembly.load(STAGE, kata)

    vocab, codec, model = load("char_vocab"), load("encode_decode"), load("gpt_model")
    return SimpleNamespace(
        build_vocab=vocab.build_vocab, encode=codec.encode, decode=codec.decode,
        train_val_split=load("train_val_split").train_val_split,
        get_batch=load("get_batch").get_batch, GPT=model.GPT, GPTConfig=model.GPTConfig,
        configure_optimizer=load("optimizer_groups").configure_optimizer,
        get_lr=load("lr_schedule").get_lr, train_step=load("train_step").train_step,
        estimate_loss=load("estimate_loss").estimate_loss, generate=load("generate").generate,
    )


def hyperparameters(args, device: torch.device, saved: dict | None = None) -> tuple[str, dict]:
    """(preset, hparams): the preset's values (or a checkpoint's) with the flags given applied."""
    given = {hp: getattr(args, flag) for flag, hp in OVERRIDES.items()
             if getattr(args, flag, None) is not None}
    if saved is not None:  # resuming: the model's shape is fixed by the checkpoint
        preset, hp = saved["preset"], dict(saved["hparams"])
        hp.update({k: v for k, v in given.items() if k not in MODEL_KEYS})
        return preset, hp
    preset = getattr(args, "preset", None) or ("gpu" if device.type == "cuda" else "cpu")
    hp = {**PRESETS[preset], **given}
    if "learning_rate" in given:
        hp["min_lr"] = hp["learning_rate"] / 10  # nanoGPT's rule of thumb
    if "max_iters" in given:
        hp["lr_decay_iters"] = hp["max_iters"]
        hp["warmup_iters"] = min(hp["warmup_iters"], hp["max_iters"] // 10)
    return preset, hp


def flops_per_token(n_params: int, cfg) -> float:
    """Training FLOPs per token (PaLM appendix B, as nanoGPT): 6N + 12·L·H·Q·T."""
    L, H, T = cfg.n_layer, cfg.n_head, cfg.block_size
    return 6 * n_params + 12 * L * H * (cfg.n_embd // H) * T


def generate_text(P, model, stoi, itos, prompt: str, tokens: int, *, temperature: float = 0.8,
                  top_k: int | None = 200, seed: int = 1337, lang: str = "en") -> str:
    """Continue `prompt` by `tokens` characters with the learner's generate(); seeded."""
    unknown = sorted({c for c in prompt if c not in stoi})
    if unknown:
        raise common.BadInput(_t("bad_prompt", lang, chars=", ".join(repr(c) for c in unknown)))
    device = next(model.parameters()).device
    idx = torch.tensor([P.encode(prompt, stoi)], dtype=torch.long, device=device)
    generator = torch.Generator(device=device).manual_seed(seed)
    top_k = min(top_k, model.config.vocab_size) if top_k else None
    was_training = model.training
    model.eval()
    try:
        out = P.generate(model, idx, tokens, temperature=temperature, top_k=top_k,
                         generator=generator)
    finally:
        model.train(was_training)
    return P.decode(out[0].tolist(), itos)


def save_loss_curve(path: Path, history: dict) -> Path:
    train = [tuple(p) for p in history.get("train", [])]
    series = {"train": common.moving_average(train, max(1, len(train) // 100)),
              "val": [tuple(p) for p in history.get("val", [])]}
    return common.save_line_chart(path, series, title="GPT LOSS", x_label="ITER")


# --- train ------------------------------------------------------------------------------------

def train(args: argparse.Namespace, assembly, console) -> dict:
    """Train the GPT; returns {"best_val_loss", "iters", "seconds", "tokens_per_s", ...}."""
    nproc = int(getattr(args, "nproc", 1) or 1)
    if nproc > 1 and not common.dist_from_env().enabled:
        return _relaunch(args, nproc, console)
    P = pieces(assembly)
    dist, device = common.init_distributed(common.resolve_device(getattr(args, "device", "auto")))
    try:
        return _train(args, assembly, P, console, dist, device)
    finally:
        common.close_distributed()


def _relaunch(args, nproc: int, console) -> dict:
    """Run this same command under torch.distributed.run with nproc ranks; read rank 0's figures."""
    lang = getattr(args, "lang", "en")
    argv = list(getattr(args, "argv", None) or sys.argv[1:])
    command = common.torchrun_command(nproc, common.strip_option(argv, "--nproc"))
    figures_path = Path(args.out) / "figures.json"
    figures_path.unlink(missing_ok=True)
    console.print(_t("launch", lang, n=nproc))
    rc = common.run_torchrun(command)
    figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
    # After Ctrl-C the launcher itself exits non-zero, but rank 0 has saved and said how to resume.
    if not figures or (rc != 0 and not figures.get("interrupted")):
        raise common.TrainerError(_t("launch_failed", lang, rc=rc))
    return figures


def _train(args, assembly, P, console, dist: common.Dist, device: torch.device) -> dict:
    from rich.panel import Panel
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from ..data import shakespeare_text

    t_begin = time.perf_counter()
    lang, main, out = getattr(args, "lang", "en"), dist.is_main, Path(args.out)
    seed = int(getattr(args, "seed", 1337))

    def say(key, **kw):
        if main:
            console.print(_t(key, lang, **kw))

    # Hyperparameters: a preset plus flags, or the checkpoint's when resuming.
    saved = None
    if getattr(args, "resume", False):
        path = next((out / n for n in (LAST, BEST) if (out / n).exists()), None)
        if path is None:
            raise common.MissingCheckpoint(_t("no_resume", lang, best=BEST, last=LAST, out=out))
        saved = common.load_checkpoint(path)
        ignored = [f"--{f.replace('_', '-')}" for f, hp in OVERRIDES.items() if hp in MODEL_KEYS
                   and getattr(args, f, None) not in (None, saved["hparams"][hp])]
        if ignored:
            say("model_flags_ignored", flags=", ".join(ignored))
        say("resume", path=path, it=saved["iter"], best=saved["best_val_loss"])
    elif (out / BEST).exists() or (out / LAST).exists():
        say("fresh", out=out)
    preset, hp = hyperparameters(args, device, saved)

    if device.type == "cuda":
        common.enable_tf32()
    autocast_dtype = common.autocast_dtype_for(device)
    autocast = (lambda: torch.autocast(device.type, dtype=autocast_dtype)) if autocast_dtype \
        else nullcontext

    # Data: characters -> ids, 90 % train / 10 % val.
    text = shakespeare_text()
    chars, stoi, itos = P.build_vocab(text)
    if saved is not None and list(saved["vocab"]) != list(chars):
        raise common.BadInput(_t("other_text", lang, path=path))
    data = torch.tensor(P.encode(text, stoi), dtype=torch.long)
    train_data, val_data = P.train_val_split(data, 0.9)
    B, T = hp["batch_size"], hp["block_size"]
    if len(val_data) <= T:
        raise common.BadInput(_t("short_data", lang, n=len(val_data), T=T))

    # Model and optimizer (same seed on every rank; DDP also broadcasts rank 0's weights).
    torch.manual_seed(seed)
    cfg = P.GPTConfig(vocab_size=len(chars), **{k: hp[k] for k in MODEL_KEYS})
    raw = P.GPT(cfg).to(device)
    optimizer = P.configure_optimizer(raw, hp["weight_decay"], hp["learning_rate"],
                                      (hp["beta1"], hp["beta2"]), device.type)
    it, best_val, history = 0, math.inf, {"train": [], "val": []}
    if saved is not None:
        raw.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        it, best_val, history = saved["iter"], saved["best_val_loss"], saved["history"]
        del saved
    start_iter = it

    model = raw
    if getattr(args, "compile", False):
        if device.type == "cuda":
            model = torch.compile(raw)
        else:
            say("compile_gpu", device=device)
    eval_model = model  # evaluation runs on rank 0 alone: never through the DDP wrapper
    if dist.enabled:
        from torch.nn.parallel import DistributedDataParallel as DDP

        model = DDP(model, device_ids=[device.index] if device.type == "cuda" else None)

    def to_device(x, y):
        if device.type == "cuda":
            return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
        return x.to(device), y.to(device)

    # Each rank (and each resume point) draws its own batches.
    batch_gen = torch.Generator().manual_seed(seed + 100_003 * dist.rank + 7 * start_iter + 1)

    def evaluate() -> dict:
        # The same evaluation batches every time, so successive val losses compare fairly.
        g = torch.Generator().manual_seed(seed + 999)
        splits = {"train": train_data, "val": val_data}

        def get_batch_fn(split):
            return to_device(*P.get_batch(splits[split], T, B, g))

        with autocast():
            return P.estimate_loss(eval_model, get_batch_fn, hp["eval_iters"])

    def state(kind: str) -> dict:
        return {"kind": kind, "model": raw.state_dict(), "optimizer": optimizer.state_dict(),
                "iter": it, "best_val_loss": best_val, "config": dataclasses.asdict(cfg),
                "vocab": list(chars), "preset": preset, "hparams": common.plain(hp),
                "history": common.plain(history), "owners": dict(assembly.owners),
                "args": common.plain(vars(args))}

    max_iters, world = hp["max_iters"], dist.world_size
    tokens_per_iter = B * T * world
    max_seconds = getattr(args, "max_seconds", None)
    say("setup", params=raw.num_params(), preset=preset, device=device,
        ddp=f" × {world} (DDP)" if dist.enabled else "", iters=max_iters, tokens=tokens_per_iter)

    last_eval = start_iter if start_iter > 0 else None  # a checkpoint was written right there
    iter_times: list[float] = []
    interrupted = stop = False
    progress = Progress(TextColumn("[bold]gpt"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("loss {task.fields[loss]:.4f}  lr {task.fields[lr]:.2e}"),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                        disable=not main)
    try:
        with progress:
            task = progress.add_task("gpt", total=max_iters, completed=it, loss=math.nan, lr=0.0)
            while True:
                if (it % hp["eval_interval"] == 0 or it >= max_iters or stop) and it != last_eval:
                    last_eval = it
                    if main:
                        losses = evaluate()
                        history["val"].append([it, losses["val"]])
                        improved = losses["val"] < best_val
                        if improved:
                            best_val = losses["val"]
                            common.save_checkpoint(out / BEST, state("best"))
                        common.save_checkpoint(out / LAST, state("last"))
                        progress.console.print(_t("eval", lang, it=it, train=losses["train"],
                                                  val=losses["val"],
                                                  note=_t("best", lang) if improved else ""))
                if it >= max_iters or stop:
                    break
                lr = P.get_lr(it, learning_rate=hp["learning_rate"], min_lr=hp["min_lr"],
                              warmup_iters=hp["warmup_iters"], lr_decay_iters=hp["lr_decay_iters"])
                for group in optimizer.param_groups:
                    group["lr"] = lr
                t0 = time.perf_counter()
                x, y = to_device(*P.get_batch(train_data, T, B, batch_gen))
                loss = P.train_step(model, optimizer, x, y, hp["grad_clip"], autocast_dtype)
                iter_times.append(time.perf_counter() - t0)
                history["train"].append([it, loss])
                it += 1
                progress.update(task, completed=it, loss=loss, lr=lr)
                if max_seconds is not None:
                    stop = _agree(time.perf_counter() - t_begin > max_seconds, dist, device)
    except KeyboardInterrupt:
        interrupted = True
        if main:
            path = common.save_checkpoint(out / LAST, state("last"))
            console.print(_t("interrupted", lang, it=it, path=path))

    # Figures (timings over this session's steps, skipping warm-up / compilation).
    steady = iter_times[min(5, len(iter_times) // 2):] or iter_times or [math.nan]
    sec_per_iter = sum(steady) / len(steady)
    n_params = raw.num_params()
    figures = {
        "best_val_loss": best_val, "iters": it, "seconds": time.perf_counter() - t_begin,
        "tokens_per_s": tokens_per_iter / sec_per_iter, "ms_per_iter": 1000 * sec_per_iter,
        "final_train_loss": history["train"][-1][1] if history["train"] else math.nan,
        "params": n_params, "flops_per_token": flops_per_token(n_params, cfg),
        "tokens_per_iter": tokens_per_iter, "preset": preset, "device": str(device),
        "world_size": world, "interrupted": interrupted,
    }
    if dist.enabled and not interrupted:
        # DDP keeps every replica identical; check it (one number per rank).
        import torch.distributed as td

        sums = [None] * world
        td.all_gather_object(sums, common.state_checksum(raw.state_dict()))
        figures["rank_checksums"] = sums
        figures["ranks_in_sync"] = all(s == sums[0] for s in sums)

    if main:
        files = [LAST]
        if history["train"] or history["val"]:
            save_loss_curve(out / "loss.png", history)
            files.append("loss.png")
        if not interrupted and (out / BEST).exists():
            files.insert(0, BEST)
            # Sample from the best weights, as `kata sample gpt` will.
            raw.load_state_dict(common.load_checkpoint(out / BEST, device)["model"])
            prompt = "\n" if "\n" in stoi else chars[0]
            with autocast():
                sample_text = generate_text(P, raw, stoi, itos, prompt,
                                            int(getattr(args, "sample_tokens", 500)), seed=seed,
                                            lang=lang)
            (out / "sample.txt").write_text(sample_text, encoding="utf-8")
            files.append("sample.txt")
            console.print(Panel(sample_text.strip("\n"), title=_t("sample_title", lang)))
        (out / "figures.json").write_text(json.dumps(figures, indent=1))
        files.append("figures.json")
        if not interrupted:
            say("done", best=best_val, it=it, secs=figures["seconds"],
                tps=figures["tokens_per_s"], out=out, files=", ".join(files))
    return figures


def _agree(flag: bool, dist: common.Dist, device: torch.device) -> bool:
    """Rank 0's decision, shared by every rank (so all stop at the same iteration)."""
    if not dist.enabled:
        return flag
    import torch.distributed as td

    t = torch.tensor([1.0 if flag else 0.0], device=device)
    td.broadcast(t, src=0)
    return bool(t.item())


# --- sample -----------------------------------------------------------------------------------

def sample(args: argparse.Namespace, assembly, console) -> str:
    """Generate text from the best checkpoint in args.out; returns it (prompt included)."""
    from rich.panel import Panel

    lang, out = getattr(args, "lang", "en"), Path(args.out)
    if not (out / BEST).exists():
        raise common.MissingCheckpoint(_t("no_ckpt", lang, out=out, best=BEST))
    P = pieces(assembly)
    device = common.resolve_device(getattr(args, "device", "auto"))
    ckpt = common.load_checkpoint(out / BEST, device)
    model = P.GPT(P.GPTConfig(**ckpt["config"])).to(device)
    model.load_state_dict(ckpt["model"])
    chars, stoi, itos = P.build_vocab("".join(ckpt["vocab"]))
    prompt = getattr(args, "prompt", "ROMEO:") or ("\n" if "\n" in stoi else chars[0])
    text = generate_text(P, model, stoi, itos, prompt, int(getattr(args, "tokens", 500)),
                         temperature=float(getattr(args, "temperature", 0.8)),
                         top_k=getattr(args, "top_k", 200), seed=int(getattr(args, "seed", 1337)),
                         lang=lang)
    console.print(Panel(text, title=f"{_t('sample_title', lang)} · iter {ckpt['iter']}, "
                                    f"val loss {ckpt['best_val_loss']:.4f}"))
    return text
