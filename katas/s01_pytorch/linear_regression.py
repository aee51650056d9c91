"""Kata: linear regression from scratch, trained by gradient descent.

A linear model predicts ŷ = X·w + b. Training means finding the w and b that make the mean squared
error smallest. Here you write the whole training loop by hand, with plain tensors: parameters that
require grad, the loss, backward, and the update. No nn.Linear, no torch.optim: those come later.

    ŷ_i  = x_i · w + b
    L(w, b) = (1/N) Σ_i (ŷ_i − y_i)²                       (the mean, not the sum)
    w <- w − lr · ∂L/∂w,   b <- b − lr · ∂L/∂b             (start from w = 0, b = 0)

Shapes: X [N, D], y [N] -> w [D], b [] (a 0-dim tensor), both in X's dtype, with no graph attached.
X and y themselves are left unchanged.
Careful: with w of shape [D, 1], X @ w is [N, 1], and [N, 1] − [N] broadcasts to [N, N]: a
silently wrong loss. Keep w [D] so that X @ w is [N].
Bad input: X not 2-D, or y not [N] for the same N, raises ValueError.

【日本語】
カタ: ゼロから作る線形回帰（勾配降下法で学習）。

線形モデルは ŷ = X·w + b と予測します。学習とは、平均二乗誤差が最も小さくなる w と b を見つける
ことです。ここでは学習ループ全体を、普通のテンソルだけで手書きします。勾配を追跡するパラメータ、
損失、backward、更新の 4 つです。nn.Linear も torch.optim も使いません（それらは後で登場します）。

    ŷ_i  = x_i · w + b
    L(w, b) = (1/N) Σ_i (ŷ_i − y_i)²                       （総和ではなく平均）
    w <- w − lr · ∂L/∂w,   b <- b − lr · ∂L/∂b             （w = 0, b = 0 から始めます）

形状: X [N, D], y [N] -> w [D], b []（0 次元テンソル）。どちらも X と同じ dtype で、計算グラフは
つながっていません。X と y 自体は書き換えません。
注意: w の形状が [D, 1] だと X @ w は [N, 1] になり、[N, 1] − [N] は [N, N] にブロードキャスト
されて、損失が黙って間違った値になります。w は [D] のままにして、X @ w が [N] になるようにしましょう。
不正な入力: X が 2 次元でない、または y が同じ N の [N] でない場合は ValueError を送出します。
"""
import torch


def fit_linear_regression(X: torch.Tensor, y: torch.Tensor, lr: float,
                          steps: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Fit ŷ = X·w + b by `steps` steps of gradient descent on the mean squared error."""
    # TODO: check the shapes (ValueError). Create w = zeros [D] and b = zeros [] that require grad.
    #       Each step: prediction, mean squared error, backward, update under torch.no_grad(),
    #       clear the grads. Return both detached.
    raise NotImplementedError("fit_linear_regression: write the gradient descent loop by hand"
                              " ‖ fit_linear_regression: 勾配降下法のループを手書きしましょう")
