"""Specs for katas/s08_quality/ddim_timesteps.py."""
import numpy as np
import torch

from harness.checks import expect, expect_raises, expect_shape


def _oracle(T, n):
    """numpy: round(linspace(0, T−1, n)) (round half to even), reversed."""
    return [int(v) for v in np.round(np.linspace(0, T - 1, n))[::-1]]


def _as_list(got):
    return [int(v) for v in got.reshape(-1).tolist()]


def test_hand_worked(kata):
    cases = ((1000, 10, [999, 888, 777, 666, 555, 444, 333, 222, 111, 0]),
             (10, 4, [9, 6, 3, 0]),
             (5, 5, [4, 3, 2, 1, 0]))
    for T, n, want in cases:
        got = kata.ddim_timesteps(T, n)
        what = (f"ddim_timesteps(T={T}, n_steps={n})", f"ddim_timesteps(T={T}, n_steps={n})")
        if not expect_shape(got, (n,), what):
            continue
        got = _as_list(got)
        if got == want[::-1]:
            expect(False, (f"{what[0]} came out ascending {got}; the sampler starts from pure noise at "
                           f"T−1 = {T - 1} and walks down to 0: reverse the list (.flip(0))",
                           f"{what[1]} が昇順 {got} になっています。サンプラーは T−1 = {T - 1} の純粋なノイズから"
                           f"始まり 0 まで下りていきます。リストを逆順にしましょう（.flip(0)）"))
        else:
            expect(got == want, (f"{what[0]}: expected {want} (round(linspace(0, T−1, n)) reversed), got {got}",
                                 f"{what[1]}: {want}（round(linspace(0, T−1, n)) を逆順にしたもの）のはずですが、"
                                 f"{got} でした"))


def test_long_indices(kata):
    got = kata.ddim_timesteps(1000, 50)
    if expect_shape(got, (50,), ("ddim_timesteps(1000, 50)", "ddim_timesteps(1000, 50) の出力")):
        expect(isinstance(got, torch.Tensor) and got.dtype == torch.long,
               (f"the timesteps index alpha_bars and go to the model as t: expected a LongTensor "
                f"(torch.int64), got {getattr(got, 'dtype', type(got).__name__)} (.round().long())",
                f"タイムステップは alpha_bars の添字になり、t としてモデルにも渡ります。LongTensor（torch.int64）の"
                f"はずですが、{getattr(got, 'dtype', type(got).__name__)} でした（.round().long()）"))


def test_from_noise_to_data_without_repeats(kata):
    # n_steps = T (every timestep) and n_steps = 2 (only the two ends) are the edge cases.
    for T, n in ((1000, 50), (1000, 1000), (50, 7), (50, 49), (37, 2), (6, 6)):
        got = kata.ddim_timesteps(T, n)
        what = (f"ddim_timesteps(T={T}, n_steps={n})", f"ddim_timesteps(T={T}, n_steps={n})")
        if not expect_shape(got, (n,), what):
            continue
        ts = _as_list(got)
        first_ok = expect(ts[0] == T - 1, (f"{what[0]} should start at T−1 = {T - 1} (pure noise), starts at {ts[0]}",
                                           f"{what[1]} は T−1 = {T - 1}（純粋なノイズ）から始まるはずですが、"
                                           f"{ts[0]} から始まっています"))
        last_ok = expect(ts[-1] == 0, (f"{what[0]} should end at 0 (the clean image), ends at {ts[-1]}",
                                       f"{what[1]} は 0（きれいな画像）で終わるはずですが、{ts[-1]} で終わっています"))
        dup = sorted({v for v in ts if ts.count(v) > 1})
        dec_ok = expect(all(a > b for a, b in zip(ts, ts[1:])),
                        (f"{what[0]} should be strictly decreasing (no timestep twice); repeated: {dup}",
                         f"{what[1]} は狭義単調減少のはずです（同じタイムステップを 2 回使いません）。重複: {dup}"))
        if first_ok and last_ok and dec_ok:
            want = _oracle(T, n)
            expect(ts == want, (f"{what[0]}: expected round(linspace(0, T−1, n)) reversed = {want}, got {ts}",
                                f"{what[1]}: round(linspace(0, T−1, n)) の逆順 = {want} のはずですが、{ts} でした"))


def test_one_step_starts_from_noise(kata):
    got = kata.ddim_timesteps(1000, 1)
    if expect_shape(got, (1,), ("ddim_timesteps(1000, 1)", "ddim_timesteps(1000, 1) の出力")):
        expect(_as_list(got) == [999],
               (f"one step must start from pure noise: expected [999], got {_as_list(got)} "
                f"(linspace(0, T−1, 1) is [0]: handle n_steps = 1 on its own)",
                f"1 ステップなら純粋なノイズから始まるはずです。[999] のはずですが、{_as_list(got)} でした"
                f"（linspace(0, T−1, 1) は [0] です。n_steps = 1 は別に扱いましょう）"))


def test_rejects_bad_input(kata):
    expect_raises(ValueError, kata.ddim_timesteps, 10, 11,
                  what=("ddim_timesteps(T=10, n_steps=11): more steps than timesteps would repeat one",
                        "ddim_timesteps(T=10, n_steps=11): タイムステップより多いステップでは重複が出ます"))
    expect_raises(ValueError, kata.ddim_timesteps, 1000, 0,
                  what=("ddim_timesteps(T=1000, n_steps=0) (no steps at all)", "ddim_timesteps(T=1000, n_steps=0)（ステップがまったくない）"))
    expect_raises(ValueError, kata.ddim_timesteps, 0, 1,
                  what=("ddim_timesteps(T=0, n_steps=1) (no timesteps)", "ddim_timesteps(T=0, n_steps=1)（タイムステップがない）"))
