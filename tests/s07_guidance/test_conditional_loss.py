"""Specs for katas/s07_guidance/conditional_loss.py."""
import math

import torch
import torch.nn as nn

from harness.checks import expect, expect_close, expect_grad, expect_raises, fmt

NULL, T = 4, 10
ALPHA_BARS = torch.cumprod(1 - torch.linspace(0.05, 0.4, T), dim=0)


class StandIn(nn.Module):
    """ε(x, t, y) = a·x + b[y] + 0.01·t with learnable a and b; records the labels it gets."""
    null_label = NULL

    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.tensor(0.5))
        self.b = nn.Parameter(torch.linspace(-1.0, 1.0, NULL + 1))
        self.seen = []

    def forward(self, x, t, labels=None):
        self.seen.append(None if labels is None else labels.clone())
        if labels is None:
            labels = torch.full((x.shape[0],), NULL)
        shape = (-1,) + (1,) * (x.dim() - 1)
        return self.a * x + self.b[labels].view(shape) + 0.01 * t.to(x.dtype).view(shape)


def _oracle(model, x0, t, noise, labels):
    ab = ALPHA_BARS[t].view(-1, 1, 1, 1)
    x_t = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
    with torch.no_grad():
        pred = model.a * x_t + model.b[labels].view(-1, 1, 1, 1) + 0.01 * t.float().view(-1, 1, 1, 1)
    return ((pred - noise) ** 2).mean()


def test_given_t_and_noise_no_dropout(kata):
    model = StandIn()
    x0, noise = torch.randn(4, 1, 3, 3), torch.randn(4, 1, 3, 3)
    t, labels = torch.tensor([0, 9, 4, 7]), torch.tensor([0, 1, 2, 3])
    got = kata.conditional_ddpm_loss(model, x0, labels, ALPHA_BARS, p_uncond=0.0, t=t, noise=noise)
    if not expect(isinstance(got, torch.Tensor) and got.dim() == 0,
                  (f"the loss should be a scalar tensor, got {type(got).__name__} "
                   f"{list(getattr(got, 'shape', []))}",
                   f"損失はスカラーのテンソルのはずですが、{type(got).__name__} {list(getattr(got, 'shape', []))} でした")):
        return
    if model.seen and model.seen[-1] is None:
        expect(False, ("the model was called without labels: pass the (dropped) labels as its third argument",
                       "モデルがラベルなしで呼ばれました。（落とした後の）ラベルを 3 番目の引数として渡しましょう"))
        return
    expect_close(got, _oracle(model, x0, t, noise, labels), atol=1e-5,
                 what=("p_uncond = 0, given t and ε: mean((model(sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε, t, labels) − ε)²)",
                       "p_uncond = 0 で t と ε を与えたとき: mean((model(sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε, t, labels) − ε)²)"))


def test_drops_a_fraction_p_of_the_labels(kata):
    n, p = 4000, 0.25
    labels = torch.randint(0, NULL, (n,))
    for prob, want in ((0.0, 0.0), (1.0, 1.0), (p, p)):
        model = StandIn()
        kata.conditional_ddpm_loss(model, torch.randn(n, 1, 1, 1), labels, ALPHA_BARS, p_uncond=prob,
                                   generator=torch.Generator().manual_seed(2))
        got = model.seen[-1] if model.seen else None
        if not expect(got is not None and got.shape == (n,),
                      (f"the model should get labels [{n}], got {None if got is None else list(got.shape)}",
                       f"モデルには labels [{n}] が渡るはずですが、{None if got is None else list(got.shape)} でした")):
            return
        frac = float((got == NULL).float().mean())
        tol = 4 * math.sqrt(p * (1 - p) / n) if 0 < prob < 1 else 0.0
        if not expect(abs(frac - want) <= tol,
                      (f"p_uncond = {prob}: the model should see a fraction {want} ± {fmt(tol)} of null labels, got "
                       f"{fmt(frac)} (drop the labels with drop_labels before calling the model)",
                       f"p_uncond = {prob}: モデルが受け取るヌルラベルの割合は {want} ± {fmt(tol)} のはずですが、"
                       f"{fmt(frac)} でした（モデルを呼ぶ前に drop_labels でラベルを落としましょう）")):
            return


def test_one_generator_reproduces_everything(kata):
    # Drops first (torch.rand), then t (torch.randint), then ε (torch.randn), all from the generator.
    model = StandIn()
    x0, labels, p = torch.randn(6, 1, 2, 2), torch.tensor([0, 1, 2, 3, 0, 1]), 0.5
    got = kata.conditional_ddpm_loss(model, x0, labels, ALPHA_BARS, p_uncond=p,
                                     generator=torch.Generator().manual_seed(11))
    g = torch.Generator().manual_seed(11)
    dropped = torch.where(torch.rand(6, generator=g) < p, torch.full_like(labels, NULL), labels)
    t = torch.randint(0, T, (6,), generator=g)
    noise = torch.randn(x0.shape, generator=g)
    expect_close(got, _oracle(model, x0, t, noise, dropped), atol=1e-5,
                 what=("loss with generator seed 11 vs the same draws by hand: the label drops first "
                       "(drop_labels), then t and ε (ddpm_loss), all from the one generator",
                       "生成器のシード 11 での損失と、同じ乱数を手で引いたものの比較: まずラベルの落とし方"
                       "（drop_labels）、次に t と ε（ddpm_loss）、すべて 1 つの生成器から"))


def test_gradient_reaches_the_model(kata):
    model = StandIn()
    loss = kata.conditional_ddpm_loss(model, torch.randn(5, 1, 2, 2), torch.tensor([0, 1, 2, 3, 3]), ALPHA_BARS,
                                      p_uncond=0.5, generator=torch.Generator().manual_seed(0))
    if not expect(isinstance(loss, torch.Tensor) and loss.requires_grad,
                  ("the loss should be a tensor that still carries the model's graph",
                   "損失はモデルの計算グラフにつながったテンソルのはずです")):
        return
    loss.backward()
    expect_grad(model.a, ("the stand-in model's parameter a", "代役モデルのパラメータ a"))
    expect_grad(model.b, ("the stand-in model's label table b", "代役モデルのラベルのテーブル b"))


def test_rejects_bad_labels(kata):
    expect_raises(ValueError, kata.conditional_ddpm_loss, StandIn(), torch.randn(3, 1, 2, 2), torch.tensor([0, 1]),
                  ALPHA_BARS, what=("2 labels for a batch of 3", "バッチ 3 に対して 2 個のラベル"))
    expect_raises(ValueError, kata.conditional_ddpm_loss, StandIn(), torch.randn(2, 1, 2, 2), torch.tensor([0, 1]),
                  ALPHA_BARS, p_uncond=1.5, what=("p_uncond = 1.5", "確率 p_uncond = 1.5"))
