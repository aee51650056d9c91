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

The results keep the inputs' dtype, and the inputs are left as they were (no in-place `+=`).
Bad input: shapes that do not fit (wrong number of dims, or a D that differs) raise ValueError
with both shapes in the message, e.g. "x [4, 3] and b [5]: the last dims must match". Broadcasting
would otherwise either crash deep inside torch or, worse, silently produce a wrong shape.

【日本語】
カタ: テンソルの形状とブロードキャスト。

ニューラルネットワークのバグは、ほとんどが形状のバグです。ブロードキャストを使うと、形状の異なる
テンソル同士でも、コピーやループなしに 1 回の要素ごとの演算で計算できます。形状は*右端*から
そろえられ、サイズ 1 の次元（または存在しない次元）は相手のテンソルに合わせて引き伸ばされます。

    [B, D] + [D]        -> [B, D]          （b がすべての行で使い回されます）
    [N, 1] * [1, M]     -> [N, M]          （外積: out[i, j] = u[i] · v[j]）
    [N, 1, D] - [1, M, D] -> [N, M, D]     （すべての a_i とすべての b_j の組）
    [B, N, D] @ [D, K]  -> [B, N, K]       （行列積は先頭のバッチ次元にブロードキャストされます）

小さな関数を 4 つ書きます。どれもブロードキャストを使えば 1 行です（Python のループは使いません）:

    add_bias(x [B, D], b [D])                 -> [B, D]   x[i, d] + b[d]
    outer(u [N], v [M])                       -> [N, M]   u[i] · v[j]
    pairwise_sq_dists(a [N, D], b [M, D])     -> [N, M]   Σ_d (a[i, d] - b[j, d])²
    batch_matmul(x [B, N, D], w [D, K])       -> [B, N, K]  Σ_d x[b, n, d] · w[d, k]

結果は入力と同じ dtype を保ち、入力そのものは書き換えません（in-place の `+=` は使いません）。
不正な入力: 形状が合わない場合（次元数が違う、D が一致しない）は、両方の形状をメッセージに含めた
ValueError を送出します。例: "x [4, 3] と b [5]: 最後の次元が一致しません"。そうしないと、
ブロードキャストが torch の奥深くでエラーになるか、もっと悪いことに、間違った形状の結果を黙って
返してしまいます。
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
