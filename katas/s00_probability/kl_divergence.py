"""Kata: the Kullback-Leibler divergence between two discrete distributions.

KL(p ‖ q) measures how much information is lost when q is used to approximate p: the expected
extra surprise, under p, of believing q. It is ≥ 0, it is 0 only when p = q, and it is not
symmetric: KL(p ‖ q) ≠ KL(q ‖ p) in general. With natural logarithms (nats):

    KL(p ‖ q) = Σ_i p_i · log(p_i / q_i)

Conventions: a term with p_i = 0 contributes 0 (0 · log 0 = 0, whatever q_i is); if q_i = 0 where
p_i > 0, q calls impossible what p says happens, and the divergence is +inf.

Shapes: `p` and `q` are 1-D arrays of the same length K. Returns a float.
Bad input: different shapes, negative entries, or entries that do not sum to 1 (within 1e-8) raise
ValueError.
"""
import numpy as np


def kl_divergence(p, q) -> float:
    """KL(p ‖ q) in nats for discrete distributions p and q."""
    # TODO: validate p and q (ValueError); sum p·log(p/q) over the entries where p > 0, and return
    #       inf if q is 0 somewhere p is not.
    raise NotImplementedError("kl_divergence: write the sum from the docstring")
