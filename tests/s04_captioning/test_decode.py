"""Specs for katas/s04_captioning/decode.py."""
from types import SimpleNamespace

import torch
import torch.nn as nn

from harness.checks import expect, expect_raises, fmt

PAD, BOS, EOS = 0, 1, 2
V = 8
FILLER = 3   # what a scripted row says once its script has run out (never EOS)
DECOY = 4    # what every position but the LAST says: reading logits[:, 0] instead of [:, -1] shows


class Scripted(nn.Module):
    """A fake captioner: at step t (input of t + 1 tokens) row b's last position says script[b][t] with
    near-certainty. It records its mode, whether grad was on, and the ids it was shown."""

    def __init__(self, script, max_len=10, fail_at=None):
        super().__init__()
        self.config = SimpleNamespace(max_len=max_len)
        self.script, self.fail_at = script, fail_at
        self.weight = nn.Parameter(torch.zeros(1))
        self.calls = []

    def forward(self, images, ids):
        B, T = ids.shape
        self.calls.append(SimpleNamespace(training=self.training, grad=torch.is_grad_enabled(), ids=ids.clone()))
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            raise RuntimeError("scripted failure")
        logits = torch.zeros(B, T, V)
        logits[:, :, DECOY] = 10.0
        for b in range(B):
            row = self.script[b]
            logits[b, -1] = 0.0
            logits[b, -1, row[T - 1] if T - 1 < len(row) else FILLER] = 10.0
        return logits + 0 * self.weight


class Fixed(nn.Module):
    """Step 0: the same logits for every row (tokens 3, 4, 5 only); step 1: EOS for sure."""

    def __init__(self, first):
        super().__init__()
        self.config = SimpleNamespace(max_len=6)
        self.first = first

    def forward(self, images, ids):
        B, T = ids.shape
        logits = torch.full((B, T, V), -30.0)
        if T == 1:
            logits[:, -1, 3:6] = self.first
        else:
            logits[:, -1, EOS] = 30.0
        return logits


class Bigram(nn.Module):
    """The next token's logits depend on the last token: a fixed random table."""

    def __init__(self):
        super().__init__()
        self.config = SimpleNamespace(max_len=9)
        self.table = nn.Parameter(torch.randn(V, V, generator=torch.Generator().manual_seed(3)) * 2)

    def forward(self, images, ids):
        return self.table[ids]


def images(B):
    return torch.zeros(B, 1, 4, 4)


def _ids(out, what):
    ok = isinstance(out, torch.Tensor) and out.dim() == 2 and out.dtype == torch.long
    expect(ok, (f"{what[0]} should return a LongTensor [B, L], got "
                f"{getattr(out, 'dtype', type(out).__name__)} {list(getattr(out, 'shape', []))}",
                f"{what[1]} は LongTensor [B, L] を返すはずですが、"
                f"{getattr(out, 'dtype', type(out).__name__)} {list(getattr(out, 'shape', []))} でした"))
    return ok


def test_greedy_takes_the_argmax_and_stops_at_eos(kata):
    model = Scripted([[5, 6, EOS], [7, EOS], [EOS]])
    out = kata.greedy_decode(model, images(3))
    if not _ids(out, ("greedy_decode", "greedy_decode")):
        return
    want = [[BOS, 5, 6, EOS], [BOS, 7, EOS, PAD], [BOS, EOS, PAD, PAD]]
    if out.shape[1] > 4 and out[:, :4].tolist() == want:
        expect(False, (f"every row had written EOS after 3 steps, but decoding went on to {out.shape[1]} columns: "
                       f"stop the loop once all rows are finished",
                       f"3 ステップで全行が EOS を書いたのに、デコードが {out.shape[1]} 列まで続きました。全行が終わったら"
                       f"ループを止めましょう"))
        return
    expect(out.tolist() == want,
           (f"greedy_decode with scripted next tokens should give {want} (BOS first; the argmax of the LAST "
            f"position each step; PAD after a row's EOS), got {out.tolist()}",
            f"次のトークンが台本どおりのモデルでは、greedy_decode は {want} のはずです（最初は BOS、各ステップで"
            f"「最後の」位置の argmax、EOS の後は PAD）。{out.tolist()} でした"))
    expect(len(model.calls) == 3, (f"3 steps are needed (the longest row ends at step 3), the model was called "
                                   f"{len(model.calls)} times",
                                   f"必要なのは 3 ステップです（最も長い行がステップ 3 で終わる）が、モデルは "
                                   f"{len(model.calls)} 回呼ばれました"))
    if model.calls:
        seen = model.calls[-1].ids.tolist()
        expect(seen == [r[:3] for r in want],
               (f"at the last step the model should be shown the tokens written so far, {[r[:3] for r in want]}, "
                f"got {seen}",
                f"最後のステップでは、それまでに書いたトークン {[r[:3] for r in want]} をモデルに見せるはずですが、"
                f"{seen} でした"))


def test_max_len_cuts_a_caption_without_eos(kata):
    model = Scripted([[5, 6], [7]], max_len=7)   # FILLER forever afterwards: no EOS ever
    out = kata.greedy_decode(model, images(2), max_len=5)
    if _ids(out, ("greedy_decode(max_len=5)", "greedy_decode(max_len=5)")):
        want = [[BOS, 5, 6, FILLER, FILLER], [BOS, 7, FILLER, FILLER, FILLER]]
        expect(out.tolist() == want, (f"with no EOS, greedy_decode(max_len=5) should stop at 5 tokens, BOS included: "
                                      f"{want}, got {out.tolist()}",
                                      f"EOS がなければ greedy_decode(max_len=5) は BOS を含めて 5 トークンで止まるはず"
                                      f"です: {want} のはずが {out.tolist()} でした"))
    out = kata.greedy_decode(Scripted([[5], [7]], max_len=7), images(2))
    if _ids(out, ("greedy_decode(max_len=None)", "greedy_decode(max_len=None)")):
        expect(out.shape[1] == 7, (f"max_len=None should mean model.config.max_len = 7, got {out.shape[1]} columns",
                                   f"max_len=None は model.config.max_len = 7 の意味のはずですが、列数は "
                                   f"{out.shape[1]} でした"))


def test_eval_mode_no_grad_and_the_mode_is_restored(kata):
    for name in ("greedy_decode", "sample_decode"):
        decode = getattr(kata, name)
        model = Scripted([[5, EOS], [EOS]]).train()
        decode(model, images(2))
        modes = [c.training for c in model.calls]
        grads = [c.grad for c in model.calls]
        expect(model.calls and not any(modes),
               (f"{name} should run the model in eval mode (no dropout while writing); it saw training={modes}",
                f"{name} はモデルを eval モードで動かすはずです（書くときはドロップアウトなし）。training={modes} "
                f"でした"))
        expect(model.calls and not any(grads),
               (f"{name} should run the model under torch.no_grad(); grad was enabled: {grads}",
                f"{name} はモデルを torch.no_grad() のもとで動かすはずです。勾配が有効でした: {grads}"))
        expect(model.training, (f"after {name} a model that was in train mode should be in train mode again",
                                f"{name} の後、train モードだったモデルは train モードに戻っているはずです"))
        model = Scripted([[5, EOS], [EOS]]).eval()
        decode(model, images(2))
        expect(not model.training, (f"after {name} a model that was in eval mode should stay in eval mode",
                                    f"{name} の後、eval モードだったモデルは eval モードのままのはずです"))
        model = Scripted([[5, 6, EOS], [EOS]], fail_at=2).train()
        try:
            decode(model, images(2))
        except RuntimeError:
            pass
        expect(model.training, (f"when the model raises inside {name}, its train mode should still be restored "
                                f"(try/finally)",
                                f"{name} の中でモデルが例外を送出しても、train モードは元に戻すはずです（try/finally）"))


def test_sampling_frequencies_follow_softmax_of_logits_over_temperature(kata):
    first = torch.tensor([0.0, 1.0, 2.0])   # logits of tokens 3, 4, 5 at the first step
    B = 4000
    for temperature in (1.0, 0.5, 2.0):
        out = kata.sample_decode(Fixed(first), images(B), temperature=temperature,
                                 generator=torch.Generator().manual_seed(0))
        if not _ids(out, (f"sample_decode(temperature={temperature})", f"sample_decode(temperature={temperature})")):
            return
        if not expect(tuple(out.shape) == (B, 3) and bool((out[:, 2] == EOS).all()),
                      (f"every row writes one token then EOS, so the result should be [{B}, 3] ending in EOS; got "
                       f"{list(out.shape)}",
                       f"どの行も 1 トークン書いてから EOS を書くので、結果は EOS で終わる [{B}, 3] のはずですが、"
                       f"{list(out.shape)} でした")):
            return
        freq = torch.stack([(out[:, 1] == t).float().mean() for t in (3, 4, 5)])
        want = torch.softmax(first / temperature, 0)
        err = float((freq - want).abs().max())
        expect(err < 0.03,
               (f"with temperature {temperature}, the first tokens 3, 4, 5 of {B} samples came out with frequencies "
                f"{[round(float(f), 3) for f in freq]}, softmax(logits / temperature) says "
                f"{[round(float(w), 3) for w in want]} (tolerance 0.03; divide by the temperature, then softmax)",
                f"温度 {temperature} で {B} 個サンプルすると、最初のトークン 3, 4, 5 の頻度は "
                f"{[round(float(f), 3) for f in freq]} でしたが、softmax(logits / temperature) は "
                f"{[round(float(w), 3) for w in want]} です（許容誤差 0.03。温度で割ってから softmax をとります）"))


def test_tiny_temperature_is_greedy_and_the_generator_is_used(kata):
    model = Bigram()
    greedy = kata.greedy_decode(model, images(6))
    cold = kata.sample_decode(model, images(6), temperature=1e-3, generator=torch.Generator().manual_seed(1))
    if not (_ids(greedy, ("greedy_decode", "greedy_decode")) and _ids(cold, ("sample_decode", "sample_decode"))):
        return
    expect(torch.equal(cold, greedy),
           (f"temperature 1e-3 sharpens softmax(logits / T) into the argmax: sample_decode should equal "
            f"greedy_decode {greedy.tolist()}, got {cold.tolist()}",
            f"温度 1e-3 では softmax(logits / T) が argmax に鋭くなるので、sample_decode は greedy_decode "
            f"{greedy.tolist()} と同じはずですが、{cold.tolist()} でした"))

    def run(seed):
        return kata.sample_decode(model, images(16), temperature=1.5, generator=torch.Generator().manual_seed(seed))

    a, b, c = run(5), run(5), run(6)
    expect(torch.equal(a, b), ("the same seeded generator should give the same captions",
                               "同じシードの generator からは同じキャプションが得られるはずです"))
    expect(a.shape != c.shape or not torch.equal(a, c),
           ("a different seed should give different captions: draw with the generator you are given "
            "(torch.multinomial(..., generator=generator))",
            "シードが違えば違うキャプションになるはずです。渡された generator で引きましょう"
            "（torch.multinomial(..., generator=generator)）"))
    finished = (a == EOS).cumsum(1) > 0
    after = finished[:, :-1]   # positions after a row's EOS
    expect(bool((a[:, 1:][after] == PAD).all()),
           (f"after a row's EOS only PAD may follow; got {a.tolist()[:3]} …",
            f"行の EOS の後には PAD しか来てはいけません。{a.tolist()[:3]} … でした"))


def test_bad_input(kata):
    model = Scripted([[EOS]])
    for t in (0.0, -1.0):
        expect_raises(ValueError, kata.sample_decode, model, images(1), temperature=t,
                      what=(f"sample_decode with temperature = {fmt(t)}", f"temperature = {fmt(t)} の sample_decode"))
    expect_raises(ValueError, kata.greedy_decode, model, images(1), max_len=1,
                  what=("greedy_decode with max_len = 1 (no room after BOS)", "max_len = 1 の greedy_decode（BOS の後に"
                                                                              "余地がない）"))
