"""Specs for katas/s09_clip/prompt_ensemble.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape


def oracle(prompt_emb):
    unit = prompt_emb / prompt_emb.norm(dim=-1, keepdim=True)
    mean = unit.mean(1)
    return mean / mean.norm(dim=-1, keepdim=True)


def test_matches_the_normalised_mean(kata):
    emb = torch.randn(3, 4, 5) * (0.2 + 5 * torch.rand(3, 4, 1))   # C = 3 classes, K = 4 phrasings
    got = kata.ensemble_prompts(emb)
    if not expect_shape(got, (3, 5), ("ensemble_prompts(prompt_emb [3, 4, 5]) -> [C, D] (the mean over the K "
                                      "phrasings, dim 1)",
                                      "ensemble_prompts(prompt_emb [3, 4, 5]) の出力 [C, D]（K 個の言い回し、dim 1 に"
                                      "ついての平均）")):
        return
    got = got.detach()
    raw = F.normalize(emb.mean(1), dim=-1)
    if torch.allclose(got, raw, atol=1e-5):
        expect(False, ("you averaged the raw embeddings: normalise each phrasing FIRST, so a long vector does not "
                       "outvote the others", "生の埋め込みを平均しています。各言い回しを「先に」正規化し、長いベクトルが"
                       "他より多く票を持たないようにしましょう"))
    else:
        expect_close(got, oracle(emb), atol=1e-5,
                     what=("ensemble_prompts vs normalize(mean_k normalize(prompt_emb[:, k]))",
                           "ensemble_prompts と normalize(mean_k normalize(prompt_emb[:, k])) の比較"))


def test_unit_rows(kata):
    got = kata.ensemble_prompts(torch.randn(4, 3, 6))
    if expect_shape(got, (4, 6), ("ensemble_prompts(prompt_emb [4, 3, 6])", "ensemble_prompts(prompt_emb [4, 3, 6]) の出力")):
        expect_close(got.detach().norm(dim=-1), torch.ones(4), atol=1e-5,
                     what=("the length of each class vector (the mean of unit vectors is shorter than 1: normalise "
                           "it again)", "各クラスベクトルの長さ（単位ベクトルの平均は 1 より短いので、もう一度正規化しましょう）"))


def test_each_phrasing_one_vote(kata):
    emb = torch.randn(2, 3, 4)
    louder = emb.clone()
    louder[0, 1] *= 100.0   # one phrasing of class 0 a hundred times longer
    a, b = kata.ensemble_prompts(emb), kata.ensemble_prompts(louder)
    if expect_shape(a, (2, 4), ("ensemble_prompts(prompt_emb [2, 3, 4])", "ensemble_prompts(prompt_emb [2, 3, 4]) の出力")):
        expect_close(b, a, atol=1e-5,
                     what=("the class vectors after making one phrasing 100 times longer (each phrasing is normalised "
                           "before the mean: one phrasing, one vote)",
                           "1 つの言い回しを 100 倍長くした後のクラスベクトル（平均の前に各言い回しを正規化します: "
                           "1 つの言い回しに 1 票）"))


def test_one_phrasing_is_just_normalised(kata):
    emb = torch.randn(5, 1, 3) * 4
    got = kata.ensemble_prompts(emb)
    if expect_shape(got, (5, 3), ("ensemble_prompts(prompt_emb [5, 1, 3])", "ensemble_prompts(prompt_emb [5, 1, 3]) の出力")):
        expect_close(got, emb[:, 0] / emb[:, 0].norm(dim=-1, keepdim=True), atol=1e-6,
                     what=("with K = 1 phrasing: the phrasing itself, normalised", "言い回しが K = 1 個のとき: その言い回しを正規化したもの"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.ensemble_prompts, torch.randn(10, 4),
                  what=("prompt_emb [10, 4] (2-D, no phrasing axis)", "prompt_emb [10, 4]（2 次元で、言い回しの軸がない）"))
    expect_raises(ValueError, kata.ensemble_prompts, torch.randn(10, 0, 4),
                  what=("prompt_emb [10, 0, 4] (no phrasings)", "prompt_emb [10, 0, 4]（言い回しがない）"))
