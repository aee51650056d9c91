"""Kata: an EMA wrapper that holds the averaged copy of a model.

The ema_update kata moves one model's weights towards another's. In training you keep the
average in its own module: a deep copy of the model made once at the start, never trained, in
eval mode, updated after every optimiser step, and used for sampling instead of the raw model.

    ema = EMA(model, decay=0.999)    # .module = copy.deepcopy(model): same weights, own tensors
    ...  optimizer.step(); ema.update(model)     # ema_update(ema.module, model, ema.decay)
    x0 = ddim_sample(ema, ...)       # ema(*args) calls ema.module(*args)

The copy must not share tensors with the model (`.module = model` would make the "average" the
model itself), and its parameters have requires_grad = False (no optimiser or backward touches
them). This is what torch.optim.swa_utils.AveragedModel(model, multi_avg_fn=
get_ema_multi_avg_fn(decay)) computes after its first update_parameters call (which copies).
Shapes: any nn.Module; forward takes and returns whatever the wrapped model does.
Bad input: decay outside [0, 1] -> ValueError.

【日本語】
カタ: モデルの平均のコピーを持つ EMA ラッパー。

ema_update のカタでは、あるモデルの重みを別のモデルの重みへ近づけました。学習では平均を専用のモジュールに
持っておきます。最初に 1 回だけ作るモデルのディープコピーで、学習はせず、eval モードにしておき、オプティマイザ
のステップのたびに更新し、サンプリングでは元のモデルの代わりに使います。

    ema = EMA(model, decay=0.999)    # .module = copy.deepcopy(model): 重みは同じ、テンソルは別物
    ...  optimizer.step(); ema.update(model)     # ema_update(ema.module, model, ema.decay)
    x0 = ddim_sample(ema, ...)       # ema(*args) は ema.module(*args) を呼びます

コピーはモデルとテンソルを共有してはいけません（`.module = model` だと「平均」がモデルそのものになって
しまいます）。またそのパラメータは requires_grad = False にします（オプティマイザも backward も触れません）。
これは torch.optim.swa_utils.AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay)) が、最初の
update_parameters（これはコピーします）のあとに計算するものと同じです。
形状: どんな nn.Module でもかまいません。forward は包んだモデルと同じものを受け取り、同じものを返します。
不正な入力: decay が [0, 1] の外なら ValueError です。
"""
import copy

import torch.nn as nn

from .ema_update import ema_update


class EMA(nn.Module):
    """Holds `.module`, an exponential moving average of `model`; call update(model) after each step."""

    def __init__(self, model: nn.Module, decay: float = 0.999):
        super().__init__()
        # TODO: ValueError for decay outside [0, 1]; keep decay; .module = a deep copy of the model,
        #       with requires_grad off and in eval mode.
        raise NotImplementedError("EMA.__init__: keep a frozen deep copy of the model"
                                  " ‖ EMA.__init__: モデルの凍結したディープコピーを持ちましょう")

    def update(self, model: nn.Module) -> None:
        """Move the average towards `model` (call after every optimiser step)."""
        # TODO: one ema_update of .module towards model.
        raise NotImplementedError("EMA.update: ema_update(self.module, model, self.decay)"
                                  " ‖ EMA.update: ema_update(self.module, model, self.decay) を呼びましょう")

    def forward(self, *args, **kwargs):
        """Run the averaged model."""
        # TODO: call .module with the same arguments.
        raise NotImplementedError("EMA.forward: run the averaged copy"
                                  " ‖ EMA.forward: 平均のコピーを動かしましょう")
