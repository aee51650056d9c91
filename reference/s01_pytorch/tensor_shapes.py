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
    if x.ndim != 2 or b.ndim != 1 or x.shape[1] != b.shape[0]:
        raise ValueError(f"add_bias: x {list(x.shape)} and b {list(b.shape)} do not fit; want x [B, D], b [D]")
    # Shapes align from the right: [B, D] + [D] reuses b for each of the B rows.
    return x + b


def outer(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Outer product of u [N] and v [M] -> [N, M], by broadcasting."""
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError(f"outer: u {list(u.shape)} and v {list(v.shape)} must both be 1-D")
    # [N, 1] * [1, M] -> [N, M]: the column is stretched along j, the row along i.
    return u[:, None] * v[None, :]


def pairwise_sq_dists(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distance between every row of a [N, D] and every row of b [M, D] -> [N, M]."""
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"pairwise_sq_dists: a {list(a.shape)} and b {list(b.shape)} do not fit; "
                         "want a [N, D], b [M, D] with the same D")
    # [N, 1, D] - [1, M, D] -> [N, M, D]; summing the squares over D leaves [N, M].
    diff = a[:, None, :] - b[None, :, :]
    return (diff**2).sum(dim=-1)


def batch_matmul(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Apply one matrix w [D, K] to every vector in x [B, N, D] -> [B, N, K]."""
    if x.ndim != 3 or w.ndim != 2 or x.shape[-1] != w.shape[0]:
        raise ValueError(f"batch_matmul: x {list(x.shape)} and w {list(w.shape)} do not fit; "
                         "want x [B, N, D], w [D, K]")
    # @ treats the leading dims of x as a batch and multiplies the last two: [N, D] @ [D, K].
    return x @ w
