"""Specs for katas/s00_probability/em_fit.py."""
import numpy as np

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt

# Two well-separated 2-D Gaussians, 300 and 700 points, fixed seed.
TRUE_W = np.array([0.3, 0.7])
TRUE_M = np.array([[-4.0, 0.0], [4.0, 1.0]])
TRUE_C = np.array([[[1.0, 0.5], [0.5, 1.0]], [[0.6, -0.2], [-0.2, 1.5]]])
_rng = np.random.default_rng(13)
LABELS = np.repeat([0, 1], [300, 700])
X2 = np.concatenate([_rng.multivariate_normal(TRUE_M[k], TRUE_C[k], size=n)
                     for k, n in enumerate([300, 700])])
# Three overlapping blobs: EM needs many rounds here, which exercises the monotone climb.
X3 = np.concatenate([_rng.normal(size=(150, 2)) + c for c in ([0.0, 0.0], [2.0, 1.0], [0.5, 2.5])])


def _loglik(X, weights, means, covs):
    """Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k), written out here as an independent oracle."""
    cols = []
    for w, m, c in zip(weights, means, covs):
        diff = X - m
        maha = np.sum(diff @ np.linalg.inv(c) * diff, axis=1)
        cols.append(np.log(w) - 0.5 * (maha + X.shape[1] * np.log(2 * np.pi) + np.log(np.linalg.det(c))))
    return float(np.sum(np.logaddexp.reduce(np.stack(cols, axis=1), axis=1)))


def _fit(kata, X, K, seed, **kw):
    """(weights, means, covs, log_likelihoods as a float array), or None after saying what is wrong."""
    out = kata.em_fit(X.copy(), K, np.random.default_rng(seed), **kw)
    if not expect(isinstance(out, (tuple, list)) and len(out) == 4,
                  (f"em_fit should return four things (weights, means, covs, log_likelihoods), "
                   f"got {type(out).__name__}",
                   f"em_fit は4つ (weights, means, covs, log_likelihoods) を返すはずですが、"
                   f"{type(out).__name__} が返りました")):
        return None
    w, m, c, lls = out
    got_en = got_ja = type(lls).__name__
    if isinstance(lls, list) and not all(np.ndim(v) == 0 for v in lls):
        got_en, got_ja = "a list with arrays in it", "配列を含むリスト"
    elif isinstance(lls, list) and not lls:
        got_en, got_ja = "an empty list", "空のリスト"
    if not expect(got_en == "list",
                  (f"log_likelihoods should be a non-empty list of floats, got {got_en}",
                   f"log_likelihoods は空でない float のリストのはずですが、{got_ja} でした")):
        return None
    lls = np.array(lls, dtype=float)
    if not expect_finite(lls, ("log_likelihoods", "対数尤度のリスト log_likelihoods")):
        return None
    return np.asarray(w, dtype=float), np.asarray(m, dtype=float), np.asarray(c, dtype=float), lls


def _shapes_ok(w, m, c, K, D):
    """weights [K], means [K, D], covs [K, D, D]; every mismatch is reported."""
    ok = expect_shape(w, (K,), ("weights [K]", "重み weights [K]"))
    ok &= expect_shape(m, (K, D), ("means [K, D]", "平均 means [K, D]"))
    ok &= expect_shape(c, (K, D, D), ("covs [K, D, D]", "共分散行列 covs [K, D, D]"))
    return ok


def test_shapes_and_history(kata):
    out = _fit(kata, X3, 3, 0, n_iter=5)
    if out is None:
        return
    w, m, c, lls = out
    _shapes_ok(w, m, c, 3, 2)
    expect(2 <= len(lls) <= 6,
           (f"n_iter=5 allows 1 + 5 log-likelihoods (the initial guess, then one per round), got {len(lls)}",
            f"n_iter=5 なら対数尤度は 1 + 5 個まで（初期値の分と、各ラウンドに1つ）のはずですが、{len(lls)} 個でした"))


def test_initial_guess_and_reproducibility(kata):
    # n_iter = 0 runs no round, so em_fit returns its initial guess and one log-likelihood.
    out = _fit(kata, X3, 3, 9, n_iter=0)
    if out is None:
        return
    w, m, c, lls = out
    if not _shapes_ok(w, m, c, 3, 2):
        return
    expect(len(lls) == 1, (f"n_iter=0 runs no round: expected 1 log-likelihood (the initial guess), got {len(lls)}",
                           f"n_iter=0 ではラウンドを実行しないので、対数尤度は1つ（初期値の分）のはずですが、"
                           f"{len(lls)} 個でした"))
    expect_close(w, np.full(3, 1 / 3), atol=1e-12, what=("initial weights (1/K each)", "重みの初期値（それぞれ 1/K）"))
    on_data = all(np.any(np.all(X3 == row, axis=1)) for row in m)
    expect(on_data, ("initial means should be data points, rows of X chosen with rng.choice(N, size=K, replace=False)",
                     "平均の初期値はデータ点、つまり rng.choice(N, size=K, replace=False) で選んだ X の行のはずです"))
    expect_close(c, np.stack([np.cov(X3, rowvar=False, bias=True)] * 3), atol=1e-5,
                 what=("initial covs (the covariance of all the data, mle_mvn(X), for every component)",
                       "共分散行列の初期値（全データの共分散行列 mle_mvn(X) を全成分に）"))
    expect_close(lls[0], _loglik(X3, w, m, c), atol=1e-6,
                 what=("log_likelihoods[0] vs the log-likelihood of the initial guess",
                       "log_likelihoods[0] と初期値での対数尤度の比較"))
    # K = N = 5: the initial means must be the 5 points, each exactly once (replace=False).
    X5 = X3[::90]
    out = _fit(kata, X5, 5, 9, n_iter=0)
    if out is not None and expect_shape(out[1], (5, 2), ("means [K, D]", "平均 means [K, D]")):
        picked = [int(np.flatnonzero(np.all(X5 == row, axis=1))[0]) if np.any(np.all(X5 == row, axis=1)) else -1
                  for row in out[1]]
        expect(sorted(picked) == list(range(5)),
               (f"with K = N = 5 the initial means should be the 5 data points, each once; got rows {picked} "
                f"(-1: not a data point) — use replace=False",
                f"K = N = 5 なら平均の初期値は 5 つのデータ点をそれぞれ1回ずつ使うはずですが、行 {picked} でした"
                f"（-1 はデータ点でないもの）。replace=False を使いましょう"))
    # The same seed gives the same fit: only the rng passed in may be used.
    a, b = _fit(kata, X3, 3, 7, n_iter=10), _fit(kata, X3, 3, 7, n_iter=10)
    if a is not None and b is not None:
        expect(all(np.array_equal(u, v) for u, v in zip(a[:3], b[:3])),
               ("the same seed gave two different fits: initialise with the `rng` passed in, never np.random.*",
                "同じシードなのに2回の結果が異なりました。初期化には渡された `rng` を使い、np.random.* は使わないでください"))


def test_log_likelihood_never_decreases(kata):
    out = _fit(kata, X3, 3, 1, n_iter=60, tol=0.0)
    if out is None:
        return
    lls = out[3]
    expect(len(lls) >= 5, (f"with tol=0 EM should run several rounds on overlapping blobs, got {len(lls)} values",
                           f"tol=0 なら重なり合う塊に対して EM は何ラウンドも回るはずですが、値が {len(lls)} 個でした"))
    drops = np.diff(lls)
    if len(drops):
        expect(np.all(drops >= -1e-9),
               (f"EM never lowers the log-likelihood, but it dropped by {fmt(-drops.min())} at round "
                f"{int(np.argmin(drops)) + 1} (M-step from the latest responsibilities, then E-step?)",
                f"EM では対数尤度が下がることはないはずですが、ラウンド {int(np.argmin(drops)) + 1} で "
                f"{fmt(-drops.min())} 下がりました（最新の負担率から M ステップ、次に E ステップの順ですか？）"))


def test_last_log_likelihood_belongs_to_the_returned_parameters(kata):
    out = _fit(kata, X3, 3, 2, n_iter=20)
    if out is None:
        return
    w, m, c, lls = out
    expect_close(lls[-1], _loglik(X3, w, m, c), atol=1e-6,
                 what=("log_likelihoods[-1] vs the log-likelihood of the returned parameters (summed over "
                       "points, natural log; computed after the last M-step)",
                       "log_likelihoods[-1] と、返したパラメータでの対数尤度の比較（点についての和、自然対数。"
                       "最後の M ステップのあとに計算します）"))


def test_recovers_two_separated_gaussians(kata):
    out = _fit(kata, X2, 2, 3)
    if out is None:
        return
    w, m, c, lls = out
    if not _shapes_ok(w, m, c, 2, 2):
        return
    single = _loglik(X2, [1.0], [X2.mean(axis=0)], [np.cov(X2, rowvar=False, bias=True)])
    expect(lls[-1] > single + 100,
           (f"two components should fit two clusters far better than one Gaussian "
            f"(log-likelihood {single:.1f}); got {lls[-1]:.1f}",
            f"2 つの塊には 2 成分のほうが 1 つのガウス分布（対数尤度 {single:.1f}）よりずっとよく当てはまるはずですが、"
            f"{lls[-1]:.1f} でした"))
    order = np.argsort(m[:, 0])  # labels are arbitrary: sort the components left to right
    w, m, c = w[order], m[order], c[order]
    # Oracle 1: the true parameters, within sampling error.
    expect_close(w, TRUE_W, atol=0.03, what=("recovered weights (sorted by mean x)", "推定した重み（平均の x で並べ替え）"))
    expect_close(m, TRUE_M, atol=0.2, what=("recovered means", "推定した平均"))
    expect_close(c, TRUE_C, atol=0.25, what=("recovered covariances", "推定した共分散行列"))
    # Oracle 2: with the clusters this far apart, EM lands on each cluster's own MLE.
    for k in range(2):
        Xk = X2[LABELS == k]
        expect_close(m[k], Xk.mean(axis=0), atol=1e-3,
                     what=(f"mean of component {k} vs its cluster's MLE", f"成分 {k} の平均とそのクラスタの最尤推定値の比較"))
        expect_close(c[k], np.cov(Xk, rowvar=False, bias=True), atol=1e-3,
                     what=(f"cov of component {k} vs its cluster's MLE",
                           f"成分 {k} の共分散行列とそのクラスタの最尤推定値の比較"))


def test_one_component_is_the_mle(kata):
    out = _fit(kata, X3, 1, 5)
    if out is None:
        return
    w, m, c, _ = out
    expect_close(np.reshape(w, -1), [1.0], atol=1e-12, what=("K = 1 weights", "K = 1 の重み"))
    expect_close(np.reshape(m, -1), X3.mean(axis=0), atol=1e-9,
                 what=("K = 1 mean vs the data mean", "K = 1 の平均とデータの平均の比較"))
    expect_close(np.reshape(c, -1), np.cov(X3, rowvar=False, bias=True).ravel(), atol=1e-5,
                 what=("K = 1 covariance vs the data's MLE covariance (plus reg)",
                       "K = 1 の共分散行列とデータの最尤推定の共分散行列（+ reg）の比較"))


def test_stopping_rule(kata):
    # A huge tol stops after the first round: the initial ℓ and the one after round 1.
    out = _fit(kata, X3, 3, 6, tol=1e12)
    if out is not None:
        expect(len(out[3]) == 2,
               (f"with a huge tol EM should stop after the first round: expected 2 log-likelihoods "
                f"(initial, after round 1), got {len(out[3])}",
                f"tol がとても大きければ EM は最初のラウンドのあとで止まるはずです。対数尤度は2つ"
                f"（初期値、ラウンド 1 のあと）のはずですが、{len(out[3])} 個でした"))
    # tol = 0 never stops early on a climb this steep: exactly n_iter rounds.
    out = _fit(kata, X3, 3, 6, n_iter=3, tol=0.0)
    if out is not None:
        expect(len(out[3]) == 4,
               (f"n_iter=3 with tol=0 runs 3 rounds: expected 1 + 3 = 4 log-likelihoods, got {len(out[3])}",
                f"n_iter=3、tol=0 なら 3 ラウンド回るので、対数尤度は 1 + 3 = 4 個のはずですが、{len(out[3])} 個でした"))
    # tol = 0.1: stop at the FIRST round whose gain over the previous ℓ is below 0.1.
    tol, n_iter = 0.1, 100
    out = _fit(kata, X3, 3, 0, n_iter=n_iter, tol=tol)
    if out is None:
        return
    gains = np.diff(out[3])
    small = np.flatnonzero(gains < tol)
    if len(small) == 0:
        expect(len(gains) == n_iter,
               (f"EM stopped after {len(gains)} rounds although every round improved ℓ by at least tol = 0.1 "
                f"(stop when ℓ - previous ℓ < tol)",
                f"どのラウンドも ℓ を tol = 0.1 以上改善しているのに、EM は {len(gains)} ラウンドで止まりました"
                f"（ℓ - 直前の ℓ < tol のときに止めます）"))
        return
    first = int(small[0])
    expect(first == len(gains) - 1,
           (f"round {first + 1} improved ℓ by only {fmt(gains[first])} < tol = 0.1, so EM should have stopped "
            f"there, but it went on for {len(gains) - 1 - first} more rounds: compare each ℓ with the previous "
            f"one, not with the first",
            f"ラウンド {first + 1} での ℓ の改善は {fmt(gains[first])} で tol = 0.1 未満なので、そこで止まるはず"
            f"ですが、さらに {len(gains) - 1 - first} ラウンド続きました。各 ℓ は最初の ℓ ではなく直前の ℓ と"
            f"比べましょう"))


def test_rejects_bad_k(kata):
    expect_raises(ValueError, kata.em_fit, X3, 0, np.random.default_rng(0), what=("K = 0", "成分数 K = 0"))
    expect_raises(ValueError, kata.em_fit, X3[:2], 3, np.random.default_rng(0),
                  what=("K = 3 components for N = 2 points", "N = 2 点に対して K = 3 成分"))
    expect_raises(ValueError, kata.em_fit, X3[:, 0], 2, np.random.default_rng(0),
                  what=("X of shape [450] (not 2-D)", "形状 [450] の X（2次元ではありません）"))
