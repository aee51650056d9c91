"""Specs for katas/s06_ddpm/corrupt.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape, fmt


def test_hand_worked_amounts(kata):
    # Image of ones, noise of zeros: the result is 1 − amount everywhere.
    x = torch.ones(3, 1, 2, 2)
    noise = torch.zeros(3, 1, 2, 2)
    amount = torch.tensor([0.0, 0.25, 1.0])
    got = kata.corrupt(x, amount, noise)
    if not expect_shape(got, (3, 1, 2, 2), ("corrupt(x [3, 1, 2, 2], amount [3], noise)",
                                            "corrupt(x [3, 1, 2, 2], amount [3], noise) の出力")):
        return
    want = torch.tensor([1.0, 0.75, 0.0]).reshape(3, 1, 1, 1).expand(3, 1, 2, 2)
    if torch.allclose(got, 1 - want):
        expect(False, ("the mix is reversed: amount 0 should give the image untouched and amount 1 "
                       "only noise; out = x·(1 − amount) + noise·amount",
                       "混ぜ方が逆です。amount 0 では画像そのまま、amount 1 ではノイズだけになるはずです: "
                       "out = x·(1 − amount) + noise·amount"))
        return
    expect_close(got, want, atol=1e-6,
                 what=("x = 1, noise = 0, amount [0, 0.25, 1]: each image is 1 − its amount "
                       "(1, 0.75, 0)",
                       "x = 1, noise = 0, amount [0, 0.25, 1]: 各画像は 1 − その amount（1, 0.75, 0）"))


def test_one_amount_per_image(kata):
    # B == W == 3: an amount left as [B] broadcasts against W without any error, silently wrong.
    x = torch.randn(3, 2, 4, 3)
    noise = torch.randn(3, 2, 4, 3)
    amount = torch.tensor([0.1, 0.5, 0.9])
    got = kata.corrupt(x, amount, noise)
    if not expect_shape(got, (3, 2, 4, 3), ("corrupt(x [3, 2, 4, 3], amount [3], noise)",
                                            "corrupt(x [3, 2, 4, 3], amount [3], noise) の出力")):
        return
    a = amount[:, None, None, None]
    want = x * (1 - a) + noise * a
    if torch.allclose(got, x * (1 - amount) + noise * amount):
        expect(False, ("amount [B] was broadcast against the last axis (W), so each COLUMN got an "
                       "amount; reshape it to [B, 1, 1, 1] so each IMAGE gets its own",
                       "amount [B] が最後の軸（W）に対してブロードキャストされ、「列」ごとに割合が付いています。"
                       "[B, 1, 1, 1] に reshape して「画像」ごとに割合が付くようにしましょう"))
        return
    expect_close(got, want, atol=1e-6,
                 what=("corrupt vs x·(1 − a) + noise·a with a = amount[:, None, None, None]",
                       "corrupt と x·(1 − a) + noise·a（a = amount[:, None, None, None]）の比較"))


def test_default_noise_is_uniform(kata):
    # amount 1 returns the noise itself: with noise=None it must be uniform on [0, 1).
    x = torch.zeros(4, 1, 16, 16)
    got = kata.corrupt(x, torch.ones(4))
    if not expect_shape(got, (4, 1, 16, 16), ("corrupt(x, amount = 1) without noise",
                                              "noise なしの corrupt(x, amount = 1)")):
        return
    lo, hi, mean = float(got.min()), float(got.max()), float(got.mean())
    expect(lo >= 0.0 and hi < 1.0,
           (f"the default noise should be uniform on [0, 1) (torch.rand), but its values span "
            f"[{fmt(lo)}, {fmt(hi)}] — torch.randn is Gaussian",
            f"既定のノイズは [0, 1) の一様分布（torch.rand）のはずですが、値が [{fmt(lo)}, {fmt(hi)}] に"
            f"広がっています。torch.randn はガウス分布です"))
    # 1024 uniform values: the mean is 0.5 ± 0.009 (one standard error); allow 0.05.
    expect(abs(mean - 0.5) < 0.05,
           (f"the mean of 1024 uniform [0, 1) draws should be 0.5 ± 0.05, got {fmt(mean)}",
            f"[0, 1) の一様分布から 1024 個引いた平均は 0.5 ± 0.05 のはずですが、{fmt(mean)} でした"))


def test_keeps_gradient_to_x(kata):
    x = torch.randn(2, 1, 3, 3, requires_grad=True)
    out = kata.corrupt(x, torch.tensor([0.2, 0.6]), torch.zeros(2, 1, 3, 3))
    if not expect(out is not None and out.requires_grad,
                  ("the output is cut off from x's graph (avoid .detach() and new tensors)",
                   "出力が x の計算グラフから切り離されています（.detach() や新しいテンソルの作成を避けましょう）")):
        return
    out.sum().backward()
    want = torch.tensor([0.8, 0.4]).reshape(2, 1, 1, 1).expand(2, 1, 3, 3)
    expect_close(x.grad, want, atol=1e-6,
                 what=("d out / d x = 1 − amount for each image",
                       "d out / d x は画像ごとに 1 − amount"))


def test_rejects_bad_input(kata):
    x = torch.zeros(3, 1, 2, 2)
    expect_raises(ValueError, kata.corrupt, x, torch.zeros(2),
                  what=("amount of length 2 for a batch of 3", "バッチ 3 に長さ 2 の amount"))
    expect_raises(ValueError, kata.corrupt, x, torch.zeros(3, 1),
                  what=("amount of shape [3, 1] instead of [3]", "[3] ではなく [3, 1] の amount"))
    expect_raises(ValueError, kata.corrupt, x, torch.zeros(3), torch.zeros(3, 1, 2, 3),
                  what=("noise [3, 1, 2, 3] for x [3, 1, 2, 2]", "x [3, 1, 2, 2] に noise [3, 1, 2, 3]"))
