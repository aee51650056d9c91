"""`kata train cddpm` / `kata sample cddpm` / `kata eval cddpm`: `kata train ddpm`'s diffusion model,
now told which digit to draw. The learner's s07 pieces make it conditional (ConditionalUNet, the
labels dropped to the null label 10 % of the time by conditional_ddpm_loss, so one network learns
both ε(x_t, t, y) and ε(x_t, t, ∅)); their s08 pieces make it good and fast (EMA of the weights,
DDIM sampling); classifier-free guidance mixes the two predictions at sampling time:

    ε̂ = ε(x_t, t, ∅) + w · (ε(x_t, t, y) − ε(x_t, t, ∅))        (cfg_eps: one doubled batch)

w = 0 ignores the label, w = 1 is the plain conditional model, w > 1 pushes towards the label
(sharper, more often the right digit, less varied). Data, schedule, presets and pictures follow
ddpm.py; the samples come from the EMA weights unless --weights raw.

`kata sample cddpm --digit 7 --guidance 2` writes samples.png (rows of sevens, or one row per digit
without --digit); `kata eval cddpm` asks for the ten digits in turn and lets the judge read them
(accuracy = the digit asked for); `kata eval cddpm --sweep 0 1 2 4` does so at each w and plots
accuracy and Fréchet distance against w (sweep.png)."""
from __future__ import annotations

from types import SimpleNamespace

import torch

from . import common, loop
from .ddpm import PRESETS as DDPM_PRESETS
from .ddpm import DDPMTrainer, schedule, to_pixels
from .pictures import save_grid

STAGE = "s07_guidance"
PRESETS = {name: {**hp, "p_uncond": 0.1} for name, hp in DDPM_PRESETS.items()}
PIECES = {"s06_ddpm": {"linear_betas": ["linear_betas"], "cosine_betas": ["cosine_betas"],
                       "alpha_bars": ["alpha_bars"]},
          "s07_guidance": {"conditional_unet": ["ConditionalUNet"], "conditional_loss": ["conditional_ddpm_loss"],
                           "cfg_eps": ["cfg_eps"], "cfg_sample": ["cfg_sample"]},
          "s08_quality": {"ddim_sample": ["ddim_sample"], "ema_model": ["EMA"]}}


def pieces(assembly) -> SimpleNamespace:
    """The learner's pieces from three stages, as one namespace (P.cfg_eps, P.EMA, ...)."""
    return loop.stage_pieces(assembly, PIECES)


def build(P, config: dict, device):
    return P.ConditionalUNet(10, in_channels=1, base_channels=config["base_channels"],
                             channel_mults=tuple(config["channel_mults"])).to(device)


class CDDPMTrainer(DDPMTrainer):
    name, presets = "cddpm", PRESETS
    flags = {**DDPMTrainer.flags, "p_uncond": float}
    sample_flags = {"digit": (int, None), "guidance": (float, 2.0), "sampler": (("ddim", "ddpm"), "ddim"),
                    "ddim_steps": (int, 50), "eta": (float, 0.0), "weights": (("ema", "raw"), "ema"),
                    "count": (int, 8)}
    sweep_flag = "guidance"  # `kata eval cddpm --sweep w1 w2 …`

    def setup(self, run):
        from ..data import mnist

        hp = run.hp
        model = self.setup_data(run, pieces(run.assembly), build)
        o = run.own
        o.y = mnist("train")[1].to(run.device)
        o.val_y = mnist("test")[1][:len(o.val[0])].to(run.device)
        o.ema = o.P.EMA(model, decay=hp["ema"])
        if run.saved is not None:  # resuming: the average so far, too
            o.ema.module.load_state_dict(run.saved["ema_model"])
        run.say("cddpm_setup", p=hp["p_uncond"], ema=hp["ema"])
        return model

    def step(self, run, it):
        o = run.own
        idx = run.epoch_batch(it, len(o.x), o.per_epoch)
        with run.autocast():
            loss = o.P.conditional_ddpm_loss(run.model, o.x[idx], o.y[idx], o.alpha_bars,
                                             p_uncond=run.hp["p_uncond"], generator=run.device_generator(it))
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(run.raw.parameters(), 1.0)
        run.optimizer.step()
        o.ema.update(run.raw)
        return loss.item()

    @torch.no_grad()
    def evaluate(self, run):
        """ε-MSE of the EMA weights on 2,000 labelled test digits, the same t and ε every time."""
        o, (x0, t, noise) = run.own, run.own.val
        total = 0.0
        for a, b, c, y in zip(x0.split(500), t.split(500), noise.split(500), o.val_y.split(500)):
            total += o.P.conditional_ddpm_loss(o.ema.module, a, y, o.alpha_bars, p_uncond=0.0,
                                               t=b, noise=c).item() * len(a)
        return {"val_loss": total / len(x0)}

    def state(self, run):
        return {"config": run.own.config, "ema_model": run.own.ema.module.state_dict()}

    def finish(self, run):
        o = run.own
        best = common.load_checkpoint(run.out / loop.BEST, run.device)
        model = build(o.P, o.config, run.device)
        model.load_state_dict(best["ema_model"])
        labels = torch.arange(10, device=run.device).repeat_interleave(8)
        steps = min(50, o.config["timesteps"])
        images = self.draw_labels(run, o.P, model.eval(), o.config, labels, w=2.0, sampler="ddim", steps=steps)
        save_grid(run.wrote("samples.png", "cddpm_file_samples", w=2.0, steps=steps), images)

    @torch.no_grad()
    def draw_labels(self, run, P, model, config, labels, w, sampler, steps, eta=0.0):
        """Digits [N, 1, 28, 28] in [0, 1], one per label, with guidance w; batches of 250."""
        betas, alpha_bars = schedule(P, config, run.device)
        g = torch.Generator(device=run.device).manual_seed(run.seed)
        size, out = config["image_size"], []
        for y in labels.split(250):
            shape = (len(y), 1, size, size)
            if sampler == "ddpm":
                out.append(P.cfg_sample(model, shape, y, w, betas, alpha_bars, generator=g, device=run.device))
            else:
                guided = lambda x, t, y=y: P.cfg_eps(model, x, t, y, w)  # noqa: E731
                out.append(P.ddim_sample(guided, shape, alpha_bars, steps, eta=eta, generator=g, device=run.device))
        return to_pixels(torch.cat(out))

    def load_model(self, run, assembly, ckpt):
        P = pieces(assembly)
        model = build(P, ckpt["config"], run.device)
        model.load_state_dict(ckpt["ema_model"] if run.args.weights == "ema" else ckpt["model"])
        return P, model.eval()

    def _draw(self, run, assembly, ckpt, labels):
        a = run.args
        P, model = self.load_model(run, assembly, ckpt)
        T = ckpt["config"]["timesteps"]
        steps = T if a.sampler == "ddpm" else max(1, min(a.ddim_steps, T))  # DDIM: at most one per t
        run.say("cddpm_drawing", n=len(labels), w=a.guidance, sampler=a.sampler.upper(), steps=steps,
                weights=a.weights)
        return self.draw_labels(run, P, model, ckpt["config"], labels.to(run.device), a.guidance, a.sampler,
                                steps, a.eta)

    def generate(self, run, assembly, ckpt, n):
        """n digits, the ten classes in turn (n = 1000: 100 of each); returns the labels asked for."""
        labels = torch.arange(n) % 10 if run.args.digit is None else torch.full((n,), run.args.digit)
        return self._draw(run, assembly, ckpt, labels), labels

    def sample(self, run, assembly, ckpt):
        a = run.args
        if a.digit is not None and not 0 <= a.digit <= 9:
            raise common.TrainerError(run.text("cddpm_bad_digit", digit=a.digit))
        count = max(1, a.count)
        digits = [a.digit] if a.digit is not None else list(range(10))
        labels = torch.tensor(digits).repeat_interleave(count)
        images = self._draw(run, assembly, ckpt, labels)
        path = save_grid(run.out / "samples.png", images, columns=count)
        run.say("cddpm_sampled", n=len(labels), seed=run.seed, path=path)
        return {"path": str(path), "labels": labels.tolist()}


add_arguments, add_sample_arguments, train, sample = loop.entry_points(CDDPMTrainer())
add_eval_arguments, evaluate_samples = loop.eval_entry_points(CDDPMTrainer())
