"""`kata train vae` / `kata sample vae` / `kata eval vae`: the learner's s05 VAE (VAE, elbo_loss,
dynamic_binarize, sample_prior, interpolate_latents) on dynamically binarized MNIST: every time a
training digit is used, each pixel is drawn afresh as 1 with the probability of its grey level, so
the Bernoulli decoder models real coin flips and never memorises one binarization. The test digits are binarized
once, with a fixed seed, and the figure that counts is their −ELBO in nats per digit (recon + KL,
β = 1; lower is better; ≈ 100 is a good small VAE, the best models reach ≈ 80).

Presets: cpu (hidden 512, latent 32, batch 128, Adam 2e-3 with warm-up and cosine decay, 16
epochs: test −ELBO 97.2 nats in 2 min 22 s on one of 2 busy cores); gpu (hidden 1024, batch 256,
60 epochs). Besides the loop's files:
samples.png (digits decoded from z ~ N(0, I): the Bernoulli means, grey = unsure) and
interpolation.png (rows walking in a straight line between two test digits' codes)."""
from __future__ import annotations

import math

import torch

from ..data import mnist
from . import common, loop
from .pictures import save_grid

STAGE = "s05_vae"
PRESETS = {"cpu": dict(epochs=16, batch_size=128, lr=2e-3, hidden_dim=512, latent_dim=32, beta=1.0),
           "gpu": dict(epochs=60, batch_size=256, lr=2e-3, hidden_dim=1024, latent_dim=32, beta=1.0)}
PIECES = {"dynamic_binarize": ["dynamic_binarize"], "vae_model": ["VAE"], "elbo_loss": ["elbo_loss"],
          "sample_prior": ["sample_prior"], "interpolate_latents": ["interpolate_latents"]}
SHAPE = ("hidden_dim", "latent_dim")


def load_digits(device, train: bool = True):
    """(train grey levels [60000, 784] in [0, 1] or None, test digits binarized once [10000, 784])."""
    flat = lambda x: x.reshape(len(x), -1).float().div(255)
    test = torch.bernoulli(flat(mnist("test")[0]), generator=torch.Generator().manual_seed(0))
    return (flat(mnist("train")[0]).to(device) if train else None), test.to(device)


def build(P, config: dict, device):
    return P.VAE(784, config["hidden_dim"], config["latent_dim"]).to(device)


class VAETrainer(loop.Trainer):
    name, best, items, presets, model_keys = "vae", "test_nelbo", "images", PRESETS, SHAPE
    device_presets, chart = {"cuda": "gpu"}, ("test_nelbo",)
    flags = {"epochs": float, "batch_size": int, "lr": float, "hidden_dim": int, "latent_dim": int,
             "beta": float}
    sample_flags = {"count": (int, 64)}

    def setup(self, run):
        o, hp, args = run.own, run.hp, run.args
        o.P = loop.pieces(run.assembly, STAGE, PIECES)
        o.xtr, o.xte = load_digits(run.device)
        o.per_epoch = math.ceil(len(o.xtr) / (hp["batch_size"] * run.dist.world_size))
        hp["max_iters"] = getattr(args, "max_iters", None) or round(hp["epochs"] * o.per_epoch)
        hp["eval_interval"] = getattr(args, "eval_interval", None) or o.per_epoch
        o.config = {k: hp[k] for k in SHAPE}
        run.say("vae_setup", hidden=hp["hidden_dim"], latent=hp["latent_dim"], beta=hp["beta"],
                batch=hp["batch_size"], epochs=f"{hp['max_iters'] / o.per_epoch:g}", batches=o.per_epoch)
        return build(o.P, o.config, run.device)

    def optimizer(self, run, model):
        return common.fast_optimizer(torch.optim.Adam(model.parameters(), lr=run.hp["lr"]), run.device)

    def lr(self, run, it):
        return common.warmup_cosine(it, run.hp["max_iters"], run.hp["lr"], 100, floor=0.05 * run.hp["lr"])

    def step(self, run, it):
        """A batch of digits binarized afresh, one Adam step on recon + β·KL."""
        o = run.own
        x = o.P.dynamic_binarize(o.xtr[run.epoch_batch(it, len(o.xtr), o.per_epoch)],
                                 generator=run.device_generator(it))
        with run.autocast():
            logits, mu, logvar = run.model(x)
            loss, _, _ = o.P.elbo_loss(logits.float(), x, mu.float(), logvar.float(), beta=run.hp["beta"])
        run.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        run.optimizer.step()
        return loss.item()

    @torch.no_grad()
    def evaluate(self, run):
        """The test digits' −ELBO (β = 1, one z per digit from a fixed seed), recon and KL apart."""
        o, model = run.own, run.eval_model.eval()
        totals, g = torch.zeros(3), torch.Generator(device=run.device).manual_seed(0)
        for x in o.xte.split(1000):
            logits, mu, logvar = model(x, generator=g)
            nelbo, recon, kl = o.P.elbo_loss(logits, x, mu, logvar, beta=1.0)
            totals += torch.tensor([nelbo.item(), recon.item(), kl.item()]) * len(x)
        model.train()
        nelbo, recon, kl = (totals / len(o.xte)).tolist()
        return {"test_nelbo": nelbo, "test_recon": recon, "test_kl": kl}

    def eval_line(self, run, it, m):
        return run.text("vae_eval", epoch=f"{it / run.own.per_epoch:.3g}", nelbo=m["test_nelbo"],
                        recon=m["test_recon"], kl=m["test_kl"])

    def items_per_step(self, run):
        return run.hp["batch_size"] * run.dist.world_size

    def state(self, run):
        return {"config": run.own.config}

    def figures(self, run):
        return {"epochs": run.it / run.own.per_epoch, "steps": run.it, **run.own.config}

    def summary(self, run, figures):
        return run.text("vae_summary", nelbo=figures["test_nelbo"], epochs=f"{figures['epochs']:.3g}")

    def finish(self, run):
        o, model = run.own, run.raw.eval()
        g = torch.Generator(device=run.device).manual_seed(run.seed)
        with torch.no_grad():
            probs = o.P.sample_prior(model.decoder, 64, model.latent_dim, generator=g, device=run.device)
            save_grid(run.wrote("samples.png", "vae_file_samples", n=64), probs.view(-1, 1, 28, 28).cpu())
            save_grid(run.wrote("interpolation.png", "vae_file_interpolation"), self.strips(o.P, model, o.xte),
                      columns=10)

    @staticmethod
    def strips(P, model, digits, rows: int = 6, steps: int = 10) -> torch.Tensor:
        """[rows·steps, 1, 28, 28]: each row decodes the straight line between two test digits' μ."""
        mu = model.encoder(digits[:2 * rows])[0]
        line = [P.interpolate_latents(mu[2 * r], mu[2 * r + 1], steps) for r in range(rows)]
        return torch.sigmoid(model.decoder(torch.cat(line))).view(-1, 1, 28, 28).cpu()

    def load_model(self, run, assembly, ckpt):
        P = loop.pieces(assembly, STAGE, PIECES)
        model = build(P, ckpt["config"], run.device)
        model.load_state_dict(ckpt["model"])
        return P, model.eval()

    @torch.no_grad()
    def generate(self, run, assembly, ckpt, n):
        """n digits decoded from the prior (Bernoulli means in [0, 1]); no digit is asked for."""
        P, model = self.load_model(run, assembly, ckpt)
        g = torch.Generator(device=run.device).manual_seed(run.seed)
        return P.sample_prior(model.decoder, n, model.latent_dim, generator=g, device=run.device).view(-1, 1, 28, 28), None

    def sample(self, run, assembly, ckpt):
        images, _ = self.generate(run, assembly, ckpt, max(1, run.args.count))
        path = save_grid(run.out / "samples.png", images.cpu())
        run.say("vae_sampled", n=len(images), seed=run.seed, path=path)
        return {"path": str(path)}


add_arguments, add_sample_arguments, train, sample = loop.entry_points(VAETrainer())
add_eval_arguments, evaluate_samples = loop.eval_entry_points(VAETrainer())
