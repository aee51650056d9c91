"""Specs for katas/s06_ddpm/naive_sample.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape


class ConstantModel(torch.nn.Module):
    """Always predicts the same image; counts and records its inputs."""

    def __init__(self, value):
        super().__init__()
        self.value = value
        self.inputs = []

    def forward(self, x):
        self.inputs.append(x.detach().clone())
        return self.value.expand_as(x).clone()


def test_hand_worked_ramp(kata):
    # From 0 towards a constant prediction 1 in 4 steps: mixes 1/4, 1/3, 1/2, 1 give 0.25, 0.5, 0.75, 1.
    model = ConstantModel(torch.tensor(1.0))
    x, history = kata.naive_sample(model, torch.zeros(1, 1, 2, 2), 4)
    if not expect(isinstance(history, (list, tuple)) and len(history) == 5,
                  (f"history should hold n_steps + 1 = 5 tensors (the start and one per step), "
                   f"got {len(history) if isinstance(history, (list, tuple)) else type(history).__name__}",
                   f"history には n_steps + 1 = 5 個のテンソル（最初の x と各ステップの後の x）が入るはずですが、"
                   f"{len(history) if isinstance(history, (list, tuple)) else type(history).__name__} でした")):
        return
    got = torch.stack([h.reshape(-1)[0] for h in history])
    want = torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0])
    if torch.allclose(got[1:3], torch.tensor([0.25, 0.4375])):
        expect(False, ("the mix stays 1/n_steps: x never reaches the prediction; the mix must grow, "
                       "mix = 1/(n_steps − i) at step i (the last one is 1)",
                       "混ぜる割合が 1/n_steps のままで、x が予測に届きません。割合は増えていく必要があります: "
                       "ステップ i で mix = 1/(n_steps − i)（最後は 1）"))
        return
    expect_close(got, want, atol=1e-6,
                 what=("history from 0 towards a constant prediction 1 in 4 steps (mix 1/4, 1/3, 1/2, 1)",
                       "0 から一定の予測 1 へ 4 ステップで進む history（mix は 1/4, 1/3, 1/2, 1）"))
    expect_close(x, torch.ones(1, 1, 2, 2), atol=1e-6,
                 what=("the returned x (the last step mixes with 1, so it equals the prediction)",
                       "返される x（最後のステップは割合 1 なので予測そのもの）"))


def test_last_step_lands_on_prediction(kata):
    target = torch.randn(2, 1, 3, 3)
    model = ConstantModel(target)
    start = torch.rand(2, 1, 3, 3)
    x, history = kata.naive_sample(model, start, 7)
    if not expect_shape(x, (2, 1, 3, 3), ("naive_sample's x", "naive_sample の x")):
        return
    half_way = history[-2] * 0.5 + target * 0.5 if len(history) > 1 else None
    if half_way is not None and torch.allclose(x, half_way, atol=1e-6):
        expect(False, ("the last mix is 1/2, not 1: mix = 1/(n_steps − i) with i counting 0 … n_steps−1 "
                       "(an off-by-one in the denominator)",
                       "最後の割合が 1 ではなく 1/2 です。i を 0 … n_steps−1 で数えて mix = 1/(n_steps − i) "
                       "です（分母が 1 つずれています）"))
        return
    expect_close(x, target, atol=1e-5,
                 what=("final x with a constant prediction: exactly the prediction after 7 steps",
                       "予測が一定のときの最後の x: 7 ステップ後はちょうど予測に一致"))
    expect(len(model.inputs) == 7,
           (f"the model should be called once per step (7 times), got {len(model.inputs)}",
            f"モデルはステップごとに 1 回（7 回）呼ばれるはずですが、{len(model.inputs)} 回でした"))
    if history:
        expect_close(history[0], start, atol=0,
                     what=("history[0]: the starting x", "history[0]: 最初の x"))


def test_model_sees_the_current_x(kata):
    # A model that halves its input: each call must see the x of that moment.
    class Half(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inputs = []

        def forward(self, x):
            self.inputs.append(x.detach().clone())
            return 0.5 * x

    model = Half()
    start = torch.randn(2, 1, 2, 2)
    x, history = kata.naive_sample(model, start, 3)
    want = start.clone()
    wants = [want.clone()]
    for i in range(3):
        mix = 1.0 / (3 - i)
        want = want * (1 - mix) + 0.5 * want * mix
        wants.append(want.clone())
    expect_close(x, want, atol=1e-6,
                 what=("final x with model(x) = x/2 (x ← x·(1 − mix) + model(x)·mix, mix = 1/(3 − i))",
                       "model(x) = x/2 のときの最後の x（x ← x·(1 − mix) + model(x)·mix、mix = 1/(3 − i)）"))
    if expect(len(model.inputs) == 3,
              (f"the model should be called 3 times, got {len(model.inputs)}",
               f"モデルは 3 回呼ばれるはずですが、{len(model.inputs)} 回でした")):
        expect_close(torch.stack(model.inputs), torch.stack(wants[:3]), atol=1e-6,
                     what=("the inputs the model saw: the current x at each step",
                           "モデルが受け取った入力: 各ステップでのその時点の x"))


def test_no_graph_and_rejects_zero_steps(kata):
    model = torch.nn.Conv2d(1, 1, 3, padding=1)
    x, history = kata.naive_sample(model, torch.rand(2, 1, 4, 4), 2)
    expect(x is not None and not x.requires_grad,
           ("sampling should run under torch.no_grad(): the result still carries a graph",
            "サンプリングは torch.no_grad() の中で実行するはずですが、結果に計算グラフが付いています"))
    expect(all(not h.requires_grad for h in history),
           ("history should hold detached tensors", "history には detach したテンソルを入れるはずです"))
    expect_raises(ValueError, kata.naive_sample, model, torch.rand(1, 1, 4, 4), 0,
                  what=("n_steps = 0", "n_steps = 0 の場合"))
