"""Kata: the learning-rate schedule (linear warmup, then cosine decay).

Adam's first steps are noisy (its moment estimates are still empty), so the learning rate climbs
linearly from almost 0 to `learning_rate` over `warmup_iters` steps. It then glides down along half
a cosine to `min_lr` at `lr_decay_iters`, and stays at `min_lr` after that (nanoGPT's schedule).

    it <  warmup:              lr(it) = learning_rate · (it + 1) / (warmup_iters + 1)
    warmup <= it <= decay:     r = (it - warmup_iters) / (lr_decay_iters - warmup_iters)   (0 -> 1)
                               lr(it) = min_lr + ½ (1 + cos(π r)) · (learning_rate - min_lr)
    it >  lr_decay_iters:      lr(it) = min_lr

So lr(warmup_iters) = learning_rate, the midpoint of the cosine gives (learning_rate + min_lr) / 2
and lr(lr_decay_iters) = min_lr.

Shapes: plain Python numbers in, a Python float out.
Bad input: a negative `it` or `warmup_iters` -> ValueError.

【日本語】
カタ: 学習率スケジュール（線形ウォームアップの後にコサイン減衰）。

Adam の最初の数ステップは不安定です（モーメントの推定値がまだ空だからです）。そこで学習率を
`warmup_iters` ステップかけて 0 に近い値から `learning_rate` まで直線的に上げます（ウォームアップ）。その後、
半周期のコサインに沿って `lr_decay_iters` で `min_lr` まで下げ、それ以降は `min_lr` のままにします
（nanoGPT の学習率スケジュール）。

    it <  warmup:              lr(it) = learning_rate · (it + 1) / (warmup_iters + 1)
    warmup <= it <= decay:     r = (it - warmup_iters) / (lr_decay_iters - warmup_iters)   (0 -> 1)
                               lr(it) = min_lr + ½ (1 + cos(π r)) · (learning_rate - min_lr)
    it >  lr_decay_iters:      lr(it) = min_lr

したがって lr(warmup_iters) = learning_rate、コサインの中点では (learning_rate + min_lr) / 2、
lr(lr_decay_iters) = min_lr になります。

形状: Python の数値を受け取り、Python の float を返します。
不正な入力: 負の `it` や `warmup_iters` -> ValueError。
"""
import math


def get_lr(it: int, *, learning_rate: float, min_lr: float, warmup_iters: int,
           lr_decay_iters: int) -> float:
    """The learning rate to use at iteration `it`."""
    if it < 0 or warmup_iters < 0:
        raise ValueError(f"it and warmup_iters must be >= 0, got it={it}, warmup_iters={warmup_iters}")
    # 1) Linear warmup. The +1s make step 0 use a small but non-zero rate.
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    # 2) Past the decay horizon: hold the floor. (`>=` also covers it == lr_decay_iters, where the
    #    cosine below gives min_lr too, and avoids 0/0 when warmup_iters == lr_decay_iters.)
    if it >= lr_decay_iters:
        return min_lr
    # 3) Cosine decay: coeff runs from 1 (start) to 0 (end).
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)
