"""Kata: the gradient a classifier gives to a noisy image (classifier_gradient).

Classifier guidance (Dhariwal & Nichol, 2021) steers an UNconditional diffusion model with a
separate classifier p_φ(y | x_t, t) trained on noisy images. Its gradient with respect to the
image, ∇_{x_t} log p_φ(y | x_t), says how to change every pixel so that the classifier becomes
more sure the image is a y. The next kata bends the noise prediction along it.

    logits = classifier(x_t, t)                           [B, K]
    L = Σ_b log softmax(logits[b])[y[b]]                  one number: the batch's total log-probability
    grad = ∂L / ∂x_t                                      [B, C, H, W], row b = ∇_{x_t[b]} log p(y[b] | x_t[b])

Summing over the batch is the trick that gives every example its own gradient in one backward
pass: example b's log-probability depends only on x_t[b]. Use the LOG-softmax, not the raw logit
(∇ logit_y ignores the other classes) and not the probability (its gradient is p_y times smaller).
Sampling runs under torch.no_grad(), so switch gradients back on locally (torch.enable_grad()),
differentiate a detached copy of x_t that requires grad, and use torch.autograd.grad, which
leaves the classifier's parameters' .grad alone. Return the gradient detached.
Shapes: x_t [B, ...], t [B] (passed to the classifier as is), y [B] integer in 0 … K−1 ->
grad with the shape of x_t.
Bad input: y not of shape [B], or a label outside 0 … K−1 -> ValueError.

【日本語】
カタ: 分類器がノイズ入り画像に与える勾配（classifier_gradient）。

Classifier guidance（Dhariwal & Nichol, 2021）は、ノイズ入りの画像で学習した別の分類器
p_φ(y | x_t, t) を使って、条件なしの拡散モデルを導きます。画像についての勾配
∇_{x_t} log p_φ(y | x_t) は、分類器が「この画像は y だ」ともっと確信するには各ピクセルをどう変えれば
よいかを表します。次のカタでは、ノイズの予測をこの方向に曲げます。

    logits = classifier(x_t, t)                           [B, K]
    L = Σ_b log softmax(logits[b])[y[b]]                  1 つの数: バッチ全体の対数確率の和
    grad = ∂L / ∂x_t                                      [B, C, H, W]、b 行目 = ∇_{x_t[b]} log p(y[b] | x_t[b])

バッチについて和をとるのが、1 回の逆伝播で各例に自分の勾配を持たせるコツです。例 b の対数確率は
x_t[b] だけに依存するからです。使うのは log-softmax です。生のロジット（∇ logit_y は他のクラスを
無視します）でも確率（その勾配は p_y 倍小さくなります）でもありません。
サンプリングは torch.no_grad() の中で動くので、その場だけ勾配を有効に戻し（torch.enable_grad()）、
x_t を detach したコピーに requires_grad を付けて微分し、torch.autograd.grad を使いましょう。これなら
分類器のパラメータの .grad には触れません。勾配は detach して返します。
形状: x_t [B, ...]、t [B]（そのまま分類器に渡します）、y [B] は 0 … K−1 の整数 -> x_t と同じ形状の grad。
不正な入力: y の形状が [B] でない、または 0 … K−1 の外のラベルがあるときは ValueError です。
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def classifier_gradient(classifier: nn.Module, x_t: torch.Tensor, t: torch.Tensor,
                        y: torch.Tensor) -> torch.Tensor:
    """∇_{x_t} Σ_b log softmax(classifier(x_t, t))[b, y[b]], detached, shaped like x_t."""
    B = x_t.shape[0]
    if y.shape != (B,):
        raise ValueError(f"y must have shape [B] = [{B}], got {tuple(y.shape)}")
    # Samplers call this under torch.no_grad(); without enable_grad no graph would be built.
    with torch.enable_grad():
        # A fresh leaf: we differentiate with respect to this copy, never touching the caller's
        # x_t (its requires_grad flag, its .grad, or a graph it may belong to).
        x = x_t.detach().requires_grad_(True)
        logits = classifier(x, t)
        if logits.dim() != 2 or logits.shape[0] != B:
            raise ValueError(f"the classifier must return logits [B, K], got {tuple(logits.shape)}")
        K = logits.shape[1]
        if int(y.min()) < 0 or int(y.max()) >= K:
            raise ValueError(f"labels must lie in 0 … {K - 1}, got min {int(y.min())}, max {int(y.max())}")
        # log p(y | x) = logit_y − logsumexp(logits): the other classes push back.
        log_probs = F.log_softmax(logits, dim=-1)
        # The SUM over the batch: ∂/∂x[b] of it is exactly ∇ log p(y[b] | x[b]) (a mean would
        # shrink every gradient by 1/B).
        selected = log_probs.gather(1, y[:, None]).sum()
        # autograd.grad returns the gradient instead of accumulating into parameters' .grad.
        (grad,) = torch.autograd.grad(selected, x)
    return grad.detach()
