"""Specs for katas/s00_probability/gmm_sample.py."""
import numpy as np

from harness.checks import expect, expect_close, expect_raises, expect_shape

# The last component has weight 0: it must never be drawn.
WEIGHTS = np.array([0.5, 0.3, 0.2, 0.0])
MEANS = np.array([[0.0, 0.0], [5.0, -2.0], [-4.0, 3.0], [100.0, 100.0]])
COVS = np.array([[[2.0, 1.2], [1.2, 1.0]], [[0.5, -0.3], [-0.3, 1.5]], [[1.0, 0.0], [0.0, 0.2]],
                 np.eye(2)])
N = 10_000


def _draw(kata, seed=1234, n=N):
    """(X, z) as arrays, or None after saying what came back instead."""
    out = kata.gmm_sample(n, WEIGHTS, MEANS, COVS, np.random.default_rng(seed))
    if not expect(isinstance(out, (tuple, list)) and len(out) == 2,
                  (f"gmm_sample should return a pair (X, z), got {type(out).__name__}",
                   f"gmm_sample は組 (X, z) を返すはずですが、{type(out).__name__} が返りました")):
        return None
    return np.asarray(out[0]), np.asarray(out[1])


def test_shapes_and_labels(kata):
    out = _draw(kata, n=50)
    if out is None:
        return
    X, z = out
    expect_shape(X, (50, 2), ("X for n = 50, D = 2", "n = 50、D = 2 での X"))
    if expect_shape(z, (50,), ("z for n = 50", "n = 50 での z")):
        if expect(np.issubdtype(z.dtype, np.integer),
                  (f"z should hold integer labels, got dtype {z.dtype}",
                   f"z は整数のラベルのはずですが、dtype が {z.dtype} でした")):
            expect(z.min() >= 0 and z.max() < 4,
                   (f"labels must lie in 0..K-1 = 0..3, got {int(z.min())}..{int(z.max())}",
                    f"ラベルは 0..K-1 = 0..3 のはずですが、{int(z.min())}..{int(z.max())} でした"))
    out = _draw(kata, n=0)
    if out is not None:
        expect_shape(out[0], (0, 2), ("X for n = 0", "n = 0 での X"))
        expect_shape(out[1], (0,), ("z for n = 0", "n = 0 での z"))


def test_component_frequencies_match_weights(kata):
    # Binomial standard error for 10 000 draws is at most 0.005; tolerance 0.02 (about 4 s.e.).
    out = _draw(kata)
    if out is None:
        return
    z = out[1]
    if not (expect_shape(z, (N,), ("z for n = 10 000", "n = 10 000 での z"))
            and expect(np.issubdtype(z.dtype, np.integer) and z.min() >= 0 and z.max() < 4,
                       ("z should hold integer labels in 0..3", "z は 0..3 の整数ラベルのはずです"))):
        return
    freq = np.bincount(z, minlength=4)[:4] / N
    expect_close(freq, WEIGHTS, atol=0.02,
                 what=("fraction of samples from each component vs the weights (draw z with p=weights)",
                       "各成分から出たサンプルの割合と重みの比較（z は p=weights で引きます）"))
    expect(freq[3] == 0, (f"a component with weight 0 was drawn {int(round(freq[3] * N))} times",
                          f"重み 0 の成分が {int(round(freq[3] * N))} 回選ばれました"))


def test_each_component_has_its_mean_and_cov(kata):
    # Per component: mean within 0.1 and covariance within 0.2 (about 4 standard errors for
    # ≥ 2 000 points). L Lᵀ = Σ matters: Lᵀ ε, Σ ε or sqrt(Σ) give the wrong correlation and spread.
    out = _draw(kata)
    if out is None:
        return
    X, z = out
    if not (expect_shape(X, (N, 2), ("X for n = 10 000", "n = 10 000 での X"))
            and expect_shape(z, (N,), ("z for n = 10 000", "n = 10 000 での z"))):
        return
    for k in range(3):
        Xk = X[z == k]
        if not expect(len(Xk) > 100, (f"component {k} got only {len(Xk)} of {N} samples",
                                      f"成分 {k} のサンプルが {N} 個中 {len(Xk)} 個しかありません")):
            continue
        expect_close(Xk.mean(axis=0), MEANS[k], atol=0.1,
                     what=(f"sample mean of component {k}", f"成分 {k} のサンプル平均"))
        expect_close(np.cov(Xk, rowvar=False, bias=True), COVS[k], atol=0.2,
                     what=(f"sample covariance of component {k} (x = μ + L ε with L = cholesky(Σ), so that "
                           f"Cov = L Lᵀ = Σ)",
                           f"成分 {k} のサンプル共分散（L = cholesky(Σ) として x = μ + L ε。"
                           f"すると Cov = L Lᵀ = Σ になります）"))


def test_reproducible_with_the_same_seed(kata):
    # Only the rng passed in may be used: the global np.random would make two runs differ.
    a, b, c = _draw(kata, seed=7, n=200), _draw(kata, seed=7, n=200), _draw(kata, seed=8, n=200)
    if a is None or b is None or c is None:
        return
    expect(np.array_equal(a[1], b[1]) and np.array_equal(a[0], b[0]),
           ("two calls with np.random.default_rng(7) gave different samples: use only `rng`, "
            "never np.random.*",
            "np.random.default_rng(7) で2回呼ぶと異なるサンプルになりました。`rng` だけを使い、"
            "np.random.* は使わないでください"))
    expect(not np.array_equal(a[0], c[0]),
           ("seeds 7 and 8 gave identical samples: is `rng` used at all?",
            "シード 7 と 8 で同じサンプルになりました。`rng` を使っていますか？"))


def test_rejects_bad_input(kata):
    rng = np.random.default_rng(0)
    not_pd = COVS.copy()
    not_pd[1] = [[1.0, 2.0], [2.0, 1.0]]
    bad = [
        ("weights summing to 1.1", "和が 1.1 になる重み", (10, [0.5, 0.6, 0.0, 0.0], MEANS, COVS)),
        ("a negative weight", "負の重み", (10, [0.7, 0.5, -0.2, 0.0], MEANS, COVS)),
        ("n = -1", "n = -1", (-1, WEIGHTS, MEANS, COVS)),
        ("3 covariances for 4 components", "4 成分に対して 3 つの共分散行列", (10, WEIGHTS, MEANS, COVS[:3])),
        ("a covariance that is not positive definite ([[1, 2], [2, 1]])",
         "正定値でない共分散行列（[[1, 2], [2, 1]]）", (10, WEIGHTS, MEANS, not_pd)),
    ]
    for en, ja, args in bad:
        expect_raises(ValueError, kata.gmm_sample, *args, rng, what=(en, ja))
