"""The judge: a small MNIST CNN that the harness trains once, deterministically, and caches, and the
numbers it gives a batch of generated digits.

    accuracy          how often the judge reads the digit a conditional model was asked for
    confidence        the mean of the judge's top class probability (sharp digits: near 1)
    class entropy     H(histogram of the judge's classes), in nats: ln 10 = 2.303 when all ten
                      digits come out equally often, 0 when the model draws one digit only
    Fréchet distance  |μ_g − μ_r|² + tr(Σ_g + Σ_r − 2 (Σ_r^½ Σ_g Σ_r^½)^½) between Gaussians
                      fitted (float64) to the judge's penultimate features of the generated and
                      of N real test digits — printed beside the floor: the same distance between
                      N real training digits and those test digits (N samples never reach 0)

Images go in as [N, 1, 28, 28] (or [N, 1, 32, 32], cropped back to 28) with values in [0, 1].
The judge's weights live in .kata/judge/ (git-ignored); `kata eval` trains them on first use
(about two minutes on a laptop CPU) and reuses them after.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .data import mnist
from .paths import state_dir

VERSION = 2  # 2: no label smoothing (it capped every confidence near 0.95)
EPOCHS, BATCH, LR, SEED = 3, 128, 2e-3, 0
MEAN, STD = 0.1307, 0.3081  # MNIST's pixel statistics: the judge's own input normalisation


class JudgeNet(nn.Module):
    """Three conv blocks (28 -> 14 -> 7 -> 3) and a 128-unit penultimate layer."""

    def __init__(self, width: int = 32, features: int = 128):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.MaxPool2d(2)]

        self.convs = nn.Sequential(*block(1, width), *block(width, 2 * width), *block(2 * width, 4 * width))
        self.penultimate = nn.Sequential(nn.Flatten(), nn.Linear(4 * width * 9, features), nn.ReLU())
        self.head = nn.Sequential(nn.Dropout(0.3), nn.Linear(features, 10))

    def features(self, images: torch.Tensor) -> torch.Tensor:
        return self.penultimate(self.convs((images - MEAN) / STD))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(images))


def as_digits(images: torch.Tensor) -> torch.Tensor:
    """[N, 1, 28|32, 28|32] or [N, 784] in [0, 1] -> [N, 1, 28, 28] float on the CPU."""
    x = images.detach().float().cpu()
    if x.dim() == 2 and x.shape[1] == 784:
        x = x.view(-1, 1, 28, 28)
    if x.dim() == 3:
        x = x.unsqueeze(1)
    if x.dim() != 4 or x.shape[1] != 1 or x.shape[-2:] not in ((28, 28), (32, 32)):
        raise ValueError(f"the judge reads [N, 1, 28, 28] or [N, 1, 32, 32] images, got {list(images.shape)}")
    if x.shape[-1] == 32:
        x = x[..., 2:30, 2:30]
    return x.clamp(0, 1)


def _shift(x: torch.Tensor, g: torch.Generator, most: int = 2) -> torch.Tensor:
    """Each image moved by up to `most` pixels (zero fill): the judge should not care where a digit sits."""
    n = len(x)
    padded = F.pad(x, (most,) * 4)
    dx, dy = (torch.randint(0, 2 * most + 1, (2, n), generator=g)).tolist()
    return torch.stack([padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28] for i in range(n)])


@dataclass
class Judge:
    net: JudgeNet
    test_accuracy: float

    @torch.no_grad()
    def read(self, images: torch.Tensor, batch: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
        """(class probabilities [N, 10], penultimate features [N, 128] float64) of images in [0, 1]."""
        self.net.eval()
        probs, feats = [], []
        for xb in as_digits(images).split(batch):
            f = self.net.features(xb)
            probs.append(self.net.head(f).softmax(-1))
            feats.append(f.double())
        return torch.cat(probs), torch.cat(feats)


def _fingerprint(labels: torch.Tensor) -> str:
    """Which training data the judge saw (real MNIST and a test's synthetic digits differ)."""
    return hashlib.sha1(labels.numpy().tobytes()).hexdigest()[:10]


def train_judge(say=print) -> Judge:
    """Train the CNN (fixed seed, fixed batch order) on MNIST's training split; report its test accuracy."""
    (xtr, ytr), (xte, yte) = mnist("train"), mnist("test")
    xtr, xte = xtr.float().div(255).unsqueeze(1), xte.float().div(255).unsqueeze(1)
    torch.manual_seed(SEED)
    g = torch.Generator().manual_seed(SEED)
    net = JudgeNet()
    steps = EPOCHS * math.ceil(len(xtr) / BATCH)
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=steps)
    start = time.time()
    for epoch in range(EPOCHS):
        net.train()
        for idx in torch.randperm(len(xtr), generator=g).split(BATCH):
            loss = F.cross_entropy(net(_shift(xtr[idx], g)), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
        say(epoch + 1, EPOCHS, time.time() - start)
    judge = Judge(net.eval(), 0.0)
    judge.test_accuracy = float((judge.read(xte)[0].argmax(-1) == yte).float().mean())
    return judge


def load_judge(say=print, root=None, announce=None) -> Judge:
    """The cached judge for the MNIST files found now, trained first if there is none (announce()
    is called before that training, say(epoch, epochs, seconds) after each epoch)."""
    labels = mnist("train")[1]
    path = state_dir(root) / "judge" / f"mnist_cnn_v{VERSION}_{_fingerprint(labels)}.pt"
    if path.exists():
        saved = torch.load(path, map_location="cpu", weights_only=True)
        net = JudgeNet()
        net.load_state_dict(saved["model"])
        return Judge(net.eval(), saved["test_accuracy"])
    if announce is not None:
        announce()
    judge = train_judge(say)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save({"model": judge.net.state_dict(), "test_accuracy": judge.test_accuracy}, tmp)
    tmp.replace(path)
    return judge


# --- the numbers ----------------------------------------------------------------------------------

def gaussian_fit(features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(mean, unbiased covariance) of [N, D] features, in float64."""
    f = features.double()
    return f.mean(0), torch.cov(f.T)


def _sqrt_psd(m: torch.Tensor) -> torch.Tensor:
    vals, vecs = torch.linalg.eigh((m + m.T) / 2)
    return (vecs * vals.clamp(min=0).sqrt()) @ vecs.T


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """The Fréchet (2-Wasserstein) distance between N(mu1, sigma1) and N(mu2, sigma2), float64."""
    mu1, sigma1, mu2, sigma2 = (t.double() for t in (mu1, sigma1, mu2, sigma2))
    root = _sqrt_psd(sigma2)
    cross = torch.linalg.eigvalsh(root @ sigma1 @ root).clamp(min=0).sqrt().sum()
    return float((mu1 - mu2).square().sum() + sigma1.trace() + sigma2.trace() - 2 * cross)


def class_entropy(predicted: torch.Tensor) -> float:
    """Entropy (nats) of the histogram of predicted classes."""
    p = torch.bincount(predicted, minlength=10).double() / len(predicted)
    p = p[p > 0]
    return float(-(p * p.log()).sum()) + 0.0  # + 0.0: one class gives 0.0, not -0.0


def real_digits(n: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """n real test digits (the reference set) and n real training digits (for the floor), in [0, 1]."""
    (xtr, _), (xte, _) = mnist("train"), mnist("test")
    if n > len(xte):
        raise ValueError(f"at most {len(xte)} samples can be compared with the test set, got {n}")
    g = torch.Generator().manual_seed(seed)
    pick = lambda x: x[torch.randperm(len(x), generator=g)[:n]].float().div(255).unsqueeze(1)
    return pick(xte), pick(xtr)


def measure(judge: Judge, images: torch.Tensor, intended: torch.Tensor | None = None,
            seed: int = 0) -> dict:
    """The judge's numbers for generated images (and, when intended labels are given, accuracy)."""
    probs, feats = judge.read(images)
    predicted = probs.argmax(-1)
    test, train = real_digits(len(images), seed)
    mu_r, sigma_r = gaussian_fit(judge.read(test)[1])
    fd = frechet_distance(*gaussian_fit(feats), mu_r, sigma_r)
    floor = frechet_distance(*gaussian_fit(judge.read(train)[1]), mu_r, sigma_r)
    out = {"n": len(images), "confidence": float(probs.max(-1).values.mean()),
           "class_entropy": class_entropy(predicted), "frechet": fd, "frechet_floor": floor,
           "frechet_ratio": fd / floor if floor > 0 else math.inf,
           "histogram": torch.bincount(predicted, minlength=10).tolist()}
    if intended is not None:
        out["accuracy"] = float((predicted == intended.cpu()).float().mean())
    return out
