"""Kata: scaled dot-product attention scores.

In attention every position t asks a question (its query q_t) and every position s offers an
answer key k_s; how well they match is the dot product q_t · k_s. With d-dimensional unit-variance
q and k that dot product is a sum of d unit-variance terms, so its variance is d: for d = 64 the
scores spread so widely that softmax saturates into a near one-hot and its gradients vanish.
Dividing by sqrt(d) brings the variance back to 1.

    scores = q @ kᵀ / sqrt(d)          scores[..., t, s] = q[..., t, :] · k[..., s, :] / sqrt(d)

kᵀ transposes only the last two dims of k (`k.transpose(-2, -1)`); leading dims (batch, heads)
stay where they are. d is the size of the last dim, read from the input.
Shapes: q [..., T, d], k [..., T, d] -> scores [..., T, T] (e.g. [B, T, d] -> [B, T, T],
[B, n_head, T, hs] -> [B, n_head, T, T]).
Bad input: q and k with different last dims cannot be multiplied; matmul raises (nothing to add).
"""
import math

import torch


def attention_scores(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """q [..., T, d], k [..., T, d] -> q @ kᵀ / sqrt(d), [..., T, T]."""
    # TODO: multiply q by k with its last two dims swapped, then divide by sqrt(d).
    raise NotImplementedError("attention_scores: q @ kᵀ / sqrt(d)")
