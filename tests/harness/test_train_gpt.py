"""The GPT trainer (harness/train/gpt.py) on a tiny synthetic corpus: CPU only, a few seconds each.

Covers: a short run writes the checkpoint, the sample and the loss curve (opened with Pillow); --resume
continues from the saved iteration; Ctrl-C saves and says how to resume; sampling from the checkpoint
is seeded, and a new seed each time without --seed; --attention fused swaps in the learner's fused
kata when the pieces have one. The loop's own promises (and --nproc 2) are proven in test_loop.py.
"""
from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from PIL import Image
from rich.console import Console

from harness.assemble import assemble
from harness.train import common, gpt, loop

pytestmark = pytest.mark.slow

# A tiny model: each run takes well under a second of compute.
TINY = ["--max-iters", "6", "--eval-interval", "3", "--eval-iters", "2", "--batch-size", "4",
        "--block-size", "16", "--n-layer", "1", "--n-head", "2", "--n-embd", "16",
        "--sample-tokens", "40", "--threads", "1"]


@pytest.fixture(autouse=True)
def _data_env(monkeypatch, synthetic_data_dir):
    # synthetic_data_dir (tests/harness/conftest.py): about 6 KB of play-shaped text.
    monkeypatch.setenv("KATA_DATA_DIR", str(synthetic_data_dir))
    monkeypatch.delenv("KATA_ASSEMBLED", raising=False)
    for name in ("RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def assembly():
    return assemble("gpt", only_reference=True)


def make_args(out: Path, *flags: str, sample: bool = False) -> argparse.Namespace:
    """What the CLI hands a trainer: its own flags plus out, device, seed, lang, fill_reference."""
    parser = argparse.ArgumentParser()
    (gpt.add_sample_arguments if sample else gpt.add_arguments)(parser)
    args = parser.parse_args(list(flags))
    args.out, args.device, args.seed, args.lang, args.fill_reference = out, "cpu", 1337, "en", True
    return args


def run(args, assembly) -> tuple[dict, str]:
    buffer = io.StringIO()
    figures = gpt.train(args, assembly, Console(file=buffer, width=120))
    return figures, buffer.getvalue()


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG", f"{path.name} is not a PNG"
        image.load()  # decodes every pixel: a broken file fails here
        return image.size


def test_short_run_writes_checkpoint_sample_and_curve(tmp_path, assembly):
    out = tmp_path / "run"
    figures, printed = run(make_args(out, *TINY), assembly)

    for key in ("best_val_loss", "iters", "seconds", "tokens_per_s", "ms_per_iter", "params",
                "flops_per_token"):
        assert key in figures, f"train() must return {key!r}; got {sorted(figures)}"
    assert figures["iters"] == 6
    assert math.isfinite(figures["best_val_loss"]) and figures["tokens_per_s"] > 0
    assert figures["tokens_per_iter"] == 4 * 16

    ckpt = common.load_checkpoint(out / loop.BEST)
    for key in ("model", "optimizer", "iter", "config", "vocab", "hparams", "args"):
        assert key in ckpt, f"the checkpoint lacks {key!r}"
    assert ckpt["best_val_loss"] == pytest.approx(figures["best_val_loss"])
    assert ckpt["config"]["n_embd"] == 16 and ckpt["config"]["vocab_size"] == len(ckpt["vocab"])
    assert common.load_checkpoint(out / loop.LAST)["iter"] == 6

    sample = (out / "sample.txt").read_text(encoding="utf-8")
    assert len(sample) == 1 + 40, "the sample is the prompt ('\\n') plus --sample-tokens characters"
    assert set(sample) <= set(ckpt["vocab"])
    assert sample.strip() and sample.strip()[:20] in printed, "the sample is printed too"
    assert png_size(out / "loss.png") == (800, 480)
    assert json.loads((out / "figures.json").read_text())["iters"] == 6
    assert "step 3:" in printed and "val loss" in printed
    assert figures["files"] == ["ckpt.pt", "last.pt", "loss.png", "sample.txt", "figures.json"]
    assert all(f"  {name} " in printed for name in figures["files"]), "every file named at the end"
    assert figures["seconds"] > figures["train_seconds"] > 0, "the whole time, sample included"


def test_training_lowers_the_loss(tmp_path, assembly):
    # 40 steps at a high learning rate: the model must learn the letter frequencies at least.
    flags = [f for f in TINY] + ["--max-iters", "40", "--eval-interval", "40", "--lr", "1e-2"]
    figures, _ = run(make_args(tmp_path, *flags), assembly)
    history = common.load_checkpoint(tmp_path / loop.LAST)["history"]
    first_val, last_val = history["eval"][0][1]["val_loss"], history["eval"][-1][1]["val_loss"]
    assert last_val < first_val - 0.5, f"val loss {first_val:.3f} -> {last_val:.3f}: not learning"


def test_resume_continues_from_the_saved_iteration(tmp_path, assembly):
    out = tmp_path / "run"
    run(make_args(out, *TINY, "--max-iters", "4", "--eval-interval", "2"), assembly)
    saved = common.load_checkpoint(out / loop.LAST)
    assert saved["iter"] == 4

    figures, printed = run(make_args(out, *TINY, "--max-iters", "8", "--resume"), assembly)
    assert "Resuming" in printed and "step 4" in printed
    assert figures["iters"] == 8
    last = common.load_checkpoint(out / loop.LAST)
    assert [i for i, _ in last["history"]["train"]] == list(range(8)), \
        "resumed training must continue the saved history at iteration 4, not restart at 0"
    assert last["history"]["train"][:4] == saved["history"]["train"]
    assert last["hparams"]["max_iters"] == 8


def test_resume_without_checkpoint_says_what_to_do(tmp_path, assembly):
    # A TrainerError: the CLI prints its message without a traceback.
    with pytest.raises(common.MissingCheckpoint, match="kata train gpt"):
        run(make_args(tmp_path / "empty", *TINY, "--resume"), assembly)


def test_ctrl_c_saves_and_tells_how_to_resume(tmp_path, assembly):
    real = assembly.load("s02_gpt", "train_step").train_step
    calls = []

    def interrupted_step(*a, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **kw)

    class Interrupting:  # the same assembly, with a train_step that is "Ctrl-C'd" on step 3
        owners = assembly.owners

        def load(self, stage, kata):
            module = assembly.load(stage, kata)
            if kata == "train_step":
                return SimpleNamespace(train_step=interrupted_step)
            return module

    out = tmp_path / "run"
    figures, printed = run(make_args(out, *TINY), Interrupting())
    assert figures["interrupted"] and figures["iters"] == 2
    assert common.load_checkpoint(out / loop.LAST)["iter"] == 2
    assert "kata train gpt --resume" in printed
    assert not (out / "sample.txt").exists()

    figures, _ = run(make_args(out, *TINY, "--resume"), assembly)
    assert figures["iters"] == 6 and not figures["interrupted"]


def test_sample_is_reproducible_with_a_seed(tmp_path, assembly):
    out = tmp_path / "run"
    run(make_args(out, *TINY), assembly)
    console = Console(file=io.StringIO())

    args = make_args(out, "--prompt", "ROMEO:", "--tokens", "60", sample=True)
    first = gpt.sample(args, assembly, console)
    again = gpt.sample(args, assembly, console)
    assert first == again, "the same --seed must give the same text"
    assert first.startswith("ROMEO:") and len(first) == len("ROMEO:") + 60
    args.seed = 7
    assert gpt.sample(args, assembly, console) != first, "another seed, another text"
    # Without --seed, a new seed each time, and it is printed so that --seed repeats it.
    args.seed, buffer = None, io.StringIO()
    texts = {gpt.sample(args, assembly, Console(file=buffer, width=200)) for _ in range(2)}
    assert len(texts) == 2 and first not in texts
    assert buffer.getvalue().count("--seed") == 2


def test_attention_fused_uses_the_learners_kata_when_there_is_one(tmp_path, assembly):
    P = gpt.pieces(assembly)
    cfg = P.GPTConfig(vocab_size=11, block_size=8, n_layer=2, n_head=2, n_embd=8)
    calls = []

    class Fused(P.CausalSelfAttention):  # what katas/s02_gpt/fused_attention.py provides
        def attend(self, q, k, v):
            calls.append(1)
            return torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)

    class WithFused:
        owners = assembly.owners

        def load(self, stage, kata):
            if kata == "fused_attention":
                return SimpleNamespace(FusedCausalSelfAttention=Fused)
            return assembly.load(stage, kata)

    class WithoutFused(WithFused):
        def load(self, stage, kata):
            if kata == "fused_attention":
                raise ModuleNotFoundError(kata)
            return assembly.load(stage, kata)

    args = SimpleNamespace(attention="fused")
    torch.manual_seed(0)
    manual, how = gpt.build(P, WithoutFused(), cfg, args)
    assert how == "missing"
    torch.manual_seed(0)
    fused, how = gpt.build(P, WithFused(), cfg, args)
    assert how == "fused" and calls == []
    assert sum(type(m) is Fused for m in fused.modules()) == 2
    x = torch.randint(0, 11, (3, 8))
    torch.testing.assert_close(fused(x)[0], manual(x)[0], atol=1e-5, rtol=1e-5)
    assert len(calls) == 2
    _, how = gpt.build(P, WithFused(), cfg, SimpleNamespace(attention="manual"))
    assert how == "manual"


def test_sample_needs_a_checkpoint_and_known_characters(tmp_path, assembly):
    console = Console(file=io.StringIO())
    with pytest.raises(common.MissingCheckpoint, match="kata train gpt"):
        gpt.sample(make_args(tmp_path / "none", sample=True), assembly, console)
    run(make_args(tmp_path, *TINY), assembly)
    with pytest.raises(common.BadInput, match="never saw"):
        gpt.sample(make_args(tmp_path, "--prompt", "ROMEO@", sample=True), assembly, console)
