"""Kata: the M-step of EM for a Gaussian mixture (weighted maximum likelihood).

Given the responsibilities r_nk from the E-step, the M-step re-estimates every parameter by
maximum likelihood in which point x_n counts towards component k with weight r_nk:

    N_k = Σ_n r_nk                                    (effective number of points in k)
    π_k = N_k / N
    μ_k = (1/N_k) Σ_n r_nk x_n
    Σ_k = (1/N_k) Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ  +  reg · I

With hard 0/1 responsibilities this is exactly mle_mvn on each component's own points (divide by
N_k, not N_k - 1, and centre on the *new* μ_k). `reg` (default 1e-6) is a tiny ridge added to each
covariance's diagonal only, so that a component that collapses onto a single point stays positive
definite; reg=0 gives the pure MLE.

Shapes: `X` [N, D]; `resp` [N, K]. Returns `weights` [K], `means` [K, D], `covs` [K, D, D].
Bad input: `resp` whose number of rows is not N, or a negative `reg`, raises ValueError.
"""
import numpy as np


def m_step(X, resp, reg: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted MLE of the mixture parameters from responsibilities resp [N, K]."""
    # TODO: validate (ValueError); soft counts N_k, then weights, means and covariances from the
    #       docstring's formulas, adding reg to each covariance's diagonal.
    raise NotImplementedError("m_step: re-estimate the parameters from the responsibilities")
