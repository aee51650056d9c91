"""Specs for katas/s06_ddpm/ddpm_loss.py."""
import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_grad, expect_shape, fmt


class Recorder(torch.nn.Module):
    """ε̂ = w·x_t (w a parameter); records every (x_t, t) it is called with."""

    def __init__(self, w=0.5):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor(w))
        self.calls = []

    def forward(self, x, t):
        self.calls.append((x.detach().clone(), t.clone()))
        return self.w * x


def _ab():
    return torch.cumprod(1 - torch.linspace(0.05, 0.3, 10), 0)


def test_given_t_and_noise(kata):
    ab = _ab()
    x0, noise = torch.randn(3, 1, 4, 4), torch.randn(3, 1, 4, 4)
    t = torch.tensor([0, 4, 9])
    model = Recorder()
    loss = kata.ddpm_loss(model, x0, ab, t=t, noise=noise)
    if not expect_shape(loss, (), ("ddpm_loss: a scalar", "ddpm_loss: スカラー")):
        return
    a = ab[t][:, None, None, None]
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise
    if expect(len(model.calls) == 1, (f"the model should be called once, got {len(model.calls)}",
                                      f"モデルは 1 回呼ばれるはずですが、{len(model.calls)} 回でした")):
        expect_close(model.calls[0][0], x_t, atol=1e-6,
                     what=("the model's input: x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·noise (q_sample)",
                           "モデルへの入力: x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·noise（q_sample）"))
        expect(torch.equal(model.calls[0][1], t), ("the model should get the same t", "モデルには同じ t を渡します"))
    pred = 0.5 * x_t
    want = F.mse_loss(pred, noise)
    got = float(loss.detach())
    if abs(got - float(F.mse_loss(pred, x0))) < 1e-6:
        expect(False, ("the loss compares the prediction with x0; DDPM's network predicts the NOISE: "
                       "MSE(model(x_t, t), noise)",
                       "損失が予測と x0 を比べています。DDPM のネットワークが予測するのは「ノイズ」です: "
                       "MSE(model(x_t, t), noise)"))
    elif abs(got - float(((pred - noise) ** 2).sum())) < 1e-4:
        expect(False, (f"the loss is a sum ({fmt(got)}); take the MEAN over all elements (F.mse_loss)",
                       f"損失が和（{fmt(got)}）になっています。全要素の「平均」を取りましょう（F.mse_loss）"))
    else:
        expect_close(loss, want, atol=1e-6,
                     what=("ddpm_loss vs F.mse_loss(model(x_t, t), noise)",
                           "ddpm_loss と F.mse_loss(model(x_t, t), noise) の比較"))


def test_perfect_noise_predictor_scores_zero(kata):
    # A model that recovers the exact noise from x_t (it knows x0) must score 0.
    ab = _ab()
    x0 = torch.randn(4, 1, 3, 3)
    t = torch.tensor([1, 2, 3, 8])

    def oracle_model(x_t, t_in):
        a = ab[t_in][:, None, None, None]
        return (x_t - a.sqrt() * x0) / (1 - a).sqrt()

    loss = kata.ddpm_loss(oracle_model, x0, ab, t=t, noise=torch.randn(4, 1, 3, 3))
    if expect_shape(loss, (), ("ddpm_loss: a scalar", "ddpm_loss: スカラー")):
        expect_close(loss, 0.0, atol=1e-8,
                     what=("loss of a model that predicts the exact noise", "ノイズを正確に予測するモデルの損失"))


def test_draws_t_then_noise_with_the_generator(kata):
    ab = _ab()
    x0 = torch.randn(5, 1, 2, 2)
    model = Recorder()
    loss = kata.ddpm_loss(model, x0, ab, generator=torch.Generator().manual_seed(11))
    if not (expect_shape(loss, (), ("ddpm_loss: a scalar", "ddpm_loss: スカラー"))
            and expect(len(model.calls) == 1, ("the model should be called once", "モデルは 1 回呼ばれるはずです"))):
        return
    g = torch.Generator().manual_seed(11)
    t = torch.randint(0, 10, (5,), generator=g)
    noise = torch.randn(5, 1, 2, 2, generator=g)
    expect(torch.equal(model.calls[0][1], t),
           (f"t should be torch.randint(0, T, (B,), generator=generator) drawn first: expected {t.tolist()}, "
            f"got {model.calls[0][1].tolist()}",
            f"t は最初に torch.randint(0, T, (B,), generator=generator) で引くはずです: {t.tolist()} のはずが "
            f"{model.calls[0][1].tolist()} でした"))
    a = ab[t][:, None, None, None]
    expect_close(loss, F.mse_loss(0.5 * (a.sqrt() * x0 + (1 - a).sqrt() * noise), noise), atol=1e-6,
                 what=("the loss with t, then noise = torch.randn(x0.shape, generator=generator)",
                       "t の次に noise = torch.randn(x0.shape, generator=generator) を引いたときの損失"))


def test_t_uniform_over_every_step(kata):
    # 4000 draws over T = 4 steps: each step ≈ 1000 times (one standard deviation ≈ 27; allow 150).
    ab = torch.tensor([0.9, 0.7, 0.4, 0.1])
    model = Recorder()
    kata.ddpm_loss(model, torch.zeros(4000, 1, 1, 1), ab, generator=torch.Generator().manual_seed(0))
    if not expect(len(model.calls) == 1, ("the model should be called once", "モデルは 1 回呼ばれるはずです")):
        return
    counts = torch.bincount(model.calls[0][1], minlength=4).tolist()
    expect(len(counts) == 4 and all(abs(c - 1000) < 150 for c in counts),
           (f"t should be uniform on 0 … T−1 = 0 … 3 (about 1000 each of 4000), got counts {counts} — "
            f"randint's upper end is exclusive: randint(0, T)",
            f"t は 0 … T−1 = 0 … 3 の一様分布のはずです（4000 回中それぞれ約 1000 回）が、回数は {counts} でした。"
            f"randint の上端は含まれません: randint(0, T)"))


def test_gradient_reaches_the_model(kata):
    ab = _ab()
    model = Recorder(0.2)
    loss = kata.ddpm_loss(model, torch.randn(2, 1, 3, 3), ab, t=torch.tensor([2, 7]), noise=torch.randn(2, 1, 3, 3))
    if expect(loss is not None and loss.requires_grad,
              ("the loss is cut off from the model's parameters", "損失がモデルのパラメータから切り離されています")):
        loss.backward()
        expect_grad(model.w, ("the model's parameter", "モデルのパラメータ"))
