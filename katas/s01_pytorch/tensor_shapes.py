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
    # TODO: check x is 2-D, b is 1-D and their D agree (ValueError naming both shapes), then add.
    raise NotImplementedError("add_bias: check the shapes, then let broadcasting add b to each row"
                              " ‖ add_bias: 形状を確かめてから、ブロードキャストで b を各行に足しましょう")


def outer(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Outer product of u [N] and v [M] -> [N, M], by broadcasting."""
    # TODO: check both are 1-D, then turn u into a column and v into a row and multiply.
    raise NotImplementedError("outer: make u [N, 1] and v [1, M], then multiply"
                              " ‖ outer: u を [N, 1]、v を [1, M] にしてから掛け合わせましょう")


def pairwise_sq_dists(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distance between every row of a [N, D] and every row of b [M, D] -> [N, M]."""
    # TODO: check shapes, then subtract a [N, 1, D] and b [1, M, D], square, and sum over D.
    raise NotImplementedError("pairwise_sq_dists: broadcast to [N, M, D], then reduce over D"
                              " ‖ pairwise_sq_dists: [N, M, D] にブロードキャストしてから、D について和を取りましょう")


def batch_matmul(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Apply one matrix w [D, K] to every vector in x [B, N, D] -> [B, N, K]."""
    # TODO: check x is 3-D, w is 2-D and the inner dims agree, then multiply.
    raise NotImplementedError("batch_matmul: check the inner dims, then use @"
                              " ‖ batch_matmul: 内側の次元が合うか確かめてから、@ を使いましょう")
