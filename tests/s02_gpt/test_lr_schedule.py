"""Specs for katas/s02_gpt/lr_schedule.py."""
import math

import pytest

from harness.checks import expect, expect_close

LR, MIN_LR, WARMUP, DECAY = 6e-4, 6e-5, 10, 110  # the cosine runs over iterations 10..110


def lr_at(kata, it, **kw):
    args = dict(learning_rate=LR, min_lr=MIN_LR, warmup_iters=WARMUP, lr_decay_iters=DECAY)
    args.update(kw)
    return kata.get_lr(it, **args)


def test_warmup_starts_small_and_climbs_linearly(kata):
    # lr·(it+1)/(warmup+1): at it=0 that is lr/11, not 0 (a step with lr 0 would be wasted).
    for it in (0, 4, 9):
        expect_close(lr_at(kata, it), LR * (it + 1) / (WARMUP + 1), atol=1e-12,
                     what=f"get_lr(it={it}) during warmup "
                          "(learning_rate * (it + 1) / (warmup_iters + 1))")


def test_peak_at_the_end_of_warmup(kata):
    # At it = warmup_iters the cosine starts: r = 0, ½(1 + cos 0) = 1 -> exactly learning_rate.
    expect_close(lr_at(kata, WARMUP), LR, atol=1e-12,
                 what="get_lr at it = warmup_iters (the cosine starts at learning_rate)")


def test_cosine_midpoint_and_quarter(kata):
    # Midpoint r = ½: cos(π/2) = 0 -> (learning_rate + min_lr) / 2.
    expect_close(lr_at(kata, 60), (LR + MIN_LR) / 2, atol=1e-12,
                 what="get_lr at the middle of the cosine ((learning_rate + min_lr) / 2)")
    # Quarter r = ¼: ½(1 + cos(π/4)) ≈ 0.854 of the way up (a straight line would give 0.75).
    want = MIN_LR + 0.5 * (1 + math.cos(math.pi / 4)) * (LR - MIN_LR)
    expect_close(lr_at(kata, 35), want, atol=1e-12,
                 what="get_lr a quarter into the decay (a cosine, not a straight line)")


def test_floor_at_and_after_the_end(kata):
    for it in (DECAY, DECAY + 1, 10_000):
        expect_close(lr_at(kata, it), MIN_LR, atol=1e-12,
                     what=f"get_lr(it={it}) at or past lr_decay_iters={DECAY} (should stay at min_lr)")


def test_whole_curve_matches_the_closed_form_and_its_shape(kata):
    def closed_form(it):
        if it < WARMUP:
            return LR * (it + 1) / (WARMUP + 1)
        if it > DECAY:
            return MIN_LR
        r = (it - WARMUP) / (DECAY - WARMUP)
        return MIN_LR + 0.5 * (1 + math.cos(math.pi * r)) * (LR - MIN_LR)

    values = [lr_at(kata, it) for it in range(130)]
    expect_close(values, [closed_form(it) for it in range(130)], atol=1e-12,
                 what="get_lr for it = 0..129 vs the closed form (index = it)")
    warm, after = values[:WARMUP + 1], values[WARMUP:]
    expect(all(a < b for a, b in zip(warm, warm[1:])), "the learning rate should rise during warmup")
    expect(all(a >= b for a, b in zip(after, after[1:])),
           "after warmup the learning rate should never go up")
    expect(all(isinstance(v, float) for v in values), "get_lr should return a Python float")


def test_no_warmup_and_bad_input(kata):
    expect_close(lr_at(kata, 0, warmup_iters=0), LR, atol=1e-12,
                 what="get_lr(0) with warmup_iters=0 (starts straight at learning_rate)")
    with pytest.raises(ValueError):
        lr_at(kata, -1)
    with pytest.raises(ValueError):
        lr_at(kata, 5, warmup_iters=-2)
