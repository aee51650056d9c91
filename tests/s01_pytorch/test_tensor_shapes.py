"""Specs for katas/s01_pytorch/tensor_shapes.py."""
import torch

from harness.checks import expect, expect_close, expect_shape


def test_add_bias_adds_b_to_every_row(kata):
    # Square x (B = D = 3) so that adding b down the columns instead of along the rows shows.
    x = torch.zeros(3, 3)
    b = torch.tensor([1.0, 2.0, 3.0])
    got = kata.add_bias(x, b)
    if expect_shape(got, (3, 3), ("add_bias(x [3,3], b [3])", "add_bias(x [3,3], b [3]) の結果")):
        expect_close(got, torch.tensor([[1.0, 2.0, 3.0]] * 3), atol=0,
                     what=("add_bias(zeros, [1,2,3]): every row should equal b (b[d] goes to column d, "
                           "not to row d)",
                           "add_bias(zeros, [1,2,3]): どの行も b に等しくなるはずです（b[d] は d 行目では"
                           "なく d 列目に足されます）"))
    # Random values against an explicit double loop; the caller's x and b stay as they were.
    x, b = torch.randn(4, 5), torch.randn(5)
    x0, b0 = x.clone(), b.clone()
    want = torch.tensor([[float(x0[i, d] + b0[d]) for d in range(5)] for i in range(4)])
    got = kata.add_bias(x, b)
    if not expect(torch.equal(x, x0) and torch.equal(b, b0),
                  ("add_bias changed the caller's x or b in place (x += b or x.add_): return a new "
                   "tensor, x + b",
                   "add_bias が呼び出し側の x か b を in-place で書き換えました（x += b や x.add_）。"
                   "新しいテンソル x + b を返しましょう")):
        return
    if expect_shape(got, (4, 5), ("add_bias(x [4,5], b [5])", "add_bias(x [4,5], b [5]) の結果")):
        expect_close(got, want, atol=1e-6, what=("add_bias vs out[i,d] = x[i,d] + b[d]",
                                                 "add_bias と out[i,d] = x[i,d] + b[d] の比較"))


def test_outer_is_u_down_the_rows_v_along_the_columns(kata):
    u, v = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([10.0, 20.0])
    got = kata.outer(u, v)
    if expect_shape(got, (3, 2), ("outer(u [3], v [2]) should be [N, M] = [3, 2] (u down the rows)",
                                  "outer(u [3], v [2]) は [N, M] = [3, 2] のはずです（u が行方向）")):
        expect_close(got, [[10.0, 20.0], [20.0, 40.0], [30.0, 60.0]], atol=0,
                     what=("outer([1,2,3], [10,20]): out[i, j] = u[i]·v[j]",
                           "outer([1,2,3], [10,20]): out[i, j] = u[i]·v[j] になるはずです"))
    u, v = torch.randn(6), torch.randn(4)
    got = kata.outer(u, v)
    if expect_shape(got, (6, 4), ("outer(u [6], v [4])", "outer(u [6], v [4]) の結果")):
        expect_close(got, torch.outer(u, v), atol=1e-6, what=("outer vs torch.outer",
                                                              "outer と torch.outer の比較"))


def test_pairwise_sq_dists_hand_worked(kata):
    a = torch.tensor([[0.0, 0.0], [3.0, 4.0]])
    b = torch.tensor([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]])
    want = torch.tensor([[0.0, 2.0, 9.0], [25.0, 13.0, 16.0]])
    got = kata.pairwise_sq_dists(a, b)
    if expect_shape(got, (2, 3), ("pairwise_sq_dists(a [2,2], b [3,2]) should be [N, M] = [2, 3]",
                                  "pairwise_sq_dists(a [2,2], b [3,2]) は [N, M] = [2, 3] のはずです")):
        expect_close(got, want, atol=1e-6,
                     what=("pairwise_sq_dists: (0,0) and (3,4) are 5 apart, so their entry is 25, the "
                           "SQUARED distance (no sqrt)",
                           "pairwise_sq_dists: (0,0) と (3,4) の距離は 5 なので、その要素は距離の 2 乗の "
                           "25 です（sqrt は取りません）"))


def test_pairwise_sq_dists_matches_cdist(kata):
    a, b = torch.randn(7, 3), torch.randn(5, 3)
    got = kata.pairwise_sq_dists(a, b)
    if expect_shape(got, (7, 5), ("pairwise_sq_dists(a [7,3], b [5,3])",
                                  "pairwise_sq_dists(a [7,3], b [5,3]) の結果")):
        expect_close(got, torch.cdist(a, b) ** 2, atol=1e-4,
                     what=("pairwise_sq_dists vs torch.cdist(a, b)**2 (sum the squares over D, the last "
                           "dim)",
                           "pairwise_sq_dists と torch.cdist(a, b)**2 の比較（2 乗の和は最後の次元 D "
                           "について取ります）"))
    self_d = kata.pairwise_sq_dists(a, a)
    if expect_shape(self_d, (7, 7), ("pairwise_sq_dists(a, a)", "pairwise_sq_dists(a, a) の結果")):
        expect_close(torch.diagonal(self_d), torch.zeros(7), atol=1e-5,
                     what=("distance of each point to itself (diagonal of pairwise_sq_dists(a, a))",
                           "各点とそれ自身との距離（pairwise_sq_dists(a, a) の対角成分）"))


def test_batch_matmul_matches_einsum(kata):
    x, w = torch.randn(2, 3, 4), torch.randn(4, 5)
    got = kata.batch_matmul(x, w)
    if expect_shape(got, (2, 3, 5), ("batch_matmul(x [2,3,4], w [4,5])",
                                     "batch_matmul(x [2,3,4], w [4,5]) の結果")):
        expect_close(got, torch.einsum("bnd,dk->bnk", x, w), atol=1e-5,
                     what=("batch_matmul vs einsum('bnd,dk->bnk')", "batch_matmul と einsum('bnd,dk->bnk') の比較"))
    # A square, non-symmetric w: x @ w.T or w @ x-style mix-ups have the right shape but wrong values.
    w = torch.arange(16.0).reshape(4, 4)
    got = kata.batch_matmul(x, w)
    if expect_shape(got, (2, 3, 4), ("batch_matmul(x [2,3,4], w [4,4])",
                                     "batch_matmul(x [2,3,4], w [4,4]) の結果")):
        expect_close(got, torch.einsum("bnd,dk->bnk", x, w), atol=1e-4,
                     what=("batch_matmul with a square, non-symmetric w (is w transposed somewhere?)",
                           "正方で非対称な w での batch_matmul（どこかで w を転置していませんか？）"))


def test_outputs_keep_the_input_dtype(kata):
    x, b = torch.randn(2, 3, dtype=torch.float64), torch.randn(3, dtype=torch.float64)
    outs = {
        "add_bias": kata.add_bias(x, b),
        "outer": kata.outer(b, b),
        "pairwise_sq_dists": kata.pairwise_sq_dists(x, x),
        "batch_matmul": kata.batch_matmul(x[None], torch.randn(3, 2, dtype=torch.float64)),
    }
    for name, out in outs.items():
        got = str(getattr(out, "dtype", type(out).__name__))
        expect(isinstance(out, torch.Tensor) and out.dtype == torch.float64,
               (f"{name} on float64 input should return a float64 tensor, got {got} (no .float() or "
                f"float32 constants)",
                f"float64 の入力に対する {name} は float64 のテンソルを返すはずですが、{got} でした"
                f"（.float() や float32 の定数を使っていませんか？）"))


def _raises_naming_shapes(call, dims: tuple[int, ...], what: tuple[str, str]) -> None:
    try:
        call()
    except NotImplementedError:
        raise  # the runner says "not implemented yet"
    except ValueError as e:
        message = str(e)
        missing = [d for d in dims if str(d) not in message]
        expect(not missing, (f"{what[0]}: the ValueError should name both shapes; its message "
                             f"{message!r} lacks {missing}",
                             f"{what[1]}: ValueError のメッセージには両方の形状を入れましょう。"
                             f"メッセージ {message!r} に {missing} がありません"))
    except Exception as e:  # noqa: BLE001 — torch's own error is the lesson here
        got = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        expect(False, (f"{what[0]}: should raise ValueError from your shape check, got {got}",
                       f"{what[1]}: 自分で形状を確かめて ValueError を送出するはずですが、{got} "
                       f"が送出されました"))
    else:
        expect(False, (f"{what[0]}: should raise ValueError (broadcasting must not be left to guess), "
                       f"but nothing was raised",
                       f"{what[1]}: ValueError を送出するはずですが、何も送出されませんでした"
                       f"（ブロードキャストに推測させてはいけません）"))


def test_mismatched_shapes_raise_value_error_naming_the_shapes(kata):
    _raises_naming_shapes(lambda: kata.add_bias(torch.zeros(4, 3), torch.zeros(5)), (4, 3, 5),
                          ("add_bias(x [4,3], b [5])", "add_bias(x [4,3], b [5]) の呼び出し"))
    _raises_naming_shapes(lambda: kata.add_bias(torch.zeros(3), torch.zeros(3)), (3,),
                          ("add_bias(x [3], b [3]) (x must be 2-D)",
                           "add_bias(x [3], b [3])（x は 2 次元でなければなりません）"))
    _raises_naming_shapes(lambda: kata.outer(torch.zeros(2, 3), torch.zeros(4)), (2, 3, 4),
                          ("outer(u [2,3], v [4]) (u must be 1-D)",
                           "outer(u [2,3], v [4])（u は 1 次元でなければなりません）"))
    _raises_naming_shapes(lambda: kata.pairwise_sq_dists(torch.zeros(6, 3), torch.zeros(2, 7)),
                          (6, 3, 2, 7), ("pairwise_sq_dists(a [6,3], b [2,7])",
                                         "pairwise_sq_dists(a [6,3], b [2,7]) の呼び出し"))
    _raises_naming_shapes(lambda: kata.batch_matmul(torch.zeros(2, 5, 3), torch.zeros(4, 6)),
                          (2, 5, 3, 4, 6), ("batch_matmul(x [2,5,3], w [4,6])",
                                            "batch_matmul(x [2,5,3], w [4,6]) の呼び出し"))
    _raises_naming_shapes(lambda: kata.batch_matmul(torch.zeros(5, 3), torch.zeros(3, 6)),
                          (5, 3, 6), ("batch_matmul(x [5,3], w [3,6]) (x must be 3-D)",
                                      "batch_matmul(x [5,3], w [3,6])（x は 3 次元でなければなりません）"))
