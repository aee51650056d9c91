"""Specs for katas/s02_gpt/lr_schedule.py.

The closed form is the oracle; when the whole curve is off, `_mistakes` names the first known
wrong schedule it matches (warmup off by one, decay to 0, a straight line…).
"""
import math

from harness.checks import expect, expect_close, expect_raises, fmt

LR, MIN_LR, WARMUP, DECAY = 6e-4, 6e-5, 10, 110  # the cosine runs over iterations 10..110


def lr_at(kata, it, **kw):
    args = dict(learning_rate=LR, min_lr=MIN_LR, warmup_iters=WARMUP, lr_decay_iters=DECAY)
    args.update(kw)
    return kata.get_lr(it, **args)


def schedule(it, warm=lambda it: LR * (it + 1) / (WARMUP + 1), floor=MIN_LR,
             shape=lambda r: 0.5 * (1 + math.cos(math.pi * r)), start=WARMUP):
    """The closed form, with pieces that a mistake may replace."""
    if it < WARMUP:
        return warm(it)
    if it >= DECAY:  # the cosine ends at min_lr too; a mistake may skip its last point
        return MIN_LR
    r = (it - start) / (DECAY - start)
    return floor + shape(r) * (LR - floor)


def _mistakes():
    its = range(130)
    return [
        (("warmup starts at 0: use learning_rate · (it + 1) / (warmup_iters + 1), so step 0 is not wasted",
          "ウォームアップが 0 から始まっています。learning_rate · (it + 1) / (warmup_iters + 1) を使えば、"
          "ステップ 0 が無駄になりません"),
         [schedule(it, warm=lambda i: LR * i / WARMUP) for it in its]),
        (("warmup reaches learning_rate one step early: divide by (warmup_iters + 1), not warmup_iters",
          "ウォームアップが 1 ステップ早く learning_rate に達しています。warmup_iters ではなく "
          "(warmup_iters + 1) で割りましょう"),
         [schedule(it, warm=lambda i: LR * (i + 1) / WARMUP) for it in its]),
        (("the cosine decays to 0, not to min_lr: min_lr + coeff · (learning_rate - min_lr)",
          "コサインが min_lr ではなく 0 まで下がっています。min_lr + coeff · (learning_rate - min_lr) です"),
         [schedule(it, floor=0.0) for it in its]),
        (("the decay is a straight line; use half a cosine: coeff = ½ (1 + cos(π r))",
          "減衰が直線になっています。半周期のコサイン coeff = ½ (1 + cos(π r)) を使いましょう"),
         [schedule(it, shape=lambda r: 1 - r) for it in its]),
        (("coeff should be ½ (1 + cos(π r)), which runs from 1 to 0; cos(π r) alone runs from 1 to -1",
          "coeff は 1 から 0 まで動く ½ (1 + cos(π r)) です。cos(π r) だけだと 1 から -1 まで動きます"),
         [schedule(it, shape=lambda r: math.cos(math.pi * r)) for it in its]),
        (("r should count from the end of warmup: r = (it - warmup_iters) / (lr_decay_iters - warmup_iters)",
          "r はウォームアップの終わりから数えます: r = (it - warmup_iters) / (lr_decay_iters - warmup_iters)"),
         [schedule(it, start=0) for it in its]),
    ]


def test_warmup_starts_small_and_climbs_linearly(kata):
    # lr·(it+1)/(warmup+1): at it=0 that is lr/11, not 0 (a step with lr 0 would be wasted).
    for it in (0, 4, 9):
        if not expect_close(lr_at(kata, it), LR * (it + 1) / (WARMUP + 1), atol=1e-12,
                            what=(f"get_lr(it={it}) during warmup (learning_rate · (it + 1) / (warmup_iters + 1))",
                                  f"ウォームアップ中の get_lr(it={it})（learning_rate · (it + 1) / "
                                  f"(warmup_iters + 1)）")):
            return


def test_peak_at_the_end_of_warmup(kata):
    # At it = warmup_iters the cosine starts: r = 0, ½(1 + cos 0) = 1 -> exactly learning_rate.
    expect_close(lr_at(kata, WARMUP), LR, atol=1e-12,
                 what=("get_lr at it = warmup_iters (the cosine starts at learning_rate)",
                       "it = warmup_iters での get_lr（コサインは learning_rate から始まります）"))


def test_cosine_midpoint_and_quarter(kata):
    # Midpoint r = ½: cos(π/2) = 0 -> (learning_rate + min_lr) / 2.
    expect_close(lr_at(kata, 60), (LR + MIN_LR) / 2, atol=1e-12,
                 what=("get_lr at the middle of the cosine ((learning_rate + min_lr) / 2)",
                       "コサインの中点での get_lr（(learning_rate + min_lr) / 2）"))
    # Quarter r = ¼: ½(1 + cos(π/4)) ≈ 0.854 of the way up (a straight line would give 0.75).
    want = MIN_LR + 0.5 * (1 + math.cos(math.pi / 4)) * (LR - MIN_LR)
    expect_close(lr_at(kata, 35), want, atol=1e-12,
                 what=("get_lr a quarter into the decay (a cosine, not a straight line)",
                       "減衰の 4 分の 1 の位置での get_lr（直線ではなくコサイン）"))


def test_floor_at_and_after_the_end(kata):
    for it in (DECAY, DECAY + 1, 10_000):
        if not expect_close(lr_at(kata, it), MIN_LR, atol=1e-12,
                            what=(f"get_lr(it={it}) at or past lr_decay_iters={DECAY} (should stay at min_lr)",
                                  f"lr_decay_iters={DECAY} 以降の get_lr(it={it})（min_lr のままのはずです）")):
            return


def test_whole_curve_matches_the_closed_form_and_its_shape(kata):
    values = [lr_at(kata, it) for it in range(130)]
    if not expect_close(values, [schedule(it) for it in range(130)], atol=1e-12,
                        what=("get_lr for it = 0..129 vs the closed form (index = it)",
                              "it = 0..129 の get_lr と閉じた式の比較（インデックス = it）")):
        for message, curve in _mistakes():
            if all(abs(float(a) - b) < 1e-12 for a, b in zip(values, curve)):
                expect(False, message)
                break
        return
    warm, after = values[:WARMUP + 1], values[WARMUP:]
    expect(all(a < b for a, b in zip(warm, warm[1:])), ("the learning rate should rise during warmup",
                                                        "ウォームアップ中は学習率が上がるはずです"))
    expect(all(a >= b for a, b in zip(after, after[1:])), ("after warmup the learning rate should never go up",
                                                          "ウォームアップの後、学習率は上がらないはずです"))
    bad = [type(v).__name__ for v in values if not isinstance(v, float)]
    expect(not bad, (f"get_lr should return a Python float, got {sorted(set(bad))}",
                     f"get_lr は Python の float を返すはずですが、{sorted(set(bad))} でした"))


def test_no_warmup_and_bad_input(kata):
    got = lr_at(kata, 0, warmup_iters=0)
    expect_close(got, LR, atol=1e-12,
                 what=(f"get_lr(0) with warmup_iters=0 (starts straight at learning_rate = {fmt(LR)})",
                       f"warmup_iters=0 での get_lr(0)（いきなり learning_rate = {fmt(LR)} から始まります）"))
    expect_raises(ValueError, lr_at, kata, -1, what=("get_lr(it=-1)", "it = -1 の get_lr"))
    expect_raises(ValueError, lr_at, kata, 5, warmup_iters=-2,
                  what=("get_lr with warmup_iters = -2", "warmup_iters = -2 の get_lr"))
