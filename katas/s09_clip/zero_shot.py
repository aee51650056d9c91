"""Kata: zero-shot classification (the class whose prompt is nearest).

A trained CLIP classifies without a classifier: embed one prompt per class ("a zero", "a one", …,
"a nine"), embed the images, and give each image the class whose prompt embedding points most
nearly its way, the highest cosine similarity. The prompts must be L2-normalised: a prompt whose
embedding happens to be longer would otherwise win for many images. (Normalising the image does
not change which class wins in its row, but it gives the true cosines.) Each image is decided on
its own, by the argmax over the CLASSES (its row), not over the images.

    sim[b, c] = (image_emb_b / |image_emb_b|) · (prompt_emb_c / |prompt_emb_c|)    [B, C]
    pred[b]   = argmax_c sim[b, c]                                                 [B]

The temperature does not matter here: a positive scale never changes an argmax.
Shapes: image_emb [B, D], prompt_emb [C, D] (row c = class c's prompt) -> LongTensor [B] in 0..C−1.
Bad input -> ValueError: not 2-D, different D, or no prompts (C = 0).

【日本語】
カタ: ゼロショット分類（プロンプトがいちばん近いクラス）。

学習済みの CLIP は分類器なしで分類できます。クラスごとに 1 つのプロンプト（"a zero"、"a one"、…、
"a nine"）を埋め込み、画像も埋め込み、各画像に、プロンプトの埋め込みがいちばんその画像の向きに近い、
つまりコサイン類似度が最大のクラスを与えます。プロンプトは L2 正規化しなければなりません。そうしないと、
たまたま埋め込みが長いプロンプトが多くの画像で勝ってしまいます。（画像の正規化はその行でどのクラスが
勝つかを変えませんが、正しいコサインが得られます。）各画像はそれぞれ独立に、画像の方向ではなく
「クラス」の方向（その行）の argmax で決めます。

    sim[b, c] = (image_emb_b / |image_emb_b|) · (prompt_emb_c / |prompt_emb_c|)    [B, C]
    pred[b]   = argmax_c sim[b, c]                                                 [B]

ここでは温度は関係ありません。正のスケールは argmax を変えないからです。
形状: image_emb [B, D]、prompt_emb [C, D]（c 行目がクラス c のプロンプト）-> 0..C−1 の LongTensor [B]。
不正な入力は ValueError: 2 次元でない、D が違う、プロンプトがない（C = 0）。
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def zero_shot_classify(image_emb: torch.Tensor, prompt_emb: torch.Tensor) -> torch.Tensor:
    """image_emb [B, D], prompt_emb [C, D] -> LongTensor [B]: the class of the most similar prompt."""
    # TODO: ValueError for inputs that are not 2-D, different D, or no prompts; cosine
    #       similarities [B, C]; the argmax over the classes.
    raise NotImplementedError("zero_shot_classify: the class of the most similar prompt"
                              " ‖ zero_shot_classify: 最も似ているプロンプトのクラスです")
