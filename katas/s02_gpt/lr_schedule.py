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
"""
import math


def get_lr(it: int, *, learning_rate: float, min_lr: float, warmup_iters: int,
           lr_decay_iters: int) -> float:
    """The learning rate to use at iteration `it`."""
    # TODO: ValueError for negative it / warmup_iters; then the three pieces of the docstring:
    #       warmup, past-the-end floor, and the cosine in between (math.cos, math.pi).
    raise NotImplementedError("get_lr: linear warmup, then cosine decay to min_lr")
