"""The judge (harness/judge.py): its numbers against closed forms, its input checks, and — only when
KATA_DATA_DIR holds the real MNIST files (CI sets it) — its promise: trained once with fixed seeds,
it reads ≥ 99.3 % of MNIST's test digits, and real digits sit at the real-vs-real floor."""
from __future__ import annotations

import gzip
import math
import os
from pathlib import Path

import pytest
import torch

from harness import judge as J


def test_frechet_distance_matches_the_closed_form_for_diagonal_gaussians():
    g = torch.Generator().manual_seed(0)
    mu1, mu2 = (torch.randn(5, generator=g, dtype=torch.float64) for _ in range(2))
    v1, v2 = (torch.rand(5, generator=g, dtype=torch.float64) + 0.1 for _ in range(2))
    expected = float((mu1 - mu2).square().sum() + (v1 + v2 - 2 * (v1 * v2).sqrt()).sum())
    got = J.frechet_distance(mu1, torch.diag(v1), mu2, torch.diag(v2))
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)
    assert abs(J.frechet_distance(mu1, torch.diag(v1), mu1, torch.diag(v1))) < 1e-9


def test_frechet_distance_on_non_commuting_covariances():
    """tr((S1^½ S2 S1^½)^½) for 2×2 matrices: sqrt(tr M + 2 sqrt(det M)), M = S1 S2."""
    s1 = torch.tensor([[2.0, 0.5], [0.5, 1.0]], dtype=torch.float64)
    s2 = torch.tensor([[1.0, -0.3], [-0.3, 3.0]], dtype=torch.float64)
    m = s1 @ s2
    cross = math.sqrt(float(m.trace()) + 2 * math.sqrt(float(torch.linalg.det(m))))
    expected = float(s1.trace() + s2.trace()) - 2 * cross
    assert math.isclose(J.frechet_distance(torch.zeros(2), s1, torch.zeros(2), s2), expected, rel_tol=1e-9)


def test_gaussian_fit_is_float64_with_the_unbiased_covariance():
    x = torch.randn(50, 3, generator=torch.Generator().manual_seed(1))
    mu, sigma = J.gaussian_fit(x)
    assert mu.dtype == sigma.dtype == torch.float64
    centred = x.double() - x.double().mean(0)
    assert torch.allclose(sigma, centred.T @ centred / 49)


def test_class_entropy_and_the_digit_shapes_it_reads():
    assert J.class_entropy(torch.arange(1000) % 10) == pytest.approx(math.log(10))
    assert J.class_entropy(torch.full((7,), 3)) == 0.0
    assert J.as_digits(torch.rand(4, 784)).shape == (4, 1, 28, 28)
    padded = torch.zeros(2, 1, 32, 32)
    padded[:, :, 2:30, 2:30] = 1
    assert torch.equal(J.as_digits(padded), torch.ones(2, 1, 28, 28)), "32×32 is cropped back to the centre 28×28"
    for bad in (torch.rand(2, 3, 28, 28), torch.rand(2, 1, 30, 30), torch.rand(5)):
        with pytest.raises(ValueError, match="judge reads"):
            J.as_digits(bad)


def _real_mnist() -> Path | None:
    folder = os.environ.get("KATA_DATA_DIR")
    if not folder:
        return None
    labels = Path(folder) / "MNIST" / "raw" / "train-labels-idx1-ubyte.gz"
    try:
        with gzip.open(labels) as f:  # the real file, not a test's fake one: 60,000 labels
            return Path(folder) if int.from_bytes(f.read(8)[4:], "big") == 60000 else None
    except OSError:
        return None


@pytest.mark.slow
@pytest.mark.skipif(_real_mnist() is None, reason="needs the real MNIST files in KATA_DATA_DIR")
def test_the_judge_reads_real_test_digits_and_real_digits_sit_at_the_floor(tmp_path):
    judge = J.load_judge(say=lambda *a: None, root=tmp_path)  # trains (1–2 min on 2 cores), caches
    assert judge.test_accuracy >= 0.993, f"judge test accuracy {judge.test_accuracy:.4f}"
    again = J.load_judge(say=lambda *a: pytest.fail("trained twice"), root=tmp_path)
    assert again.test_accuracy == judge.test_accuracy
    test, train = J.real_digits(500, seed=3)  # real digits judged as if generated
    m = J.measure(judge, train, seed=0)
    assert m["confidence"] > 0.95 and m["class_entropy"] > 2.2
    assert 0.5 < m["frechet_ratio"] < 2.0, m
