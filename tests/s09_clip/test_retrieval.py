"""Specs for katas/s09_clip/retrieval.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def as_list(x):
    return x.tolist() if isinstance(x, torch.Tensor) else x


def test_hand_worked_topk(kata):
    # One query pointing right; cosines with the four keys: 0, 0.995, -1, 0.707 -> order 1, 3, 0, 2.
    query = torch.tensor([[2.0, 0.0]])
    keys = torch.tensor([[0.0, 3.0], [1.0, 0.1], [-4.0, 0.0], [1.0, 1.0]])
    out = kata.retrieve_topk(query, keys, 3)
    if not expect(isinstance(out, tuple) and len(out) == 2,
                  ("retrieve_topk should return a pair (scores, indices)", "retrieve_topk は組 (scores, indices) を返すはずです")):
        return
    scores, indices = out
    if not (expect_shape(scores, (1, 3), ("scores of retrieve_topk(query [1, 2], keys [4, 2], k=3)",
                                          "retrieve_topk(query [1, 2], keys [4, 2], k=3) の scores"))
            and expect_shape(indices, (1, 3), ("indices of retrieve_topk(query [1, 2], keys [4, 2], k=3)",
                                               "retrieve_topk(query [1, 2], keys [4, 2], k=3) の indices"))):
        return
    got = as_list(indices)[0]
    if got == [2, 0, 3]:
        expect(False, ("the indices come out worst first ([2, 0, 3]): rank by similarity in DESCENDING order, best "
                       "first (torch.topk with largest=True)",
                       "番号が悪い順（[2, 0, 3]）になっています。類似度の「降順」、良いものから並べましょう"
                       "（torch.topk で largest=True）"))
    else:
        expect(got == [1, 3, 0], (f"the 3 best keys for a query pointing right should be [1, 3, 0], got {got}",
                                  f"右を向いたクエリに最も近い 3 つのキーは [1, 3, 0] のはずですが、{got} でした"))
    expect_close(scores, torch.tensor([[1 / (1.01 ** 0.5), 2 ** -0.5, 0.0]]), atol=1e-5,
                 what=("the scores: cosine similarities, best first (0.995, 0.707, 0)",
                       "scores: コサイン類似度を良い順に（0.995, 0.707, 0）"))


def test_matches_torch_topk(kata):
    queries, keys = torch.randn(4, 6) * 3, torch.randn(9, 6) * torch.rand(9, 1) * 4   # Q = 4 ≠ N = 9
    out = kata.retrieve_topk(queries, keys, 5)
    if not expect(isinstance(out, tuple) and len(out) == 2,
                  ("retrieve_topk should return a pair (scores, indices)", "retrieve_topk は組 (scores, indices) を返すはずです")):
        return
    scores, indices = out
    sim = F.cosine_similarity(queries[:, None], keys[None], dim=-1)   # [Q, N]
    want_scores, want_indices = sim.topk(5, dim=1)
    if expect_shape(indices, (4, 5), ("indices of retrieve_topk(queries [4, 6], keys [9, 6], k=5): [Q, k]",
                                      "retrieve_topk(queries [4, 6], keys [9, 6], k=5) の indices: [Q, k]")):
        expect(as_list(indices) == want_indices.tolist(),
               (f"indices should be each query's 5 most similar keys (over the N = 9 keys, dim 1), best first: "
                f"{want_indices.tolist()}, got {as_list(indices)}",
                f"indices は各クエリに最も似ている 5 つのキー（N = 9 個のキー、dim 1 について）を良い順に並べたもの "
                f"{want_indices.tolist()} のはずですが、{as_list(indices)} でした"))
    if expect_shape(scores, (4, 5), ("scores of retrieve_topk: [Q, k]", "retrieve_topk の scores: [Q, k]")):
        expect_close(scores, want_scores, atol=1e-5,
                     what=("scores vs the top-5 cosine similarities (normalise queries AND keys)",
                           "scores と上位 5 個のコサイン類似度の比較（クエリもキーも正規化します）"))


def test_k_from_1_to_n(kata):
    queries, keys = torch.randn(2, 3), torch.randn(4, 3)
    out = kata.retrieve_topk(queries, keys, 4)
    if expect(isinstance(out, tuple) and len(out) == 2,
              ("retrieve_topk should return a pair (scores, indices)", "retrieve_topk は組 (scores, indices) を返すはずです")):
        rows = [sorted(r) for r in as_list(out[1])]
        expect(rows == [[0, 1, 2, 3]] * 2, (f"with k = N = 4 every key appears once per query, got {as_list(out[1])}",
                                            f"k = N = 4 ではどのクエリにもすべてのキーが 1 回ずつ現れるはずですが、"
                                            f"{as_list(out[1])} でした"))
    expect_raises(ValueError, kata.retrieve_topk, queries, keys, 5,
                  what=("k = 5 with only N = 4 keys", "キーが N = 4 個しかないのに k = 5"))
    expect_raises(ValueError, kata.retrieve_topk, queries, keys, 0,
                  what=("k = 0", "k = 0（1 より小さい）"))
    expect_raises(ValueError, kata.retrieve_topk, queries, torch.randn(4, 5), 2,
                  what=("queries [2, 3] with keys [4, 5] (different D)", "queries [2, 3] と keys [4, 5]（D が違う）"))


def test_recall_at_k_by_hand(kata):
    # Query q's own key (key q) is at rank q + 1: query 0 ranks it first, query 1 second, query 2 third.
    keys = torch.eye(4)
    queries = torch.tensor([[1.0, 0.0, 0.0, 0.0],     # key 0 first
                            [0.0, 0.6, 0.0, 0.8],     # key 3 first, key 1 second
                            [0.7, 0.0, 0.3, 0.5]])    # keys 0, 3, then key 2 third
    for k, want in ((1, 1 / 3), (2, 2 / 3), (3, 1.0), (4, 1.0)):
        got = kata.recall_at_k(queries, keys, k)
        if not expect(isinstance(got, float), (f"recall_at_k should return a Python float, got {type(got).__name__}",
                                               f"recall_at_k は Python の float を返すはずですが、{type(got).__name__} でした")):
            return
        expect(abs(got - want) < 1e-6,
               (f"recall@{k} should be {fmt(want)} (query q's key is at rank q + 1, so ranks 1..{k} hold it for "
                f"{round(want * 3)} of 3 queries), got {fmt(got)}: look at the top k, exactly k, no more, no fewer",
                f"recall@{k} は {fmt(want)} のはずです（クエリ q のキーは q + 1 位なので、1..{k} 位に入るのは 3 個中 "
                f"{round(want * 3)} 個）が、{fmt(got)} でした。上位ちょうど k 個を見ましょう（多くも少なくもなく）"))


def test_recall_with_targets(kata):
    keys = torch.eye(3)
    queries = torch.tensor([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.1], [0.9, 0.0, 0.1]])   # Q = 4 > N = 3
    got = kata.recall_at_k(queries, keys, 1, torch.tensor([2, 0, 1, 2]))
    expect(isinstance(got, float) and abs(got - 0.75) < 1e-6,
           (f"recall@1 with targets [2, 0, 1, 2] (queries 0..2 rank their target first, query 3 ranks key 0 first) "
            f"should be 0.75, got {got}",
            f"targets [2, 0, 1, 2] の recall@1（クエリ 0..2 は正解を 1 位に、クエリ 3 はキー 0 を 1 位にします）は "
            f"0.75 のはずですが、{got} でした"))
    expect_raises(ValueError, kata.recall_at_k, queries, keys, 1,
                  what=("targets=None with Q = 4 queries and only N = 3 keys", "クエリ Q = 4 個、キー N = 3 個で targets=None"))
    expect_raises(ValueError, kata.recall_at_k, queries, keys, 1, torch.tensor([0, 1, 2, 3]),
                  what=("a target 3 with only keys 0..2", "キーは 0..2 しかないのに正解が 3"))
    expect_raises(ValueError, kata.recall_at_k, queries, keys, 1, torch.tensor([0, 1]),
                  what=("targets [2] for Q = 4 queries", "クエリ Q = 4 個に対して targets [2]"))
