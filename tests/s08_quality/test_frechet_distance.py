"""Specs for katas/s08_quality/frechet_distance.py."""
import math

import numpy as np
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def _is_float(x):
    return isinstance(x, float) or (isinstance(x, (np.floating, torch.Tensor)) and np.size(x) == 1)


def _rotated(diag, seed):
    """Q diag Qᵀ in float64 with a fixed random rotation Q (not diagonal, same eigenvalues)."""
    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(len(diag), len(diag), dtype=torch.float64, generator=g))
    s = q @ torch.diag(torch.as_tensor(diag, dtype=torch.float64)) @ q.T
    return (s + s.T) / 2


def test_feature_statistics_match_numpy(kata):
    f = torch.randn(6, 3) * torch.tensor([1.0, 2.0, 0.5]) + torch.tensor([0.0, 1.0, -2.0])   # N = 6: N vs N−1 shows
    out = kata.feature_statistics(f)
    if not expect(isinstance(out, tuple) and len(out) == 2, ("feature_statistics returns (mu, sigma)",
                                                             "feature_statistics は (mu, sigma) を返します")):
        return
    mu, sigma = out
    ref = f.double().numpy()
    if not (expect_shape(mu, (3,), ("mu of features [6, 3]", "features [6, 3] の mu"))
            and expect_shape(sigma, (3, 3), ("sigma of features [6, 3]", "features [6, 3] の sigma"))):
        return
    expect(getattr(mu, "dtype", None) == torch.float64 and getattr(sigma, "dtype", None) == torch.float64,
           (f"mu and sigma should be float64 tensors, got {getattr(mu, 'dtype', type(mu))} and "
            f"{getattr(sigma, 'dtype', type(sigma))}",
            f"mu と sigma は float64 のテンソルのはずですが、{getattr(mu, 'dtype', type(mu))} と "
            f"{getattr(sigma, 'dtype', type(sigma))} でした"))
    expect_close(mu, ref.mean(axis=0), atol=1e-12, what=("mu vs numpy mean over the rows", "mu と numpy の行の平均の比較"))
    want = np.cov(ref, rowvar=False)
    if torch.is_tensor(sigma) and np.allclose(sigma.detach().double().numpy(), want * 5 / 6, atol=1e-10):
        expect(False, ("sigma divides by N (biased); FID uses the unbiased covariance, divided by N − 1 like numpy.cov",
                       "sigma を N で割っています（偏りあり）。FID では numpy.cov と同じく N − 1 で割る不偏共分散を使います"))
        return
    expect_close(sigma, want, atol=1e-12,
                 what=("sigma vs numpy.cov(features, rowvar=False) (unbiased, divided by N − 1)",
                       "sigma と numpy.cov(features, rowvar=False)（不偏、N − 1 で割る）の比較"))


def test_feature_statistics_in_float64(kata):
    # float32 features far from 0 with a small spread: summing in float32 loses the spread.
    f = (3000.0 + 0.01 * torch.randn(64, 3)).float()
    mu, sigma = kata.feature_statistics(f)
    ref = f.double().numpy()          # the float32 values themselves are exact in float64
    if not expect_shape(sigma, (3, 3), ("sigma of features [64, 3]", "features [64, 3] の sigma")):
        return
    expect_close(mu, ref.mean(axis=0), atol=1e-9,
                 what=("mu of float32 features ≈ 3000 ± 0.01: convert to float64 BEFORE averaging",
                       "3000 ± 0.01 ほどの float32 の特徴の mu: 平均をとる「前に」float64 に変換しましょう"))
    want = np.cov(ref, rowvar=False)
    if torch.is_tensor(sigma) and np.allclose(sigma.detach().double().numpy(), want * 63 / 64, rtol=1e-6, atol=0):
        expect(False, ("sigma divides by N (biased): divide by N − 1 like numpy.cov",
                       "sigma を N で割っています（偏りあり）。numpy.cov と同じく N − 1 で割りましょう"))
        return
    expect_close(sigma, want, atol=0, rtol=1e-7,
                 what=("sigma of float32 features ≈ 3000 ± 0.01 (variance 1e-4): float64 before any arithmetic, and "
                       "centre the features first (E[x²] − E[x]² cancels catastrophically)",
                       "3000 ± 0.01 ほどの float32 の特徴の sigma（分散 1e-4）: 計算の前に float64 にし、先に中心化しましょう"
                       "（E[x²] − E[x]² では桁落ちします）"))


def test_diagonal_closed_form(kata):
    mu1 = torch.tensor([0.0, 1.0, -1.0, 2.0], dtype=torch.float64)
    mu2 = torch.tensor([0.5, 1.0, 0.0, -1.0], dtype=torch.float64)
    s1 = torch.tensor([1.0, 4.0, 0.25, 2.0], dtype=torch.float64)
    s2 = torch.tensor([4.0, 1.0, 0.25, 0.5], dtype=torch.float64)
    got = kata.frechet_distance(mu1, torch.diag(s1), mu2, torch.diag(s2))
    want = float(((mu1 - mu2) ** 2).sum() + (s1 + s2 - 2 * (s1 * s2).sqrt()).sum())
    if not expect(_is_float(got), (f"frechet_distance returns a float, got {type(got).__name__}",
                                   f"frechet_distance は float を返しますが、{type(got).__name__} でした")):
        return
    got = float(got)
    no_sqrt = float(((mu1 - mu2) ** 2).sum() + (s1 + s2 - 2 * s1 * s2).sum())
    if abs(got - no_sqrt) < 1e-6:
        expect(False, (f"frechet_distance gave {fmt(got)} instead of {fmt(want)}: the trace term needs the matrix SQUARE "
                       f"ROOT, tr((Σ1^½ Σ2 Σ1^½)^½), not tr(Σ1^½ Σ2 Σ1^½)",
                       f"frechet_distance が {fmt(want)} ではなく {fmt(got)} を返しました。トレースの項には行列の「平方根」"
                       f"tr((Σ1^½ Σ2 Σ1^½)^½) が必要です。tr(Σ1^½ Σ2 Σ1^½) ではありません"))
        return
    expect_close(got, want, atol=1e-9,
                 what=(f"diagonal Σ: |Δμ|² + Σ_i (s1 + s2 − 2·sqrt(s1·s2)) = {fmt(want)}",
                       f"対角の Σ: |Δμ|² + Σ_i (s1 + s2 − 2·sqrt(s1·s2)) = {fmt(want)}"))


def test_non_commuting_2x2_closed_form(kata):
    # For 2×2 PSD M: tr(M^½) = sqrt(tr M + 2·sqrt(det M)), and Σ1^½ Σ2 Σ1^½ has trace tr(Σ1 Σ2) and
    # determinant det Σ1 · det Σ2, so d² = |Δμ|² + tr Σ1 + tr Σ2 − 2·sqrt(tr(Σ1Σ2) + 2·sqrt(det Σ1·det Σ2)).
    s1 = torch.tensor([[2.0, 0.8], [0.8, 1.0]], dtype=torch.float64)
    s2 = torch.tensor([[1.0, -0.6], [-0.6, 3.0]], dtype=torch.float64)
    mu1 = torch.tensor([1.0, 0.0], dtype=torch.float64)
    mu2 = torch.tensor([0.0, 2.0], dtype=torch.float64)
    want = float((mu1 - mu2) @ (mu1 - mu2) + s1.trace() + s2.trace()
                 - 2 * math.sqrt(float((s1 @ s2).trace()) + 2 * math.sqrt(float(torch.det(s1) * torch.det(s2)))))
    got = kata.frechet_distance(mu1, s1, mu2, s2)
    if expect(_is_float(got), ("frechet_distance returns a float", "frechet_distance は float を返します")):
        expect_close(float(got), want, atol=1e-9,
                     what=(f"2×2 non-commuting Σ1, Σ2 vs the closed form {fmt(want)} (Σ1^½ Σ2 Σ1^½ is not Σ1^½ Σ2^½ "
                           f"when they do not commute; take the square root of the whole symmetric product)",
                           f"可換でない 2×2 の Σ1, Σ2 と閉じた式 {fmt(want)} の比較（可換でなければ Σ1^½ Σ2 Σ1^½ は "
                           f"Σ1^½ Σ2^½ と違います。対称な積全体の平方根をとりましょう）"))


def test_zero_for_the_same_statistics_and_symmetric(kata):
    f1 = torch.randn(40, 5) @ torch.randn(5, 5)
    f2 = torch.randn(40, 5) * 2 + 1
    mu1, s1 = kata.feature_statistics(f1)
    mu2, s2 = kata.feature_statistics(f2)
    same = kata.frechet_distance(mu1, s1, mu1, s1)
    if expect(_is_float(same), ("frechet_distance returns a float", "frechet_distance は float を返します")):
        expect(abs(float(same)) < 1e-8, (f"identical statistics should be at distance 0, got {fmt(same)}",
                                         f"同じ統計量の距離は 0 のはずですが、{fmt(same)} でした"))
    d12 = float(kata.frechet_distance(mu1, s1, mu2, s2))
    d21 = float(kata.frechet_distance(mu2, s2, mu1, s1))
    expect(d12 > 0 and abs(d12 - d21) <= 1e-8 * abs(d12),
           (f"the distance should be positive and symmetric: d(1, 2) = {fmt(d12)}, d(2, 1) = {fmt(d21)}",
            f"距離は正で対称のはずです: d(1, 2) = {fmt(d12)}、d(2, 1) = {fmt(d21)}"))


def test_float64_for_large_features(kata):
    # Eigenvalues 1e3..1e4 and a 1% difference: d² ≈ 0.9 is what is left after subtracting traces of
    # ~1e5. float32 (7 digits) gets it wrong in the third digit; float64 gets it to ~1e-10.
    a = torch.logspace(3, 4, 8, dtype=torch.float64)
    b = a * 1.01
    mu1 = torch.full((8,), 1000.0, dtype=torch.float64)
    mu2 = mu1 + 0.1
    want = float(((mu1 - mu2) ** 2).sum() + ((a.sqrt() - b.sqrt()) ** 2).sum())
    got = kata.frechet_distance(mu1, _rotated(a, 0), mu2, _rotated(b, 0))
    if expect(_is_float(got), ("frechet_distance returns a float", "frechet_distance は float を返します")):
        expect_close(float(got), want, atol=0, rtol=1e-6,
                     what=(f"large-scale statistics (eigenvalues up to 1e4, d² = {fmt(want)}): compute in float64 — "
                           f"float32 cannot resolve a small distance between traces of size 1e5",
                           f"大きな統計量（固有値は最大 1e4、d² = {fmt(want)}）: float64 で計算しましょう。float32 では"
                           f" 1e5 ほどのトレースの差として残る小さな距離を区別できません"))
    # float32 inputs are fine, as long as the arithmetic is float64 (the inputs are exact there).
    s1 = torch.tensor([10000.0, 12345.0, 20000.0])
    s2 = torch.tensor([10100.0, 12500.0, 20200.0])
    m1 = torch.tensor([500.0, 600.0, 700.0])
    m2 = torch.tensor([500.5, 600.0, 699.0])
    want32 = float(((m1.double() - m2.double()) ** 2).sum()
                   + (s1.double() + s2.double() - 2 * (s1.double() * s2.double()).sqrt()).sum())
    got32 = kata.frechet_distance(m1, torch.diag(s1), m2, torch.diag(s2))
    if expect(_is_float(got32), ("frechet_distance returns a float", "frechet_distance は float を返します")):
        expect_close(float(got32), want32, atol=0, rtol=1e-7,
                     what=(f"float32 inputs (diagonal Σ ≈ 1e4, d² = {fmt(want32)}): convert them to float64 before any "
                           f"arithmetic",
                           f"float32 の入力（対角の Σ ≈ 1e4、d² = {fmt(want32)}）: 計算の前に float64 に変換しましょう"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.feature_statistics, torch.randn(1, 4),
                  what=("feature_statistics of a single row (no covariance from N = 1)",
                        "1 行だけの feature_statistics（N = 1 では共分散が決まりません）"))
    expect_raises(ValueError, kata.feature_statistics, torch.randn(10),
                  what=("feature_statistics of a 1-D tensor", "1 次元テンソルの feature_statistics"))
    mu, s = torch.zeros(3, dtype=torch.float64), torch.eye(3, dtype=torch.float64)
    expect_raises(ValueError, kata.frechet_distance, mu, s, torch.zeros(4, dtype=torch.float64), torch.eye(4, dtype=torch.float64),
                  what=("frechet_distance between 3-D and 4-D statistics", "3 次元と 4 次元の統計量の frechet_distance"))
