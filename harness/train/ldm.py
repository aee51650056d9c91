"""`kata train ldm` / `kata sample ldm` / `kata eval ldm`: latent diffusion, the heart of Stable
Diffusion. The learner's s10 CrossAttnUNet learns to denoise the latents of `kata train
autoencoder` (4×8×8 per digit instead of 32×32 pixels), told what to draw by the token states of
`kata train clip`'s text encoder, which it reads through cross-attention.

Before the first step (both checkpoints are read, frozen, never trained here):
  every training digit is encoded once to its latent, the posterior's mode × the autoencoder's
  scale factor (spread ≈ 1, like the noise); every caption harness/captions.py can write for a
  digit (80 attribute combinations × the 4 training phrasings × English and Japanese) and the
  empty prompt "" go through the text encoder once: a table of contexts [961, max_len, width]
  and their masks (True = a real token), so a step costs the UNet alone.
Each step: a batch of latents; each digit gets the caption of its own pixels (harness.captions:
digit, thick/thin, slanted/upright, large/small) in a training phrasing drawn anew, in Japanese
with probability --lang-mix, and the empty prompt with probability --p-uncond (so one network
also learns the unconditional ε that classifier-free guidance needs); the learner's
latent_eps_loss; AdamW with warm-up and cosine decay; the learner's s08 EMA of the weights.
Evaluation: the ε-MSE of the EMA weights on 2,000 test latents with their captions and a fixed
t and ε (val_loss).

Sampling (samples.png, `kata sample ldm`, `kata eval ldm`): DDIM (the learner's ddim_sample,
x̂₀ not clipped: latents are not pixels) on guided noise predictions, one UNet call on the doubled
batch [uncond; cond] mixed by the learner's cfg_mix with weight --guidance; then the autoencoder
decodes latents / scale factor. `kata eval ldm` asks for the ten digits in turn in the HELD-OUT
phrasings (never trained; random attributes; English and Japanese) and reports the judge's
accuracy, how often our CLIP ranks the right prompt first among the ten that differ only in the
digit, and how often the drawn digit has the asked attributes (measured on its pixels).

Presets: cpu (UNet base 32, levels ×1 ×2, T = 1000, batch 128, AdamW 3e-3, EMA 0.995, 3,000
steps: 9 minutes of training on 2 cores, 15 on one; the judge then reads about 98 % of 500
digits asked for in held-out phrasings as the digit asked for, at guidance 3); gpu (base 64,
levels ×1 ×2 ×2, batch 256, 15,000 steps). An EMA decay of 0.999 over 3,000 steps lagged behind: the same run at 1e-3 and
0.999 was read right 72 % of the time."""
from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import torch

from ..captions import (COMBOS, HELD_OUT_TEMPLATES, LANGS, TEMPLATES, TRAIN_TEMPLATES, Attributes, caption, combo_index,
                        describe, every_caption)
from ..data import mnist
from ..i18n import t
from . import autoencoder as AE
from . import clip as CLIP
from . import common, ldm_eval, loop
from .ddpm import schedule, to_model_range, to_pixels
from .pictures import save_grid

STAGE = "s10_latent_diffusion"
PIECES = {"s06_ddpm": {"linear_betas": ["linear_betas"], "cosine_betas": ["cosine_betas"],
                       "alpha_bars": ["alpha_bars"]},
          "s07_guidance": {"cfg_mix": ["cfg_mix"]},
          "s08_quality": {"ddim_sample": ["ddim_sample"], "ema_model": ["EMA"]},
          "s10_latent_diffusion": {"cross_attention_unet": ["CrossAttnUNet"], "latent_loss": ["latent_eps_loss"]}}
PHRASINGS = len(TEMPLATES["en"])
NULL = len(LANGS) * 80 * PHRASINGS  # the row of the empty prompt in the table of contexts

CPU = dict(steps=3000, batch_size=128, lr=3e-3, warmup=200, weight_decay=0.0, ema=0.995, base_channels=32,
           channel_mults=[1, 2], n_heads=4, time_dim=128, timesteps=1000, schedule="linear", p_uncond=0.1,
           lang_mix=0.5, autoencoder=None, clip=None)
PRESETS = {"cpu": CPU, "gpu": {**CPU, "steps": 15000, "batch_size": 256, "lr": 1e-3, "warmup": 500, "ema": 0.999,
                               "base_channels": 64, "channel_mults": [1, 2, 2], "time_dim": 256}}
SHAPE = ("base_channels", "channel_mults", "n_heads", "time_dim", "timesteps", "schedule")
PARENTS = {"autoencoder": "autoencoder", "clip": "clip"}  # flag -> the model that writes that checkpoint


def pieces(assembly) -> SimpleNamespace:
    return loop.stage_pieces(assembly, PIECES)


def build(P, config: dict, device):
    return P.CrossAttnUNet(config["latent_shape"][0], config["base_channels"], tuple(config["channel_mults"]),
                           context_dim=config["context_dim"], n_heads=config["n_heads"],
                           time_dim=config["time_dim"]).to(device)


def trained_unet(P, ckpt: dict, device):
    """The UNet of a `kata train ldm` checkpoint with its EMA weights, in eval mode."""
    unet = build(P, ckpt["config"], device)
    unet.load_state_dict(ckpt["ema_model"])
    return unet.eval()


def parent_path(run_or_args, flag: str, given) -> Path:
    """The checkpoint of a parent model: the flag's path, else runs/<model>/ckpt.pt in the checkout."""
    if given:
        return Path(given).expanduser().resolve()
    args = getattr(run_or_args, "args", run_or_args)
    root = getattr(args, "root", None)
    if root is None:
        from ..paths import repo_root

        root = repo_root()
    return (Path(root) / "runs" / PARENTS[flag] / loop.BEST).resolve()


def load_parent(path: Path, model: str, lang: str, device) -> dict:
    if not path.exists():
        raise common.MissingCheckpoint(t("ldm_no_parent", lang, model=model, path=path))
    return common.load_checkpoint(path, device)


def fingerprint(path: Path, ckpt: dict) -> dict:
    """What identifies a parent checkpoint: where it was, its step and its best figure."""
    return {"path": str(path), "iter": int(ckpt.get("iter", -1)), "best_value": float(ckpt.get("best_value", math.nan))}


def same_parent(recorded: dict, ckpt: dict) -> bool:
    """Whether a parent checkpoint is still the one recorded at training time (wherever it is now)."""
    now = fingerprint(Path(recorded["path"]), ckpt)
    return (now["iter"], now["best_value"]) == (recorded["iter"], recorded["best_value"])


def combos_of(images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Digits uint8 [N, 28, 28] and labels -> combo index [N] of the attributes their pixels show."""
    got = [a for xs, ys in zip(images.split(10000), labels.split(10000)) for a in describe(xs, ys)]
    return combo_index(torch.tensor([[a.digit, a.thick, a.slanted, a.large] for a in got]))


def row(lang: int, combo, phrasing):
    """The row of a caption in the table of contexts."""
    return (lang * 80 + combo) * PHRASINGS + phrasing


def row_captions() -> list[str]:
    """Every caption (languages × 80 combinations × phrasings), the one of row r at index r."""
    texts = [every_caption(lang, k) for lang in LANGS for k in range(PHRASINGS)]  # [lang·phrasing][combo]
    return [texts[li * PHRASINGS + k][c] for li in range(len(LANGS)) for c in range(80) for k in range(PHRASINGS)]


def context_table(encoder, tok, max_len: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    """Every caption in row() order and the empty prompt last, through the text encoder:
    (states [961, max_len, width], masks [961, max_len] bool)."""
    return encode_prompts(encoder, tok, max_len, [*row_captions(), ""], "en", device)


@torch.no_grad()
def encode_prompts(encoder, tok, max_len: int, prompts: list[str], lang: str, device):
    """(states [B, max_len, width], masks [B, max_len]) of free prompts; a prompt too long for the
    text encoder is an error the learner can fix."""
    try:
        ids = torch.tensor([tok.encode(p, max_len) for p in prompts], device=device)
    except ValueError:
        longest = max(prompts, key=lambda p: len(tok.tokens(p)))
        raise common.BadInput(t("ldm_prompt_too_long", lang, prompt=longest, n=len(tok.tokens(longest)),
                                most=max_len - 2)) from None
    return torch.cat([encoder.tokens(b).float() for b in ids.split(500)]), ids != tok.PAD


class LDMTrainer(loop.Trainer):
    name, best, items, presets, model_keys = "ldm", "val_loss", "images", PRESETS, SHAPE
    device_presets, chart = {"cuda": "gpu"}, ("val_loss",)
    flags = {"steps": int, "batch_size": int, "lr": float, "warmup": int, "ema": float, "base_channels": int,
             "channel_mults": [int], "n_heads": int, "time_dim": int, "timesteps": int,
             "schedule": ("linear", "cosine"), "p_uncond": float, "lang_mix": float, "autoencoder": str, "clip": str}
    sample_flags = {"guidance": (float, 3.0), "steps": (int, 50), "prompt_lang": (("en", "ja", "both"), "both"),
                    "prompt": ([str], None), "count": (int, 8)}
    sweep_flag = "guidance"  # `kata eval ldm --sweep 1 2 3 5`

    def add_sample_arguments(self, parser, lang):
        # --steps is a training flag too; in `kata sample|eval ldm` it is the number of DDIM steps.
        for flag, (kind, default) in self.sample_flags.items():
            key = "help_ldm_ddim_steps" if flag == "steps" else f"help_ldm_{flag}"
            loop._flag(parser, key, flag, kind, default, lang)

    # --- training -------------------------------------------------------------------------------

    def setup(self, run):
        o, hp, args = run.own, run.hp, run.args
        for flag in ("p_uncond", "lang_mix"):
            if not 0.0 <= hp[flag] <= 1.0:
                raise common.TrainerError(run.text("ldm_bad_fraction", flag=flag.replace("_", "-"), value=hp[flag]))
        o.P = pieces(run.assembly)
        paths = {flag: parent_path(run, flag, hp[flag]) for flag in PARENTS}
        saved = {flag: load_parent(path, PARENTS[flag], run.lang, run.device) for flag, path in paths.items()}
        o.parents = {flag: fingerprint(paths[flag], saved[flag]) for flag in PARENTS}
        o.ae, ae_config = AE.load_autoencoder(run.assembly, saved["autoencoder"], run.device)
        encoder, o.tok, clip_config = CLIP.load_text_encoder(run.assembly, saved["clip"], run.device)
        o.scale = ae_config["scale_factor"]
        o.config = {**{k: hp[k] for k in SHAPE}, "latent_shape": ae_config["latent_shape"],
                    "context_dim": clip_config["n_embd"], "max_len": clip_config["max_len"]}
        o.betas, o.alpha_bars = schedule(o.P, o.config, run.device)
        run.say("ldm_parents", ae=paths["autoencoder"], clip=paths["clip"], scale=o.scale,
                shape="×".join(map(str, o.config["latent_shape"])), width=clip_config["n_embd"],
                max_len=clip_config["max_len"])

        o.ctx, o.mask = context_table(encoder, o.tok, o.config["max_len"], run.device)
        images, labels = mnist("train")
        run.say("ldm_encoding", n=len(images))
        o.z = AE.encode(o.ae, to_model_range(images, AE.SIZE).to(run.device)) * o.scale
        o.combo = combos_of(images, labels).to(run.device)
        test_x, test_y = mnist("test")
        test_x, test_y = test_x[:2000], test_y[:2000]
        zte = AE.encode(o.ae, to_model_range(test_x, AE.SIZE).to(run.device)) * o.scale
        i = torch.arange(len(zte))
        keys = row(i % 2, combos_of(test_x, test_y), torch.tensor(TRAIN_TEMPLATES)[(i // 2) % len(TRAIN_TEMPLATES)])
        g = torch.Generator(device=run.device).manual_seed(0)  # the same t and ε at every evaluation
        o.val = (zte, keys.to(run.device),
                 torch.randint(0, hp["timesteps"], (len(zte),), generator=g, device=run.device),
                 torch.randn(zte.shape, generator=g, device=run.device))
        o.per_epoch = math.ceil(len(o.z) / (hp["batch_size"] * run.dist.world_size))
        hp["max_iters"] = getattr(args, "max_iters", None) or hp["steps"]
        hp["eval_interval"] = getattr(args, "eval_interval", None) or 500
        run.say("ldm_setup", spread=float(o.z.std()), captions=NULL, base=hp["base_channels"],
                mults=" ".join(f"×{m}" for m in hp["channel_mults"]), heads=hp["n_heads"], T=hp["timesteps"],
                schedule=hp["schedule"], p=hp["p_uncond"], ja=round(100 * hp["lang_mix"]), ema=hp["ema"],
                batch=hp["batch_size"], steps=hp["max_iters"], epochs=f"{hp['max_iters'] / o.per_epoch:.3g}")
        model = build(o.P, o.config, run.device)
        o.ema = o.P.EMA(model, decay=hp["ema"])
        if run.saved is not None:  # resuming: the average so far, too
            o.ema.module.load_state_dict(run.saved["ema_model"])
        return model

    def optimizer(self, run, model):
        opt = torch.optim.AdamW(model.parameters(), lr=run.hp["lr"], weight_decay=run.hp["weight_decay"])
        return common.fast_optimizer(opt, run.device)

    def lr(self, run, it):
        return common.warmup_cosine(it, run.hp["max_iters"], run.hp["lr"], run.hp["warmup"], floor=0.1 * run.hp["lr"])

    def step(self, run, it):
        """A batch of latents, each with its caption in a random training phrasing and language (or
        the empty prompt); the learner's latent ε-loss."""
        o, hp, g = run.own, run.hp, run.generator(it)
        idx = run.epoch_batch(it, len(o.z), o.per_epoch)
        B = len(idx)
        phrasing = torch.tensor(TRAIN_TEMPLATES)[torch.randint(len(TRAIN_TEMPLATES), (B,), generator=g)]
        ja = (torch.rand(B, generator=g) < hp["lang_mix"]).long()
        drop = torch.rand(B, generator=g) < hp["p_uncond"]
        keys = torch.where(drop.to(run.device), NULL, row(ja.to(run.device), o.combo[idx], phrasing.to(run.device)))
        with run.autocast():
            loss = o.P.latent_eps_loss(run.model, o.z[idx], o.ctx[keys], o.alpha_bars, context_mask=o.mask[keys],
                                       generator=run.device_generator(it))
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(run.raw.parameters(), 1.0)
        run.optimizer.step()
        o.ema.update(run.raw)
        return loss.item()

    @torch.no_grad()
    def evaluate(self, run):
        """ε-MSE of the EMA weights on 2,000 captioned test latents, the same t and ε every time."""
        o, (z0, keys, t, noise) = run.own, run.own.val
        total = 0.0
        for a, k, b, c in zip(z0.split(500), keys.split(500), t.split(500), noise.split(500)):
            total += o.P.latent_eps_loss(o.ema.module, a, o.ctx[k], o.alpha_bars, context_mask=o.mask[k],
                                         t=b, noise=c).item() * len(a)
        return {"val_loss": total / len(z0)}

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.dist.world_size

    def state(self, run):
        o = run.own
        return {"config": o.config, "ema_model": o.ema.module.state_dict(), "alpha_bars": o.alpha_bars.cpu(),
                "scale_factor": o.scale, "parents": o.parents}

    def figures(self, run):
        return {"steps": run.it, "epochs": run.it / run.own.per_epoch, **run.own.config,
                "scale_factor": run.own.scale}

    def summary(self, run, f):
        return run.text("ldm_summary", loss=f["best_val_loss"], it=run.it, epochs=f"{f['epochs']:.3g}")

    def finish(self, run):
        o = run.own
        best = common.load_checkpoint(run.out / loop.BEST, run.device)
        unet = trained_unet(o.P, best, run.device)
        prompts = [caption(Attributes(d, *map(bool, c)), HELD_OUT_TEMPLATES[0], "en")
                   for d in range(10) for c in COMBOS]
        ctx, mask = (o.ctx[[NULL] * len(prompts)], o.mask[[NULL] * len(prompts)])
        cond = self.contexts(run, o.ctx, o.mask, prompts)
        steps = min(50, o.config["timesteps"])
        images = self.draw(run, o.P, unet, o.ae, o.config, o.scale, o.alpha_bars, (ctx, mask), cond, 3.0, steps)
        save_grid(run.wrote("samples.png", "ldm_file_samples", w=3.0, steps=steps, example=prompts[7 * 8 + 6]),
                  images, columns=len(COMBOS))

    def contexts(self, run, ctx, mask, prompts: list[str]):
        """The table's rows for captions harness.captions writes (no text encoder call)."""
        index = {}
        for r, s in enumerate(row_captions()):
            index.setdefault(s, r)  # a caption that names no size stands in two rows of equal states
        keys = torch.tensor([index[p] for p in prompts], device=ctx.device)
        return ctx[keys], mask[keys]

    @torch.no_grad()
    def draw(self, run, P, unet, ae, config, scale, alpha_bars, uncond, cond, w: float, steps: int):
        """Digits [N, 1, 28, 28] in [0, 1], one per context row: guided DDIM in latent space, then
        the decoder; batches of 250."""
        g = torch.Generator(device=run.device).manual_seed(run.seed)
        (cu, mu), (cc, mc) = uncond, cond
        out = []
        for s in range(0, len(cc), 250):
            sl = slice(s, s + 250)
            ctx, mask = torch.cat([cu[sl], cc[sl]]), torch.cat([mu[sl], mc[sl]])

            def guided(z, t, ctx=ctx, mask=mask):
                eps_u, eps_c = unet(torch.cat([z, z]), torch.cat([t, t]), ctx, mask).float().chunk(2)
                return P.cfg_mix(eps_u, eps_c, w)

            z = P.ddim_sample(guided, (len(cc[sl]), *config["latent_shape"]), alpha_bars, steps, generator=g,
                              device=run.device, clip=False)
            out.append(to_pixels(ae.decode(z / scale)))
        return torch.cat(out)

    # --- sample and eval ------------------------------------------------------------------------

    def load(self, run, assembly, ckpt, full_clip: bool = False):
        """Everything sampling needs, rebuilt from the checkpoint and its two parents."""
        P = pieces(assembly)
        parents = {flag: load_parent(Path(f["path"]), PARENTS[flag], run.lang, run.device)
                   for flag, f in ckpt["parents"].items()}
        for flag, f in ckpt["parents"].items():
            if not same_parent(f, parents[flag]):
                run.say("ldm_parent_changed", model=PARENTS[flag], path=f["path"])
        ae, _ = AE.load_autoencoder(assembly, parents["autoencoder"], run.device)
        if full_clip:
            clip_model, tok, clip_config = CLIP.load_clip(assembly, parents["clip"], run.device)
            encoder, stats = clip_model.text_encoder, tuple(parents["clip"]["stats"])
        else:
            encoder, tok, clip_config = CLIP.load_text_encoder(assembly, parents["clip"], run.device)
            clip_model = stats = None
        return SimpleNamespace(P=P, ae=ae, unet=trained_unet(P, ckpt, run.device), encoder=encoder, tok=tok, config=ckpt["config"],
                               scale=float(ckpt["scale_factor"]), alpha_bars=ckpt["alpha_bars"].to(run.device),
                               clip=clip_model, stats=stats)

    def draw_prompts(self, run, m, prompts: list[str]) -> torch.Tensor:
        a = run.args
        steps = max(1, min(a.steps, m.config["timesteps"]))
        cond = encode_prompts(m.encoder, m.tok, m.config["max_len"], prompts, run.lang, run.device)
        uncond = encode_prompts(m.encoder, m.tok, m.config["max_len"], [""] * len(prompts), run.lang, run.device)
        run.say("ldm_drawing", n=len(prompts), w=a.guidance, steps=steps)
        return self.draw(run, m.P, m.unet, m.ae, m.config, m.scale, m.alpha_bars, uncond, cond, a.guidance, steps)

    def generate(self, run, assembly, ckpt, n):
        """n digits, the ten in turn, each asked for in a held-out phrasing with random attributes
        (English and Japanese alternating with --prompt-lang both); returns the digits asked for.
        Also ranks the ten prompts that differ only in the digit with our CLIP and measures the
        attributes of the drawn digits: the third value, which goes to eval.json beside the judge's
        figures."""
        m = self.load(run, assembly, ckpt, full_clip=True)
        asked, phrasings, langs, prompts = ldm_eval.held_out_prompts(n, run.seed, run.args.prompt_lang)
        run.say("ldm_eval_prompts", first=prompts[0], second=prompts[min(n - 1, 10)])
        images = self.draw_prompts(run, m, prompts)
        intended = torch.tensor([at.digit for at in asked])
        extra = ldm_eval.clip_rank(run, m, images, asked, phrasings, langs)
        extra.update(ldm_eval.attributes_kept(run, images, asked))
        return images, intended, extra

    def sample(self, run, assembly, ckpt):
        """samples.png: a row of --count digits per --prompt, or without prompts one row per digit
        (the attribute combinations in turn, a held-out phrasing)."""
        a = run.args
        m = self.load(run, assembly, ckpt)
        count = max(1, a.count)
        if a.prompt:
            prompts = [str(p) for p in a.prompt]
            rows = [p for p in prompts for _ in range(count)]
        else:
            lang = "ja" if a.prompt_lang == "ja" else "en"
            rows = [caption(Attributes(d, *map(bool, COMBOS[j % len(COMBOS)])), HELD_OUT_TEMPLATES[0], lang)
                    for d in range(10) for j in range(count)]
            prompts = rows[::count]
        images = self.draw_prompts(run, m, rows)
        path = save_grid(run.out / "samples.png", images, columns=count)
        run.say("ldm_sampled", n=len(images), rows=len(prompts), seed=run.seed, path=path)
        return {"path": str(path), "prompts": prompts}


TRAINER = LDMTrainer()
add_arguments, add_sample_arguments, train, sample = loop.entry_points(TRAINER)
add_eval_arguments, evaluate_samples = loop.eval_entry_points(TRAINER)
