"""Kata: naive iterative sampling (naive_sample).

A network trained to undo `corrupt` predicts the clean image from a noisy one, but one jump from
pure noise gives a blurry average. The course's naive sampler moves only part of the way towards
the prediction at each step, and more and more as it goes, so the last step lands exactly on it:

    for i = 0 … n_steps−1:
        pred = model(x)                         (the model takes only x: no timestep)
        mix  = 1 / (n_steps − i)                (1/n, 1/(n−1), …, 1/2, 1)
        x    = x · (1 − mix) + pred · mix
    history = [x before step 0, x after step 0, …, x after the last step]   (n_steps + 1 tensors)

Run under torch.no_grad(); store detached copies in history. The growing mix is what makes the
loop finish: with a constant 1/n_steps the last x would still be mostly the starting noise.
Shapes: x [B, C, H, W] (the starting noise) -> (x [B, C, H, W], history: list of n_steps + 1
tensors like x).
Bad input: n_steps < 1 -> ValueError.

【日本語】
カタ: 素朴な反復サンプリング（naive_sample）。

`corrupt` を元に戻すよう学習したネットワークは、ノイズの乗った画像からきれいな画像を予測します。しかし純粋な
ノイズから 1 回で跳ぶと、ぼやけた平均的な画像になってしまいます。講座の素朴なサンプラーは、各ステップで予測の方へ
一部だけ進み、進むにつれてその割合を増やしていくので、最後のステップでちょうど予測の上に着地します:

    for i = 0 … n_steps−1:
        pred = model(x)                         （モデルは x だけを受け取ります。タイムステップはありません）
        mix  = 1 / (n_steps − i)                （1/n, 1/(n−1), …, 1/2, 1）
        x    = x · (1 − mix) + pred · mix
    history = [ステップ 0 の前の x, ステップ 0 の後の x, …, 最後のステップの後の x]   （n_steps + 1 個のテンソル）

torch.no_grad() の中で実行し、history には detach したコピーを保存します。割合が増えていくことでループが
終わりまで届きます。1/n_steps で一定だと、最後の x の大部分はまだ最初のノイズのままです。
形状: x [B, C, H, W]（最初のノイズ） -> (x [B, C, H, W], history: x と同じ形のテンソル n_steps + 1 個のリスト)。
不正な入力: n_steps < 1 は ValueError を送出します。
"""
import torch


@torch.no_grad()
def naive_sample(model, x: torch.Tensor, n_steps: int) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """Move x towards model(x) by 1/(n_steps − i) at step i; return the final x and every x on the way."""
    # TODO: ValueError when n_steps < 1; history starts with x; at step i predict, mix by
    #       1/(n_steps − i), and append a detached copy of the new x.
    raise NotImplementedError("naive_sample: step towards the model's prediction, a bigger share each time"
                              " ‖ naive_sample: モデルの予測へ、毎回大きくなる割合で近づきましょう")
