"""Specs for katas/s02_gpt/generate.py.

The sampler is checked by what it does, not by one recipe: frequencies of many fixed-seed draws
against softmax(top-k(logits / T)) (any correct sampler passes, whatever order it draws its random
numbers in), tokens outside the top k never drawn, the greedy limits, the crop to block_size and
the use of the generator.
"""
from types import SimpleNamespace

import torch
from torch import nn

from harness.checks import expect, expect_raises, fmt

V = 11
# Fixed next-token logits, shuffled so that "the first k ids" are not the k likeliest.
LOGITS = torch.tensor([0.8, -2.0, 2.0, -0.5, 1.5, -3.0, 0.5, -1.5, 1.0, -1.0, 0.0])
DRAWS = 4000
TOL = 0.04  # 5 standard deviations of a frequency estimated from 4000 draws (p = 0.5 at worst)


class BigramLM(nn.Module):
    """logits[:, t] = table[idx[:, t]]: a fixed random next-token distribution per token."""

    def __init__(self, block_size=8, seed=0):
        super().__init__()
        self.config = SimpleNamespace(block_size=block_size)
        g = torch.Generator().manual_seed(seed)
        self.table = nn.Parameter(torch.randn(V, V, generator=g) * 2)
        self.grad_seen = []

    def forward(self, idx, targets=None):
        if idx.shape[1] > self.config.block_size:
            raise ValueError(f"T={idx.shape[1]} > block_size={self.config.block_size}")
        self.grad_seen.append(torch.is_grad_enabled())
        return self.table[idx], None


class FixedLM(nn.Module):
    """The same next-token logits LOGITS at every position, whatever the input."""

    def __init__(self, block_size=8):
        super().__init__()
        self.config = SimpleNamespace(block_size=block_size)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        return LOGITS.expand(B, T, V).clone(), None


class SumLM(nn.Module):
    """Next token = (sum of the tokens it was shown) mod V, with near-certainty: shows the context."""

    def __init__(self, block_size):
        super().__init__()
        self.config = SimpleNamespace(block_size=block_size)

    def forward(self, idx, targets=None):
        if idx.shape[1] > self.config.block_size:
            raise ValueError(f"T={idx.shape[1]} > block_size={self.config.block_size}")
        return 60.0 * nn.functional.one_hot(idx.cumsum(1) % V, V).float(), None


def greedy(model, idx, n):
    for _ in range(n):
        logits, _ = model(idx[:, -model.config.block_size:])
        idx = torch.cat([idx, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    return idx


def top_k_probs(logits, temperature, k):
    """softmax(top-k(logits / T)): the distribution generate must draw from."""
    z = logits / temperature
    if k is not None:
        kth = torch.topk(z, min(k, z.numel())).values[-1]
        z = z.masked_fill(z < kth, float("-inf"))
    return torch.softmax(z, -1)


def prompt(B=2, T=3, seed=1):
    return torch.randint(0, V, (B, T), generator=torch.Generator().manual_seed(seed))


def _shape_ok(out, B, T):
    return expect(isinstance(out, torch.Tensor) and tuple(out.shape) == (B, T),
                  (f"generate should return a tensor [{B}, {T}], got {getattr(out, 'shape', type(out).__name__)}",
                   f"generate は [{B}, {T}] のテンソルを返すはずですが、"
                   f"{getattr(out, 'shape', type(out).__name__)} でした"))


def test_length_dtype_and_prompt_kept(kata):
    idx = prompt()
    keep = idx.clone()
    out = kata.generate(BigramLM(), idx, 5)
    if not _shape_ok(out, 2, 8):
        return
    expect(out.dtype == torch.long, (f"generated ids should be torch.long, got {out.dtype}",
                                     f"生成した ID は torch.long のはずですが、{out.dtype} でした"))
    expect(torch.equal(out[:, :3], keep), ("the output should start with the prompt, unchanged",
                                           "出力はプロンプトそのままで始まるはずです"))
    expect(torch.equal(idx, keep), ("generate must not modify the prompt tensor passed in",
                                    "generate は渡されたプロンプトのテンソルを書き換えてはいけません"))
    expect(bool(((out >= 0) & (out < V)).all()), (f"every generated id should be in 0..{V - 1}",
                                                   f"生成した ID はすべて 0..{V - 1} のはずです"))


def test_context_is_cropped_to_the_last_block_size_tokens(kata):
    # SumLM says: next = sum of what it sees mod V. With block_size 4 and a 6-token prompt, the
    # model must see only the last 4 tokens (and would raise ValueError on more), and the next
    # token comes from the LAST position's logits.
    model = SumLM(block_size=4)
    idx = prompt(T=6)
    out = kata.generate(model, idx, 6)
    want = idx
    for _ in range(6):
        want = torch.cat([want, want[:, -4:].sum(1, keepdim=True) % V], dim=1)
    if _shape_ok(out, 2, 12):
        expect(torch.equal(out, want),
               (f"this model is near-certain of its next token (logit 60), so any correct sampler draws "
                f"it; with block_size=4 each step should feed idx[:, -4:] and read logits[:, -1]: "
                f"expected {want[:, 6:].tolist()}, got {out[:, 6:].tolist()}",
                f"このモデルは次のトークンをほぼ確実に予測する（ロジット 60）ので、正しいサンプラーなら必ず"
                f"それを引きます。block_size=4 では毎ステップ idx[:, -4:] を入力し、logits[:, -1] を読むはず"
                f"です。{want[:, 6:].tolist()} のはずですが、{out[:, 6:].tolist()} でした"))


def test_greedy_limits(kata):
    # top_k=1 keeps only the argmax, whatever the temperature; temperature -> 0 sharpens
    # softmax(logits / T) into the argmax too.
    model = BigramLM()
    idx = prompt(B=3)
    want = greedy(model, idx, 8)
    for temperature in (1.0, 3.0):
        out = kata.generate(model, idx, 8, temperature=temperature, top_k=1)
        if not _shape_ok(out, 3, 11):
            return
        expect(torch.equal(out, want),
               (f"top_k=1 (temperature {temperature}) should always pick the argmax: expected "
                f"{want[:, 3:].tolist()}, got {out[:, 3:].tolist()}",
                f"top_k=1（温度 {temperature}）では常に argmax を選ぶはずです。{want[:, 3:].tolist()} "
                f"のはずですが、{out[:, 3:].tolist()} でした"))
    out = kata.generate(model, idx, 8, temperature=1e-3)
    if _shape_ok(out, 3, 11):
        expect(torch.equal(out, want),
               (f"temperature 1e-3 should give the argmax (divide the logits by T before the softmax); "
                f"expected {want[:, 3:].tolist()}, got {out[:, 3:].tolist()}",
                f"温度 1e-3 では argmax になるはずです（softmax の前にロジットを T で割りましょう）。"
                f"{want[:, 3:].tolist()} のはずですが、{out[:, 3:].tolist()} でした"))


def _mistakes(temperature, k):
    """Wrong samplers' distributions over LOGITS, each ((en, ja), probs)."""
    out = [
        (("the temperature had no effect: divide the LOGITS by T before the softmax (dividing the "
          "probabilities changes nothing, multinomial renormalises them)",
          "温度が効いていません。softmax の前に「ロジット」を T で割りましょう（確率を割っても "
          "multinomial が正規化し直すので何も変わりません）"),
         top_k_probs(LOGITS, 1.0, k)),
        (("the logits were multiplied by the temperature; divide them by it",
          "ロジットに温度を掛けています。温度で割りましょう"),
         top_k_probs(LOGITS, 1 / temperature, k)),
        (("every draw was the most likely token: sample with torch.multinomial(probs, 1), do not take "
          "the argmax",
          "毎回いちばん確率の高いトークンになっています。argmax ではなく torch.multinomial(probs, 1) で"
          "サンプリングしましょう"),
         torch.nn.functional.one_hot(LOGITS.argmax(), V).float()),
    ]
    if k is not None and k < V:
        for kk, en, ja in ((k - 1, "one token too few", "1 個少なく"), (k + 1, "one token too many", "1 個多く")):
            out.append(((f"top_k={k} kept {kk} tokens ({en}): keep logits >= the k-th largest, "
                         f"torch.topk(logits, k).values[:, [-1]]",
                         f"top_k={k} で {kk} 個のトークンを残しています（{ja}残しています）。k 番目に大きい値 "
                         f"torch.topk(logits, k).values[:, [-1]] 以上のロジットを残しましょう"),
                        top_k_probs(LOGITS, temperature, kk)))
    keep = top_k_probs(LOGITS, temperature, k) > 0
    out.append((("the tokens were drawn uniformly, ignoring their probabilities: pass the softmax "
                 "probabilities to torch.multinomial",
                 "確率を無視してトークンを一様に引いています。softmax の確率を torch.multinomial に"
                 "渡しましょう"),
                keep.float() / keep.sum()))
    return out


def test_draws_follow_softmax_of_top_k_logits_over_temperature(kata):
    # 4000 draws from fixed logits: each token's frequency must match softmax(top-k(logits / T))
    # within 0.04. Any correct sampler passes (multinomial over all V, or over the top k then
    # gather), whatever order it uses its random numbers in.
    for temperature, k in ((1.0, None), (0.5, None), (2.0, 4), (1.0, V + 5)):
        out = kata.generate(FixedLM(), torch.zeros(DRAWS // 2, 1, dtype=torch.long), 2,
                            temperature=temperature, top_k=k, generator=torch.Generator().manual_seed(3))
        if not _shape_ok(out, DRAWS // 2, 3):
            return
        freq = torch.bincount(out[:, 1:].reshape(-1), minlength=V)[:V].double() / DRAWS
        want = top_k_probs(LOGITS, temperature, k).double()
        worst = int((freq - want).abs().argmax())
        case_en = f"temperature={temperature}, top_k={k}" + (" (more than the vocabulary: keep every token)"
                                                              if k and k > V else "")
        case_ja = f"temperature={temperature}, top_k={k}" + ("（語彙より多いので全トークンを残します）"
                                                              if k and k > V else "")
        if expect(abs(float(freq[worst] - want[worst])) <= TOL,
                  (f"{case_en}: token {worst} was drawn with frequency {fmt(freq[worst])} in {DRAWS} draws, "
                   f"expected {fmt(want[worst])} ± {TOL} (softmax(top-k(logits / T)))",
                   f"{case_ja}: {DRAWS} 回の抽選でトークン {worst} の頻度が {fmt(freq[worst])} でした。"
                   f"{fmt(want[worst])} ± {TOL}（softmax(top-k(logits / T))）のはずです")):
            continue
        for message, probs in _mistakes(temperature, k):
            if float((freq - probs.double()).abs().max()) <= TOL:
                expect(False, message)
                break
        return


def test_top_k_never_draws_outside_the_k_most_likely(kata):
    model = BigramLM()
    idx = prompt(B=16, T=1)
    out = kata.generate(model, idx, 20, top_k=2, temperature=2.0,
                        generator=torch.Generator().manual_seed(0))
    if not _shape_ok(out, 16, 21):
        return
    allowed = torch.topk(model.table.detach(), 2, dim=-1).indices  # [V, 2] per previous token
    prev, nxt = out[:, :-1], out[:, 1:]
    ok = (allowed[prev] == nxt.unsqueeze(-1)).any(-1)
    expect(bool(ok.all()), (f"with top_k=2 every token should be one of the 2 most likely after the "
                            f"previous one; {int((~ok).sum())} of {ok.numel()} were not",
                            f"top_k=2 では、どのトークンも直前のトークンの後で最も確率の高い 2 個のどちらかの"
                            f"はずですが、{ok.numel()} 個中 {int((~ok).sum())} 個が違いました"))


def test_the_generator_makes_it_reproducible(kata):
    model = BigramLM()
    idx = prompt(B=4)

    def run(seed, global_seed):
        torch.manual_seed(global_seed)  # a sampler that ignores `generator` would follow this one
        return kata.generate(model, idx, 12, temperature=0.7, top_k=4,
                             generator=torch.Generator().manual_seed(seed))

    a, b, c = run(5, 100), run(5, 200), run(6, 100)
    if not (_shape_ok(a, 4, 15) and _shape_ok(b, 4, 15) and _shape_ok(c, 4, 15)):
        return
    expect(torch.equal(a, b), ("the same seeded generator should give the same tokens, whatever the "
                               "global seed (pass generator=generator to torch.multinomial)",
                               "同じシードの generator からは、グローバルなシードに関係なく同じトークンが"
                               "得られるはずです（torch.multinomial に generator=generator を渡しましょう）"))
    expect(not torch.equal(a, c), ("a different generator seed should give different tokens",
                                   "generator のシードが違えば、違うトークンが得られるはずです"))


def test_no_grad_and_bad_temperature(kata):
    model = BigramLM()
    out = kata.generate(model, prompt(), 3)
    expect(model.grad_seen and not any(model.grad_seen),
           ("generate should run the model under torch.no_grad() (sampling needs no graph)",
            "generate はモデルを torch.no_grad() の中で実行するはずです（サンプリングに計算グラフは不要です）"))
    expect(isinstance(out, torch.Tensor) and not out.requires_grad,
           ("generated ids should not carry a graph", "生成した ID は計算グラフを持たないはずです"))
    for t in (0.0, -1.0):
        expect_raises(ValueError, kata.generate, model, prompt(), 3, temperature=t,
                      what=(f"generate with temperature = {t}", f"temperature = {t} の generate"))
