"""Kata: the E-step of EM for a Gaussian mixture (responsibilities, in log space).

Expectation-maximisation (EM) fits a mixture by alternating two steps. The E-step asks, for each
point x_n and component k, how responsible k is for x_n: the posterior probability that x_n came
from component k (Bayes' rule, prior π_k times likelihood, normalised):

    r_nk = π_k N(x_n | μ_k, Σ_k) / Σ_j π_j N(x_n | μ_j, Σ_j)

Far from every component all the densities underflow to 0 and the ratio becomes 0/0 = NaN. So work
in log space: a_nk = log π_k + log N(x_n | μ_k, Σ_k), with

    log N(x | μ, Σ) = -½ [ (x - μ)ᵀ Σ⁻¹ (x - μ) + D log 2π + log det Σ ]

and normalise each row with log-sum-exp, which subtracts the row's largest term before exp:

    logsumexp_k a_nk = m_n + log Σ_k exp(a_nk - m_n),   m_n = max_k a_nk
    r_nk = exp(a_nk - logsumexp_k a_nk)

That row normaliser is log p(x_n), so its sum over n is the data's log-likelihood for free. With
`return_log_likelihood=True`, return it as well (em_fit uses it to watch convergence).

Shapes: `X` [N, D]; `weights` [K]; `means` [K, D]; `covs` [K, D, D].
Returns responsibilities [N, K], every row summing to 1; with `return_log_likelihood=True`, the
pair (responsibilities, log_likelihood) where log_likelihood = Σ_n log p(x_n) is a float.
Bad input: shapes that do not agree raise ValueError.
"""
import numpy as np


def e_step(X, weights, means, covs,
           return_log_likelihood: bool = False) -> np.ndarray | tuple[np.ndarray, float]:
    """Responsibilities r[n, k] = P(component k | x_n) (and optionally the log-likelihood)."""
    # TODO: validate shapes (ValueError); build a[n, k] = log π_k + log N(x_n | μ_k, Σ_k),
    #       normalise each row with log-sum-exp, exponentiate; optionally also return the sum of
    #       the row normalisers.
    raise NotImplementedError("e_step: compute the responsibilities in log space")
