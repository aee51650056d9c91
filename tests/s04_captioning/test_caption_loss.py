"""Specs for katas/s04_captioning/caption_loss.py."""
import math

import torch
import torch.nn.functional as F

from harness.checks import expect, expect_close, expect_finite, expect_raises, expect_shape, fmt

PAD = 0


def oracle(logits, targets, pad_id=PAD):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=pad_id)


def test_a_hand_worked_batch(kata):
    # Two real targets (1, then 2) and a PAD whose logits would cost a lot if it were counted.
    logits = torch.tensor([[[0.0, 2.0, 0.0, 0.0],
                            [0.0, 0.0, 1.0, 0.0],
                            [9.0, -9.0, -9.0, -9.0]]])
    targets = torch.tensor([[1, 2, PAD]])
    l0 = -(2.0 - math.log(math.exp(2) + 3))   # -log softmax([0, 2, 0, 0])[1]
    l1 = -(1.0 - math.log(math.e + 3))         # -log softmax([0, 0, 1, 0])[2]
    got = kata.masked_caption_loss(logits, targets)
    if not expect_shape(got, (), ("masked_caption_loss (a scalar, 0-D tensor)", "masked_caption_loss（スカラー、0 次元"
                                                                                "テンソル）")):
        return
    with_pad = (l0 + l1 + (-(-9.0 - math.log(math.exp(9) + 3 * math.exp(-9))))) / 3
    if abs(float(got) - with_pad) < 1e-4 or abs(float(got) - (l0 + l1) / 3) < 1e-4:
        expect(False, (f"the loss {fmt(got)} counts the PAD target: average over the {2} real targets only, "
                       f"(ℓ0 + ℓ1) / 2 = {fmt((l0 + l1) / 2)}",
                       f"損失 {fmt(got)} に PAD のターゲットが含まれています。本物のターゲット {2} 個だけで平均し、"
                       f"(ℓ0 + ℓ1) / 2 = {fmt((l0 + l1) / 2)} にします"))
        return
    expect_close(got, (l0 + l1) / 2, atol=1e-5,
                 what=("masked_caption_loss on a hand-worked batch: (ℓ0 + ℓ1) / 2 with ℓ = -log softmax(logits)[target]",
                       "手計算できるバッチでの masked_caption_loss: (ℓ0 + ℓ1) / 2、ℓ = -log softmax(logits)[target]"))


def test_matches_cross_entropy_with_ignore_index(kata):
    logits = 3 * torch.randn(3, 6, 9)
    targets = torch.randint(1, 9, (3, 6))
    targets[0, 4:] = PAD
    targets[1, 2:] = PAD
    got = kata.masked_caption_loss(logits, targets)
    expect_close(got, oracle(logits, targets), atol=1e-5,
                 what=("masked_caption_loss vs F.cross_entropy(..., ignore_index=pad_id) on a padded batch",
                       "パディングしたバッチでの masked_caption_loss と F.cross_entropy(..., ignore_index=pad_id) の比較"))
    targets5 = targets.clone()
    targets5[targets5 == PAD] = 5   # pad_id = 5 now; 0 is an ordinary token
    targets5[2, 0] = 0
    got5 = kata.masked_caption_loss(logits, targets5, pad_id=5)
    expect_close(got5, oracle(logits, targets5, pad_id=5), atol=1e-5,
                 what=("masked_caption_loss(..., pad_id=5) (use the pad_id argument)",
                       "masked_caption_loss(..., pad_id=5)（引数 pad_id を使いましょう）"))
    big = torch.randn(2, 3, 5)
    big[0, 0, 1] = 1000.0   # a huge logit: log_softmax handles it, log(softmax) would give -inf
    got_big = kata.masked_caption_loss(big, torch.tensor([[2, 1, 0], [3, 0, 0]]))
    expect_finite(got_big, ("masked_caption_loss with a logit of 1000 (use log_softmax)",
                            "ロジットに 1000 があるときの masked_caption_loss（log_softmax を使いましょう）"))


def test_a_mean_over_tokens_not_over_captions(kata):
    # Caption 0 has 1 real target, caption 1 has 9: the 10 tokens count equally.
    logits = 2 * torch.randn(2, 9, 6)
    targets = torch.randint(1, 6, (2, 9))
    targets[0, 1:] = PAD
    nll = -F.log_softmax(logits, -1).gather(-1, targets[..., None])[..., 0]
    token_mean = float((nll[0, 0] + nll[1].sum()) / 10)
    caption_mean = float((nll[0, 0] + nll[1].mean()) / 2)
    got = kata.masked_caption_loss(logits, targets)
    if abs(float(got) - caption_mean) < 1e-5 and abs(token_mean - caption_mean) > 1e-3:
        expect(False, (f"the loss {fmt(got)} is the mean of each caption's mean; the mean is over TOKENS: "
                       f"Σ ℓ / (number of real targets) = {fmt(token_mean)}",
                       f"損失 {fmt(got)} はキャプションごとの平均の平均です。平均は「トークン」についてとります: "
                       f"Σ ℓ / (本物のターゲットの数) = {fmt(token_mean)}"))
        return
    expect_close(got, token_mean, atol=1e-5,
                 what=("masked_caption_loss with captions of 1 and 9 real targets (Σ ℓ over the 10 tokens / 10)",
                       "本物のターゲットが 1 個と 9 個のキャプションでの masked_caption_loss（10 トークンの Σ ℓ / 10）"))


def test_pad_positions_get_no_gradient(kata):
    logits = torch.randn(2, 4, 5, requires_grad=True)
    targets = torch.tensor([[3, 1, PAD, PAD], [2, 4, 4, PAD]])
    loss = kata.masked_caption_loss(logits, targets)
    if not expect_shape(loss, (), ("masked_caption_loss", "masked_caption_loss の値")):
        return
    loss.backward()
    if not expect(logits.grad is not None, ("no gradient reached the logits (is the loss built from them?)",
                                            "ロジットに勾配が届いていません（損失はロジットから計算していますか？）")):
        return
    pad = targets == PAD
    at_pad = float(logits.grad[pad].abs().max())
    expect(at_pad == 0.0, (f"positions with a PAD target got gradient {fmt(at_pad)}: they must not be trained "
                           f"(mask them out of the sum)",
                           f"PAD がターゲットの位置に勾配 {fmt(at_pad)} が流れました。そこは学習してはいけません"
                           f"（和から外しましょう）"))
    at_real = logits.grad[~pad].abs().sum(-1)
    expect(bool((at_real > 0).all()), ("every real target should send gradient to its logits",
                                       "本物のターゲットの位置には、どこにも勾配が流れるはずです"))


def test_bad_input(kata):
    logits = torch.randn(2, 3, 5)
    expect_raises(ValueError, kata.masked_caption_loss, logits, torch.zeros(2, 3, dtype=torch.long),
                  what=("targets that are all PAD (nothing to average)", "すべて PAD のターゲット（平均するものがない）"))
    expect_raises(ValueError, kata.masked_caption_loss, logits, torch.ones(2, 4, dtype=torch.long),
                  what=("targets [2, 4] for logits [2, 3, 5]", "logits [2, 3, 5] に対する targets [2, 4]"))
