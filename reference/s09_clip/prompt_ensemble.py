"""Kata: prompt ensembling (one class vector from several phrasings).

One prompt per class is fragile: "a seven" and "the digit 7: thin, upright and small" land in
somewhat different places, and a single phrasing may sit off to one side of its class. CLIP's
authors embed several prompts per class and average them. Each prompt embedding is L2-normalised
FIRST, so every phrasing gets the same vote (a long vector would otherwise dominate the mean), and
the mean is normalised AGAIN, because the average of unit vectors is shorter than 1 and
zero_shot_classify, retrieval and the logits all expect unit vectors.

    u[c, k] = prompt_emb[c, k] / |prompt_emb[c, k]|            each phrasing a unit vector
    class_emb[c] = m_c / |m_c|,   m_c = (1/K) Σ_k u[c, k]       [C, D], unit rows

Use it as zero_shot_classify(image_emb, ensemble_prompts(prompt_emb)).
Shapes: prompt_emb [C, K, D] (class c, phrasing k; prompt_grid's order) -> [C, D].
Bad input -> ValueError: prompt_emb not 3-D, or K = 0.

【日本語】
カタ: プロンプトのアンサンブル（いくつもの言い回しから 1 本のクラスベクトルを作る）。

クラスごとにプロンプトが 1 つだけでは不安定です。"a seven" と "the digit 7: thin, upright and small" は
少しずつ違う場所に落ちますし、1 つの言い回しがクラスの中心から外れていることもあります。CLIP の著者たちは
クラスごとにいくつものプロンプトを埋め込み、平均をとりました。各プロンプトの埋め込みは「先に」L2 正規化
します。そうすればどの言い回しも同じ 1 票になります（そうしないと長いベクトルが平均を支配します）。
そして平均を「もう一度」正規化します。単位ベクトルの平均は長さが 1 より短く、zero_shot_classify も
検索もロジットも単位ベクトルを前提にしているからです。

    u[c, k] = prompt_emb[c, k] / |prompt_emb[c, k]|            各言い回しを単位ベクトルに
    class_emb[c] = m_c / |m_c|,   m_c = (1/K) Σ_k u[c, k]       [C, D]、各行が単位ベクトル

zero_shot_classify(image_emb, ensemble_prompts(prompt_emb)) のように使います。
形状: prompt_emb [C, K, D]（クラス c、言い回し k。prompt_grid と同じ順）-> [C, D]。
不正な入力は ValueError: 3 次元でない prompt_emb、K = 0。
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def ensemble_prompts(prompt_emb: torch.Tensor) -> torch.Tensor:
    """prompt_emb [C, K, D] -> [C, D]: the normalised mean of the normalised phrasings of each class."""
    if prompt_emb.dim() != 3:
        raise ValueError(f"prompt_emb must be [C, K, D], got shape {tuple(prompt_emb.shape)}")
    if prompt_emb.shape[1] == 0:
        raise ValueError("ensemble_prompts needs at least one phrasing per class (K >= 1)")
    # Normalise each phrasing first: one phrasing, one vote, whatever its length.
    mean = F.normalize(prompt_emb, dim=-1).mean(dim=1)  # [C, D], over the phrasings
    # The mean of unit vectors is shorter than 1: back onto the sphere.
    return F.normalize(mean, dim=-1)
