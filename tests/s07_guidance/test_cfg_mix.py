"""Specs for katas/s07_guidance/cfg_mix.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape

EPS_U = torch.tensor([1.0, 0.0, -2.0])
EPS_C = torch.tensor([3.0, 1.0, -2.0])   # ε_c − ε_u = [2, 1, 0]


WS = (0.0, 1.0, 2.0, 7.5)
WRONG = [
    (lambda w: EPS_C + w * (EPS_U - EPS_C),
     ("the conditional and unconditional predictions are swapped (you computed ε_c + w·(ε_u − ε_c), so w = 0 "
      "gives ε_c); start from eps_uncond and move towards eps_cond",
      "条件付きと条件なしの予測が入れ替わっています（ε_c + w·(ε_u − ε_c) になっていて、w = 0 で ε_c になります）。"
      "eps_uncond から出発して eps_cond の方向へ進みましょう")),
    (lambda w: EPS_U + (1 + w) * (EPS_C - EPS_U),
     ("you used the paper's (1 + w)·ε_c − w·ε_u (w = 0 gives ε_c, w = 1 gives 2·ε_c − ε_u): here w is the "
      "guidance scale itself, so w = 0 must give ε_u and w = 1 exactly ε_c; use ε_u + w·(ε_c − ε_u)",
      "論文の (1 + w)·ε_c − w·ε_u を使っています（w = 0 で ε_c、w = 1 で 2·ε_c − ε_u）。ここでの w は"
      "ガイダンススケールそのものなので、w = 0 で ε_u、w = 1 でちょうど ε_c になるはずです。ε_u + w·(ε_c − ε_u) を"
      "使いましょう")),
    (lambda w: EPS_U - w * (EPS_C - EPS_U),
     ("the guidance direction has the wrong sign (ε_u − w·(ε_c − ε_u) walks AWAY from the label; w = 1 gives "
      "2·ε_u − ε_c); use ε_u + w·(ε_c − ε_u)",
      "ガイダンスの方向の符号が逆です（ε_u − w·(ε_c − ε_u) はラベルから遠ざかり、w = 1 で 2·ε_u − ε_c になります）。"
      "ε_u + w·(ε_c − ε_u) を使いましょう")),
]


def test_hand_worked_scales(kata):
    # ε_u = [1, 0, -2], ε_c = [3, 1, -2]: the third entry agrees, so guidance leaves it alone.
    got = {}
    for w in WS:
        out = kata.cfg_mix(EPS_U.clone(), EPS_C.clone(), w)
        if not expect_shape(out, (3,), (f"cfg_mix(ε_u [3], ε_c [3], w={w})", f"cfg_mix(ε_u [3], ε_c [3], w={w}) の出力")):
            return
        got[w] = out.detach()
    for formula, message in WRONG:   # a known wrong formula, recognised over all four scales at once
        if all(torch.allclose(got[w], formula(w), atol=1e-6) for w in WS):
            expect(False, message)
            return
    for w, want, name in ((0.0, EPS_U, ("w = 0 gives ε_u (unconditional)", "w = 0 では ε_u（条件なし）")),
                          (1.0, EPS_C, ("w = 1 gives ε_c (conditional)", "w = 1 では ε_c（条件付き）")),
                          (2.0, 2 * EPS_C - EPS_U, ("w = 2 gives 2·ε_c − ε_u", "w = 2 では 2·ε_c − ε_u")),
                          (7.5, torch.tensor([16.0, 7.5, -2.0]),
                           ("w = 7.5 gives ε_u + 7.5·(ε_c − ε_u) = [16, 7.5, -2]",
                            "w = 7.5 では ε_u + 7.5·(ε_c − ε_u) = [16, 7.5, -2]"))):
        if not expect_close(got[w], want, atol=1e-6, what=name):
            return


def test_random_tensors(kata):
    eps_u, eps_c = torch.randn(2, 1, 4, 4), torch.randn(2, 1, 4, 4)
    got = kata.cfg_mix(eps_u, eps_c, 3.0)
    if expect_shape(got, (2, 1, 4, 4), ("cfg_mix of [2, 1, 4, 4] predictions", "[2, 1, 4, 4] の予測の cfg_mix")):
        expect_close(got, 3.0 * eps_c - 2.0 * eps_u, atol=1e-5,
                     what=("cfg_mix(ε_u, ε_c, w=3) vs the closed form 3·ε_c − 2·ε_u",
                           "cfg_mix(ε_u, ε_c, w=3) と閉じた式 3·ε_c − 2·ε_u の比較"))


def test_one_scale_per_example(kata):
    eps_u, eps_c = torch.randn(3, 2, 2, 2), torch.randn(3, 2, 2, 2)
    w = torch.tensor([0.0, 1.0, 4.0]).view(3, 1, 1, 1)
    got = kata.cfg_mix(eps_u, eps_c, w)
    if expect_shape(got, (3, 2, 2, 2), ("cfg_mix with w [3, 1, 1, 1]", "w [3, 1, 1, 1] での cfg_mix")):
        expect_close(got, torch.stack([eps_u[0], eps_c[1], 4 * eps_c[2] - 3 * eps_u[2]]), atol=1e-5,
                     what=("cfg_mix with one w per example (0, 1, 4): rows ε_u, ε_c, 4·ε_c − 3·ε_u",
                           "例ごとの w（0, 1, 4）での cfg_mix: 各行は ε_u、ε_c、4·ε_c − 3·ε_u"))


def test_gradients_flow_to_both(kata):
    eps_u = torch.randn(2, 3, requires_grad=True)
    eps_c = torch.randn(2, 3, requires_grad=True)
    got = kata.cfg_mix(eps_u, eps_c, 2.5)
    if not expect_shape(got, (2, 3), ("cfg_mix(ε_u [2, 3], ε_c [2, 3], 2.5)", "cfg_mix(ε_u [2, 3], ε_c [2, 3], 2.5) の出力")):
        return
    if not expect(got.requires_grad, ("the result is cut off from the inputs' graph (no .detach() or new tensors)",
                                      "結果が入力の計算グラフから切り離されています（.detach() や新しいテンソルの作成を"
                                      "避けましょう）")):
        return
    got.sum().backward()
    expect_close(eps_c.grad, torch.full((2, 3), 2.5), atol=1e-6,
                 what=("d(sum)/d(ε_c) = w = 2.5", "d(和)/d(ε_c) = w = 2.5"))
    expect_close(eps_u.grad, torch.full((2, 3), -1.5), atol=1e-6,
                 what=("d(sum)/d(ε_u) = 1 − w = -1.5", "d(和)/d(ε_u) = 1 − w = -1.5"))


def test_rejects_mismatched_shapes(kata):
    expect_raises(ValueError, kata.cfg_mix, torch.zeros(2, 1, 4, 4), torch.zeros(1, 1, 4, 4), 2.0,
                  what=("ε_u [2, 1, 4, 4] with ε_c [1, 1, 4, 4]", "ε_u [2, 1, 4, 4] と ε_c [1, 1, 4, 4]"))
