"""Specs for katas/s07_guidance/classifier_gradient.py."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_raises, expect_shape

K, C, H, W = 5, 1, 2, 2
D = C * H * W


class LinearClassifier(nn.Module):
    """logits = s[t]·(W·x) + b, an analytic toy: ∇_x log softmax_y = s[t]·(W_y − Σ_k p_k W_k)."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(K, D))
        self.bias = nn.Parameter(torch.randn(K))
        self.register_buffer("scale", torch.tensor([1.0, 0.5, 2.0, 0.25]))   # one per timestep

    def forward(self, x, t):
        return self.scale[t][:, None] * (x.flatten(1) @ self.weight.T) + self.bias


def _closed_form(clf, x, t, y):
    with torch.no_grad():
        p = F.softmax(clf(x, t), dim=-1)                    # [B, K]
        s = clf.scale[t][:, None]
        grad = s * (clf.weight[y] - p @ clf.weight)         # s·(W_y − Σ_k p_k W_k)
        logit_grad = s * clf.weight[y]
        prob_grad = p.gather(1, y[:, None]) * grad
    return tuple(g.view_as(x) for g in (grad, logit_grad, prob_grad))


def test_linear_classifier_closed_form(kata):
    clf = LinearClassifier()
    x = torch.randn(3, C, H, W)
    t, y = torch.tensor([0, 2, 3]), torch.tensor([4, 0, 2])
    got = kata.classifier_gradient(clf, x, t, y)
    if not expect_shape(got, (3, C, H, W), ("classifier_gradient(x_t [3, 1, 2, 2]) has x_t's shape",
                                            "classifier_gradient(x_t [3, 1, 2, 2]) の形状は x_t と同じ")):
        return
    want, logit_grad, prob_grad = _closed_form(clf, x, t, y)
    got = got.detach()
    for wrong, message in (
            (logit_grad, ("this is the gradient of the raw logit_y (s·W_y): take log_softmax first, so the "
                          "other classes push back (− Σ_k p_k W_k)",
                          "これは生のロジット logit_y の勾配（s·W_y）です。先に log_softmax をとりましょう。そうすれば"
                          "他のクラスが押し返します（− Σ_k p_k W_k）")),
            (prob_grad, ("this is the gradient of the probability p_y, p_y times too small: differentiate the "
                         "LOG-probability (log_softmax)",
                         "これは確率 p_y の勾配で、p_y 倍小さすぎます。対数確率（log_softmax）を微分しましょう")),
            (-want, ("the sign is flipped: this is ∇(−log p(y | x)), the cross-entropy loss's gradient; guidance "
                     "needs the direction that makes y MORE likely",
                     "符号が逆です。これは ∇(−log p(y | x))、つまり交差エントロピー損失の勾配です。ガイダンスには "
                     "y をより確からしくする方向が必要です")),
            (want / 3, ("the gradient is 1/B of the answer: sum the log-probabilities over the batch, not mean, "
                        "so each example gets its full gradient",
                        "勾配が答えの 1/B です。対数確率はバッチについて平均ではなく和をとりましょう。そうすれば"
                        "各例が自分の勾配をそのまま受け取ります"))):
        if torch.allclose(got, wrong, atol=1e-5):
            expect(False, message)
            return
    expect_close(got, want, atol=1e-5,
                 what=("∇_x log softmax(s[t]·W·x + b)[y] vs the closed form s[t]·(W_y − Σ_k p_k W_k)",
                       "∇_x log softmax(s[t]·W·x + b)[y] と閉じた式 s[t]·(W_y − Σ_k p_k W_k) の比較"))


class TinyConvClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.time = nn.Embedding(10, 4)
        self.head = nn.Linear(4, K)

    def forward(self, x, t):
        h = torch.tanh(self.conv(x)) + self.time(t)[:, :, None, None]
        return self.head(h.mean(dim=(2, 3)))


def test_matches_cross_entropy_gradient(kata):
    # Oracle: Σ_b log softmax[y_b] = −F.cross_entropy(logits, y, reduction="sum").
    clf = TinyConvClassifier()
    x = torch.randn(4, 1, 6, 6)
    t, y = torch.tensor([0, 3, 9, 5]), torch.tensor([1, 1, 4, 0])
    got = kata.classifier_gradient(clf, x, t, y)
    xr = x.clone().requires_grad_(True)
    (want,) = torch.autograd.grad(-F.cross_entropy(clf(xr, t), y, reduction="sum"), xr)
    if expect_shape(got, (4, 1, 6, 6), ("classifier_gradient(x_t [4, 1, 6, 6])", "classifier_gradient(x_t [4, 1, 6, 6]) の出力")):
        expect_close(got, want, atol=1e-5,
                     what=("classifier_gradient vs the gradient of −F.cross_entropy(logits, y, reduction='sum') "
                           "(the same quantity, through torch's own loss)",
                           "classifier_gradient と −F.cross_entropy(logits, y, reduction='sum') の勾配の比較"
                           "（同じ量を torch の損失で計算したもの）"))


def test_works_inside_no_grad_and_leaves_things_alone(kata):
    # Samplers run under torch.no_grad(): the kata must switch gradients on by itself.
    clf = LinearClassifier()
    x = torch.randn(2, C, H, W)
    t, y = torch.tensor([1, 2]), torch.tensor([3, 3])
    with torch.no_grad():
        got = kata.classifier_gradient(clf, x, t, y)
    if not expect_shape(got, (2, C, H, W), ("classifier_gradient under torch.no_grad()",
                                            "torch.no_grad() の中での classifier_gradient")):
        return
    expect_close(got, _closed_form(clf, x, t, y)[0], atol=1e-5,
                 what=("classifier_gradient called inside torch.no_grad() (use torch.enable_grad() locally)",
                       "torch.no_grad() の中で呼んだ classifier_gradient（その場で torch.enable_grad() を使いましょう）"))
    expect(not got.requires_grad, ("the returned gradient still belongs to a graph: return it detached (no "
                                   "create_graph)",
                                   "返した勾配がまだ計算グラフにつながっています。detach して返しましょう"
                                   "（create_graph は使いません）"))
    expect(not x.requires_grad and x.grad is None,
           ("the caller's x_t was changed (requires_grad or .grad set): differentiate a detached copy instead",
            "呼び出し側の x_t が変えられました（requires_grad か .grad が付いています）。detach したコピーで微分しましょう"))
    expect(all(p.grad is None for p in clf.parameters()),
           ("the classifier's parameters received .grad: use torch.autograd.grad(L, x) rather than L.backward(), "
            "so sampling does not pile up gradients in the classifier",
            "分類器のパラメータに .grad が付きました。L.backward() ではなく torch.autograd.grad(L, x) を使い、"
            "サンプリングで分類器に勾配が溜まらないようにしましょう"))


def test_input_from_a_graph(kata):
    # x_t may itself be the output of a computation that tracks gradients.
    clf = LinearClassifier()
    a = torch.randn(2, C, H, W, requires_grad=True)
    x = a * 2.0
    t, y = torch.tensor([0, 0]), torch.tensor([1, 2])
    got = kata.classifier_gradient(clf, x, t, y)
    if not expect_shape(got, (2, C, H, W), ("classifier_gradient(a non-leaf x_t)", "classifier_gradient(葉でない x_t)")):
        return
    expect_close(got, _closed_form(clf, x.detach(), t, y)[0], atol=1e-5,
                 what=("classifier_gradient of an x_t that is part of a graph (differentiate a detached copy)",
                       "計算グラフの一部である x_t での classifier_gradient（detach したコピーで微分しましょう）"))
    expect(not got.requires_grad and a.grad is None,
           ("the gradient leaked into x_t's own graph: detach x_t before differentiating and return a detached result",
            "勾配が x_t 自身の計算グラフに漏れました。微分の前に x_t を detach し、結果も detach して返しましょう"))


def test_rejects_bad_labels(kata):
    clf = LinearClassifier()
    x, t = torch.randn(2, C, H, W), torch.tensor([0, 1])
    expect_raises(ValueError, kata.classifier_gradient, clf, x, t, torch.tensor([0, 1, 2]),
                  what=("3 labels for a batch of 2", "バッチ 2 に対して 3 個のラベル"))
    expect_raises(ValueError, kata.classifier_gradient, clf, x, t, torch.tensor([0, K]),
                  what=(f"label {K} with {K} classes", f"{K} クラスでのラベル {K}"))
