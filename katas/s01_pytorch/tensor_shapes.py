"""Kata: tensor shapes and broadcasting.

Almost every bug in a neural network is a shape bug. Broadcasting lets tensors of different shapes
meet in one elementwise operation without copying or loops: shapes are lined up from the *right*,
and a dimension of size 1 (or a missing one) is stretched to match the other tensor.

    [B, D] + [D]        -> [B, D]          (b is reused for every row)
    [N, 1] * [1, M]     -> [N, M]          (outer product: out[i, j] = u[i] · v[j])
    [N, 1, D] - [1, M, D] -> [N, M, D]     (every a_i against every b_j)
    [B, N, D] @ [D, K]  -> [B, N, K]       (matmul broadcasts over the leading batch dim)

Write four small functions, each one line of broadcasting (no Python loops):

    add_bias(x [B, D], b [D])                 -> [B, D]   x[i, d] + b[d]
    outer(u [N], v [M])                       -> [N, M]   u[i] · v[j]
    pairwise_sq_dists(a [N, D], b [M, D])     -> [N, M]   Σ_d (a[i, d] - b[j, d])²
    batch_matmul(x [B, N, D], w [D, K])       -> [B, N, K]  Σ_d x[b, n, d] · w[d, k]

Bad input: shapes that do not fit (wrong number of dims, or a D that differs) raise ValueError
with both shapes in the message, e.g. "x [4, 3] and b [5]: the last dims must match". Broadcasting
would otherwise either crash deep inside torch or, worse, silently produce a wrong shape.
"""
import torch


def add_bias(x: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x [B, D] plus the bias b [D] on every row -> [B, D]."""
    # TODO: check x is 2-D, b is 1-D and their D agree (ValueError naming both shapes), then add.
    raise NotImplementedError("add_bias: check the shapes, then let broadcasting add b to each row")


def outer(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Outer product of u [N] and v [M] -> [N, M], by broadcasting."""
    # TODO: check both are 1-D, then turn u into a column and v into a row and multiply.
    raise NotImplementedError("outer: make u [N, 1] and v [1, M], then multiply")


def pairwise_sq_dists(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distance between every row of a [N, D] and every row of b [M, D] -> [N, M]."""
    # TODO: check shapes, then subtract a [N, 1, D] and b [1, M, D], square, and sum over D.
    raise NotImplementedError("pairwise_sq_dists: broadcast to [N, M, D], then reduce over D")


def batch_matmul(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Apply one matrix w [D, K] to every vector in x [B, N, D] -> [B, N, K]."""
    # TODO: check x is 3-D, w is 2-D and the inner dims agree, then multiply.
    raise NotImplementedError("batch_matmul: check the inner dims, then use @")
