"""Kata: the Fréchet distance between two sets of features (the number behind FID).

How good are generated images? FID (Heusel et al., 2017) feeds real and generated images through
a fixed network, models each set of feature vectors as a Gaussian N(μ, Σ), and measures how far
apart the two Gaussians are with the Fréchet (2-Wasserstein) distance. Lower is better; identical
statistics give 0. This kata computes the two halves: the statistics, and the distance.

    feature_statistics:  μ = mean of the rows,  Σ = (F − μ)ᵀ(F − μ)/(N − 1)   (unbiased, like numpy.cov)
    frechet_distance:    d² = |μ1 − μ2|² + tr(Σ1 + Σ2 − 2·(Σ1^½ Σ2 Σ1^½)^½)

Σ1^½ Σ2 Σ1^½ is symmetric and positive semi-definite, so its square root comes from an eigen-
decomposition (torch.linalg.eigh: S = V diag(λ) Vᵀ -> S^½ = V diag(sqrt(max(λ, 0))) Vᵀ), and the
trace of a square root is the sum of the square roots of the eigenvalues. Do everything in
float64: the trace term subtracts numbers of size tr(Σ) to leave a small distance, which float32
cannot resolve when the features are large. With diagonal Σ1 = diag(s1), Σ2 = diag(s2) the
formula reduces to |μ1 − μ2|² + Σ_i (s1_i + s2_i − 2·sqrt(s1_i·s2_i)).
Shapes: features [N, D] -> (μ [D], Σ [D, D]) float64 tensors; frechet_distance(μ1 [D], Σ1 [D, D],
μ2 [D], Σ2 [D, D]) -> a Python float (tensors or arrays of any float dtype are accepted).
Bad input: features not 2-D or with fewer than 2 rows; μ/Σ shapes that do not match -> ValueError.

【日本語】
カタ: 2 つの特徴の集合のあいだのフレシェ距離（FID の中身）。

生成した画像はどれくらい良いのでしょうか。FID（Heusel ら, 2017）は本物の画像と生成した画像を固定した
ネットワークに通し、それぞれの特徴ベクトルの集合をガウス分布 N(μ, Σ) とみなして、2 つのガウス分布の離れ具合を
フレシェ（2-ワッサースタイン）距離で測ります。小さいほど良く、統計量が同じなら 0 です。このカタでは 2 つの
部分、統計量と距離を計算します。

    feature_statistics:  μ = 行の平均、Σ = (F − μ)ᵀ(F − μ)/(N − 1)   （不偏。numpy.cov と同じ）
    frechet_distance:    d² = |μ1 − μ2|² + tr(Σ1 + Σ2 − 2·(Σ1^½ Σ2 Σ1^½)^½)

Σ1^½ Σ2 Σ1^½ は対称な半正定値行列なので、その平方根は固有値分解で求まります（torch.linalg.eigh:
S = V diag(λ) Vᵀ -> S^½ = V diag(sqrt(max(λ, 0))) Vᵀ）。平方根の行列のトレースは、固有値の平方根の和です。
計算はすべて float64 で行います。トレースの項は tr(Σ) ほどの大きさの数を引き算して小さな距離を残すので、
特徴が大きいと float32 では区別できません。Σ1 = diag(s1), Σ2 = diag(s2) と対角なら、式は
|μ1 − μ2|² + Σ_i (s1_i + s2_i − 2·sqrt(s1_i·s2_i)) になります。
形状: features [N, D] -> (μ [D], Σ [D, D]) の float64 テンソル。frechet_distance(μ1 [D], Σ1 [D, D],
μ2 [D], Σ2 [D, D]) -> Python の float（どの浮動小数点型のテンソルや配列も受け付けます）。
不正な入力: features が 2 次元でない、または 2 行未満。μ や Σ の形状が合わない。これらは ValueError です。
"""
import torch


def feature_statistics(features) -> tuple[torch.Tensor, torch.Tensor]:
    """features [N, D] -> (mu [D], sigma [D, D]) in float64, sigma the unbiased covariance."""
    f = torch.as_tensor(features).to(torch.float64)   # float64 BEFORE any arithmetic
    if f.dim() != 2 or f.shape[0] < 2:
        raise ValueError(f"features must be [N, D] with N >= 2, got shape {tuple(f.shape)}")
    mu = f.mean(dim=0)
    centered = f - mu          # centre first: E[x²] − E[x]² would cancel catastrophically
    # N − 1: the unbiased estimate, the convention of numpy.cov and of every FID implementation.
    sigma = centered.T @ centered / (f.shape[0] - 1)
    return mu, sigma


def _sqrt_psd(s: torch.Tensor) -> torch.Tensor:
    """The symmetric square root of a symmetric PSD matrix, from its eigendecomposition."""
    lam, vecs = torch.linalg.eigh(s)
    # Rounding can make a zero eigenvalue −1e-17: clamp before the square root.
    return (vecs * lam.clamp(min=0).sqrt()) @ vecs.T


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """|mu1 − mu2|² + tr(Σ1 + Σ2 − 2(Σ1^½ Σ2 Σ1^½)^½), computed in float64."""
    mu1, sigma1, mu2, sigma2 = (torch.as_tensor(a).to(torch.float64) for a in (mu1, sigma1, mu2, sigma2))
    D = mu1.shape[0] if mu1.dim() == 1 else -1
    if D < 1 or mu2.shape != (D,) or sigma1.shape != (D, D) or sigma2.shape != (D, D):
        raise ValueError(f"expected mu [D] and sigma [D, D] for both sets, got {tuple(mu1.shape)}, "
                         f"{tuple(sigma1.shape)}, {tuple(mu2.shape)}, {tuple(sigma2.shape)}")
    diff = mu1 - mu2
    root1 = _sqrt_psd(sigma1)
    middle = root1 @ sigma2 @ root1
    middle = (middle + middle.T) / 2          # symmetric up to rounding; eigh wants it exact
    # tr(M^½) = Σ sqrt(eigenvalues of M): no need to build the matrix square root itself.
    tr_covmean = torch.linalg.eigvalsh(middle).clamp(min=0).sqrt().sum()
    d2 = diff @ diff + torch.trace(sigma1) + torch.trace(sigma2) - 2 * tr_covmean
    # A distance is never negative; identical statistics can round to −1e-13.
    return max(float(d2), 0.0)
