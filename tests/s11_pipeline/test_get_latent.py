"""Specs for katas/s11_pipeline/get_latent.py."""
import torch

from harness.checks import expect, expect_close, expect_raises, expect_shape

SHAPE = (2, 4, 4, 4)


def cpu_draw(shape, seed):
    """The oracle: torch.randn in float32 from a CPU generator seeded with seed."""
    return torch.randn(shape, generator=torch.Generator(device="cpu").manual_seed(seed))


def test_matches_torch_randn_with_a_seeded_cpu_generator(kata):
    torch.manual_seed(123)
    unseeded = torch.randn(SHAPE)           # what the global generator would give next
    torch.manual_seed(123)
    z = kata.get_latent(SHAPE, 7)
    if not expect_shape(z, SHAPE, ("get_latent((2, 4, 4, 4), seed=7)", "get_latent((2, 4, 4, 4), seed=7) の出力")):
        return
    if torch.equal(z, unseeded):
        expect(False, ("the seed was ignored: z is the global generator's next draw; draw from "
                       "torch.Generator(device='cpu').manual_seed(seed)",
                       "シードが無視されています。z はグローバルなジェネレータの次の乱数です。"
                       "torch.Generator(device='cpu').manual_seed(seed) から引きましょう"))
        return
    expect(z.dtype == torch.float32, (f"the default dtype is float32, got {z.dtype}",
                                      f"既定の dtype は float32 のはずですが、{z.dtype} でした"))
    expect_close(z, cpu_draw(SHAPE, 7), atol=0,
                 what=("z vs torch.randn(shape, generator=torch.Generator('cpu').manual_seed(7)) (exact)",
                       "z と torch.randn(shape, generator=torch.Generator('cpu').manual_seed(7)) の比較（完全一致）"))


def test_same_seed_same_latent_other_seed_other_latent(kata):
    torch.manual_seed(1)
    a = kata.get_latent(SHAPE, 0)
    torch.manual_seed(2)                      # whatever the global generator is doing…
    torch.randn(10)
    b = kata.get_latent(SHAPE, 0)
    c = kata.get_latent(SHAPE, 1)
    if not all(expect_shape(x, SHAPE, ("get_latent((2, 4, 4, 4), seed)", "get_latent((2, 4, 4, 4), seed) の出力"))
               for x in (a, b, c)):
        return
    expect(torch.equal(a, b), ("seed 0 twice (with the global generator in another state) gave two different "
                               "latents; the same seed must give the same latent",
                               "seed 0 で 2 回（グローバルなジェネレータの状態は別）呼ぶと違う潜在変数になりました。"
                               "同じシードからは同じ潜在変数が得られるはずです"))
    expect(not torch.equal(a, c), ("seed 0 and seed 1 gave the same latent; another seed must give other noise",
                                   "seed 0 と seed 1 で同じ潜在変数になりました。シードが違えばノイズも違うはずです"))


def test_the_global_generator_is_left_alone(kata):
    torch.manual_seed(5)
    before = torch.get_rng_state()
    kata.get_latent(SHAPE, 3)
    expect(torch.equal(torch.get_rng_state(), before),
           ("get_latent changed torch's global random state (torch.manual_seed or a draw without your own "
            "generator); use a private torch.Generator so the caller's other draws stay the same",
            "get_latent が torch のグローバルな乱数状態を変えました（torch.manual_seed か、自分のジェネレータを"
            "使わない乱数）。呼び出し側の他の乱数が変わらないよう、専用の torch.Generator を使いましょう"))


def test_dtype_is_a_cast_of_the_float32_draw(kata):
    for dtype in (torch.float64, torch.float16):
        z = kata.get_latent(SHAPE, 11, dtype=dtype)
        what = (f"get_latent(..., dtype={dtype})", f"get_latent(..., dtype={dtype})")
        if not expect_shape(z, SHAPE, what):
            continue
        if not expect(z.dtype == dtype, (f"{what[0]}: expected dtype {dtype}, got {z.dtype}",
                                         f"{what[1]}: dtype は {dtype} のはずですが、{z.dtype} でした")):
            continue
        want = cpu_draw(SHAPE, 11).to(dtype)
        if not torch.equal(z, want) and torch.equal(
                z, torch.randn(SHAPE, generator=torch.Generator().manual_seed(11), dtype=dtype)):
            expect(False, (f"{what[0]}: you drew directly in {dtype}, which gives OTHER numbers for the same seed; "
                           f"draw in float32, then cast, so every dtype starts from the same noise",
                           f"{what[1]}: {dtype} で直接引いています。同じシードでも「別の」数になります。float32 で引いて"
                           f"からキャストし、どの dtype でも同じノイズから始めましょう"))
            continue
        expect_close(z, want, atol=0,
                     what=(f"{what[0]} vs the float32 draw cast to {dtype} (exact)",
                           f"{what[1]} と、float32 の乱数を {dtype} にキャストしたものの比較（完全一致）"))


def test_drawn_on_the_cpu_then_moved(kata, monkeypatch):
    # "meta" stands in for a GPU: a device with no values. Drawing THERE would give, on a real GPU,
    # other numbers than on the CPU; the noise must be drawn on the CPU and moved.
    real_randn, devices = torch.randn, []

    def spy(*args, **kwargs):
        out = real_randn(*args, **kwargs)
        devices.append(out.device.type)
        return out

    monkeypatch.setattr(torch, "randn", spy)
    try:
        z = kata.get_latent(SHAPE, 0, device="meta")
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001 — e.g. torch.Generator(device="meta")
        expect(False, (f"get_latent(..., device='meta') raised {type(e).__name__}: {e}. Make the generator on the "
                       f"CPU (torch.Generator(device='cpu')), draw there, then .to(device)",
                       f"get_latent(..., device='meta') が {type(e).__name__}: {e} を送出しました。ジェネレータは "
                       f"CPU 上に作り（torch.Generator(device='cpu')）、そこで引いてから .to(device) しましょう"))
        return
    if not expect_shape(z, SHAPE, ("get_latent(..., device='meta')", "get_latent(..., device='meta') の出力")):
        return
    expect(z.device.type == "meta", (f"the latent should end up on the requested device 'meta', got {z.device}",
                                     f"潜在変数は指定したデバイス 'meta' に置くはずですが、{z.device} でした"))
    expect("meta" not in devices,
           ("torch.randn drew directly on the target device (device=...): on a GPU that gives other numbers than "
            "on the CPU for the same seed; draw on the CPU, then .to(device)",
            "torch.randn が目的のデバイス上で直接引いています（device=...）。GPU では同じシードでも CPU とは別の数に"
            "なります。CPU で引いてから .to(device) しましょう"))


def test_bad_input(kata):
    expect_raises(ValueError, kata.get_latent, SHAPE, None,
                  what=("seed=None (a pipeline must be reproducible)", "seed=None（パイプラインは再現可能でなければなりません）"))
    expect_raises(ValueError, kata.get_latent, SHAPE, 1.5, what=("seed=1.5 (not an int)", "seed=1.5（int ではない）"))
    expect_raises(ValueError, kata.get_latent, (2, 0, 4, 4), 0,
                  what=("shape (2, 0, 4, 4) (a size 0)", "shape (2, 0, 4, 4)（サイズ 0）"))
