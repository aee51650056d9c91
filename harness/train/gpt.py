"""`kata train gpt` / `kata sample gpt`: a character-level GPT on tiny Shakespeare from the learner's
s02_gpt pieces (nanoGPT's shakespeare_char recipe; the cpu preset unless CUDA); the loop (loop.py)
does the rest. Besides the loop's files: sample.txt. --attention fused (the default) turns each
CausalSelfAttention into the learner's FusedCausalSelfAttention (same parameters, one call to
F.scaled_dot_product_attention) when that kata is among the pieces."""
from __future__ import annotations

from types import SimpleNamespace

import torch

from ..data import shakespeare_text
from ..i18n import t
from . import common, loop

STAGE = "s02_gpt"
_BOTH = dict(bias=False, tie_weights=True, warmup_iters=100, beta1=0.9, beta2=0.99,
             weight_decay=0.1, grad_clip=1.0, eval_interval=250, attention="fused", sample_tokens=500)
PRESETS: dict[str, dict] = {
    # nanoGPT README, "I only have a macbook", with twice its learning rate: at 1e-3 this model
    # ends near val 1.91 (three seeds); at 2e-3 it reaches about 1.79 in the same 2000 iters.
    "cpu": dict(_BOTH, n_layer=4, n_head=4, n_embd=128, block_size=64, dropout=0.0, batch_size=12,
                max_iters=2000, lr_decay_iters=2000, lr=2e-3, min_lr=2e-4, eval_iters=20),
    # nanoGPT config/train_shakespeare_char.py.
    "gpu": dict(_BOTH, n_layer=6, n_head=6, n_embd=384, block_size=256, dropout=0.2, batch_size=64,
                max_iters=5000, lr_decay_iters=5000, lr=1e-3, min_lr=1e-4, eval_iters=200),
}
MODEL_KEYS = ("n_layer", "n_head", "n_embd", "block_size", "dropout", "bias", "tie_weights")
ATTENTION = ("fused", "manual")
PIECES = {"char_vocab": ["build_vocab"], "encode_decode": ["encode", "decode"], "get_batch": ["get_batch"],
          "train_val_split": ["train_val_split"], "gpt_model": ["GPT", "GPTConfig"], "lr_schedule": ["get_lr"],
          "causal_self_attention": ["CausalSelfAttention"], "optimizer_groups": ["configure_optimizer"],
          "train_step": ["train_step"], "estimate_loss": ["estimate_loss"], "generate": ["generate"]}



def pieces(assembly) -> SimpleNamespace:  # everything the trainer uses from the learner's package
    return loop.pieces(assembly, STAGE, PIECES)


def build(P, assembly, cfg, args) -> tuple[torch.nn.Module, str]:
    """The learner's GPT, its attention switched to their fused kata when asked and present."""
    model = P.GPT(cfg)
    if getattr(args, "attention", None) == "manual":
        return model, "manual"
    try:
        fused = assembly.load(STAGE, "fused_attention").FusedCausalSelfAttention
    except (ImportError, AttributeError):
        return model, "missing"
    for m in (m for m in model.modules() if isinstance(m, P.CausalSelfAttention)):
        m.__class__ = fused  # same parameters and buffers; only attend() differs
    return model, "fused"


def generate_text(P, model, stoi, itos, prompt: str | None, tokens: int, *, temperature: float = 0.8,
                  top_k: int | None = 200, seed: int = 1337, lang: str = "en") -> str:
    """Continue `prompt` (None: a new line) by `tokens` characters with the learner's generate()."""
    prompt = prompt or ("\n" if "\n" in stoi else next(iter(stoi)))
    unknown = sorted({c for c in prompt if c not in stoi})
    if unknown:
        raise common.BadInput(t("gpt_bad_prompt", lang, chars=", ".join(map(repr, unknown))))
    device, top_k = next(model.parameters()).device, min(top_k, model.config.vocab_size) if top_k else None
    idx = torch.tensor([P.encode(prompt, stoi)], dtype=torch.long, device=device)
    out = P.generate(model.eval(), idx, tokens, temperature=temperature, top_k=top_k,
                     generator=torch.Generator(device=device).manual_seed(seed))
    return P.decode(out[0].tolist(), itos)


class GPTTrainer(loop.Trainer):
    name, best, items, eval_at_start = "gpt", "val_loss", "tokens", True
    presets, model_keys = PRESETS, MODEL_KEYS
    flags = {"eval_iters": int, "batch_size": int, "block_size": int, "n_layer": int, "n_head": int,
             "n_embd": int, "dropout": float, "lr": float, "attention": ATTENTION, "sample_tokens": int}
    sample_flags = {"prompt": (str, "ROMEO:"), "tokens": (int, 500), "temperature": (float, 0.8),
                    "top_k": (int, 200), "attention": (ATTENTION, "fused")}

    device_presets = {"cuda": "gpu"}

    def adjust(self, hp, given):  # nanoGPT's rules of thumb: min lr = lr / 10, decay over all iters
        hp["min_lr"] = hp["lr"] / 10 if "lr" in given else hp["min_lr"]
        if "max_iters" in given:
            hp.update(lr_decay_iters=hp["max_iters"], warmup_iters=min(hp["warmup_iters"], hp["max_iters"] // 10))

    def setup(self, run):
        o, hp, P = run.own, run.hp, pieces(run.assembly)
        o.P, text = P, shakespeare_text()
        o.chars, o.stoi, o.itos = P.build_vocab(text)
        if run.saved is not None and list(run.saved["vocab"]) != list(o.chars):
            raise common.BadInput(run.text("gpt_other_text", path=run.out / loop.LAST))
        o.train, o.val = P.train_val_split(torch.tensor(P.encode(text, o.stoi), dtype=torch.long), 0.9)
        if len(o.val) <= hp["block_size"]:
            raise common.BadInput(run.text("gpt_short_data", n=len(o.val), T=hp["block_size"]))
        o.cfg = P.GPTConfig(vocab_size=len(o.chars), **{k: hp[k] for k in MODEL_KEYS})
        model, o.attention = build(P, run.assembly, o.cfg, SimpleNamespace(**hp))
        run.say("gpt_setup", preset=run.preset, layers=o.cfg.n_layer, heads=o.cfg.n_head,
                width=o.cfg.n_embd, context=o.cfg.block_size, tokens=self.items_per_step(run),
                attention=run.text(f"gpt_attention_{o.attention}"))
        return model.to(run.device)

    def optimizer(self, run, model):
        return common.fast_optimizer(run.own.P.configure_optimizer(model, run.hp["weight_decay"], run.hp["lr"],
                                     (run.hp["beta1"], run.hp["beta2"]), run.device.type), run.device)

    def lr(self, run, it):
        return run.own.P.get_lr(it, learning_rate=run.hp["lr"], min_lr=run.hp["min_lr"],
                                warmup_iters=run.hp["warmup_iters"], lr_decay_iters=run.hp["lr_decay_iters"])

    def step(self, run, it):
        o, hp = run.own, run.hp
        x, y = o.P.get_batch(o.train, hp["block_size"], hp["batch_size"], run.generator(it))
        return o.P.train_step(run.model, run.optimizer, *run.to_device(x, y), hp["grad_clip"],
                              run.autocast_dtype)

    def evaluate(self, run):
        o, hp = run.own, run.hp
        g = torch.Generator().manual_seed(run.seed + 999)  # the same batches at every evaluation
        losses = o.P.estimate_loss(run.eval_model, lambda s: run.to_device(*o.P.get_batch(
            getattr(o, s), hp["block_size"], hp["batch_size"], g)), hp["eval_iters"])
        return {"train_loss": losses["train"], "val_loss": losses["val"]}

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.hp["block_size"] * run.dist.world_size

    def state(self, run):
        return {"config": dict(vars(run.own.cfg)), "vocab": list(run.own.chars)}

    def figures(self, run):
        n, c = run.raw.num_params(), run.own.cfg  # FLOPs per token: 6N + 12·L·H·Q·T (PaLM, nanoGPT)
        return {"params": n, "attention": run.own.attention,
                "flops_per_token": 6 * n + 12 * c.n_layer * c.n_embd * c.block_size}

    def finish(self, run):
        o, n = run.own, int(run.hp["sample_tokens"])
        text = generate_text(o.P, run.raw, o.stoi, o.itos, None, n, seed=run.seed, lang=run.lang)
        run.wrote("sample.txt", "gpt_file_sample", n=n, seed=run.seed).write_text(text, encoding="utf-8")
        run.show(text.strip("\n"), run.text("gpt_sample_title"))

    def sample(self, run, assembly, ckpt):
        P, args = pieces(assembly), run.args
        model, _ = build(P, assembly, P.GPTConfig(**ckpt["config"]), args)
        model.to(run.device).load_state_dict(ckpt["model"])
        _, stoi, itos = P.build_vocab("".join(ckpt["vocab"]))
        text = generate_text(P, model, stoi, itos, args.prompt, args.tokens, seed=run.seed,
                             temperature=args.temperature, top_k=args.top_k, lang=run.lang)
        run.show(text, run.text("gpt_sample_title") + " · " + run.text(
            "gpt_sample_from", it=ckpt["iter"], val=ckpt["best_value"], seed=run.seed))
        return text


add_arguments, add_sample_arguments, train, sample = loop.entry_points(GPTTrainer())
