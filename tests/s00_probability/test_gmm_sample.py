"""Specs for katas/s00_probability/gmm_sample.py."""
import numpy as np
import pytest

from harness.checks import expect, expect_close, expect_shape

# The last component has weight 0: it must never be drawn.
WEIGHTS = np.array([0.5, 0.3, 0.2, 0.0])
MEANS = np.array([[0.0, 0.0], [5.0, -2.0], [-4.0, 3.0], [100.0, 100.0]])
COVS = np.array([[[2.0, 1.2], [1.2, 1.0]], [[0.5, -0.3], [-0.3, 1.5]], [[1.0, 0.0], [0.0, 0.2]],
                 np.eye(2)])
N = 10_000


def _draw(kata, seed=1234, n=N):
    return kata.gmm_sample(n, WEIGHTS, MEANS, COVS, np.random.default_rng(seed))


def test_shapes_and_labels(kata):
    X, z = _draw(kata, n=50)
    expect_shape(X, (50, 2), "X for n = 50, D = 2")
    if expect_shape(z, (50,), "z for n = 50"):
        z = np.asarray(z)
        expect(np.issubdtype(z.dtype, np.integer), f"z should hold integer labels, got dtype {z.dtype}")
        expect(z.min() >= 0 and z.max() < 4, f"labels must lie in 0..K-1 = 0..3, got {z.min()}..{z.max()}")
    X0, z0 = _draw(kata, n=0)
    expect_shape(X0, (0, 2), "X for n = 0")
    expect_shape(z0, (0,), "z for n = 0")


def test_component_frequencies_match_weights(kata):
    # Binomial standard error for 10 000 draws is at most 0.005; tolerance 0.02 (about 4 s.e.).
    _, z = _draw(kata)
    freq = np.bincount(np.asarray(z), minlength=4)[:4] / N
    expect_close(freq, WEIGHTS, atol=0.02,
                 what="fraction of samples from each component vs the weights (draw z with p=weights)")
    expect(freq[3] == 0, f"a component with weight 0 was drawn {int(freq[3] * N)} times")


def test_each_component_has_its_mean_and_cov(kata):
    # Per component: mean within 0.1 and covariance within 0.15 (about 3 standard errors for
    # ≥ 2 000 points). L Lᵀ = Σ matters: Lᵀ ε, or Σ ε, gives the wrong correlation and spread.
    X, z = _draw(kata)
    X, z = np.asarray(X), np.asarray(z)
    for k in range(3):
        Xk = X[z == k]
        if not expect(len(Xk) > 100, f"component {k} got only {len(Xk)} of {N} samples"):
            continue
        expect_close(Xk.mean(axis=0), MEANS[k], atol=0.1, what=f"sample mean of component {k}")
        expect_close(np.cov(Xk, rowvar=False, bias=True), COVS[k], atol=0.15,
                     what=f"sample covariance of component {k} (x = μ + L ε with L = cholesky(Σ))")


def test_reproducible_with_the_same_seed(kata):
    # Only the rng passed in may be used: the global np.random would make two runs differ.
    X1, z1 = _draw(kata, seed=7, n=200)
    X2, z2 = _draw(kata, seed=7, n=200)
    X3, _ = _draw(kata, seed=8, n=200)
    expect(np.array_equal(z1, z2) and np.array_equal(X1, X2),
           "two calls with np.random.default_rng(7) gave different samples: use only `rng`")
    expect(not np.array_equal(X1, X3), "seeds 7 and 8 gave identical samples: is `rng` used at all?")


def test_rejects_bad_input(kata):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        kata.gmm_sample(10, [0.5, 0.6, 0.0, 0.0], MEANS, COVS, rng)  # weights sum to 1.1
    with pytest.raises(ValueError):
        kata.gmm_sample(-1, WEIGHTS, MEANS, COVS, rng)  # negative n
    with pytest.raises(ValueError):
        kata.gmm_sample(10, WEIGHTS, MEANS, COVS[:3], rng)  # 3 covariances for 4 components
