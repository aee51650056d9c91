"""Specs for katas/s06_ddpm/linear_betas.py."""
import numpy as np
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_ddpm_endpoints(kata):
    betas = kata.linear_betas(1000)
    if not expect_shape(betas, (1000,), ("linear_betas(1000)", "linear_betas(1000) の出力")):
        return
    expect(betas.dtype == torch.float32, (f"the betas should be float32, got {betas.dtype}",
                                          f"β は float32 のはずですが、{betas.dtype} でした"))
    first, last = float(betas[0]), float(betas[-1])
    expect(abs(first - 1e-4) < 1e-9,
           (f"β_0 should be beta_start = 1e-4, got {fmt(first)}",
            f"β_0 は beta_start = 1e-4 のはずですが、{fmt(first)} でした"))
    expect(abs(last - 0.02) < 1e-8,
           (f"β_999 (the last) should be beta_end = 0.02, got {fmt(last)} — both endpoints belong in "
            f"the schedule (torch.linspace includes them)",
            f"β_999（最後）は beta_end = 0.02 のはずですが、{fmt(last)} でした。両端ともスケジュールに"
            f"含まれます（torch.linspace は両端を含みます）"))


def test_evenly_spaced(kata):
    betas = kata.linear_betas(1000)
    if expect_shape(betas, (1000,), ("linear_betas(1000)", "linear_betas(1000) の出力")):
        expect_close(betas, np.linspace(1e-4, 0.02, 1000), atol=1e-8,
                     what=("linear_betas(1000) vs np.linspace(1e-4, 0.02, 1000) (step (0.02 − 1e-4)/999)",
                           "linear_betas(1000) と np.linspace(1e-4, 0.02, 1000)（間隔 (0.02 − 1e-4)/999）の比較"))


def test_hand_worked_small(kata):
    got = kata.linear_betas(5, 0.1, 0.5)
    if expect_shape(got, (5,), ("linear_betas(5, 0.1, 0.5)", "linear_betas(5, 0.1, 0.5) の出力")):
        expect_close(got, [0.1, 0.2, 0.3, 0.4, 0.5], atol=1e-7,
                     what=("linear_betas(5, 0.1, 0.5) = [0.1, 0.2, 0.3, 0.4, 0.5]",
                           "linear_betas(5, 0.1, 0.5) = [0.1, 0.2, 0.3, 0.4, 0.5] の値"))
    one = kata.linear_betas(1, 0.3, 0.4)
    if expect_shape(one, (1,), ("linear_betas(1, 0.3, 0.4)", "linear_betas(1, 0.3, 0.4) の出力")):
        expect_close(one, [0.3], atol=1e-7,
                     what=("linear_betas(1, 0.3, 0.4): a single step uses beta_start",
                           "linear_betas(1, 0.3, 0.4): 1 ステップだけなら beta_start"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.linear_betas, 0, what=("T = 0", "T = 0 の場合"))
    expect_raises(ValueError, kata.linear_betas, 10, 0.0, 0.02,
                  what=("beta_start = 0 (a step that adds no noise)", "beta_start = 0（ノイズを加えないステップ）"))
    expect_raises(ValueError, kata.linear_betas, 10, 0.02, 0.01,
                  what=("beta_start > beta_end", "beta_start > beta_end の場合"))
    expect_raises(ValueError, kata.linear_betas, 10, 0.1, 1.0,
                  what=("beta_end = 1 (erases the image)", "beta_end = 1（画像を消してしまう）"))
