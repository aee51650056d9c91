"""Specs for katas/s09_clip/zero_shot.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_raises, expect_shape


def as_list(x):
    return x.tolist() if isinstance(x, torch.Tensor) else x


def test_hand_worked(kata):
    # Three class directions in the plane (right, up, left) and four images (B = 4 ≠ C = 3).
    prompts = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    images = torch.tensor([[2.0, 0.1], [0.1, 3.0], [-5.0, 1.0], [0.3, -0.1]])
    got = kata.zero_shot_classify(images, prompts)
    if not expect_shape(got, (4,), ("zero_shot_classify(image_emb [4, 2], prompt_emb [3, 2]) -> one class per "
                                    "image [4] (argmax over the classes, dim 1)",
                                    "zero_shot_classify(image_emb [4, 2], prompt_emb [3, 2]) の出力は画像ごとに 1 つの"
                                    "クラス [4]（クラスの方向、dim 1 について argmax）")):
        return
    expect(got.dtype == torch.long, (f"the classes should be a LongTensor, got {got.dtype}",
                                     f"クラスは LongTensor のはずですが、{got.dtype} でした"))
    expect(as_list(got) == [0, 1, 2, 0], (f"images pointing right, up, left, right should get classes [0, 1, 2, 0], got "
                                          f"{as_list(got)}",
                                          f"右、上、左、右を向いた画像のクラスは [0, 1, 2, 0] のはずですが、{as_list(got)} "
                                          f"でした"))


def test_a_long_prompt_does_not_win_by_length(kata):
    # Class 0's prompt is long and diagonal, class 1's short and straight up. The image points
    # almost straight up: cosine says class 1 (0.995 vs 0.774); the raw dot product says class 0 (11 vs 1).
    prompts = torch.tensor([[10.0, 10.0], [0.0, 1.0]])
    images = torch.tensor([[0.1, 1.0], [1.0, 0.0]])
    got = kata.zero_shot_classify(images, prompts)
    if not expect_shape(got, (2,), ("zero_shot_classify(image_emb [2, 2], prompt_emb [2, 2])",
                                    "zero_shot_classify(image_emb [2, 2], prompt_emb [2, 2]) の出力")):
        return
    expect(as_list(got) == [1, 0],
           (f"expected classes [1, 0], got {as_list(got)}: the long prompt of class 0 must not win by its length "
            f"(L2-normalise the prompt embeddings: cosine 0.995 for class 1 beats 0.774)",
            f"クラスは [1, 0] のはずですが、{as_list(got)} でした。クラス 0 の長いプロンプトが長さで勝っては"
            f"いけません（プロンプトの埋め込みを L2 正規化しましょう: クラス 1 のコサイン 0.995 が 0.774 に勝ちます）"))


def test_matches_the_cosine_argmax(kata):
    images = torch.randn(7, 8) * torch.rand(7, 1) * 5
    prompts = torch.randn(10, 8) * (0.1 + 3 * torch.rand(10, 1))
    got = kata.zero_shot_classify(images, prompts)
    want = F.cosine_similarity(images[:, None], prompts[None], dim=-1).argmax(1)
    if expect_shape(got, (7,), ("zero_shot_classify(image_emb [7, 8], prompt_emb [10, 8])",
                                "zero_shot_classify(image_emb [7, 8], prompt_emb [10, 8]) の出力")):
        expect(as_list(got) == want.tolist(),
               (f"expected the argmax of the cosine similarities over the 10 classes, {want.tolist()}, got {as_list(got)}",
                f"10 クラスについてのコサイン類似度の argmax {want.tolist()} のはずですが、{as_list(got)} でした"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.zero_shot_classify, torch.randn(3, 4), torch.randn(10, 5),
                  what=("image_emb [3, 4] with prompt_emb [10, 5] (different D)", "image_emb [3, 4] と prompt_emb [10, 5]（D が違う）"))
    expect_raises(ValueError, kata.zero_shot_classify, torch.randn(4), torch.randn(10, 4),
                  what=("a 1-D image_emb [4]", "1 次元の image_emb [4]"))
    expect_raises(ValueError, kata.zero_shot_classify, torch.randn(3, 4), torch.randn(0, 4),
                  what=("prompt_emb [0, 4] (no classes)", "prompt_emb [0, 4]（クラスがない）"))
