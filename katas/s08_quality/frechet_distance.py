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
    # TODO: float64 first; ValueError unless 2-D with N >= 2; the mean of the rows; centre, then
    #       sigma = centeredᵀ·centered / (N − 1).
    raise NotImplementedError("feature_statistics: the mean and the unbiased covariance, in float64"
                              " ‖ feature_statistics: 平均と不偏共分散を float64 で計算しましょう")


def frechet_distance(mu1, sigma1, mu2, sigma2) -> float:
    """|mu1 − mu2|² + tr(Σ1 + Σ2 − 2(Σ1^½ Σ2 Σ1^½)^½), computed in float64."""
    # TODO: everything to float64; ValueError for mismatched shapes; Σ1^½ from torch.linalg.eigh;
    #       tr((Σ1^½ Σ2 Σ1^½)^½) = sum of the square roots of its eigenvalues; return a float.
    raise NotImplementedError("frechet_distance: |Δμ|² plus the trace term with a matrix square root, in float64"
                              " ‖ frechet_distance: |Δμ|² に行列の平方根を含むトレースの項を float64 で足しましょう")
